"""Every real recording through `analyze --json`, in miles and in km: one verdict, no game where none was
played, and a next session that can't hurt.

The files are `../shared/samples` (when present) and `tests/data` (always). For each, in both units:

- the verdict is the run's, not the unit's: progressive in both or in neither, the same sport check;
- no whole split took 0 seconds;
- what was not judged as a progressive session has no score, no levels, no boss and no badges;
- the next session, when there is one, stays inside the bounds (coach/bounds.py), checked against the
  document's own splits.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from progtempo.coach.bounds import END_MARGIN, MAX_SPAN, MIN_SPAN, Evidence, violations
from progtempo.plan.ladder import Session

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "samples"
DATA = ROOT / "tests" / "data"
SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")


def recordings() -> list[Path]:
    found = [p for p in sorted(DATA.iterdir()) if p.name.endswith(SUFFIXES)]
    if SAMPLES.is_dir():
        found += [p for p in sorted(SAMPLES.glob("*/*")) if p.name.endswith(SUFFIXES)]
    return found


def cases() -> list[tuple[Path, int | None]]:
    """Every recording, and every session of a file that holds several (`--session N`)."""
    from progtempo.errors import ProgtempoError
    from progtempo.io import read_activities

    out: list[tuple[Path, int | None]] = []
    for path in recordings():
        try:
            legs = read_activities(path)
        except ProgtempoError:
            legs = []
        if len(legs) > 1:
            out += [(path, leg.session_index) for leg in legs]
        else:
            out.append((path, None))
    return out


def analyze_json(cli: Cli, path: Path, unit: str, session: int | None = None) -> dict[str, Any] | None:
    """The document, or None for a file refused with one clear line."""
    more = ["--session", str(session)] if session is not None else []
    code, out, err = cli("--unit", unit, "analyze", str(path), "--json", *more)
    if code != 0:
        lines = err.strip().splitlines()
        assert code == 2 and out == "" and lines and lines[-1].startswith("progtempo: "), (code, err)
        return None
    doc: dict[str, Any] = json.loads(out)
    return doc


def fastest_whole_split(doc: dict[str, Any]) -> float | None:
    paces = []
    for s in doc["splits"]:
        if s["partial"] or not s["elapsed_s"] > 0:
            continue
        pace, gap = s["pace_s"], s["gap_s"]
        if pace is None:
            continue
        paces.append(max(pace, gap) if gap is not None else pace)
    return min(paces) if paces else None


def check_bounds(doc: dict[str, Any]) -> None:
    nxt_doc = doc["advice"]["next_session"]
    if nxt_doc is None:
        return
    nxt = Session.from_json(nxt_doc)
    ev_doc = doc["evidence"]
    ev = Evidence(
        ev_doc["unit"], ev_doc["fastest_split_s"], ev_doc["typical_pace_s"], ev_doc["longest_run_m"],
        ev_doc["threshold_pace_s"], None, ev_doc["holdable_pace_s"],
    )  # fmt: skip
    assert violations(nxt, ev) == []
    if nxt.by_effort and not nxt.paced:  # a hilly run's first session: by time and by effort
        assert nxt.segments >= 3 and nxt.segment_s is not None
        assert nxt.total_time_s <= doc["activity"]["moving_s"] + 1.0
        assert nxt_doc["segments"][0]["talk_test"] == "could recite Shakespeare"
        assert nxt_doc["segments"][-1]["talk_test"] == "a single word"
        return
    start, end, step = nxt.start_pace_s, nxt.end_pace_s, nxt.step_s
    assert nxt.segments >= 3 and step == round(step) and step >= 5 and start == round(start)
    assert MIN_SPAN - 1e-9 <= (start - end) / start <= MAX_SPAN + 1e-9
    assert nxt.unit == doc["unit"]
    fastest = fastest_whole_split(doc)
    assert fastest is not None and end >= fastest * (1 - END_MARGIN) - 0.5
    assert nxt.total_distance_m <= doc["activity"]["distance_m"] + 1.0  # no log: this run is the longest
    for seg in nxt_doc["segments"]:
        if seg["talk_test"] == "could recite Shakespeare":
            assert seg["target_pace_s"] >= fastest * 1.1 - 1e-6


@pytest.mark.parametrize(
    ("path", "session"), cases(), ids=lambda x: x.name if isinstance(x, Path) else f"session {x}"
)
def test_one_verdict_in_both_units_and_no_game_where_none_was_played(
    cli: Cli, path: Path, session: int | None
) -> None:
    docs = {u: analyze_json(cli, path, u, session) for u in ("mi", "km")}
    if docs["mi"] is None or docs["km"] is None:
        assert docs["mi"] is None and docs["km"] is None  # refused in both units
        return
    mi, km = docs["mi"], docs["km"]
    assert mi["block"]["progressive"] == km["block"]["progressive"]
    assert mi["sport_check"] == km["sport_check"]
    assert (mi["score"] is None) == (km["score"] is None)
    assert mi["advice"]["insight"] == km["advice"]["insight"]
    if not mi["block"]["progressive"]:  # the same advice: in both units or in neither, the same length
        nxt = {u: d["advice"]["next_session"] for u, d in docs.items() if d is not None}
        assert (nxt["mi"] is None) == (nxt["km"] is None), (nxt["mi"], nxt["km"])
        if nxt["mi"] is not None and nxt["km"] is not None:  # by pace in both, or by effort in both
            assert nxt["mi"]["by"] == nxt["km"]["by"]
        if nxt["mi"] is not None and nxt["km"] is not None and nxt["mi"]["by"] == "pace":
            assert len(nxt["mi"]["segments"]) == len(nxt["km"]["segments"])
            assert nxt["km"]["total_distance_m"] == pytest.approx(nxt["mi"]["total_distance_m"], rel=0.01)
    for unit, doc in docs.items():
        assert doc is not None
        zero = [s["index"] for s in doc["splits"] if not s["partial"] and s["elapsed_s"] <= 0]
        assert zero == [], f"{path.name} in {unit}: whole splits of 0 s: {zero}"
        if not doc["block"]["progressive"]:
            assert doc["score"] is None and doc["score_parts"] is None and doc["levels"] == []
            assert doc["boss"] is None and doc["badges"] == [] and doc["progression"] is None
            assert doc["advice"]["insight"] in ("not_progressive", "not_running")
        else:
            assert isinstance(doc["score"], int) and doc["levels"] and doc["boss"] is not None
        if not doc["sport_check"]["running"]:
            assert doc["advice"]["insight"] == "not_running" and doc["advice"]["next_session"] is None
        check_bounds(doc)
        json.dumps(doc, allow_nan=False)
    assert math.isfinite(mi["activity"]["distance_m"])
