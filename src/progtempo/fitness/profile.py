"""The runner's own numbers: resting and maximum heart rate, sex, threshold pace and threshold heart rate.

Every field is optional: what is known sharpens what progtempo says (zones in bpm, the Banister
TRIMP, rTSS, effort labels from each pace against the runner's zones); what is not known is said to be
missing, never guessed. Paces are seconds per km inside, as everywhere. Pure: no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from progtempo.errors import ProgtempoError
from progtempo.units import Unit, check_human_pace, convert_pace, format_pace

Sex = Literal["m", "f"]
SEXES: tuple[Sex, ...] = ("m", "f")

#: Heart rates a runner's profile may hold: resting from 25 (elite bradycardia) to 120; maximum from
#: 100 to 230 (the oldest and the youngest hearts); threshold inside that.
HR_REST_RANGE = (25.0, 120.0)
HR_MAX_RANGE = (100.0, 230.0)
HR_THRESHOLD_RANGE = (80.0, 225.0)


@dataclass(frozen=True)
class Profile:
    """What is known about a runner; None where nothing is."""

    hr_rest_bpm: float | None = None
    hr_max_bpm: float | None = None
    sex: Sex | None = None
    threshold_pace_s_per_km: float | None = None
    threshold_hr_bpm: float | None = None

    def __post_init__(self) -> None:
        check_profile(self)

    @property
    def empty(self) -> bool:
        """Nothing is known."""
        return all(getattr(self, f.name) is None for f in fields(self))

    def merged(self, other: Profile) -> Profile:
        """This profile with every field `other` knows taken from `other` (options over the log)."""
        changes = {
            f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name) is not None
        }
        return replace(self, **changes) if changes else self

    def threshold_pace_s(self, unit: Unit) -> float | None:
        """Threshold pace in seconds per `unit`, None when unknown."""
        p = self.threshold_pace_s_per_km
        return convert_pace(p, "km", unit) if p is not None else None

    def to_json(self, unit: Unit) -> dict[str, Any]:
        """`athlete show --json`: heart rates in bpm, the threshold pace in s per `unit` and per km."""
        return {
            "hr_rest_bpm": self.hr_rest_bpm,
            "hr_max_bpm": self.hr_max_bpm,
            "sex": self.sex,
            "threshold_pace_s": self.threshold_pace_s(unit),
            "threshold_pace_s_per_km": self.threshold_pace_s_per_km,
            "threshold_hr_bpm": self.threshold_hr_bpm,
        }

    def describe(self, unit: Unit) -> list[str]:
        """One line per field, `unknown` where nothing is known (for `athlete show`)."""

        def bpm(x: float | None) -> str:
            return f"{x:.0f} bpm" if x is not None else "unknown"

        pace = self.threshold_pace_s(unit)
        return [
            f"resting HR     {bpm(self.hr_rest_bpm)}",
            f"maximum HR     {bpm(self.hr_max_bpm)}",
            f"sex            {dict(m='male', f='female').get(self.sex or '', 'unknown')}",
            f"threshold pace {format_pace(pace, unit) if pace is not None else 'unknown'}",
            f"threshold HR   {bpm(self.threshold_hr_bpm)}",
        ]


def _check_range(value: float | None, lo_hi: tuple[float, float], what: str, flag: str) -> None:
    if value is None:
        return
    lo, hi = lo_hi
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ProgtempoError(f"{flag} {value:g}: a {what} is between {lo:g} and {hi:g} bpm")


def check_profile(p: Profile) -> None:
    """Refuse numbers no runner has, and heart rates that contradict each other."""
    _check_range(p.hr_rest_bpm, HR_REST_RANGE, "resting heart rate", "--hr-rest")
    _check_range(p.hr_max_bpm, HR_MAX_RANGE, "maximum heart rate", "--hr-max")
    _check_range(p.threshold_hr_bpm, HR_THRESHOLD_RANGE, "threshold heart rate", "--threshold-hr")
    if p.sex is not None and p.sex not in SEXES:
        raise ProgtempoError(f"--sex {p.sex!r}: use m or f")
    if p.threshold_pace_s_per_km is not None:
        check_human_pace(p.threshold_pace_s_per_km, "km", "threshold pace")
    if p.hr_rest_bpm is not None and p.hr_max_bpm is not None and p.hr_max_bpm - p.hr_rest_bpm < 40:
        raise ProgtempoError(
            f"resting HR {p.hr_rest_bpm:g} and maximum HR {p.hr_max_bpm:g} are too close (a heart rate "
            "reserve under 40 bpm): check --hr-rest and --hr-max"
        )
    if p.threshold_hr_bpm is not None:
        if p.hr_max_bpm is not None and p.threshold_hr_bpm >= p.hr_max_bpm:
            raise ProgtempoError(
                f"threshold HR {p.threshold_hr_bpm:g} is not below the maximum {p.hr_max_bpm:g}: "
                "check --threshold-hr and --hr-max"
            )
        if p.hr_rest_bpm is not None and p.threshold_hr_bpm <= p.hr_rest_bpm + 30:
            raise ProgtempoError(
                f"threshold HR {p.threshold_hr_bpm:g} is barely above the resting {p.hr_rest_bpm:g}: "
                "check --threshold-hr and --hr-rest"
            )


def parse_sex(text: str | None) -> Sex | None:
    """`m`/`male`/`f`/`female` (any case) to a Sex; None stays None."""
    if text is None:
        return None
    t = text.strip().lower()
    if t in ("m", "male", "man"):
        return "m"
    if t in ("f", "female", "woman"):
        return "f"
    raise ProgtempoError(f"--sex {text!r}: use m or f (the TRIMP's constants differ between men and women)")


def profile_from_options(
    *,
    hr_rest: float | None = None,
    hr_max: float | None = None,
    sex: str | None = None,
    threshold: str | None = None,
    threshold_hr: float | None = None,
    unit: Unit = "mi",
) -> Profile:
    """A profile from what the runner typed: `--threshold 7:05` is read in `unit` (or names its own)."""
    from progtempo.units import parse_pace

    pace_km = convert_pace(parse_pace(threshold, unit), unit, "km") if threshold is not None else None
    return Profile(
        hr_rest_bpm=hr_rest,
        hr_max_bpm=hr_max,
        sex=parse_sex(sex),
        threshold_pace_s_per_km=pace_km,
        threshold_hr_bpm=threshold_hr,
    )


__all__ = ["SEXES", "Profile", "Sex", "check_profile", "parse_sex", "profile_from_options"]
