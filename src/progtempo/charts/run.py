"""What the run page's charts draw, prepared from the analysis and the coach's report.

The same picture as `analyze --plot` (charts/run_plot.py), as data for the browser: bars of pace and GAP
(the levels inside the progressive block, the splits outside it, or every split when there is no
ladder), the ladder's targets and windows, and the streams (pace and GAP smoothed over a few seconds,
elevation, heart rate) against distance, cut to about 2,000 points (LTTB), plus the route. Distances
are in the runner's unit, paces in seconds per unit, elevation in metres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from progtempo.charts.downsample import CHART_POINTS, FloatArray, shared_indices, stride_indices
from progtempo.units import Unit, convert_pace, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.coach import CoachReport

#: the pace streams are averaged over this much running time, centred (1 Hz pace is mostly GPS noise)
PACE_WINDOW_S = 20.0
#: slower than this (seconds per km) is standing about, not a pace to draw
SLOWEST_S_PER_KM = 1200.0

BarKind = Literal["level", "split"]


def _num(x: float | None) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


@dataclass(frozen=True)
class Bar:
    """One pair of bars on the pace chart, from `start` to `end` (in the unit): a level or a split.

    `verdict` is the level's (cleared, too_fast, too_slow, not_run), `outside` for a split outside
    the progressive block, `split` for a split of a run without a ladder. `used` says which of pace
    and GAP the verdict judged.
    """

    kind: BarKind
    index: int
    start: float
    end: float
    pace_s: float | None
    gap_s: float | None
    verdict: str
    used: str = "pace"
    target_pace_s: float | None = None
    slow_pace_s: float | None = None
    fast_pace_s: float | None = None
    off_s: float | None = None
    avg_hr: float | None = None
    boss: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "index": self.index,
            "start": round(self.start, 4),
            "end": round(self.end, 4),
            "pace": _num(self.pace_s),
            "gap": _num(self.gap_s),
            "verdict": self.verdict,
            "used": self.used,
            "target": self.target_pace_s,
            "slow": self.slow_pace_s,
            "fast": self.fast_pace_s,
            "off": _num(self.off_s),
            "hr": _num(self.avg_hr),
            "boss": self.boss,
        }


@dataclass(frozen=True)
class Streams:
    """The run's streams against distance, sampled at the same points (None: not in the file)."""

    distance: FloatArray
    pace_s: FloatArray | None
    gap_s: FloatArray | None
    elevation_m: FloatArray | None
    heart_rate: FloatArray | None

    def to_json(self) -> dict[str, Any]:
        def col(a: FloatArray | None, decimals: int) -> list[float | int | None] | None:
            if a is None:
                return None
            if decimals == 0:
                return [round(float(v)) if math.isfinite(v) else None for v in a]
            return [round(float(v), decimals) if math.isfinite(v) else None for v in a]

        return {
            "x": col(self.distance, 3),
            "pace": col(self.pace_s, 0),
            "gap": col(self.gap_s, 0),
            "elevation": col(self.elevation_m, 1),
            "hr": col(self.heart_rate, 0),
        }


@dataclass(frozen=True)
class RunChart:
    """Everything the run page draws: bars, streams and the route (lat, lon pairs; empty without GPS)."""

    unit: Unit
    distance: float
    bars: tuple[Bar, ...]
    streams: Streams
    route: tuple[tuple[float, float], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "distance": round(self.distance, 4),
            "bars": [b.to_json() for b in self.bars],
            "streams": self.streams.to_json(),
            "route": [[round(a, 5), round(o, 5)] for a, o in self.route],
        }


def run_chart(analysis: Analysis, report: CoachReport | None, *, points: int = CHART_POINTS) -> RunChart:
    """The run page's chart data, with at most about `points` points per stream."""
    unit: Unit = report.unit if report is not None else analysis.unit
    per = unit_m(unit)
    return RunChart(
        unit=unit,
        distance=analysis.distance_m / per,
        bars=tuple(bars(analysis, report, unit)),
        streams=streams(analysis, unit, points),
        route=route(analysis, points // 2),
    )


def bars(analysis: Analysis, report: CoachReport | None, unit: Unit) -> list[Bar]:
    """The levels inside the block and the splits (or their parts) outside it; every split without."""
    per = unit_m(unit)
    levels = report.levels if report is not None else []
    block = report.block if report is not None and levels else None
    lo_m, hi_m = (block.start_m, block.end_m) if block is not None else (math.inf, -math.inf)
    out: list[Bar] = []
    for s in analysis.splits:
        pace = convert_pace(s.pace_s, analysis.unit, unit) if math.isfinite(s.pace_s) else None
        gap = convert_pace(s.gap_s, analysis.unit, unit) if math.isfinite(s.gap_s) else None
        if not levels:
            out.append(Bar("split", s.index, s.start_m / per, s.end_m / per, pace, gap, "split",
                           avg_hr=s.avg_hr))  # fmt: skip
            continue
        for a, z in ((s.start_m, min(s.end_m, lo_m)), (max(s.start_m, hi_m), s.end_m)):
            if z - a > 1.0:
                out.append(Bar("split", s.index, a / per, z / per, pace, gap, "outside", avg_hr=s.avg_hr))
    for k, lv in enumerate(levels):
        if not math.isfinite(lv.start_m):
            continue
        out.append(
            Bar(
                "level",
                lv.index,
                lv.start_m / per,
                (lv.start_m + lv.distance_m) / per,
                lv.pace_s,
                lv.gap_s,
                lv.verdict,
                used=lv.used,
                target_pace_s=lv.target_pace_s,
                slow_pace_s=lv.target_pace_s + lv.tolerance_s,
                fast_pace_s=lv.target_pace_s - lv.tolerance_s,
                off_s=lv.off_s,
                avg_hr=lv.avg_hr,
                boss=k == len(levels) - 1,
            )
        )
    return sorted(out, key=lambda b: b.start)


def smoothed_pace(time_s: FloatArray, along_m: FloatArray, moving_s: FloatArray, unit: Unit) -> FloatArray:
    """Pace (s per unit) at each sample over the `PACE_WINDOW_S` around it: moving time over the
    distance `along_m` grew (the distance itself, or the grade-adjusted one for GAP). NaN standing."""
    half = PACE_WINDOW_S / 2
    lo = np.searchsorted(time_s, time_s - half, side="left")
    hi = np.minimum(np.searchsorted(time_s, time_s + half, side="right") - 1, time_s.shape[0] - 1)
    dd = along_m[hi] - along_m[lo]
    dt = moving_s[hi] - moving_s[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        pace = dt / dd * unit_m(unit)
    slowest = convert_pace(SLOWEST_S_PER_KM, "km", unit)
    return np.where((dd > 1.0) & (dt > 0) & (pace < slowest), pace, np.nan)


def streams(analysis: Analysis, unit: Unit, points: int = CHART_POINTS) -> Streams:
    """Pace, GAP, elevation and heart rate against distance, at the points that keep their shapes."""
    st = analysis.stream
    if len(st) == 0:
        empty = np.zeros(0)
        return Streams(empty, None, None, None, None)
    x = st.distance_m / unit_m(unit)
    pace = smoothed_pace(st.time_s, st.distance_m, st.moving_s, unit)
    gap = smoothed_pace(st.time_s, st.gap_distance_m, st.moving_s, unit) if analysis.has_elevation else None
    idx = shared_indices(x, [pace, st.altitude_m, st.heart_rate], points)

    def at(a: FloatArray | None) -> FloatArray | None:
        return a[idx] if a is not None else None

    return Streams(x[idx], pace[idx], at(gap), at(st.altitude_m), at(st.heart_rate))


def route(analysis: Analysis, points: int = CHART_POINTS) -> tuple[tuple[float, float], ...]:
    """The GPS track as (lat, lon) pairs, evenly thinned to at most `points`; empty without positions."""
    a = analysis.activity
    if a.lat is None or a.lon is None:
        return ()
    lat, lon = np.asarray(a.lat, dtype=np.float64), np.asarray(a.lon, dtype=np.float64)
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    lat, lon = lat[ok], lon[ok]
    idx = stride_indices(int(lat.shape[0]), points)
    return tuple(zip(lat[idx].tolist(), lon[idx].tolist(), strict=True))
