"""What every analysis must satisfy, whatever file it came from: the checks the fuzzer and the tests run.

An analysis that breaks one of these is a bug, not bad input: bad input is refused or its impossible
values dropped before they reach a number (`plausible`). The checks:

- no NaN or infinity anywhere in a JSON document (`document_violations`);
- no negative time, distance or pace (keys ending in `distance_m`, `elapsed_s`, `moving_s`, `pace_s`…);
- elapsed time no longer than the records span, moving time no longer than elapsed;
- distance no more than the records span × the fastest plausible speed for the sport;
- no whole split of 0 s, and no split covered faster than that speed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from progtempo.analysis.plausible import GPS_SLACK_M, SLACK_M, max_speed_m_s

if TYPE_CHECKING:
    from progtempo.analysis import Analysis

#: Rounding slack for sums of floats (seconds or metres).
EPS = 1e-6
#: How far past the speed limit a distance may go: what `plausible` lets a counter or a fix be off by.
SPEED_SLACK_M = 2 * SLACK_M + GPS_SLACK_M
#: JSON keys whose numbers are times, distances or paces, which are never negative.
NON_NEGATIVE_SUFFIXES = ("distance_m", "elapsed_s", "moving_s", "paused_s", "pace_s", "gap_s", "time_s",
                         "start_s", "start_m", "end_m", "split_m", "segment_m", "elev_gain_m",
                         "elev_loss_m", "avg_hr", "max_hr", "records")  # fmt: skip


def document_violations(doc: Any, path: str = "$") -> list[str]:
    """Non-finite numbers anywhere in `doc`, and negative numbers under the keys that are never negative
    (`NON_NEGATIVE_SUFFIXES`): one line each, naming where."""
    out: list[str] = []
    _walk(doc, path, None, out)
    return out


def _walk(obj: Any, path: str, key: str | None, out: list[str]) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            _walk(v, f"{path}.{k}", str(k), out)
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            _walk(v, f"{path}[{i}]", key, out)
    elif isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return
    elif isinstance(obj, int | float) or hasattr(obj, "item"):
        x = float(obj)
        if not math.isfinite(x):
            out.append(f"{path} is {x}")
        elif x < 0 and key is not None and key.endswith(NON_NEGATIVE_SUFFIXES):
            out.append(f"{path} is negative ({x:g})")


def analysis_violations(analysis: Analysis) -> list[str]:
    """The invariants of an analysis (see the module doc) it breaks, one line each."""
    out: list[str] = []
    time_s = analysis.stream.time_s
    span = float(time_s[-1] - time_s[0]) if time_s.shape[0] else 0.0
    vmax = max_speed_m_s(analysis.activity.sport)
    for name, value in (
        ("distance_m", analysis.distance_m),
        ("elapsed_s", analysis.elapsed_s),
        ("moving_s", analysis.moving_s),
    ):
        if not math.isfinite(value) or value < 0:
            out.append(f"{name} is {value}")
    if analysis.elapsed_s > span + EPS:
        out.append(f"elapsed {analysis.elapsed_s:g} s is longer than the records span {span:g} s")
    if analysis.moving_s > analysis.elapsed_s + EPS:
        out.append(f"moving {analysis.moving_s:g} s is longer than elapsed {analysis.elapsed_s:g} s")
    if analysis.distance_m > span * vmax + SPEED_SLACK_M:
        out.append(
            f"distance {analysis.distance_m:g} m in {span:g} s is faster than {vmax:g} m/s "
            f"({analysis.activity.sport})"
        )
    total = 0.0
    for s in analysis.splits:
        total += s.distance_m
        where = f"split {s.index}"
        for name, value in (
            ("distance_m", s.distance_m),
            ("elapsed_s", s.elapsed_s),
            ("moving_s", s.moving_s),
        ):
            if not math.isfinite(value) or value < 0:
                out.append(f"{where}: {name} is {value}")
        if not s.partial and not s.moving_s > 0:
            out.append(f"{where}: a whole split of {s.moving_s:g} s")
        if s.distance_m > s.elapsed_s * vmax + SPEED_SLACK_M:
            out.append(f"{where}: {s.distance_m:g} m in {s.elapsed_s:g} s is faster than {vmax:g} m/s")
        if math.isfinite(s.pace_s) and s.pace_s < 0:
            out.append(f"{where}: pace {s.pace_s:g} s is negative")
    if analysis.splits and abs(total - analysis.distance_m) > 1.0:
        out.append(f"splits add up to {total:g} m, the run is {analysis.distance_m:g} m")
    return out
