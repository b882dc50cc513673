"""Threshold over weeks: one estimate per run, combined into a running estimate with an honest uncertainty.

Each progressive run gives at most one threshold estimate (`RunThreshold`):

- from a **deflection** of heart rate against speed (`steptest`): the break, with the range of breaks
  within one χ² of the best as its uncertainty;
- otherwise from the **fastest level held at a sustainable heart rate**: a level cleared (at or faster
  than its target) whose steady heart rate did not keep climbing (under `SUSTAINABLE_CREEP_BPM_PER_MIN`).
  A progressive tempo ends "comfortably hard", near threshold, so this pace is read as threshold, with
  an uncertainty of a whole step (at least `MIN_SUSTAINED_SD_FRACTION` of the pace): it is a bound more
  than a measurement.

The running estimate at the end of each week combines the runs of the `WINDOW_DAYS` before it, each
weighted by its precision (1/σ²) and by its age (halving every `HALF_LIFE_DAYS`). Its uncertainty is the
weighted standard error, widened by the scatter of the estimates about their mean when they disagree
more than their own errors say. Paces are seconds per km; the uncertainty is one standard deviation.
Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from progtempo.fitness.steptest import StepTest
from progtempo.units import Unit, convert_pace

Source = Literal["deflection", "sustained"]

#: Runs older than this (days before the end of a week) no longer count in its estimate.
WINDOW_DAYS = 42
#: An estimate's weight halves every this many days of age.
HALF_LIFE_DAYS = 21.0
#: A level's steady heart rate rising faster than this (bpm per minute) was not sustainable.
SUSTAINABLE_CREEP_BPM_PER_MIN = 1.0
#: The uncertainty of a sustained-level estimate is at least this fraction of its pace.
MIN_SUSTAINED_SD_FRACTION = 0.03
#: A deflection's heart rate is read to a few beats: its uncertainty (one standard deviation).
HR_SD_BPM = 3.0
#: No estimate is taken as more precise than this (s per km, one standard deviation).
MIN_SD_S_PER_KM = 2.0


@dataclass(frozen=True)
class RunThreshold:
    """One run's threshold estimate: pace (and heart rate when a deflection gives it), with its σ."""

    activity_id: int
    date: dt.date
    pace_s_per_km: float
    sd_s_per_km: float
    hr_bpm: float | None
    source: Source

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "activity_id": self.activity_id,
            "date": self.date.isoformat(),
            "pace_s": convert_pace(self.pace_s_per_km, "km", unit),
            "sd_s": convert_pace(self.sd_s_per_km, "km", unit),
            "hr_bpm": self.hr_bpm,
            "source": self.source,
        }


@dataclass(frozen=True)
class ThresholdWeek:
    """The running estimate at the end of one ISO week (Monday `week_start`)."""

    week_start: dt.date
    pace_s_per_km: float
    sd_s_per_km: float
    hr_bpm: float | None
    hr_sd_bpm: float | None
    runs: int
    deflections: int

    def pace_s(self, unit: Unit) -> float:
        return convert_pace(self.pace_s_per_km, "km", unit)

    def to_json(self, unit: Unit) -> dict[str, Any]:
        y, w, _ = self.week_start.isocalendar()
        return {
            "week": f"{y}-W{w:02d}",
            "week_start": self.week_start.isoformat(),
            "threshold_pace_s": self.pace_s(unit),
            "threshold_pace_sd_s": convert_pace(self.sd_s_per_km, "km", unit),
            "threshold_hr_bpm": self.hr_bpm,
            "threshold_hr_sd_bpm": self.hr_sd_bpm,
            "runs": self.runs,
            "from_deflections": self.deflections,
        }


def run_threshold(
    activity_id: int,
    date: dt.date,
    test: StepTest,
    cleared: Sequence[bool],
    step_s_per_km: float | None,
) -> RunThreshold | None:
    """The threshold one run shows: its deflection, else its fastest level held at a sustainable heart
    rate (`cleared[i]`: level i was run at or faster than its target); None when it shows neither."""
    if test.deflection and test.threshold_speed_m_s and test.threshold_speed_range_m_s:
        pace = 1000.0 / test.threshold_speed_m_s
        lo, hi = test.threshold_speed_range_m_s
        sd = max((1000.0 / lo - 1000.0 / hi) / 2.0, MIN_SD_S_PER_KM)
        return RunThreshold(activity_id, date, pace, sd, test.threshold_hr_bpm, "deflection")
    held = [
        lv
        for lv, ok in zip(test.levels, cleared, strict=False)
        if ok
        and lv.hr_bpm is not None
        and lv.hr_creep_bpm_per_min is not None
        and lv.hr_creep_bpm_per_min <= SUSTAINABLE_CREEP_BPM_PER_MIN
        and lv.speed_m_s > 0
    ]
    if not held:
        return None
    best = max(held, key=lambda lv: lv.speed_m_s)
    pace = 1000.0 / best.speed_m_s
    sd = max(step_s_per_km or 0.0, MIN_SUSTAINED_SD_FRACTION * pace, MIN_SD_S_PER_KM)
    return RunThreshold(activity_id, date, pace, sd, None, "sustained")


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _combine(values: Sequence[float], sds: Sequence[float], ages: Sequence[float]) -> tuple[float, float]:
    """Precision- and age-weighted mean and its uncertainty (see the module doc)."""
    w = [0.5 ** (a / HALF_LIFE_DAYS) / (s * s) for a, s in zip(ages, sds, strict=True)]
    total = sum(w)
    mean = sum(wi * v for wi, v in zip(w, values, strict=True)) / total
    se = math.sqrt(sum(wi * wi * s * s for wi, s in zip(w, sds, strict=True))) / total
    if len(values) > 1:
        n_eff = total * total / sum(wi * wi for wi in w)
        scatter = sum(wi * (v - mean) ** 2 for wi, v in zip(w, values, strict=True)) / total
        se = max(se, math.sqrt(scatter / max(n_eff - 1.0, 1.0)))
    return mean, se


def weekly(estimates: Sequence[RunThreshold], until: dt.date | None = None) -> list[ThresholdWeek]:
    """The running estimate at the end of every week from the first estimate's to `until`'s (or the last's).

    A week with no run in the window before it has no estimate (it is left out, not guessed).
    """
    if not estimates:
        return []
    runs = sorted(estimates, key=lambda e: (e.date, e.activity_id))
    dates = [e.date for e in runs]
    first = _monday(runs[0].date)
    last = _monday(until or runs[-1].date)
    out: list[ThresholdWeek] = []
    week = first
    while week <= last:
        end = week + dt.timedelta(days=6)
        inside = runs[bisect_right(dates, end - dt.timedelta(days=WINDOW_DAYS)) : bisect_right(dates, end)]
        if inside:
            out.append(_week(week, inside))
        week += dt.timedelta(days=7)
    return out


def week_of(estimates: Sequence[RunThreshold], day: dt.date) -> ThresholdWeek | None:
    """The running estimate of `day`'s week alone (what `weekly` gives for that week), without the others."""
    week = _monday(day)
    end = week + dt.timedelta(days=6)
    inside = sorted(
        (e for e in estimates if end - dt.timedelta(days=WINDOW_DAYS) < e.date <= end),
        key=lambda e: (e.date, e.activity_id),
    )
    return _week(week, inside) if inside else None


def _week(week: dt.date, inside: Sequence[RunThreshold]) -> ThresholdWeek:
    """One week's estimate from the runs in the window ending on its Sunday (none may be empty)."""
    end = week + dt.timedelta(days=6)
    ages = [(end - e.date).days for e in inside]
    pace, sd = _combine([e.pace_s_per_km for e in inside], [e.sd_s_per_km for e in inside], ages)
    with_hr = [(e, a) for e, a in zip(inside, ages, strict=True) if e.hr_bpm is not None]
    hr = hr_sd = None
    if with_hr:
        hrs = [float(e.hr_bpm or 0.0) for e, _ in with_hr]
        hr, hr_sd = _combine(hrs, [HR_SD_BPM] * len(hrs), [a for _, a in with_hr])
    deflections = sum(1 for e in inside if e.source == "deflection")
    return ThresholdWeek(week, pace, sd, hr, hr_sd, len(inside), deflections)


def current(estimates: Sequence[RunThreshold], today: dt.date) -> ThresholdWeek | None:
    """The estimate as of `today`: this week's running estimate (None when no run falls in its window)."""
    weeks = weekly([e for e in estimates if e.date <= today], until=today)
    return weeks[-1] if weeks and weeks[-1].week_start == _monday(today) else None


__all__ = [
    "HALF_LIFE_DAYS",
    "WINDOW_DAYS",
    "RunThreshold",
    "ThresholdWeek",
    "current",
    "run_threshold",
    "week_of",
    "weekly",
]
