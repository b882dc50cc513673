"""From a file's activities to the rows the log stores: summary, splits and the coach's result.

Runs in the import's worker processes, so everything here is plain, picklable data. The typed
`CoachReport` maps straight to the result's columns (`result_row`); its JSON goes only into the JSON
columns (`levels`, `advice`, `report`) that the API serves as they are.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from progtempo.errors import ProgtempoError
from progtempo.units import Unit, convert_pace

if TYPE_CHECKING:
    from progtempo.activity import Activity
    from progtempo.analysis import Analysis, Split
    from progtempo.coach import CoachReport
    from progtempo.limits import Limits
    from progtempo.plan.ladder import Session

#: of two recordings of one run the richer is kept: FIT over TCX over GPX, then more channels
FORMAT_RANK = {"fit": 3, "tcx": 2, "gpx": 1}
#: what `fitness_columns` computes; a stored activity with an older (or no) version is filled again
FITNESS_VERSION = 1


@dataclass(frozen=True)
class PlanRef:
    """A planned session a run on its day fulfils."""

    id: int
    date: dt.date
    session: Session
    cleared_before: int = 0  # sessions at the same level cleared before this day (the coach's progress rule)


@dataclass(frozen=True)
class SplitRow:
    """One `splits` row; paces in seconds per km."""

    index: int
    start_m: float
    distance_m: float
    elapsed_s: float
    moving_s: float | None
    pace_s_per_km: float | None
    gap_s_per_km: float | None
    elev_gain_m: float | None
    elev_loss_m: float | None
    avg_grade: float | None
    avg_hr: float | None
    max_hr: float | None
    partial: bool
    avg_power_w: float | None = None
    avg_cadence_spm: float | None = None


@dataclass(frozen=True)
class ResultRow:
    """One `results` row: the typed report's fields, paces in seconds per km."""

    unit: Unit
    progressive: bool
    score: float | None
    boss: str | None
    insight: str | None
    end_pace_s_per_km: float | None
    end_gap_s_per_km: float | None
    step_s_per_km: float | None
    segments: int | None
    levels_cleared: int | None
    levels: list[dict[str, Any]]
    advice: dict[str, Any]
    report: dict[str, Any]
    planned_session_id: int | None = None
    fitness: dict[str, Any] | None = None
    threshold_pace_s_per_km: float | None = None
    threshold_sd_s_per_km: float | None = None
    threshold_hr_bpm: float | None = None
    threshold_source: str | None = None


@dataclass(frozen=True)
class ActivityRow:
    """One `activities` row (without the file, which the parent adds) and its splits and result."""

    sport: str
    is_running: bool
    start_time: dt.datetime
    format: str
    device: str | None
    name: str | None
    distance_m: float | None
    elapsed_s: float | None
    moving_s: float | None
    elev_gain_m: float | None
    avg_hr: float | None
    max_hr: float | None
    split_m: float | None
    channels: int
    track_m: float | None = None
    session_index: int = 1
    hr_time: list[Any] | None = None
    gap_s_per_km: float | None = None
    fitness_version: int | None = None
    warnings: list[str] = field(default_factory=list)
    splits: list[SplitRow] = field(default_factory=list)
    result: ResultRow | None = None

    @property
    def richness(self) -> tuple[int, int]:
        """How rich the recording is (format, then channels): of two of one run, the higher is kept."""
        return FORMAT_RANK.get(self.format, 0), self.channels


def read_legs(name: str, data: bytes, limits: Limits | None = None) -> list[Activity]:
    """Every activity a file holds, transitions left out: the legs of a multisport or chained file,
    each `<Activity>` of a TCX, or the one activity of a GPX (`io.read_activities`, with `limits`)."""
    from progtempo.io import read_activities

    legs = read_activities(name, data=data, limits=limits)
    return [a for a in legs if not a.is_transition] or legs[:1]


def channels(a: Activity) -> int:
    """How many data channels a recording has: position, distance, altitude, HR, cadence, power."""

    def has(x: Any) -> bool:
        import numpy as np

        return x is not None and bool(np.isfinite(x).any())

    return sum(
        (a.has_position, a.has_distance, a.has_elevation, a.has_heart_rate, has(a.cadence), has(a.power))
    )


def track_length_m(a: Activity) -> float | None:
    """The length of the GPS track (haversine along the positions), None without positions."""
    if not a.has_position or a.lat is None or a.lon is None:
        return None
    import numpy as np

    from progtempo.geo import haversine_m

    ok = np.isfinite(a.lat) & np.isfinite(a.lon)
    la, lo = a.lat[ok], a.lon[ok]
    if la.shape[0] < 2:
        return None
    return _num(float(np.sum(haversine_m(la[:-1], lo[:-1], la[1:], lo[1:]))))


def _num(x: float | None) -> float | None:
    if x is None:
        return None
    f = float(x)
    return f if math.isfinite(f) else None


#: "Recent" for the longest run the next session may not exceed: this many weeks before a run.
RECENT_WEEKS = 12


def longest_before(runs: Sequence[tuple[dt.datetime, float]], start: dt.datetime) -> float | None:
    """The longest of `runs` (start, distance) in the `RECENT_WEEKS` before `start`, or None."""
    since = start - dt.timedelta(weeks=RECENT_WEEKS)
    near = [d for t, d in runs if since <= as_utc(t) <= start]
    return max(near) if near else None


def as_utc(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


def evaluate_activity(
    activity: Activity,
    unit: Unit,
    plan_ref: PlanRef | None,
    *,
    session_index: int = 1,
    longest_run_m: float | None = None,
    limits: Limits | None = None,
    not_after: dt.datetime | None = None,
) -> ActivityRow:
    """Analyse an activity (and score it when it is a run): its row, with its splits and result.

    `longest_run_m` is the longest run of the log in the weeks before (the next session is never longer);
    `limits` and `not_after` are the analysis's (`progtempo.analysis.analyze`).
    """
    from progtempo.analysis import analyze

    running = activity.is_running
    plan = plan_ref.session if plan_ref is not None else None
    if plan is not None:
        unit = plan.unit
    analysis: Analysis | None
    try:
        analysis = analyze(activity, unit=unit, limits=limits, not_after=not_after)
    except ProgtempoError:
        if running:
            raise
        analysis = None  # a ride or a walk the analysis can't handle still goes in the log
    if analysis is None:
        dist, elapsed = _raw_summary(activity)
        return _row(activity, session_index, is_running=False, distance_m=dist, elapsed_s=elapsed,
                    warnings=list(activity.warnings), fitness_version=FITNESS_VERSION)  # fmt: skip
    from progtempo.coach.sport import describe, sport_check

    check = sport_check(analysis)  # what the recording looks like: a ride or a walk is not scored
    warnings = [str(w) for w in dict.fromkeys(analysis.warnings)]
    if running and not check.running:
        warnings.append(f"not a run: this looks like {describe(check)}")
        if activity.sport in ("unknown", ""):
            activity.sport = check.looks_like  # a GPX that says nothing: the log says what it looks like
    running = running and check.running
    splits: list[SplitRow] = []
    result: ResultRow | None = None
    report: CoachReport | None = None
    if running:
        from progtempo.coach import evaluate

        splits = [split_row(s, analysis.unit) for s in analysis.splits]
        report = evaluate(
            analysis,
            plan,
            cleared_before=plan_ref.cleared_before if plan_ref else 0,
            longest_run_m=longest_run_m,
        )
        result = result_row(report, plan_ref.id if plan_ref else None)
    fit = fitness_columns(analysis, report)
    if result is not None:
        result = replace(result, **fit.result)
    return _row(
        analysis.activity,  # with its impossible values dropped
        session_index,
        is_running=running,
        distance_m=_num(analysis.distance_m),
        elapsed_s=_num(analysis.elapsed_s),
        moving_s=_num(analysis.moving_s),
        elev_gain_m=_num(analysis.elev_gain_m) if analysis.has_elevation else None,
        avg_hr=_num(analysis.avg_hr),
        max_hr=_num(analysis.max_hr),
        split_m=analysis.split_m if running else None,
        warnings=warnings,
        splits=splits,
        result=result,
        **fit.activity,
    )


@dataclass(frozen=True)
class FitnessColumns:
    """What the log keeps of a run's fitness and load: the activity's columns and the result's."""

    activity: dict[str, Any]
    result: dict[str, Any]


def fitness_columns(analysis: Analysis, report: CoachReport | None) -> FitnessColumns:
    """The heart-rate time and average GAP (for the load), the step test and the threshold it shows."""
    if report is None:
        return fitness_from_levels(analysis, None)
    judged = [lv for lv in report.levels if lv.actual_pace_s is not None]
    levels = [
        (lv.start_m, lv.start_m + lv.distance_m, lv.verdict in ("cleared", "too_fast")) for lv in judged
    ]
    step = convert_pace(report.session.step_s, report.unit, "km") if report.session else None
    return fitness_from_levels(analysis, levels, step)


def fitness_from_levels(
    analysis: Analysis, levels: list[tuple[float, float, bool]] | None, step_s_per_km: float | None = None
) -> FitnessColumns:
    """`fitness_columns` from the levels as stored: (start_m, end_m, held at or under target) each;
    None for what is not a run (only the activity's load columns)."""
    from progtempo._json import json_safe
    from progtempo.fitness.run import read_run
    from progtempo.fitness.trend import run_threshold

    fit = read_run(analysis, [(a, z) for a, z, _ in levels or []])
    activity = {
        "hr_time": fit.hr_time.to_json() if fit.hr_time is not None else None,
        "gap_s_per_km": _num(fit.gap_s_per_km),
        "fitness_version": FITNESS_VERSION,
    }
    if levels is None:
        return FitnessColumns(activity, {})
    date = analysis.activity.start_time.date()
    t = run_threshold(0, date, fit.estimate, [ok for _, _, ok in levels], step_s_per_km)
    result: dict[str, Any] = {"fitness": json_safe(fit.estimate.to_json())}
    if t is not None:
        result.update(
            threshold_pace_s_per_km=t.pace_s_per_km,
            threshold_sd_s_per_km=t.sd_s_per_km,
            threshold_hr_bpm=t.hr_bpm,
            threshold_source=t.source,
        )
    return FitnessColumns(activity, result)


def _row(
    activity: Activity,
    session_index: int,
    *,
    is_running: bool,
    distance_m: float | None,
    elapsed_s: float | None,
    warnings: list[str],
    moving_s: float | None = None,
    elev_gain_m: float | None = None,
    avg_hr: float | None = None,
    max_hr: float | None = None,
    split_m: float | None = None,
    splits: list[SplitRow] | None = None,
    result: ResultRow | None = None,
    hr_time: list[Any] | None = None,
    gap_s_per_km: float | None = None,
    fitness_version: int | None = None,
) -> ActivityRow:
    return ActivityRow(
        sport=activity.sport,
        is_running=is_running,
        start_time=activity.start_time,
        format=activity.format or "?",
        device=activity.device,
        name=activity.name,
        distance_m=distance_m,
        elapsed_s=elapsed_s,
        moving_s=moving_s,
        elev_gain_m=elev_gain_m,
        avg_hr=avg_hr,
        max_hr=max_hr,
        split_m=split_m,
        channels=channels(activity),
        track_m=track_length_m(activity),
        session_index=session_index,
        hr_time=hr_time,
        gap_s_per_km=gap_s_per_km,
        fitness_version=fitness_version,
        warnings=warnings,
        splits=splits or [],
        result=result,
    )


def split_row(s: Split, unit: Unit) -> SplitRow:
    """A split as stored: paces per km, NaN as None."""

    def per_km(p: float | None) -> float | None:
        v = _num(p)
        return convert_pace(v, unit, "km") if v is not None else None

    return SplitRow(
        index=int(s.index),
        start_m=float(s.start_m),
        distance_m=float(s.distance_m),
        elapsed_s=float(s.elapsed_s),
        moving_s=_num(s.moving_s),
        pace_s_per_km=per_km(s.pace_s),
        gap_s_per_km=per_km(s.gap_s),
        elev_gain_m=_num(s.elev_gain_m),
        elev_loss_m=_num(s.elev_loss_m),
        avg_grade=_num(s.avg_grade),
        avg_hr=_num(s.avg_hr),
        max_hr=_num(s.max_hr),
        partial=bool(s.partial),
        avg_power_w=_num(s.avg_power_w),
        avg_cadence_spm=_num(s.avg_cadence_spm),
    )


def _raw_summary(activity: Activity) -> tuple[float | None, float | None]:
    """Distance and elapsed time of an activity the analysis refused, its impossible values dropped."""
    import numpy as np

    from progtempo.analysis.plausible import drop_impossible

    try:
        activity, _ = drop_impossible(activity)
    except ProgtempoError:
        return None, None
    t = activity.time_s
    elapsed = float(t[-1] - t[0]) if len(t) else None
    dist = None
    if activity.distance_m is not None:
        d = activity.distance_m[np.isfinite(activity.distance_m)]
        dist = float(d.max()) if d.size else None
    return dist, elapsed


def result_row(report: CoachReport, planned_session_id: int | None) -> ResultRow:
    """The `results` columns of a coach report (paces stored per km).

    A run is a progressive session when the coach judged levels: against the plan of the day, or
    against the ladder it found in the run. Otherwise score and boss are None (contract 5).
    """
    from progtempo._json import json_safe

    unit = report.unit

    def per_km(v: float | None) -> float | None:
        f = _num(v)
        return convert_pace(f, unit, "km") if f is not None else None

    levels = report.levels
    run = [lv for lv in levels if lv.actual_pace_s is not None]
    last = run[-1] if run else None
    progressive = bool(levels) and report.progression is not None
    total = report.score.total if report.score is not None else None
    return ResultRow(
        unit=unit,
        progressive=progressive,
        score=float(total) if progressive and total is not None else None,
        boss=report.boss.verdict if progressive and report.boss is not None else None,
        insight=report.advice.insight,
        end_pace_s_per_km=per_km(last.pace_s) if last else None,
        end_gap_s_per_km=per_km(last.gap_s) if last else None,
        step_s_per_km=per_km(report.progression.achieved_step_s) if report.progression else None,
        segments=len(levels) or None,
        levels_cleared=sum(1 for lv in levels if lv.cleared),
        levels=json_safe([lv.to_json() for lv in levels]),
        advice=json_safe(report.advice.to_json()),
        report=json_safe(report.to_json()),
        planned_session_id=planned_session_id,
    )
