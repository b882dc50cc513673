"""The log's fitness and load: the runner's profile, the threshold over weeks, and training load per day.

- `profile` / `set_profile`: the athlete's own numbers (`progtempo athlete`).
- `fill_fitness`: runs imported before the log kept their heart-rate time, average GAP and step test are
  read again from their original files, once.
- `run_thresholds` / `threshold_weeks` / `current_threshold`: the threshold each progressive run shows
  and the running estimate over weeks (`fitness.trend`); the profile's threshold, when set, wins.
- `load_report`: TRIMP and rTSS of every activity (with the profile as it is now, the threshold as it was
  estimated on the day), summed per day, and CTL/ATL/TSB over them (`fitness.load.pmc`).

Days are local days in `store.tz`.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from progtempo.errors import ProgtempoError
from progtempo.fitness.load import HrTime, PmcDay, pmc, rtss, trimp, trimp_missing
from progtempo.fitness.profile import Profile
from progtempo.fitness.trend import WINDOW_DAYS, RunThreshold, ThresholdWeek, week_of, weekly
from progtempo.store import models
from progtempo.store.history_records import WeekVolume
from progtempo.store.log import Log
from progtempo.store.queries import find_athlete, history
from progtempo.store.records import StoredLevel
from progtempo.units import Unit, convert_pace, parse_unit

Metric = Literal["rtss", "trimp"]
#: The level verdicts that mean the level was held at or under its target.
HELD = ("cleared", "too_fast")
METRICS: tuple[Metric, ...] = ("rtss", "trimp")
#: The profile fields `athlete set --clear` names, and their columns.
PROFILE_FIELDS: dict[str, str] = {
    "hr-rest": "hr_rest_bpm",
    "hr-max": "hr_max_bpm",
    "sex": "sex",
    "threshold": "threshold_pace_s_per_km",
    "threshold-hr": "threshold_hr_bpm",
}


# ---------------------------------------------------------------------------------------------- profile


def profile(store: Log, athlete: str) -> Profile:
    """The athlete's profile (empty for an athlete the log doesn't know; NotVisible out of the store's
    user's reach, as every read)."""
    aid = find_athlete(store, athlete)
    with store.session() as s:
        a = s.get(models.Athlete, aid) if aid is not None else None
        if a is None:
            return Profile()
        return Profile(
            hr_rest_bpm=a.hr_rest_bpm,
            hr_max_bpm=a.hr_max_bpm,
            sex="m" if a.sex == "m" else "f" if a.sex == "f" else None,
            threshold_pace_s_per_km=a.threshold_pace_s_per_km,
            threshold_hr_bpm=a.threshold_hr_bpm,
        )


def set_profile(store: Log, athlete: str, given: Profile, clear: Sequence[str] = ()) -> Profile:
    """Set the fields `given` knows, forget those named in `clear`; the profile as saved.

    The result is checked as a whole (a new maximum below the stored resting rate is refused).
    """
    from progtempo.store.writes import athlete_id

    unknown = [c for c in clear if c not in PROFILE_FIELDS]
    if unknown:
        raise ProgtempoError(f"--clear {unknown[0]}: name one of {', '.join(PROFILE_FIELDS)}")
    current = profile(store, athlete)
    values = {f.name: getattr(current, f.name) for f in fields(Profile)}
    for c in clear:
        values[PROFILE_FIELDS[c]] = None
    values.update(
        {f.name: getattr(given, f.name) for f in fields(Profile) if getattr(given, f.name) is not None}
    )
    new = Profile(**values)  # checks the whole
    aid = athlete_id(store, athlete)

    def run(s: Session) -> None:
        a = s.get(models.Athlete, aid)
        for key, value in values.items():
            setattr(a, key, value)

    store.write(run)
    return new


# ---------------------------------------------------------------------------------------------- fill in


def fill_fitness(store: Log, athlete: str) -> int:
    """Read again the runs stored before the log kept their fitness columns; how many were filled."""
    from progtempo.store.rows import FITNESS_VERSION

    aid = find_athlete(store, athlete)
    if aid is None:
        return 0
    A, R = models.Activity, models.Result
    with store.session() as s:
        todo = s.execute(
            select(A.id, R.unit, R.levels, R.step_s_per_km)
            .outerjoin(R, R.activity_id == A.id)
            .where(A.athlete_id == aid, or_(A.fitness_version.is_(None), A.fitness_version < FITNESS_VERSION))
        ).all()
    for row in todo:
        store.write(partial(_fill_one, row=tuple(row)))
    return len(todo)


def _fill_one(s: Session, row: tuple[int, str | None, list[Any] | None, float | None]) -> None:
    """Fill one activity's load columns (and its result's step test) from its original file."""
    from progtempo.analysis import analyze
    from progtempo.store.rows import FITNESS_VERSION, fitness_from_levels, read_legs

    act_id, unit, levels, step_km = row
    act = s.get(models.Activity, act_id)
    if act is None:
        return
    act.fitness_version = FITNESS_VERSION
    try:
        legs = read_legs(Path(act.source).name, gzip.decompress(act.file_gz))
        leg = next((x for x in legs if getattr(x, "session_index", 1) == act.session_index), legs[0])
        an = analyze(leg, unit="mi" if unit == "mi" else "km")
    except (ProgtempoError, OSError, EOFError):
        return  # nothing more to read from it
    judged = None
    if levels is not None and unit in ("mi", "km"):
        read = [StoredLevel.from_json(lv, parse_unit(unit)) for lv in levels]  # the JSON column
        judged = [
            (lv.start_m, lv.start_m + lv.distance_m, lv.verdict in HELD)
            for lv in read
            if lv.actual_pace_s_per_km is not None
        ]
    fit = fitness_from_levels(an, judged, step_km)
    for key, value in fit.activity.items():
        setattr(act, key, value)
    result = s.scalar(select(models.Result).where(models.Result.activity_id == act_id))
    if result is not None:
        for key, value in fit.result.items():
            setattr(result, key, value)


# ---------------------------------------------------------------------------------------------- threshold


def run_thresholds(
    store: Log, athlete: str, *, between: tuple[dt.date, dt.date] | None = None
) -> list[RunThreshold]:
    """The threshold each progressive run showed, oldest first (only those dated within `between`,
    both days included, when given)."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return []
    A, R = models.Activity, models.Result
    with store.session() as s:
        rows = s.execute(
            select(
                A.id,
                A.start_time,
                R.threshold_pace_s_per_km,
                R.threshold_sd_s_per_km,
                R.threshold_hr_bpm,
                R.threshold_source,
            )
            .join(R, R.activity_id == A.id)
            .where(A.athlete_id == aid, R.threshold_pace_s_per_km.is_not(None), *_dated(A, between))
            .order_by(A.start_time, A.id)
        ).all()
    found = [
        RunThreshold(
            act_id,
            start.astimezone(store.tz).date(),
            pace,
            sd or pace * 0.03,
            hr,
            "deflection" if src == "deflection" else "sustained",
        )
        for act_id, start, pace, sd, hr, src in rows
        if pace is not None
    ]
    if between is None:
        return found
    return [e for e in found if between[0] <= e.date <= between[1]]


def threshold_weeks(
    store: Log, athlete: str, *, today: dt.date, since: dt.date | None = None
) -> list[ThresholdWeek]:
    """The running estimate at the end of every week from the first run that shows one (or the week of
    `since`) to `today`."""
    fill_fitness(store, athlete)
    weeks = weekly(run_thresholds(store, athlete), until=today)
    return [w for w in weeks if since is None or w.week_start + dt.timedelta(days=6) >= since]


def week_threshold(store: Log, athlete: str, day: dt.date) -> float | None:
    """The threshold pace (s/km) the log estimated for `day`'s week, what `load` scores a run's rTSS
    against when the profile has none; None when no run in the window before it shows one. Reads only:
    runs stored before the log kept fitness count once `load` or `history` has filled them in."""
    sunday = day + dt.timedelta(days=6 - day.weekday())
    window = (sunday - dt.timedelta(days=WINDOW_DAYS - 1), sunday)
    week = week_of(run_thresholds(store, athlete, between=window), day)
    return week.pace_s_per_km if week else None


def _dated(A: type[models.Activity], between: tuple[dt.date, dt.date] | None) -> list[Any]:
    """SQL conditions keeping the runs that may fall `between` the two local days (a day's margin each
    side for the time zone; the exact local date is checked after)."""
    if between is None:
        return []
    lo = dt.datetime.combine(between[0] - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    hi = dt.datetime.combine(between[1] + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
    return [A.start_time >= lo, A.start_time < hi]


@dataclass(frozen=True)
class Threshold:
    """The threshold pace (and heart rate) to plan and score with, and where it came from."""

    pace_s_per_km: float
    sd_s_per_km: float | None
    hr_bpm: float | None
    source: Literal["profile", "log"]
    week: ThresholdWeek | None = None

    def pace_s(self, unit: Unit) -> float:
        return convert_pace(self.pace_s_per_km, "km", unit)

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "pace_s": self.pace_s(unit),
            "sd_s": convert_pace(self.sd_s_per_km, "km", unit) if self.sd_s_per_km is not None else None,
            "hr_bpm": self.hr_bpm,
            "source": self.source,
        }


def current_threshold(store: Log, athlete: str, *, today: dt.date) -> Threshold | None:
    """The profile's threshold when set, else this week's estimate from the log; None when neither."""
    p = profile(store, athlete)
    weeks = threshold_weeks(store, athlete, today=today)
    this = weeks[-1] if weeks and weeks[-1].week_start == today - dt.timedelta(days=today.weekday()) else None
    if p.threshold_pace_s_per_km is not None:
        hr = p.threshold_hr_bpm if p.threshold_hr_bpm is not None else (this.hr_bpm if this else None)
        return Threshold(p.threshold_pace_s_per_km, None, hr, "profile", this)
    if this is None:
        return None
    hr = p.threshold_hr_bpm if p.threshold_hr_bpm is not None else this.hr_bpm
    return Threshold(this.pace_s_per_km, this.sd_s_per_km, hr, "log", this)


# ---------------------------------------------------------------------------------------------- load


@dataclass(frozen=True)
class LoadDay:
    """One day: its activities' TRIMP and rTSS, and the chart's load, fitness, fatigue and form."""

    date: dt.date
    activities: int
    trimp: float | None
    rtss: float | None
    pmc: PmcDay

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "activities": self.activities,
            "trimp": self.trimp,
            "rtss": self.rtss,
            "load": self.pmc.load,
            "ctl": self.pmc.ctl,
            "atl": self.pmc.atl,
            "tsb": self.pmc.tsb,
        }


@dataclass(frozen=True)
class LoadReport:
    """`progtempo load`: the days from `since`, the weeks' volume, and what the load could not count."""

    metric: Metric
    days: tuple[LoadDay, ...]
    weeks: tuple[WeekVolume, ...]
    activities: int
    without_load: int
    notes: tuple[str, ...]
    profile: Profile

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "profile": self.profile.to_json(unit),
            "activities": self.activities,
            "activities_without_load": self.without_load,
            "notes": list(self.notes),
            "days": [d.to_json() for d in self.days],
            "weeks": [w.to_json() for w in self.weeks],
        }


def load_report(
    store: Log,
    athlete: str,
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    metric: Metric | None = None,
) -> LoadReport:
    """Daily TRIMP and rTSS, CTL/ATL/TSB over the chosen `metric` (rTSS when any run has it, else TRIMP).

    The chart starts from the first activity in the log, so `since` only trims what is shown.
    """
    fill_fitness(store, athlete)
    p = profile(store, athlete)
    end = until or today
    aid = find_athlete(store, athlete)
    rows: list[Any] = []
    if aid is not None:
        A = models.Activity
        with store.session() as s:
            rows = list(
                s.execute(
                    select(A.start_time, A.moving_s, A.gap_s_per_km, A.hr_time, A.is_running)
                    .where(A.athlete_id == aid)
                    .order_by(A.start_time)
                ).all()
            )
    weeks = {w.week_start: w for w in weekly(run_thresholds(store, athlete), until=end)}
    per_day: dict[dt.date, list[tuple[float | None, float | None]]] = {}
    missing_trimp = trimp_missing(p)
    without = 0
    for start, moving, gap_km, hr_json, running in rows:
        day = start.astimezone(store.tz).date()
        if day > end:
            continue
        t = None
        if hr_json and not missing_trimp:
            assert p.hr_rest_bpm is not None and p.hr_max_bpm is not None and p.sex is not None
            t = trimp(HrTime.from_json(hr_json), p.hr_rest_bpm, p.hr_max_bpm, p.sex)
        r = None
        threshold = p.threshold_pace_s_per_km
        if threshold is None:
            wk = weeks.get(day - dt.timedelta(days=day.weekday()))
            threshold = wk.pace_s_per_km if wk is not None else None
        if running and moving and gap_km and threshold:
            r = rtss(moving, gap_km, threshold)
        per_day.setdefault(day, []).append((t, r))
    any_rtss = any(r is not None for v in per_day.values() for _, r in v)
    chosen: Metric = metric or ("rtss" if any_rtss else "trimp")
    notes: list[str] = []
    if missing_trimp:
        notes.append(f"no TRIMP: the profile needs {', '.join(missing_trimp)} (progtempo athlete set)")
    if p.threshold_pace_s_per_km is None:
        notes.append("rTSS against the threshold the log estimated on each day (set one with --threshold)")
    daily: dict[dt.date, float] = {}
    for day, values in per_day.items():
        picked = [t if chosen == "trimp" else r for t, r in values]
        without += sum(1 for v in picked if v is None)
        daily[day] = sum(v for v in picked if v is not None)
    if without:
        notes.append(f"{without} activit{'y' if without == 1 else 'ies'} without {chosen}: counted as 0")
    first = min(per_day) if per_day else (since or end)
    chart = pmc(daily, min(first, since or first), end)
    shown = [c for c in chart if since is None or c.date >= since]

    def total(values: list[float | None]) -> float | None:
        got = [v for v in values if v is not None]
        return sum(got) if got else None

    days = tuple(
        LoadDay(
            c.date,
            len(per_day.get(c.date, [])),
            total([t for t, _ in per_day.get(c.date, [])]),
            total([r for _, r in per_day.get(c.date, [])]),
            c,
        )
        for c in shown
    )
    vol = history(store, athlete, since=since, until=end, today=today).weeks
    return LoadReport(chosen, days, vol, sum(len(v) for v in per_day.values()), without, tuple(notes), p)


__all__ = [
    "METRICS",
    "PROFILE_FIELDS",
    "LoadDay",
    "LoadReport",
    "Metric",
    "Threshold",
    "current_threshold",
    "fill_fitness",
    "load_report",
    "profile",
    "run_thresholds",
    "set_profile",
    "threshold_weeks",
    "week_threshold",
]
