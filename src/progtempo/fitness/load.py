"""Training load: Banister's TRIMP from heart rate, rTSS from pace, and fitness, fatigue and form over days.

- **TRIMP** (Banister 1991): Σ minutes × x × k·e^(b·x) over the timer (moving) time, where x is the
  fraction of heart-rate reserve, (HR − rest) / (max − rest), clipped to 0..1; k = 0.64, b = 1.92 for
  men and k = 0.86, b = 1.67 for women. The heart rate of each step between two samples is the mean of
  its ends, binned to half a beat (`HrTime`), so the log can keep a run's heart-rate time and compute
  its TRIMP again when the profile changes.
- **rTSS** (TrainingPeaks): moving hours × IF² × 100, where IF = threshold pace / GAP (the run's average
  grade-adjusted pace): an hour at threshold pace scores 100.
- **CTL, ATL, TSB** (TrainingPeaks' Performance Management Chart): exponentially weighted daily load,
  CTL_d = CTL_(d−1) + (load_d − CTL_(d−1)) / 42, ATL_d the same over 7 days, both from 0 the day before
  the first day; form is yesterday's balance, TSB_d = CTL_(d−1) − ATL_(d−1).

Pure: no I/O. docs/fitness.md has the definitions and their sources.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from progtempo.fitness.profile import Profile, Sex

if TYPE_CHECKING:
    from progtempo.analysis.splits import Stream

#: Banister's constants (k, b) by sex.
TRIMP_CONSTANTS: dict[Sex, tuple[float, float]] = {"m": (0.64, 1.92), "f": (0.86, 1.67)}
#: TrainingPeaks' default time constants, in days.
CTL_DAYS = 42.0
ATL_DAYS = 7.0
#: Heart rate is binned to this many bpm when a run's heart-rate time is kept.
HR_BIN_BPM = 0.5


@dataclass(frozen=True)
class HrTime:
    """Seconds of moving time spent at each heart rate (bins of `HR_BIN_BPM`)."""

    seconds_by_bpm: tuple[tuple[float, float], ...]

    @property
    def total_s(self) -> float:
        return sum(s for _, s in self.seconds_by_bpm)

    def to_json(self) -> list[list[float]]:
        return [[bpm, s] for bpm, s in self.seconds_by_bpm]

    @classmethod
    def from_json(cls, doc: Iterable[Iterable[float]]) -> HrTime:
        pairs = []
        for item in doc:
            bpm, s = (float(v) for v in item)
            pairs.append((bpm, s))
        return cls(tuple(sorted(pairs)))


def hr_time(stream: Stream) -> HrTime | None:
    """The run's moving time at each heart rate; None without heart rate."""
    hr = stream.heart_rate
    if hr is None or hr.shape[0] < 2:
        return None
    a, b = hr[:-1], hr[1:]
    step = np.where(np.isfinite(a) & np.isfinite(b), (a + b) / 2, np.where(np.isfinite(a), a, b))
    dm = np.diff(stream.moving_s)
    ok = np.isfinite(step) & (dm > 0)
    if not ok.any():
        return None
    bins = np.round(step[ok] / HR_BIN_BPM) * HR_BIN_BPM
    keys, inverse = np.unique(bins, return_inverse=True)
    secs = np.bincount(inverse, weights=dm[ok])
    return HrTime(tuple((float(k), float(s)) for k, s in zip(keys, secs, strict=True)))


def trimp_missing(profile: Profile) -> list[str]:
    """What TRIMP still needs from the profile (option names), empty when it can be computed."""
    need = []
    if profile.hr_rest_bpm is None:
        need.append("--hr-rest")
    if profile.hr_max_bpm is None:
        need.append("--hr-max")
    if profile.sex is None:
        need.append("--sex")
    return need


def trimp(time_at_hr: HrTime, hr_rest_bpm: float, hr_max_bpm: float, sex: Sex) -> float:
    """Banister's TRIMP of the heart-rate time (see the module doc)."""
    k, b = TRIMP_CONSTANTS[sex]
    reserve = hr_max_bpm - hr_rest_bpm
    total = 0.0
    for bpm, seconds in time_at_hr.seconds_by_bpm:
        x = min(max((bpm - hr_rest_bpm) / reserve, 0.0), 1.0)
        total += seconds / 60.0 * x * k * math.exp(b * x)
    return total


def rtss(moving_s: float, gap_s_per_km: float, threshold_s_per_km: float) -> float:
    """TrainingPeaks' rTSS: moving hours × (threshold pace / GAP)² × 100."""
    intensity = threshold_s_per_km / gap_s_per_km
    return moving_s / 3600.0 * intensity * intensity * 100.0


@dataclass(frozen=True)
class RunLoad:
    """The load of one run; each value None when its inputs are missing, the note says which."""

    trimp: float | None
    rtss: float | None
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"trimp": self.trimp, "rtss": self.rtss, "note": self.note}


def run_load(
    time_at_hr: HrTime | None,
    moving_s: float | None,
    gap_s_per_km: float | None,
    profile: Profile,
    threshold_s_per_km: float | None = None,
) -> RunLoad:
    """TRIMP and rTSS of a run from its heart-rate time, moving time and average GAP.

    `threshold_s_per_km` is the threshold pace to score against when the profile has none (an estimate
    from the log).
    """
    notes: list[str] = []
    t: float | None = None
    if time_at_hr is None:
        notes.append("TRIMP needs heart rate, and this run has none")
    elif need := trimp_missing(profile):
        notes.append(f"TRIMP needs the runner's {', '.join(need)}")
    else:
        assert profile.hr_rest_bpm is not None and profile.hr_max_bpm is not None and profile.sex is not None
        t = trimp(time_at_hr, profile.hr_rest_bpm, profile.hr_max_bpm, profile.sex)
        notes.append("TRIMP from the heart-rate reserve")
    threshold = profile.threshold_pace_s_per_km or threshold_s_per_km
    r: float | None = None
    if moving_s is None or gap_s_per_km is None or not math.isfinite(gap_s_per_km) or gap_s_per_km <= 0:
        notes.append("rTSS needs a distance and moving time, and this run has none")
    elif threshold is None:
        notes.append("rTSS needs a threshold pace (--threshold, or a log that shows one)")
    else:
        r = rtss(moving_s, gap_s_per_km, threshold)
        src = "the profile's" if profile.threshold_pace_s_per_km is not None else "the log's estimated"
        notes.append(f"rTSS against {src} threshold pace")
    return RunLoad(t, r, "; ".join(notes))


@dataclass(frozen=True)
class PmcDay:
    """One day of the Performance Management Chart: the day's load, fitness, fatigue and form."""

    date: dt.date
    load: float
    ctl: float
    atl: float
    tsb: float

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "load": self.load,
            "ctl": self.ctl,
            "atl": self.atl,
            "tsb": self.tsb,
        }


def pmc(
    daily_load: Mapping[dt.date, float],
    start: dt.date,
    end: dt.date,
    *,
    ctl_days: float = CTL_DAYS,
    atl_days: float = ATL_DAYS,
) -> list[PmcDay]:
    """CTL, ATL and TSB for every day from `start` to `end` (inclusive), from 0 the day before `start`.

    Loads before `start` are not counted: begin the chart at the first day of the log to include them.
    """
    out: list[PmcDay] = []
    ctl = atl = 0.0
    day = start
    while day <= end:
        load = float(daily_load.get(day, 0.0))
        tsb = ctl - atl
        ctl += (load - ctl) / ctl_days
        atl += (load - atl) / atl_days
        out.append(PmcDay(day, load, ctl, atl, tsb))
        day += dt.timedelta(days=1)
    return out


__all__ = [
    "ATL_DAYS",
    "CTL_DAYS",
    "TRIMP_CONSTANTS",
    "HrTime",
    "PmcDay",
    "RunLoad",
    "hr_time",
    "pmc",
    "rtss",
    "run_load",
    "trimp",
    "trimp_missing",
]
