"""Where a plan by time lies in a run: its levels are stretches of time (`6x8min`), not of distance.

The ladder starts, in order of preference:

1. where a workout run on the watch ended its warm-up step (the exported workout's steps are laps, the
   warm-up marked `warmup`); when the run recorded the ladder's steps too (laps marked `active`), each
   level is exactly the watch's step, as it counted it;
2. at a lap pressed near the end of the plan's warm-up time (within a quarter of it, at least a minute);
3. after the plan's warm-up time, or at the start of the run.

From there each level is `segment_s` long on the run's clock: `elapsed` (the wall clock), or `moving`
when the timer was paused (a watch's timed step counts the timer, not the pause). A level the run covered
at least half of is judged (as partial when short); less is not run.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from progtempo.analysis.timesplits import Clock, clock_s, splits_by_time
from progtempo.coach.block import Block
from progtempo.coach.levels import SegmentData, segment_data
from progtempo.units import format_duration

if TYPE_CHECKING:
    from progtempo.analysis import Analysis, Split
    from progtempo.plan.ladder import Session

#: A recorded workout step counts as the plan's level when its time is within this share of the plan's.
STEP_MATCH = 0.1
#: A lap press is the end of the warm-up when it falls within this share of the warm-up's time of it...
PRESS_SHARE = 0.25
#: ... or within this many seconds, whichever is wider.
PRESS_MIN_S = 60.0
#: A level the run covered at least this share of is judged (as partial); less is `not_run`.
MIN_PARTIAL_SHARE = 0.5


def run_clock(analysis: Analysis) -> Clock:
    """The clock a timed step counts on: `moving` when the device paused its timer, else `elapsed`."""
    return "moving" if analysis.activity.pauses else "elapsed"


def _lap_edges_s(analysis: Analysis, clock: Clock) -> list[tuple[float, str | None, str | None]]:
    """(start on `clock`, intensity, trigger) of every device lap after the first."""
    a, s = analysis.activity, analysis.stream
    if len(s) < 2:
        return []
    wall = s.time_s - s.time_s[0]
    axis = clock_s(s, clock)
    out = []
    for lap in a.laps[1:]:
        t = (lap.start_time - a.start_time).total_seconds() - float(s.time_s[0])
        out.append((float(np.interp(t, wall, axis)), lap.intensity, lap.trigger))
    return out


def _recorded_steps(
    edges: list[tuple[float, str | None, str | None]], segments: int, analysis: Analysis, clock: Clock
) -> list[float]:
    """The edges of the ladder's steps as the watch recorded them: the start of each `active` lap from
    the first, and the end of the last (the start of the next lap, or the end of the recording)."""
    bounds: list[float] = []
    for t, intensity, _ in edges:
        bounds.append(t)
        if intensity not in ("active", "interval") or len(bounds) == segments + 1:
            return bounds
    return [*bounds, float(clock_s(analysis.stream, clock)[-1])]


def time_ladder_start(analysis: Analysis, plan: Session) -> tuple[float, list[float] | None, str, Clock]:
    """(start s, the watch's own level edges or None, why, clock) of the plan's ladder in the run."""
    assert plan.segment_s is not None
    clock = run_clock(analysis)
    warm = plan.warmup.time_s(plan.unit) if plan.warmup else 0.0
    warm = warm if math.isfinite(warm) else 0.0
    laps = analysis.activity.laps
    edges = _lap_edges_s(analysis, clock)
    if laps and laps[0].intensity == "warmup":
        after = [k for k, (_, intensity, _) in enumerate(edges) if intensity != "warmup"]
        if after:
            start = edges[after[0]][0]
            steps = _recorded_steps(edges[after[0] :], plan.segments, analysis, clock)
            lengths = np.diff(steps)
            whole, last = lengths[:-1], lengths[-1:]
            match = STEP_MATCH * plan.segment_s
            if np.all(np.abs(whole - plan.segment_s) <= match) and np.all(last <= plan.segment_s + match):
                why = f"the workout's steps as the watch recorded them, from {format_duration(start)}"
                return start, steps, why, clock
            return start, None, f"after the workout's warm-up step, at {format_duration(start)}", clock
    if warm > 0:
        near = max(PRESS_MIN_S, PRESS_SHARE * warm)
        presses = [t for t, _, trig in edges if trig in ("manual", "workout") and abs(t - warm) <= near]
        if presses:
            t = min(presses, key=lambda x: abs(x - warm))
            return t, None, f"at the lap pressed at {format_duration(t)}, the end of the warm-up", clock
        return warm, None, f"after the plan's {format_duration(warm)} warm-up", clock
    return 0.0, None, "from the start of the run", clock


def lay_time_plan(
    analysis: Analysis, plan: Session, start_s: float | None = None
) -> tuple[Block, list[SegmentData | None], list[Split], list[str]]:
    """The plan's block in the run, its levels as run (None for a level not run), their splits, and
    warnings. `start_s` overrides where the first level starts (seconds on the run's clock)."""

    assert plan.segment_s is not None
    seg_s = plan.segment_s
    if start_s is None:
        start, edges, why, clock = time_ladder_start(analysis, plan)
    else:
        start, edges, why, clock = (
            start_s,
            None,
            f"at {format_duration(start_s)}, as given",
            run_clock(analysis),
        )
    bounds = edges or [start + k * seg_s for k in range(plan.segments + 1)]
    splits = splits_by_time(analysis.stream, bounds, analysis.unit, clock=clock, nominal_s=seg_s)
    segs: list[SegmentData | None] = []
    run_splits: list[Split] = []
    for sp in splits:
        covered = sp.moving_s if clock == "moving" else sp.elapsed_s
        if covered < MIN_PARTIAL_SHARE * seg_s or sp.distance_m <= 0:
            break
        segs.append(replace(segment_data(sp), partial=sp.partial))
        run_splits.append(sp)
    warnings: list[str] = []
    end_s = float(clock_s(analysis.stream, clock)[-1]) if len(analysis.stream) else 0.0
    if bounds[-1] > end_s + 1.0:
        warnings.append(
            f"the run ({format_duration(end_s)}) ends before the plan's last level "
            f"({format_duration(bounds[-1])}): levels not reached are `not_run`"
        )
    first_m = run_splits[0].start_m if run_splits else 0.0
    last_m = run_splits[-1].end_m if run_splits else 0.0
    block = Block(
        True,
        "plan",
        first_m,
        last_m,
        plan.segments,
        (last_m - first_m) / len(run_splits) if run_splits else 0.0,
        first_m,
        max(0.0, analysis.distance_m - last_m),
        f"laid from the plan at {format_duration(start)} ({clock} time), {why}",
        why,
        start_s=start,
        segment_s=seg_s,
        clock=clock,
    )
    return block, segs + [None] * (plan.segments - len(segs)), run_splits, warnings


__all__ = ["lay_time_plan", "run_clock", "time_ladder_start"]
