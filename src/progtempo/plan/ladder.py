"""The pace ladder: a `Session` of segments from a start pace down by a step, and what it says of itself.

Paces are seconds per `unit` (mile or km); a positive step means each segment is faster than the one
before. A segment is a distance (`segment_m`, one unit by default) or, for trails where a mile can take
8 minutes or 18, a time (`segment_s`): `6x8min by effort`, `5x10min 5:40-4:40/km`. By effort the
ladder climbs the talk test, with a heart-rate target per segment (`plan/effort.py`).

`plan/solve.py` builds a session from any three of segments, start, end and step; `plan/rungs.py` holds
its rungs (`Segment`, `Easy`); `plan/plan_json.py` reads a plan JSON's fields back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from progtempo.errors import ProgtempoError
from progtempo.plan.plan_json import session_fields, zone_efforts
from progtempo.plan.rungs import Easy, Segment
from progtempo.units import Unit, format_pace, format_step, unit_m

if TYPE_CHECKING:
    from progtempo.fitness.zones import PaceZones
    from progtempo.plan.effort import HrScale

DEFAULT_TOLERANCE_S = 5.0
#: A ladder longer than this is almost surely a typo (e.g. 60 segments for 6): say so, don't refuse.
LONG_SESSION_S = 3 * 3600.0


@dataclass(frozen=True)
class Session:
    """A progressive tempo session: `segments` rungs from `start_pace_s` down by `step_s` each.

    Each rung is `segment_m` long, or `segment_s` long in time (exactly one of the two is set). A
    session by effort may have no paces (NaN start and step): the talk test and heart rate carry it.
    """

    unit: Unit
    segments: int
    segment_m: float | None
    start_pace_s: float
    step_s: float
    tolerance_s: float = DEFAULT_TOLERANCE_S
    warmup: Easy | None = None
    cooldown: Easy | None = None
    by_effort: bool = False
    warnings: tuple[str, ...] = field(default=())
    #: How the runner felt when the session was adjusted (`jaded`, `normal`, `strong`), if it was.
    feel: str | None = None
    #: Advice that is not a warning (e.g. "room to go further"), shown under the table.
    notes: tuple[str, ...] = field(default=())
    #: The length of one segment in time (seconds) when the segments are by time; `segment_m` is then None.
    segment_s: float | None = None
    #: By effort: the heart-rate targets of the first and the last segment, % of max (None: the defaults,
    #: Z2 to Z5; an intensity step lifts the first, a deload lowers the last).
    effort_from_pct: float | None = None
    effort_to_pct: float | None = None
    #: The runner's heart rate in bpm (from their maximum or threshold), when known: targets in bpm.
    hr: HrScale | None = None
    #: The talk-test effort key of each segment when it is known from the runner's pace zones (the coach
    #: sets it); empty: by the ladder's own rule (`efforts()`).
    zone_efforts: tuple[str, ...] = field(default=())
    #: The runner's pace zones, when their threshold is known: pace-mode efforts come from each pace
    #: against them rather than from the place on the ladder. The runner's, not the level's: not compared.
    pace_zones: PaceZones | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        from progtempo.plan.effort import EFFORT_FROM_PCT, EFFORT_TO_PCT

        if (self.segment_m is None) == (self.segment_s is None):
            raise ProgtempoError("a segment is a distance or a time: give one of them, e.g. 1mi or 8min")
        # the default heart-rate range is None, however it was reached, so equal sessions compare equal
        for name, default in (("effort_from_pct", EFFORT_FROM_PCT), ("effort_to_pct", EFFORT_TO_PCT)):
            value = getattr(self, name)
            if value is not None and abs(value - default) < 1e-9:
                object.__setattr__(self, name, None)

    @property
    def by_time(self) -> bool:
        """Whether each segment is a time (`6x8min`) rather than a distance."""
        return self.segment_s is not None

    @property
    def paced(self) -> bool:
        """Whether the session has paces (a session by effort may be run by the talk test alone)."""
        return math.isfinite(self.start_pace_s)

    def split_s(self, pace_s: float) -> float:
        """How long one segment takes at `pace_s`: its time, or its distance at that pace."""
        if self.segment_s is not None:
            return self.segment_s
        assert self.segment_m is not None
        return self.segment_m / unit_m(self.unit) * pace_s

    def length_m(self, pace_s: float) -> float:
        """How far one segment goes at `pace_s`: its distance, or its time at that pace."""
        if self.segment_m is not None:
            return self.segment_m
        assert self.segment_s is not None
        return self.segment_s / pace_s * unit_m(self.unit)

    def effort_range_pct(self) -> tuple[float, float]:
        """By effort: the first and the last segment's heart-rate targets, % of max."""
        from progtempo.plan.effort import EFFORT_FROM_PCT, EFFORT_TO_PCT

        lo = EFFORT_FROM_PCT if self.effort_from_pct is None else self.effort_from_pct
        hi = EFFORT_TO_PCT if self.effort_to_pct is None else self.effort_to_pct
        return lo, hi

    def effort_targets_pct(self) -> list[float]:
        """By effort: every segment's heart-rate target, % of max, first to last."""
        from progtempo.plan.effort import effort_targets_pct

        return effort_targets_pct(self.segments, *self.effort_range_pct())

    @property
    def end_pace_s(self) -> float:
        return self.start_pace_s - (self.segments - 1) * self.step_s

    def target_paces_s(self) -> list[float]:
        """The target pace of every segment, first to last."""
        return [self.start_pace_s - i * self.step_s for i in range(self.segments)]

    def efforts(self) -> list[str]:
        """Every segment's talk-test effort key: by effort from its heart-rate target, by pace from
        conversational up to a few words along the ladder."""
        from progtempo.plan.effort import effort_for_segment, effort_of_pct

        if len(self.zone_efforts) == self.segments:
            return list(self.zone_efforts)
        if self.by_effort:
            return [effort_of_pct(p).key for p in self.effort_targets_pct()]
        if self.efforts_from_zones and self.pace_zones is not None:
            per_km = unit_m("km") / unit_m(self.unit)
            return [self.pace_zones.effort_of(p * per_km) for p in self.target_paces_s()]
        return [effort_for_segment(i, self.segments, top=self.effort_top).key for i in range(self.segments)]

    @property
    def efforts_from_zones(self) -> bool:
        """Whether pace-mode efforts come from the runner's pace zones (else from the place on the ladder)."""
        return not self.by_effort and self.pace_zones is not None and self.paced

    def segment(self, i: int, pace_s: float, before_s: float) -> Segment:
        """Segment `i` (0-based) run at `pace_s`, ending `before_s` + its time into the session."""
        from progtempo.plan.effort import effort_bands_pct

        split = self.split_s(pace_s)
        rng: tuple[float, float] | None = None
        tol = self.tolerance_s
        if self.segment_s is not None and math.isfinite(pace_s):
            u = unit_m(self.unit)
            rng = (self.segment_s / (pace_s + tol) * u, self.segment_s / max(pace_s - tol, 1.0) * u)
        band = effort_bands_pct(self.effort_targets_pct())[i] if self.by_effort else None
        bpm = self.hr.band_bpm(band) if band is not None and self.hr is not None else None
        return Segment(
            index=i + 1,
            distance_m=self.segment_m,
            target_pace_s=pace_s,
            slow_pace_s=pace_s + tol,
            fast_pace_s=pace_s - tol,
            split_time_s=split,
            cumulative_time_s=before_s + split,
            effort=self.efforts()[i],
            duration_s=self.segment_s,
            distance_range_m=rng,
            hr_target_pct=band,
            hr_target_bpm=bpm,
        )

    def ladder(self) -> list[Segment]:
        """Every segment with its window, split time, cumulative time and effort."""
        cumulative = self.warmup.time_s(self.unit) if self.warmup else 0.0
        out: list[Segment] = []
        for i, pace in enumerate(self.target_paces_s()):
            seg = self.segment(i, pace, cumulative)
            cumulative = seg.cumulative_time_s
            out.append(seg)
        return out

    @property
    def effort_top(self) -> int:
        """The talk-test level of the last segment: a few words by pace, a single word by effort.

        By pace the session ends "comfortably hard" (threshold, a few words); by effort the article's
        scale runs up to "mouth-breathe a solitary explicit word".
        """
        return 4 if self.by_effort else 3

    def in_unit(self, unit: Unit) -> Session:
        """The same session with paces, step and tolerance expressed per `unit`."""
        if unit == self.unit:
            return self

        def conv(x: float) -> float:
            return x * unit_m(unit) / unit_m(self.unit)

        def easy(e: Easy | None) -> Easy | None:
            if e is None:
                return None
            return Easy(pace_s=conv(e.pace_s), distance_m=e.distance_m, duration_s=e.duration_s)

        return replace(
            self,
            unit=unit,
            start_pace_s=conv(self.start_pace_s),
            step_s=conv(self.step_s),
            tolerance_s=conv(self.tolerance_s),
            warmup=easy(self.warmup),
            cooldown=easy(self.cooldown),
        )

    @property
    def ladder_distance_m(self) -> float | None:
        """The ladder's distance; None when its segments are times (see `distance_range_m`)."""
        return None if self.segment_m is None else self.segments * self.segment_m

    @property
    def ladder_time_s(self) -> float:
        return sum(self.split_s(p) for p in self.target_paces_s())

    def _easy_m(self) -> float:
        return sum(e.length_m(self.unit) for e in (self.warmup, self.cooldown) if e)

    @property
    def total_distance_m(self) -> float | None:
        """The whole session's distance; None when its segments are times (see `distance_range_m`)."""
        ladder = self.ladder_distance_m
        return None if ladder is None else ladder + self._easy_m()

    @property
    def planned_distance_m(self) -> float:
        """The distance at the target paces: the distance itself for segments by distance, an estimate
        (NaN without paces) for segments by time."""
        if self.total_distance_m is not None:
            return self.total_distance_m
        return sum(self.length_m(p) for p in self.target_paces_s()) + self._easy_m()

    @property
    def distance_range_m(self) -> tuple[float, float] | None:
        """How far the session goes: (slow end of every window, fast end) for segments by time; the
        distance twice for segments by distance; None when neither distance nor paces are known."""
        if self.total_distance_m is not None:
            return (self.total_distance_m, self.total_distance_m)
        if not self.paced:
            return None
        ranges = [s.distance_range_m for s in self.ladder()]
        easy = self._easy_m()
        return (
            sum(r[0] for r in ranges if r) + easy,
            sum(r[1] for r in ranges if r) + easy,
        )

    @property
    def total_time_s(self) -> float:
        extra = sum(e.time_s(self.unit) for e in (self.warmup, self.cooldown) if e)
        return self.ladder_time_s + extra

    @property
    def average_pace_s(self) -> float:
        """The average pace at the targets (NaN without paces)."""
        return self.total_time_s / (self.planned_distance_m / unit_m(self.unit))

    def with_changes(self, **changes: Any) -> Session:
        """A copy with some fields changed (`dataclasses.replace`)."""
        return replace(self, **changes)

    @property
    def spec_unit(self) -> Unit:
        """The unit the segments were given in: the other unit when they are a whole number of it and not
        a round length of this one (6 x 1 mi read under --unit km stays a mile ladder)."""
        if self.segment_m is None:
            return self.unit
        other: Unit = "km" if self.unit == "mi" else "mi"
        own = self.segment_m / unit_m(self.unit)
        whole = self.segment_m / unit_m(other)
        if abs(own * 1000 - round(own * 1000)) < 1e-6 or round(whole) < 1 or abs(whole - round(whole)) > 1e-9:
            return self.unit
        return other

    @property
    def converted(self) -> bool:
        """Whether the paces are a conversion from the spec's own unit (shown in whole seconds)."""
        return self.spec_unit != self.unit

    def _in_spec_unit(self, x: float) -> float:
        return round(x * unit_m(self.spec_unit) / unit_m(self.unit), 6)

    def segment_text(self) -> str:
        """One segment as the spec writes it: `1mi`, `800m`, `8min`, `90s` (in the spec's own unit)."""
        if self.segment_s is not None:
            return segment_time_text(self.segment_s)
        assert self.segment_m is not None
        su = self.spec_unit
        seg = self.segment_m / unit_m(su)
        return f"{seg:g}{su}" if abs(seg * 1000 - round(seg * 1000)) < 1e-6 else f"{self.segment_m:g}m"

    def _effort_suffix(self) -> str:
        """` by effort`, plus the heart-rate range when it isn't the default one."""
        from progtempo.plan.effort import EFFORT_FROM_PCT, EFFORT_TO_PCT

        if not self.by_effort:
            return ""
        lo, hi = self.effort_range_pct()
        if abs(lo - EFFORT_FROM_PCT) < 1e-6 and abs(hi - EFFORT_TO_PCT) < 1e-6:
            return " by effort"
        return f" by effort {lo:g}-{hi:g}%"

    def describe(self) -> str:
        """`6x1mi 10:00-7:30/mi, 30 s steps`, `6x8min by effort`: the compact spec a runner reads.

        A ladder read in the other unit keeps its own and adds the paces converted, in whole seconds:
        `6x1mi 10:00-7:30/mi (6:13-4:40/km), 30 s/mi steps`.
        """
        head = f"{self.segments}x{self.segment_text()}"
        if not self.paced:
            return head + self._effort_suffix()
        own = f"{format_pace(self.start_pace_s)}-{format_pace(self.end_pace_s)}/{self.unit}"
        if self.converted:
            su = self.spec_unit
            start, end = self._in_spec_unit(self.start_pace_s), self._in_spec_unit(self.end_pace_s)
            return (
                f"{head} {format_pace(start)}-{format_pace(end)}/{su} ({own}), "
                f"{format_step(self._in_spec_unit(self.step_s))}/{su} steps"
            )
        return f"{head} {own}, {format_step(self.step_s)} steps"

    def spec(self) -> str:
        """The compact spec that parses back to this ladder: `6x1mi 10:00 step 30 tol 8`,
        `6x8min by effort` (in the spec's own unit for a ladder read in the other)."""
        txt = f"{self.segments}x{self.segment_text()}"
        if self.paced:
            start = format_pace(self._in_spec_unit(self.start_pace_s), decimals=1).removesuffix(".0")
            step = self._in_spec_unit(self.step_s)
            txt += f" {start} step {step:g}" if self.segments > 1 else f" {start}-{start}"
            if self.tolerance_s != DEFAULT_TOLERANCE_S:
                txt += f" tol {self._in_spec_unit(self.tolerance_s):g}"
        return txt + self._effort_suffix()

    def to_json(self) -> dict[str, Any]:
        """The plan JSON of DESIGN.md: paces in seconds per `unit`, distances in metres."""
        rng = self.distance_range_m
        doc: dict[str, Any] = {
            "unit": self.unit,
            "segment_m": self.segment_m,
            "segment_s": self.segment_s,
            "start_pace_s": self.start_pace_s,
            "end_pace_s": self.end_pace_s,
            "step_s": self.step_s,
            "tolerance_s": self.tolerance_s,
            "by": "effort" if self.by_effort else "pace",
            "effort_pct_max": list(self.effort_range_pct()) if self.by_effort else None,
            "hr_scale": self.hr.to_json() if self.hr else None,
            "pace_zones": self.pace_zones.to_json() if self.pace_zones else None,
            "efforts_from": "zones"
            if self.efforts_from_zones
            else ("effort" if self.by_effort else "ladder"),
            "segments": [s.to_json() for s in self.ladder()],
            "total_distance_m": self.total_distance_m,
            "distance_range_m": list(rng) if rng else None,
            "total_time_s": self.total_time_s,
            "average_pace_s": self.average_pace_s,
            "warnings": list(self.warnings),
            "spec": self.spec(),
        }
        if self.feel:
            doc["feel"] = self.feel
        if self.notes:
            doc["notes"] = list(self.notes)
        if self.warmup:
            doc["warmup"] = self.warmup.to_json(self.unit)
        if self.cooldown:
            doc["cooldown"] = self.cooldown.to_json(self.unit)
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Session:
        """Read back a plan JSON written by `to_json` (`progtempo plan --json`).

        Every number is checked (finite, in range: human paces, at most MAX_SEGMENTS segments of at
        most MAX_SEGMENT_M or MAX_SEGMENT_S), and a bad one is named: a hand-edited or damaged file
        says what is wrong. Paces may be null in a session by effort (they are NaN). The fields are
        read by `plan/plan_json.py`.
        """
        try:
            session = cls(**session_fields(doc))
            keys = zone_efforts(doc["segments"])
            return (
                replace(session, zone_efforts=keys) if keys and keys != tuple(session.efforts()) else session
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            if isinstance(exc, ProgtempoError):
                raise
            raise ProgtempoError(
                f"not a plan JSON ({exc!s}): write one with `progtempo plan ... --json`"
            ) from None


def segment_time_text(seconds: float) -> str:
    """A segment's time as a spec writes it: `8min` in whole minutes, else `90s`, `450s`."""
    if seconds >= 60 and abs(seconds / 60 - round(seconds / 60)) < 1e-9:
        return f"{round(seconds / 60)}min"
    return f"{seconds:g}s"
