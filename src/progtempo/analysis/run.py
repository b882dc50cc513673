"""An analysed run: `analyze(activity, unit=…)` and the `Analysis` it returns.

It cleans the streams (distance, pauses, elevation, grade; see `clean`), computes the grade-adjusted
distance (`gap`) and the splits (`splits`). Pure: no I/O, no printing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from progtempo.activity import Activity, iso_utc
from progtempo.analysis import clean, plausible
from progtempo.analysis.channels import with_power_and_cadence
from progtempo.analysis.elevation import GapConfidence, clean_elevation
from progtempo.analysis.gap import GapModel, check_model, gap_distance_m
from progtempo.analysis.hr import average_hr, clean_heart_rate
from progtempo.analysis.splits import (
    BEATS,
    DOWN,
    HR_WEIGHT,
    UP,
    Split,
    Stream,
    splits_at,
    unit_splits,
)
from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.finite import finite_or_none
from progtempo.limits import DEFAULT as DEFAULT_LIMITS
from progtempo.limits import Limits
from progtempo.units import Unit, unit_m

if TYPE_CHECKING:
    import pandas


@dataclass
class Analysis:
    """An analysed run: the activity, its cleaned streams, its splits and a summary."""

    activity: Activity
    unit: Unit
    split_m: float
    stream: Stream
    splits: list[Split]
    distance_m: float
    elapsed_s: float
    moving_s: float
    elev_gain_m: float
    elev_loss_m: float
    avg_hr: float | None
    max_hr: float | None
    distance_source: clean.DistanceSource
    gap_model: GapModel
    has_elevation: bool
    has_heart_rate: bool
    spikes_removed: int = 0
    #: implausible stretches of GPS altitude mended (analysis/elevation.py)
    altitude_mended: int = 0
    #: how far the GAP can be trusted: high (barometric), medium (clean GPS altitude), low, none
    gap_confidence: GapConfidence = "none"
    warnings: list[str] = field(default_factory=list)

    @property
    def pace_s(self) -> float:
        """Average moving pace, seconds per unit (NaN without distance)."""
        return self.moving_s / self.distance_m * unit_m(self.unit) if self.distance_m > 0 else math.nan

    @property
    def gap_s(self) -> float:
        """Average grade-adjusted pace over the whole run, seconds per unit."""
        gd = float(self.stream.gap_distance_m[-1]) if len(self.stream) else 0.0
        return self.moving_s / gd * unit_m(self.unit) if gd > 0 else math.nan

    def splits_frame(self) -> pandas.DataFrame:
        """The splits as a pandas DataFrame (needs `progtempo[pandas]`): one row each, where it starts
        (`start_time`, a UTC timestamp; `start_m`), its length and times, pace and GAP in seconds per this
        analysis' unit (`pace_s_per_mi` or `_per_km`), climb, heart rate, power and cadence."""
        from progtempo.frames import frame

        u, t0, sp = self.unit, self.activity.start_time.timestamp(), self.splits

        def col(name: str) -> list[Any]:
            return [getattr(s, name) for s in sp]

        columns: dict[str, Any] = {
            "index": col("index"),
            "start_time": [t0 + s.start_s for s in sp],
            **{
                c: np.array(col(c), dtype=np.float64)
                for c in ("start_m", "distance_m", "elapsed_s", "moving_s")
            },
            f"pace_s_per_{u}": np.array(col("pace_s"), dtype=np.float64),
            f"gap_s_per_{u}": np.array(col("gap_s"), dtype=np.float64),
            **{
                c: np.array([np.nan if v is None else v for v in col(c)], dtype=np.float64)
                for c in (
                    "elev_gain_m",
                    "elev_loss_m",
                    "avg_grade",
                    "avg_hr",
                    "max_hr",
                    "avg_power_w",
                    "avg_cadence_spm",
                )
            },
            "partial": col("partial"),
        }
        return frame(columns, utc=["start_time"], what="the splits")

    def splits_at(self, boundaries_m: Any, *, nominal_m: float | None = None) -> list[Split]:
        """Splits between any distance boundaries of this run, in its unit."""
        return splits_at(self.stream, boundaries_m, self.unit, nominal_m=nominal_m)

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md's analyze JSON: unit, activity summary, splits, device laps, warnings."""
        a = self.activity
        return {
            "unit": self.unit,
            "split_m": self.split_m,
            "gap_model": self.gap_model,
            "activity": {
                "source": a.source,
                "format": a.format,
                "sport": a.sport,
                "sub_sport": a.sub_sport,
                "name": a.name,
                "device": a.device,
                "start_time": iso_utc(a.start_time),
                "records": len(a),
                "distance_m": self.distance_m,
                "elapsed_s": self.elapsed_s,
                "moving_s": self.moving_s,
                "paused_s": self.elapsed_s - self.moving_s,
                "pace_s": finite_or_none(self.pace_s),
                "gap_s": finite_or_none(self.gap_s),
                "elev_gain_m": self.elev_gain_m,
                "elev_loss_m": self.elev_loss_m,
                "avg_hr": self.avg_hr,
                "max_hr": self.max_hr,
                "has_elevation": self.has_elevation,
                "has_heart_rate": self.has_heart_rate,
                "distance_source": self.distance_source,
                "altitude_source": a.altitude_source,
                "timer_pauses": len(a.pauses),
                "spikes_removed": self.spikes_removed,
                "altitude_mended": self.altitude_mended,
                "gap_confidence": self.gap_confidence,
            },
            "splits": [s.to_json() for s in self.splits],
            "laps": [lap.to_json() for lap in a.laps],
            "warnings": list(self.warnings),
        }


def _finite_max(x: np.ndarray[Any, np.dtype[np.float64]]) -> float | None:
    f = x[np.isfinite(x)]
    return float(f.max()) if f.size else None


#: The shortest split worth timing: a track's 100 m; below it GPS noise is the split.
MIN_SPLIT_M = 100.0


def analyze(
    activity: Activity,
    *,
    unit: Unit,
    split_m: float | None = None,
    gap_model: GapModel | str = "strava",
    not_after: dt.datetime | None = None,
    limits: Limits | None = None,
) -> Analysis:
    """Clean an activity's streams and split it every `split_m` metres (default one `unit`).

    Impossible values are dropped first (`plausible`), records timed after `not_after` among them (the
    caller knows what "now" is; the analysis reads no clock). `Analysis.activity` is the cleaned copy.
    More records or splits than `limits` allow are refused (ProgtempoError), before any work.
    """
    limits = limits or DEFAULT_LIMITS
    model = check_model(gap_model)
    if split_m is not None and not split_m > 0:
        raise ProgtempoError(f"split length {split_m} m: give a positive distance such as 1mi, 1km or 400m")
    if split_m is not None and split_m < MIN_SPLIT_M:
        raise ProgtempoError(
            f"splits of {split_m:g} m are too short to mean anything (GPS is good to a few metres): use "
            f"{MIN_SPLIT_M:g} m or more, e.g. 400m, 1km or 1mi ('m' is metres, 'mi' miles)"
        )
    split = float(split_m) if split_m else unit_m(unit)
    if len(activity) == 0:
        raise ActivityReadError(activity.source or "activity", "has no records: nothing to analyse")
    too_many = limits.records_problem(len(activity))
    if too_many:
        raise ActivityReadError(activity.source or "activity", too_many)
    activity, dropped = plausible.drop_impossible(activity, not_after=not_after)
    time_s = np.asarray(activity.time_s, dtype=np.float64)
    n = time_s.shape[0]
    warnings = list(activity.warnings) + dropped

    vmax = plausible.max_speed_m_s(activity.sport)
    distance, source = clean.choose_distance(
        time_s, activity.distance_m, activity.lat, activity.lon, activity.speed_m_s, vmax
    )
    if source == "none":
        warnings.append("no distance: the file has neither a distance stream nor positions, so no splits")
    if not activity.is_running:
        warnings.append(f"sport is {activity.sport}, not running: paces and GAP assume running")

    standing = None
    if n >= 2 and not activity.pauses:
        # the cleaned distance no longer grows while standing (GPS jitter is filtered in gps_distance)
        standing = clean.standing_steps(time_s, np.zeros(n, dtype=np.bool_), np.diff(distance))
    moving = clean.moving_time(time_s, distance, activity.pauses, standing)
    moving = plausible.moving_floor(time_s, distance, moving, vmax)

    steps_m = np.diff(distance)
    elevation = clean_elevation(time_s, distance, activity.altitude_m, activity.altitude_source)
    altitude = elevation.altitude_m
    if altitude is not None:
        grade, step_grade = clean.sample_and_step_grades(distance, altitude)
    else:
        grade = np.zeros(n)
        step_grade = np.zeros(max(n - 1, 0))
    gap_dist = gap_distance_m(steps_m, step_grade, model)

    hr = clean_heart_rate(activity.heart_rate) if activity.heart_rate is not None else None
    has_hr = hr is not None and bool(np.isfinite(hr).any())
    stream = Stream(
        time_s=time_s,
        distance_m=distance,
        moving_s=moving,
        altitude_m=altitude,
        grade=grade,
        gap_distance_m=gap_dist,
        heart_rate=hr if has_hr else None,
    )
    if source != "none":
        what = f"{distance[-1] / 1000:,.1f} km in splits of {split:g} m"
        too_many = limits.splits_problem(int(distance[-1] // split) + 1, what)
        if too_many:
            raise ProgtempoError(f"{activity.source or 'the activity'}: {too_many}")
    splits = unit_splits(stream, split, unit) if source != "none" else []
    splits = with_power_and_cadence(splits, time_s, moving, activity.power, activity.cadence)
    cum = stream.cumulative[:, -1]
    gain, loss = float(cum[UP]), float(cum[DOWN])
    avg = float(cum[BEATS] / cum[HR_WEIGHT]) if has_hr and cum[HR_WEIGHT] > 0 else math.nan
    if has_hr and hr is not None and not math.isfinite(avg):
        avg = average_hr(hr, moving)
    return Analysis(
        activity=activity,
        unit=unit,
        split_m=split,
        stream=stream,
        splits=splits,
        distance_m=float(distance[-1]),
        elapsed_s=float(time_s[-1] - time_s[0]),
        moving_s=float(moving[-1]),
        elev_gain_m=gain,
        elev_loss_m=loss,
        avg_hr=finite_or_none(avg),
        max_hr=_finite_max(hr) if has_hr and hr is not None else None,
        distance_source=source,
        gap_model=model,
        has_elevation=altitude is not None,
        has_heart_rate=has_hr,
        spikes_removed=elevation.spikes,
        altitude_mended=elevation.mended,
        gap_confidence=elevation.gap_confidence,
        warnings=warnings,
    )
