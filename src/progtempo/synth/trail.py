"""A synthetic trail run by time: a ladder of levels of a fixed time each, on hills, with heart rate.

The article's trail idea: "whether you have a flat course available to you or not, it doesn't actually
matter ... judge the paces by internally perceived effort levels". The runner holds each level's effort,
which on hills means a steady grade-adjusted pace (GAP), so the pace on the watch swings with the
ground: slower uphill, faster down. Each level is cut into pieces of `piece_s` seconds whose grades
cycle through `hills`; a piece's pace is its GAP times the Strava-style factor of its grade (the GAP
the analysis reads back is the level's, exactly, for the same model). Heart rate is the level's, as
given (and a heart model from `progtempo.synth_heart` can replace it with lag, drift and noise).

The laps are those a watch records when it runs the exported workout: one per step (warm-up, each
level, cool-down), ending on the step's time.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np

from progtempo.activity import Lap
from progtempo.synth.runs import Leg, SynthRun, make_run

#: Rolling trail ground: up and down, 3 to 10 %, netting out over a cycle.
TRAIL_GRADES: tuple[float, ...] = (0.06, -0.04, 0.09, -0.08, 0.03, -0.06)


def _pieces(gap_s_per_km: float, seconds: float, piece_s: float, hills: Sequence[float], start: int,
            hr_bpm: float | None) -> list[Leg]:  # fmt: skip
    """`seconds` at a steady GAP over the hills, as legs of `piece_s` seconds (the last shorter)."""
    from progtempo.analysis.gap import gap_factor

    n = max(1, math.ceil(seconds / piece_s - 1e-9))
    grades = [hills[(start + k) % len(hills)] for k in range(n)] if hills else [0.0] * n
    factors = np.asarray(gap_factor(np.array(grades, dtype=np.float64), "strava"), dtype=np.float64)
    legs = []
    for k, (grade, factor) in enumerate(zip(grades, factors.tolist(), strict=True)):
        piece = min(piece_s, seconds - k * piece_s)
        pace = gap_s_per_km * factor  # seconds per horizontal km on this grade
        legs.append(Leg(piece / pace * 1000.0, pace, grade=grade, hr_bpm=hr_bpm))
    return legs


def time_ladder(
    gaps_s_per_km: Sequence[float],
    *,
    segment_s: float = 480.0,
    hr_bpm: Sequence[float] | None = None,
    hills: Sequence[float] = TRAIL_GRADES,
    piece_s: float = 120.0,
    warmup_s: float = 0.0,
    cooldown_s: float = 0.0,
    easy_gap_s_per_km: float | None = None,
    easy_hr_bpm: float | None = None,
    workout_laps: bool = True,
    **run_options: Any,
) -> SynthRun:
    """A run of `len(gaps_s_per_km)` levels of `segment_s` seconds, level k at GAP `gaps_s_per_km[k]`
    (with heart rate `hr_bpm[k]`), over `hills`, after a warm-up and before a cool-down of the given
    times at `easy_gap_s_per_km` (default: 5 % slower than the first level). `run_options` go to
    `make_run` (sport, gps_noise_m, pauses, start_time, ...). With `workout_laps`, one lap per step."""
    if hr_bpm is not None and len(hr_bpm) != len(gaps_s_per_km):
        raise ValueError("give one heart rate per level")
    easy = easy_gap_s_per_km or 1.05 * gaps_s_per_km[0]
    legs: list[Leg] = []
    steps: list[tuple[float, str]] = []  # (seconds, intensity) of each workout step
    if warmup_s > 0:
        legs += _pieces(easy, warmup_s, piece_s, hills, 0, easy_hr_bpm)
        steps.append((warmup_s, "warmup"))
    for k, gap in enumerate(gaps_s_per_km):
        legs += _pieces(gap, segment_s, piece_s, hills, len(legs), None if hr_bpm is None else hr_bpm[k])
        steps.append((segment_s, "active"))
    if cooldown_s > 0:
        legs += _pieces(easy, cooldown_s, piece_s, hills, len(legs), easy_hr_bpm)
        steps.append((cooldown_s, "cooldown"))
    run_options.setdefault("sport", "trail_running")
    run_options.setdefault("barometric", True)  # a trail watch's barometer: the hills read as run
    run = make_run(legs, **run_options)
    if workout_laps:
        run.activity.laps = step_laps(run, [s for s, _ in steps], [i for _, i in steps])
    return run


def step_laps(run: SynthRun, steps_s: Sequence[float], intensities: Sequence[str]) -> list[Lap]:
    """Laps ending every step's moving time (as a watch running a workout of timed steps ends them),
    each marked with its step's intensity (warmup, active, cooldown)."""
    bounds_move = np.concatenate([[0.0], np.cumsum(np.asarray(steps_s, dtype=np.float64))])
    bounds_move[-1] = min(float(bounds_move[-1]), run.total_moving_s)
    bounds_m = np.interp(bounds_move, run.leg_bounds_moving_s, run.leg_bounds_m)
    laps: list[Lap] = []
    spans = zip(itertools.pairwise(bounds_m.tolist()), intensities, strict=True)
    for i, ((a, z), intensity) in enumerate(spans):
        ea, ez = run.time_at(a), run.time_at(z)
        lap = Lap(
            index=i + 1,
            start_time=run.start_time + timedelta(seconds=ea),
            elapsed_s=ez - ea,
            timer_s=run.moving_time_at(z) - run.moving_time_at(a),
            distance_m=z - a,
            trigger="time" if i < len(steps_s) - 1 else "session_end",
            intensity=intensity,
        )
        laps.append(lap)
    return laps
