"""A session or a progression as the runner asks for it: the plan options, typed as strings, to a plan.

`SessionRequest` holds what `progtempo plan` (or a web form) was given: SPEC, or any three of segments
(or a total distance), start, end and step, plus the window, warm-up, cool-down, by-effort and a race to
fill the rest from. `build_session` turns it into a `Session` (and the `Fitness` the race gives);
`build_schedule` progresses that session over the weeks of a `ScheduleRequest`. Error messages name the
`--options` of the CLI, since that is what the runner typed. Pure: no I/O beyond reading a plan JSON
file named as SPEC. Light imports: the fitness model is imported only when a race is given.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from progtempo.errors import ProgtempoError
from progtempo.plan.files import looks_like_file, read_plan
from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, Session
from progtempo.plan.progression import (
    DEFAULT_HOLD_WEEKS,
    DEFAULT_WEEKDAY,
    Schedule,
    next_weekday,
    parse_weekday,
    progress,
)
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import check_segment_time, effort_session, solve
from progtempo.plan.spec import parse_seconds, spec_unit
from progtempo.units import (
    Unit,
    check_human_pace,
    convert_pace,
    format_distance,
    format_pace,
    parse_distance,
    parse_duration,
    parse_pace,
    unit_m,
)

if TYPE_CHECKING:
    from progtempo.fitness import Fitness
    from progtempo.fitness.profile import Profile
    from progtempo.fitness.zones import PaceZones
    from progtempo.plan.effort import HrScale

#: Warm-up and cool-down run this much slower than the first segment when no easy pace is given:
#: the article's start is already "easy", so a touch slower for the jog before and after.
EASY_MARGIN = 1.05

#: The session planned when nothing describes one: the article's example, until there is a log to plan from.
DEFAULT_SPECS: dict[Unit, str] = {"mi": "6x1mi 10:00-7:30", "km": "10x1km 6:15-4:45"}

_TIME_RE = re.compile(r"\d+(?:\.\d+)?\s*(s|sec|secs|min|mins|h|hr|hrs)")
# The options that fix the ladder itself; SPEC excludes them.
_LADDER_OPTIONS = (
    ("segments", "--segments"),
    ("distance", "--distance"),
    ("segment_length", "--segment-length"),
    ("segment_time", "--segment-time"),
    ("start", "--start"),
    ("end", "--end"),
    ("step", "--step"),
)


@dataclass(frozen=True)
class SessionRequest:
    """A session as typed: SPEC or the ladder options, each a string as given (None when not given).

    `unit` is the unit bare paces and distances are read in and the session is expressed in; resolve it
    with `session_unit` when SPEC may name its own.
    """

    spec: str | None = None
    segments: int | None = None
    distance: str | None = None
    segment_length: str | None = None
    #: the time of one segment (`8min`): segments by time instead of distance, for trails
    segment_time: str | None = None
    start: str | None = None
    end: str | None = None
    step: str | None = None
    tolerance: str | None = None
    warmup: str | None = None
    cooldown: str | None = None
    easy_pace: str | None = None
    by: str = "pace"
    from_race: str | None = None
    #: the runner's maximum and threshold heart rate (bpm): heart-rate targets in bpm instead of % of max
    hr_max: float | None = None
    threshold_hr: float | None = None
    #: the runner's threshold pace as typed (`7:15`, `4:30/km`): pace-mode efforts from their own zones
    threshold: str | None = None
    #: what the log knows of the runner (`athlete set`, and the threshold it estimates): fills in what
    #: the options don't give
    profile: Profile | None = None
    unit: Unit = "mi"
    #: whether SPEC may name a plan JSON file to read (False on the web: a URL must not read server files)
    plan_files: bool = True

    def describes_session(self) -> bool:
        """Whether SPEC or any option (beyond `by`, `unit` and `plan_files`) describes a session."""
        return any(
            getattr(self, f.name) is not None
            for f in fields(self)
            if f.name not in ("by", "unit", "plan_files", "hr_max", "threshold_hr", "threshold", "profile")
        )

    def names_ladder(self) -> bool:
        """Whether SPEC, segments, distance, start, end, step or a race fix the ladder (else: a default)."""
        keys = ("spec", "segments", "distance", "start", "end", "step", "from_race")
        return any(getattr(self, k) is not None for k in keys)


@dataclass(frozen=True)
class ScheduleRequest:
    """The weeks of a progression as typed: how many, from when, on which day, and the caps.

    `start_date` is `YYYY-MM-DD` (default: the next `day` from today); `day` is `mon`..`sun` (default
    wed, or the start date's weekday); `limit_end` the fastest allowed end pace (default: threshold pace
    when the session names a race, else `threshold_s_per_km`, the runner's threshold from the log).
    """

    weeks: int = 12
    start_date: str | None = None
    day: str | None = None
    hold: int = DEFAULT_HOLD_WEEKS
    deload_every: int | None = None
    max_segments: int | None = None
    limit_end: str | None = None
    #: how volume grows: `segments` (one more) or `time` (a minute more per segment, segments by time)
    grow: str = "segments"
    #: the fastest end when neither `limit_end` nor a race gives one: the runner's threshold (the
    #: profile's, or the one the log estimates), seconds per km
    threshold_s_per_km: float | None = None


def session_unit(spec: str | None, unit: Unit, *, explicit_unit: bool, plan_files: bool = True) -> Unit:
    """The unit to plan in: a spec naming its unit (`5x1km ...`) wins unless the runner chose `unit`."""
    if spec and not explicit_unit and not (plan_files and looks_like_file(spec)):
        return spec_unit(spec) or unit
    return unit


def default_spec(unit: Unit) -> str:
    """The spec planned when nothing describes a session: the article's 6 x 1 mi, or 10 x 1 km."""
    return DEFAULT_SPECS[unit]


def build_session(request: SessionRequest) -> tuple[Session, Fitness | None]:
    """The session the request describes, and the fitness its race gives (None without `from_race`).

    With the runner's maximum or threshold heart rate, heart-rate targets are in bpm.
    """
    session, fitness = _build_session(request)
    scale = hr_scale(request)
    if scale is not None:
        session = session.with_changes(hr=scale)
    zones = pace_zones(request, fitness)
    if zones is not None and session.paced:
        # a race's threshold is already checked against the end pace (`_build_session`)
        warn = () if fitness is not None else _past_threshold(session, zones)
        session = session.with_changes(pace_zones=zones, warnings=session.warnings + warn)
    return session, fitness


def pace_zones(request: SessionRequest, fitness: Fitness | None = None) -> PaceZones | None:
    """The runner's pace zones: from `threshold`, else the race's, else the profile's; None without."""
    from progtempo.fitness.zones import PaceZones

    unit = request.unit
    if request.threshold is not None:
        pace_s = parse_pace(request.threshold, unit)
        check_human_pace(pace_s, unit, "--threshold")
        return PaceZones.from_threshold(convert_pace(pace_s, unit, "km"))
    if fitness is not None:
        return PaceZones.from_vdot(fitness.vdot)
    known = request.profile.threshold_pace_s_per_km if request.profile is not None else None
    return PaceZones.from_threshold(known) if known is not None else None


def _past_threshold(session: Session, zones: PaceZones) -> tuple[str, ...]:
    """A warning when the ladder ends faster than the runner's threshold (beyond its window)."""
    t = convert_pace(zones.threshold_s, "km", session.unit)
    if session.end_pace_s >= t - session.tolerance_s:
        return ()
    return (
        f"the end pace {format_pace(session.end_pace_s, session.unit)} is faster than your threshold "
        f"{format_pace(t, session.unit)}: a progressive tempo ends comfortably hard, not flat out",
    )


def hr_scale(request: SessionRequest) -> HrScale | None:
    """The runner's heart-rate scale from what the request knows (threshold or maximum heart rate,
    through `fitness.zones.hr_zones`; the profile's when the options don't say), None without either."""
    known = request.profile
    hr_max = request.hr_max if request.hr_max is not None else (known.hr_max_bpm if known else None)
    threshold_hr = (
        request.threshold_hr
        if request.threshold_hr is not None
        else (known.threshold_hr_bpm if known else None)
    )
    if hr_max is None and threshold_hr is None:
        return None
    from progtempo.fitness.profile import Profile
    from progtempo.fitness.zones import hr_zones
    from progtempo.plan.effort import HrScale

    Profile(hr_max_bpm=hr_max, threshold_hr_bpm=threshold_hr)  # refuses what no runner has
    zones = hr_zones(threshold_hr, hr_max)
    assert zones is not None
    if zones.basis == "max_hr":
        return HrScale.from_max(zones.reference_bpm)
    lows = [float(z.low_bpm) for z in zones.zones]
    return HrScale.from_zone_edges(lows, float(zones.zones[-1].high_bpm), zones.basis)


def _build_session(request: SessionRequest) -> tuple[Session, Fitness | None]:
    """`build_session` before the runner's heart rate is applied.

    SPEC excludes the ladder options; otherwise any three of segments (or distance), start, end and
    step fix the fourth, and a race fills what is missing. Small steps shrink the default window to
    half a step; warm-up and cool-down run at `easy_pace`, else Daniels easy from the race, else 5 %
    slower than the start.
    """
    unit = request.unit
    spec = request.spec
    fitness: Fitness | None = None
    if request.from_race:
        from progtempo.fitness import assess, parse_race

        fitness = assess(*parse_race(request.from_race, unit), unit)
    tol = parse_seconds(request.tolerance, "--tolerance") if request.tolerance is not None else None
    by_effort = request.by == "effort"
    effort_pct: tuple[float | None, float | None] = (None, None)

    if spec is not None:
        given = [opt for key, opt in _LADDER_OPTIONS if getattr(request, key) is not None]
        if given:
            raise ProgtempoError(
                f"give either SPEC {spec!r} or {', '.join(given)}, not both: e.g. "
                '"6x1mi 10:00-7:30", or --segments 6 --start 10:00 --end 7:30'
            )
        session = read_plan(spec, unit, files=request.plan_files)
        by_effort = by_effort or session.by_effort
        effort_pct = (session.effort_from_pct, session.effort_to_pct)
        if tol is not None:
            session = resolved_with_tolerance(session, tol)
    else:
        seg_s = segment_time_s(request)
        seg_m: float | None = None
        if seg_s is None:
            seg_m = parse_distance(request.segment_length, unit) if request.segment_length else unit_m(unit)
        n = request.segments
        if request.distance is not None:
            assert seg_m is not None  # segment_time_s refuses --distance with --segment-time
            n = segments_in(parse_distance(request.distance, unit), seg_m, unit, request.segments)
        start_s = parse_pace(request.start, unit) if request.start is not None else None
        end_s = parse_pace(request.end, unit) if request.end is not None else None
        step_s = parse_seconds(request.step, "--step") if request.step is not None else None
        known = sum(x is not None for x in (n, start_s, end_s, step_s))
        if fitness is not None and known < 3:
            n, start_s, end_s, step_s = fill_from_fitness(fitness, n, start_s, end_s, step_s)
            known = sum(x is not None for x in (n, start_s, end_s, step_s))
        if by_effort and known < 3 and n is not None and start_s is None and end_s is None:
            # By effort on trails the paces may be unknown: the talk test carries the session.
            warm = easy_by_feel(request.warmup, unit, "warmup")
            cool = easy_by_feel(request.cooldown, unit, "cooldown")
            session = effort_session(
                unit,
                n,
                segment_m=seg_m,
                segment_s=seg_s,
                tolerance_s=DEFAULT_TOLERANCE_S if tol is None else tol,
                warmup=warm,
                cooldown=cool,
            )
            return session, fitness
        session = solve(
            unit=unit,
            segments=n,
            start_pace_s=start_s,
            end_pace_s=end_s,
            step_s=step_s,
            segment_m=seg_m,
            segment_s=seg_s,
            tolerance_s=DEFAULT_TOLERANCE_S if tol is None else tol,
        )

    if not session.paced:  # a spec by effort without paces: the warm-up and cool-down by time, by feel
        return session.with_changes(
            warmup=easy_by_feel(request.warmup, unit, "warmup"),
            cooldown=easy_by_feel(request.cooldown, unit, "cooldown"),
        ), fitness
    spec_tol = spec is not None and re.search(r"\btol", spec, re.IGNORECASE) is not None
    if tol is None and not spec_tol and session.segments > 1 and 0 < session.step_s < 2 * session.tolerance_s:
        # Small steps: the default window shrinks to half a step so neighbouring segments don't overlap.
        session = resolved_with_tolerance(session, session.step_s / 2)
    warnings = list(session.warnings)
    if fitness is not None:
        t = fitness.threshold_pace_s
        if session.end_pace_s < t - session.tolerance_s:
            warnings.append(
                f"the end pace {format_pace(session.end_pace_s, unit)} is faster than your threshold "
                f"{format_pace(t, unit)}: a progressive tempo ends comfortably hard, not flat out"
            )
    easy_s = _easy_pace_s(session, fitness, request.easy_pace, unit)
    if (request.warmup or request.cooldown) and not easy_s:
        raise ProgtempoError(
            "a warm-up or cool-down needs an easy pace: add --easy-pace, e.g. --easy-pace 10:30"
        )
    session = session.with_changes(
        warmup=easy_part(request.warmup, easy_s, unit, "warmup"),
        cooldown=easy_part(request.cooldown, easy_s, unit, "cooldown"),
        by_effort=by_effort,
        effort_from_pct=effort_pct[0],
        effort_to_pct=effort_pct[1],
        warnings=tuple(warnings),
    )
    return session, fitness


def segment_time_s(request: SessionRequest) -> float | None:
    """The time of one segment from `--segment-time` (`8min`, `90s`, `8:00`), None when not given."""
    if request.segment_time is None:
        return None
    for key, opt in (("segment_length", "--segment-length"), ("distance", "--distance")):
        if getattr(request, key) is not None:
            raise ProgtempoError(
                f"--segment-time and {opt} both set the segments: give one of them "
                "(with --segment-time, count them with --segments)"
            )
    try:
        seconds = parse_duration(request.segment_time)
    except ProgtempoError:
        raise ProgtempoError(
            f"--segment-time {request.segment_time!r} is not a time: write e.g. 8min, 90s or 8:00"
        ) from None
    check_segment_time(seconds)
    return seconds


def easy_by_feel(text: str | None, unit: Unit, what: str) -> Easy | None:
    """A warm-up or cool-down for a session without paces: a time, jogged by feel (no pace to time a
    distance with)."""
    if text is None:
        return None
    t = text.strip().lower()
    if ":" in t or _TIME_RE.fullmatch(t):
        return Easy(pace_s=math.nan, duration_s=parse_duration(t))
    raise ProgtempoError(
        f"--{what} {text!r}: this session by effort has no paces to time a distance with; give the "
        f"{what.replace('warmup', 'warm-up').replace('cooldown', 'cool-down')} as a time "
        f"(--{what} 10min), or give --start (or --from-race) for paces"
    )


def build_schedule(
    request: SessionRequest, weeks: ScheduleRequest, *, today: dt.date, command: str = "progression"
) -> Schedule:
    """The weeks ahead of the session `request` describes (`command` names the caller in errors).

    The first week is `start_date`, else the next `day` from `today`; the end pace is capped at
    `limit_end`, else at threshold pace when the request names a race, else at the runner's threshold
    (`weeks.threshold_s_per_km`) when known.
    """
    session, fitness = build_session(request)
    unit = session.unit
    limit: float | None = None
    if weeks.limit_end is not None:
        limit = parse_pace(weeks.limit_end, unit)
        check_human_pace(limit, unit, "--limit-end")
    elif fitness is not None:
        limit = fitness.threshold_pace_s
    elif weeks.threshold_s_per_km is not None:
        limit = convert_pace(weeks.threshold_s_per_km, "km", unit)
    first: dt.date
    if weeks.start_date is not None:
        try:
            first = dt.date.fromisoformat(weeks.start_date.strip())
        except ValueError:
            raise ProgtempoError(
                f"--start-date {weeks.start_date!r} is not a date: write YYYY-MM-DD, e.g. 2026-03-04"
            ) from None
        weekday = parse_weekday(weeks.day) if weeks.day else first.weekday()
    else:
        weekday = parse_weekday(weeks.day or DEFAULT_WEEKDAY)
        first = next_weekday(today, weekday)
    return progress(
        session,
        weeks=weeks.weeks,
        start_date=first,
        weekday=weekday,
        hold=weeks.hold,
        deload_every=weeks.deload_every,
        max_segments=weeks.max_segments,
        limit_end_pace_s=limit,
        grow=weeks.grow,
    )


def resolved_with_tolerance(session: Session, tolerance_s: float) -> Session:
    """The ladder of `session` solved again with another pace window (± `tolerance_s` per unit)."""
    if not session.paced:
        return session.with_changes(tolerance_s=tolerance_s)
    solved = solve(
        unit=session.unit,
        segments=session.segments,
        start_pace_s=session.start_pace_s,
        step_s=session.step_s,
        segment_m=session.segment_m,
        segment_s=session.segment_s,
        tolerance_s=tolerance_s,
    )
    return solved.with_changes(
        by_effort=session.by_effort,
        effort_from_pct=session.effort_from_pct,
        effort_to_pct=session.effort_to_pct,
    )


def segments_in(distance_m: float, segment_m: float, unit: Unit, segments: int | None) -> int:
    """How many `segment_m` segments make `distance_m`: a whole number, agreeing with `segments` if given."""
    exact = distance_m / segment_m
    n = round(exact)
    seg_txt = format_distance(segment_m, unit)
    if n < 1 or abs(exact - n) > 1e-3:
        lo, hi = max(1, math.floor(exact)), max(1, math.ceil(exact))
        alts = " or ".join(format_distance(k * segment_m, unit) for k in sorted({lo, hi}))
        raise ProgtempoError(
            f"{format_distance(distance_m, unit)} is not a whole number of {seg_txt} segments: "
            f"use --distance {alts}, or another --segment-length"
        )
    if segments is not None and segments != n:
        raise ProgtempoError(
            f"--segments {segments} and --distance {format_distance(distance_m, unit)} disagree "
            f"({n} segments of {seg_txt}): give one of them"
        )
    return n


def fill_from_fitness(
    fitness: Fitness, n: int | None, start: float | None, end: float | None, step: float | None
) -> tuple[int | None, float | None, float | None, float | None]:
    """Complete the ladder from fitness: end near threshold, start near easy, the suggested length."""
    from progtempo.plan.suggest import suggested_session

    suggested = suggested_session(fitness.vdot, fitness.unit)
    if end is None and start is not None and step is not None and n is None and step > 0:
        n = int((start - suggested.end_pace_s) / step + 1e-9) + 1
        return max(n, 1), start, None, step
    if end is None:
        end = suggested.end_pace_s
    if sum(x is not None for x in (n, start, end, step)) < 3 and start is None:
        start = suggested.start_pace_s
    if sum(x is not None for x in (n, start, end, step)) < 3 and n is None:
        n = suggested.segments
    return n, start, end, step


def easy_part(text: str | None, pace_s: float, unit: Unit, what: str) -> Easy | None:
    """A warm-up or cool-down (`what`) from `2mi`/`800m` (a distance) or `10min`/`15:00`/`600s` (a time)."""
    if text is None:
        return None
    t = text.strip().lower()
    if ":" in t or _TIME_RE.fullmatch(t):
        return Easy(pace_s=pace_s, duration_s=parse_duration(t))
    try:
        return Easy(pace_s=pace_s, distance_m=parse_distance(t, unit))
    except ProgtempoError:
        raise ProgtempoError(
            f"--{what} {text!r} is neither a distance nor a time: write e.g. --{what} 1mi, 2k, 10min or 15:00"
        ) from None


def _easy_pace_s(session: Session, fitness: Fitness | None, easy_pace: str | None, unit: Unit) -> float:
    """The warm-up/cool-down pace: as given, else Daniels easy, else EASY_MARGIN slower than the start.

    0.0 when there is none (a by-effort session without paces).
    """
    if easy_pace is not None:
        easy_s = parse_pace(easy_pace, unit)
        check_human_pace(easy_s, unit, "easy pace")
        return easy_s
    if fitness is not None:
        return sum(fitness.easy_pace_s) / 2
    slowest = convert_pace(1200.0, "km", unit)
    return min(session.start_pace_s * EASY_MARGIN, slowest) if math.isfinite(session.start_pace_s) else 0.0
