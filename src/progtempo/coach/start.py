"""Where a planned ladder starts in a run: not always metre 0.

The runner may have warmed up first and pressed lap when the ladder began, or followed the workout the
watch got from `progtempo export` (its steps are laps, the warm-up one first, marked `warmup`). The
end of the warm-up laps of a workout is taken first, when the whole plan fits after it. Otherwise the
candidates, in order of preference: the plan's own warm-up distance (or metre 0 without one), each lap
press (a manual lap's start), and the best fit of the plan anywhere in the run (every twentieth of a
unit). Each is scored by
how far the plan's levels laid from it miss their targets (GAP where known, a level the run never
reached counting as ten minutes off); a start found in the run leaves room for the whole plan. A lap
press is taken when it fits within `PREFER_S` of the best; the best fit only when it misses by half as
much as the plan's own start and by `MOVE_S` less, so a run that simply missed its targets is still
judged from where the plan says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from progtempo.units import format_distance, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.plan.ladder import Session

#: A level the run never reached counts as this many seconds off.
NOT_RUN_S = 600.0
#: A lap press within this many seconds (mean off per level) of the best fit is preferred to it.
PREFER_S = 2.0
#: The best fit replaces the plan's own start only when it is better by this much (mean s per level) and
#: misses by at most `MOVE_SHARE` of what the plan's own start misses.
MOVE_S = 5.0
MOVE_SHARE = 0.5
CHUNKS = 20
#: The most starts the fit is tried at (a very long run is scanned more coarsely).
MAX_STARTS = 4000
FloatArray = npt.NDArray[np.float64]


def _costs(analysis: Analysis, plan: Session, starts: FloatArray) -> FloatArray:
    """Mean |actual − target| per level (s per the plan's unit) of the plan laid from each start.

    All boundaries of all starts at once: every cumulative stream is interpolated where each boundary
    is first reached (as splits are), so the cost is O((starts × levels) log records).
    """
    from progtempo.analysis.splits import GAP_D, MOVING, T, locate

    n, seg = plan.segments, plan.segment_m
    assert seg is not None  # a plan by time is refused before its start is looked for
    end = analysis.distance_m
    stream = analysis.stream
    bounds = starts[:, None] + np.arange(n + 1)[None, :] * seg
    at = np.minimum(bounds, end)
    lo, hi, frac = locate(stream.distance_m, at.ravel())
    c = stream.cumulative[[T, MOVING, GAP_D]]
    vals = (c[:, lo] + frac * (c[:, hi] - c[:, lo])).reshape(3, *at.shape)
    elapsed, moving, gapd = (np.diff(v, axis=1) for v in vals)
    length = np.diff(at, axis=1)
    basis = np.where(moving > 0, moving, elapsed)
    per = unit_m(plan.unit)
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = np.where(length > 0, basis / length * per, np.nan)
        gap = np.where(gapd > 0, basis / gapd * per, np.nan)
    used = np.where(np.isfinite(gap), gap, pace)
    targets = np.asarray(plan.target_paces_s())[None, :]
    reached = bounds[:, 1:] <= end + 1.0
    off = np.where(reached & np.isfinite(used), np.abs(used - targets), NOT_RUN_S)
    out: FloatArray = off.mean(axis=1)
    return out


def _after_warmup_laps(analysis: Analysis) -> float | None:
    """Where the device's leading `warmup` laps end (a workout run on the watch), or None."""
    a = analysis.activity
    s = analysis.stream
    if not a.laps or a.laps[0].intensity != "warmup" or len(s) < 2:
        return None
    for lap in a.laps[1:]:
        if lap.intensity != "warmup":
            t = (lap.start_time - a.start_time).total_seconds()
            return float(np.interp(t, s.time_s - s.time_s[0], s.distance_m))
    return None


def ladder_start(analysis: Analysis, plan: Session) -> tuple[float, str]:
    """(metres, why) where the plan's first level starts in the run (the rules in the module doc)."""
    per = unit_m(plan.unit)
    warm = plan.warmup.length_m(plan.unit) if plan.warmup else 0.0
    default_why = (
        f"after the plan's {format_distance(warm, plan.unit)} {plan.unit} warm-up"
        if warm
        else "from the start of the run"
    )
    end = analysis.distance_m
    assert plan.segment_m is not None
    plan_m = plan.segments * plan.segment_m
    if not end > 0:
        return warm, default_why
    a = analysis.activity
    s = analysis.stream
    workout = _after_warmup_laps(analysis)
    if workout is not None and workout + plan_m <= end + 1.0:
        return (
            workout,
            f"after the workout's warm-up step, at {format_distance(workout, plan.unit)} {plan.unit}",
        )
    presses: list[float] = []
    if a.laps and len(s) >= 2:
        for lap in a.laps[1:]:
            if lap.trigger not in ("manual", "workout"):
                continue
            t = (lap.start_time - a.start_time).total_seconds()
            presses.append(float(np.interp(t, s.time_s - s.time_s[0], s.distance_m)))
    latest = max(0.0, end - plan_m + 1.0)  # the whole plan fits after a start found in the run
    presses = [x for x in presses if 0.0 < x <= latest]
    scan = np.arange(0.0, latest + 1e-6, max(per / CHUNKS, latest / MAX_STARTS))
    starts = np.concatenate([[warm], np.asarray(presses, dtype=float), scan])
    costs = _costs(analysis, plan, starts)
    base = float(costs[0])
    best = float(costs.min())
    for k, x in enumerate(presses, start=1):
        if costs[k] <= best + PREFER_S and costs[k] < base - PREFER_S:
            return x, f"at the lap pressed at {format_distance(x, plan.unit)} {plan.unit}"
    if best <= base - MOVE_S and best <= MOVE_SHARE * base:
        x = float(starts[int(np.argmin(costs))])
        return x, f"at {format_distance(x, plan.unit)} {plan.unit}, where the run fits the plan best"
    return warm, default_why


__all__ = ["ladder_start"]
