"""The pace ladder: segments, a start pace, an end pace and a step; any three fix the fourth.

Paces are seconds per `unit` (mile or km); a positive step means each segment is faster than the one
before. A segment is a distance (`segment_m`, one unit by default) or, for trails where a mile can take
8 minutes or 18, a time (`segment_s`): `6x8min by effort`, `5x10min 5:40-4:40/km`. By effort the
ladder climbs the talk test, with a heart-rate target per segment (`plan/effort.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from progtempo.errors import ProgtempoError
from progtempo.units import Unit, check_human_pace, format_duration, format_pace, format_step, unit_m

if TYPE_CHECKING:
    from progtempo.fitness.zones import PaceZones
    from progtempo.plan.effort import HrScale

DEFAULT_TOLERANCE_S = 5.0
#: A ladder longer than this is almost surely a typo (e.g. 60 segments for 6): say so, don't refuse.
LONG_SESSION_S = 3 * 3600.0
_EPS = 1e-6


@dataclass(frozen=True)
class Easy:
    """A warm-up or cool-down at easy pace, given as a distance or a time (one of them)."""

    pace_s: float
    distance_m: float | None = None
    duration_s: float | None = None

    def time_s(self, unit: Unit) -> float:
        """How long it takes at its pace."""
        if self.duration_s is not None:
            return self.duration_s
        return (self.distance_m or 0.0) / unit_m(unit) * self.pace_s

    def length_m(self, unit: Unit) -> float:
        """How far it goes at its pace."""
        if self.distance_m is not None:
            return self.distance_m
        return (self.duration_s or 0.0) / self.pace_s * unit_m(unit)

    def to_json(self, unit: Unit) -> dict[str, float | None]:
        """`pace_s`, `distance_m` and `time_s`, and `duration_s` when it was given as a time."""
        return {
            "pace_s": self.pace_s,
            "distance_m": self.length_m(unit),
            "time_s": self.time_s(unit),
            "duration_s": self.duration_s,
        }


@dataclass(frozen=True)
class Segment:
    """One rung of the ladder, as it is shown and exported.

    A segment by distance has `distance_m`; one by time has `duration_s` (and `distance_m` None), and
    with paces the distance it should cover, slow end to fast end of the window (`distance_range_m`).
    By effort, `hr_target_pct` is its heart-rate band in % of max.
    """

    index: int
    distance_m: float | None
    target_pace_s: float
    slow_pace_s: float
    fast_pace_s: float
    split_time_s: float
    cumulative_time_s: float
    effort: str
    duration_s: float | None = None
    distance_range_m: tuple[float, float] | None = None
    hr_target_pct: tuple[float, float] | None = None
    #: `hr_target_pct` in the runner's bpm, when their heart rate is known
    hr_target_bpm: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        """One entry of the plan JSON's `segments`: DESIGN.md keys plus the talk test, RPE and HR zone."""
        from progtempo.fitness.effort import EFFORT_BY_KEY

        e = EFFORT_BY_KEY.get(self.effort)
        doc: dict[str, Any] = {
            "index": self.index,
            "distance_m": self.distance_m,
            "duration_s": self.duration_s,
            "distance_range_m": list(self.distance_range_m) if self.distance_range_m else None,
            "target_pace_s": self.target_pace_s,
            "slow_pace_s": self.slow_pace_s,
            "fast_pace_s": self.fast_pace_s,
            "split_time_s": self.split_time_s,
            "effort": self.effort,
            "cumulative_time_s": self.cumulative_time_s,
        }
        if e is not None:
            doc.update(
                talk_test=e.talk,
                rpe_low=e.rpe_low,
                rpe_high=e.rpe_high,
                hr_zone=e.hr_zone,
                hr_pct_max=[e.hr_pct_max_low, e.hr_pct_max_high],
            )
        band = self.hr_target_pct
        doc["hr_target_pct"] = [round(band[0], 1), round(band[1], 1)] if band else None
        doc["hr_target_bpm"] = list(self.hr_target_bpm) if self.hr_target_bpm else None
        return doc


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
        says what is wrong. Paces may be null in a session by effort (they are NaN).
        """
        try:
            unit: Unit = doc["unit"]
            if unit not in ("mi", "km"):
                raise ProgtempoError(f"plan JSON has unit {unit!r}: expected mi or km")
            segs = doc["segments"]
            n = len(segs) if isinstance(segs, list) else _number(doc, "segments")
            if n != int(n) or not 1 <= n <= MAX_SEGMENTS:
                shown = f"{int(n):,}" if n == int(n) else f"{n:g}"
                raise ProgtempoError(f"segments is {shown}: give a whole number from 1 to {MAX_SEGMENTS}")
            seg_m = _maybe_number(doc, "segment_m")
            seg_s = _maybe_number(doc, "segment_s") if "segment_s" in doc else None
            if seg_m is not None and not 0 < seg_m <= MAX_SEGMENT_M:
                raise ProgtempoError(f"segment_m is {seg_m:g}: give a length from 1 m to {MAX_SEGMENT_M:g} m")
            if seg_s is not None and not 0 < seg_s <= MAX_SEGMENT_S:
                raise ProgtempoError(f"segment_s is {seg_s:g}: give a time from 1 s to {MAX_SEGMENT_S:g} s")
            by_effort = doc.get("by") == "effort"
            start = _maybe_number(doc, "start_pace_s", nan_is_null=by_effort)
            step = _maybe_number(doc, "step_s", nan_is_null=by_effort)
            tolerance = _number(doc, "tolerance_s") if "tolerance_s" in doc else DEFAULT_TOLERANCE_S
            if not 0 <= tolerance <= MAX_TOLERANCE_S:
                raise ProgtempoError(f"tolerance_s is {tolerance:g}: give 0 to {MAX_TOLERANCE_S:g} seconds")
            for key, value in (("start_pace_s", start), ("step_s", step)):
                if value is None and doc.get("by") != "effort":
                    raise ProgtempoError(
                        f"{key} is null: a session by pace needs it (only one by effort has none)"
                    )
            if step is not None and step < 0:
                raise ProgtempoError(
                    f"step_s is {step:g}: a progressive ladder gets faster, by a positive step"
                )
            if start is not None:
                check_human_pace(start, unit, "start_pace_s")
                end = start - (int(n) - 1) * (step or 0.0)
                check_human_pace(end, unit, "the end pace (start_pace_s less the steps)")
            warm = doc.get("warmup")
            cool = doc.get("cooldown")
            effort = doc.get("effort_pct_max")
            scale = doc.get("hr_scale")
            zones = doc.get("pace_zones")
            session = cls(
                unit=unit,
                segments=int(n),
                segment_m=seg_m,
                segment_s=seg_s,
                start_pace_s=math.nan if start is None else start,
                step_s=math.nan if step is None else step,
                tolerance_s=tolerance,
                warmup=_easy_from_json(warm, "warmup", unit) if warm else None,
                cooldown=_easy_from_json(cool, "cooldown", unit) if cool else None,
                by_effort=doc.get("by") == "effort",
                warnings=tuple(str(w) for w in doc.get("warnings", ())),
                feel=doc.get("feel"),
                notes=tuple(str(n) for n in doc.get("notes", ())),
                effort_from_pct=_effort_pct(effort, 0),
                effort_to_pct=_effort_pct(effort, 1),
                hr=_hr_scale(scale) if scale else None,
                pace_zones=_pace_zones(zones) if zones else None,
            )
            keys = _zone_efforts(segs)
            return (
                replace(session, zone_efforts=keys) if keys and keys != tuple(session.efforts()) else session
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            if isinstance(exc, ProgtempoError):
                raise
            raise ProgtempoError(
                f"not a plan JSON ({exc!s}): write one with `progtempo plan ... --json`"
            ) from None


def _zone_efforts(segs: Any) -> tuple[str, ...]:
    """Each segment's effort key as a plan JSON's segment list writes it (empty: no list, or unknown keys)."""
    from progtempo.fitness.effort import EFFORT_BY_KEY

    if not isinstance(segs, list) or not segs or not all(isinstance(x, dict) for x in segs):
        return ()
    keys = tuple(str(x.get("effort")) for x in segs)
    return keys if all(k in EFFORT_BY_KEY for k in keys) else ()


def _pace_zones(doc: dict[str, Any]) -> PaceZones:
    """The pace zones of a plan JSON: the runner's, rebuilt from their VDOT."""
    from progtempo.fitness.zones import PaceZones

    return PaceZones.from_vdot(_number(doc, "vdot"))


def _hr_scale(doc: dict[str, Any]) -> HrScale:
    from progtempo.plan.effort import HrScale

    return HrScale.from_json(doc)


#: What a plan JSON may hold: no progressive tempo has more segments, longer ones or a wider window.
MAX_SEGMENTS = 100
MAX_SEGMENT_M = 50_000.0
MAX_SEGMENT_S = 4 * 3600.0
MAX_TOLERANCE_S = 600.0


def _number(doc: dict[str, Any], key: str) -> float:
    """`doc[key]` as a finite number, or a ProgtempoError naming the key and what it holds."""
    value = doc[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProgtempoError(f"{key} is {str(value)[:40]!r}, not a number")
    if isinstance(value, int) and abs(value) > 1e15:
        raise ProgtempoError(f"{key} is {str(value)[:40]}…, a number far too large for a plan")
    x = float(value)
    if not math.isfinite(x):
        raise ProgtempoError(f"{key} is {x}, not a finite number")
    return x


def _maybe_number(doc: dict[str, Any], key: str, nan_is_null: bool = False) -> float | None:
    """`_number`, or None when `doc[key]` is null (a session by effort has no paces). With
    `nan_is_null`, a NaN is null too: the log keeps a session by effort's missing paces as NaN."""
    value = doc[key]
    if value is None or (nan_is_null and isinstance(value, float) and math.isnan(value)):
        return None
    return _number(doc, key)


def _effort_pct(pair: Any, i: int) -> float | None:
    """One end of a plan JSON's `effort_pct_max` (percent of the maximum heart rate), checked."""
    if not pair:
        return None
    value = float(pair[i])
    if not 0 <= value <= 110:
        raise ProgtempoError(f"effort_pct_max holds {value:g}: give percentages of the maximum heart rate")
    return value


def _easy_from_json(doc: dict[str, Any], key: str, unit: Unit) -> Easy:
    """A warm-up or cool-down from a plan JSON, checked: by time when it was given as a time (no pace
    needed), a human pace when there is one, a distance or a time in range."""
    if not isinstance(doc, dict):
        raise ProgtempoError(f"{key} is {str(doc)[:40]!r}, not an object with pace_s and distance_m")
    pace = _maybe_number(doc, "pace_s", nan_is_null=True)
    if pace is not None:
        check_human_pace(pace, unit, f"{key}.pace_s")
    pace = math.nan if pace is None else pace
    if doc.get("duration_s") is not None:
        duration = _number(doc, "duration_s")
        if not 0 <= duration <= MAX_SEGMENT_S:
            raise ProgtempoError(f"{key}.duration_s is {duration:g}: give 0 to {MAX_SEGMENT_S:g} s")
        return Easy(pace_s=pace, duration_s=duration)
    distance = _number(doc, "distance_m")
    if not 0 <= distance <= MAX_SEGMENT_M:
        raise ProgtempoError(f"{key}.distance_m is {distance:g}: give 0 to {MAX_SEGMENT_M:g} m")
    return Easy(pace_s=pace, distance_m=distance)


def segment_time_text(seconds: float) -> str:
    """A segment's time as a spec writes it: `8min` in whole minutes, else `90s`, `450s`."""
    if seconds >= 60 and abs(seconds / 60 - round(seconds / 60)) < 1e-9:
        return f"{round(seconds / 60)}min"
    return f"{seconds:g}s"


def effort_session(
    unit: Unit,
    segments: int,
    *,
    segment_m: float | None = None,
    segment_s: float | None = None,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    effort_pct: tuple[float, float] | None = None,
    warmup: Easy | None = None,
    cooldown: Easy | None = None,
) -> Session:
    """A session by effort without paces: `segments` rungs climbing the talk test and heart rate.

    By time its times are known (`6x8min by effort` is 48 minutes); by distance they are not.
    """
    if segments < 1:
        raise ProgtempoError(f"{segments} segments: a session needs at least 1 segment")
    if segment_s is not None:
        check_segment_time(segment_s)
        note = "by effort: no paces given; run each segment by the talk test (and heart rate)"
    else:
        if segment_m is None or segment_m <= 0:
            raise ProgtempoError("segment length must be more than zero, e.g. --segment-length 1mi")
        note = "by effort: no paces given, so no times; run each segment by the talk test"
    lo, hi = effort_pct if effort_pct else (None, None)
    session = Session(
        unit=unit,
        segments=segments,
        segment_m=segment_m,
        segment_s=segment_s,
        start_pace_s=math.nan,
        step_s=math.nan,
        tolerance_s=tolerance_s,
        warmup=warmup,
        cooldown=cooldown,
        by_effort=True,
        notes=(note,),
        effort_from_pct=lo,
        effort_to_pct=hi,
    )
    if session.ladder_time_s > LONG_SESSION_S:
        return replace(session, warnings=(_long_warning(session.ladder_time_s),))
    return session


def _long_warning(time_s: float) -> str:
    return (
        f"this ladder takes {format_duration(time_s)}: a progressive tempo is a "
        "midweek session of well under two hours; check the segment count and length"
    )


def solve(
    *,
    unit: Unit,
    segments: int | None = None,
    start_pace_s: float | None = None,
    end_pace_s: float | None = None,
    step_s: float | None = None,
    segment_m: float | None = None,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    warmup: Easy | None = None,
    cooldown: Easy | None = None,
    by_effort: bool = False,
    segment_s: float | None = None,
) -> Session:
    """Build a Session from any three of segments/start/end/step, checking the fourth if given.

    Segments are `segment_m` long (one unit by default), or `segment_s` long in time. Contradictions
    raise ProgtempoError naming the consistent alternatives, e.g. the article's "5 miles, 10:00 to
    7:30, 30 s a mile" is either 6 segments at 30 s or 5 segments at 37.5 s.
    """
    seg_m: float | None = None
    if segment_s is not None:
        check_segment_time(segment_s)
        if segment_m is not None:
            raise ProgtempoError("a segment is a distance or a time, not both: e.g. 1mi or 8min")
    else:
        seg_m = unit_m(unit) if segment_m is None else float(segment_m)
        if seg_m <= 0:
            raise ProgtempoError("segment length must be more than zero, e.g. --segment-length 1mi")
    if tolerance_s < 0:
        raise ProgtempoError("tolerance must be zero or more seconds, e.g. --tolerance 5")
    if segments is not None and segments < 1:
        raise ProgtempoError(f"{segments} segments: a session needs at least 1 segment")
    given = {
        "segments": segments is not None,
        "start": start_pace_s is not None,
        "end": end_pace_s is not None,
        "step": step_s is not None,
    }
    if sum(given.values()) < 3:
        missing = [k for k, v in given.items() if not v]
        raise ProgtempoError(
            "a ladder needs three of segments, start, end and step: add "
            + " or ".join(f"--{m}" for m in missing)
            + ' (e.g. progtempo plan --segments 6 --start 10:00 --end 7:30, or "6x1mi 10:00-7:30")'
        )
    for what, pace in (("start pace", start_pace_s), ("end pace", end_pace_s)):
        if pace is not None:
            check_human_pace(pace, unit, what)

    if segments is None:
        assert start_pace_s is not None and end_pace_s is not None and step_s is not None
        _check_direction(start_pace_s, end_pace_s, unit)
        _check_step(step_s)
        exact = (start_pace_s - end_pace_s) / step_s + 1
        n = round(exact)
        if abs(exact - n) > 1e-6:
            raise ProgtempoError(_not_divisible(start_pace_s, end_pace_s, step_s, unit))
        segments = n
    elif step_s is None:
        assert start_pace_s is not None and end_pace_s is not None
        _check_direction(start_pace_s, end_pace_s, unit)
        if segments == 1:
            if abs(start_pace_s - end_pace_s) > _EPS:
                raise ProgtempoError(
                    "one segment can't go from "
                    f"{format_pace(start_pace_s, unit)} to {format_pace(end_pace_s, unit)}: "
                    "use --segments 2 or more"
                )
            step_s = 0.0
        else:
            step_s = (start_pace_s - end_pace_s) / (segments - 1)
    elif start_pace_s is None:
        assert end_pace_s is not None
        _check_step(step_s)
        start_pace_s = end_pace_s + (segments - 1) * step_s
    else:
        _check_step(step_s) if segments > 1 else None
        if end_pace_s is not None:
            _check_direction(start_pace_s, end_pace_s, unit)
            expected_end = start_pace_s - (segments - 1) * step_s
            if abs(expected_end - end_pace_s) > 1e-6:
                raise ProgtempoError(_inconsistent(segments, start_pace_s, end_pace_s, step_s, unit))

    assert start_pace_s is not None and step_s is not None
    session = Session(
        unit=unit,
        segments=segments,
        segment_m=seg_m,
        segment_s=segment_s,
        start_pace_s=start_pace_s,
        step_s=step_s,
        tolerance_s=tolerance_s,
        warmup=warmup,
        cooldown=cooldown,
        by_effort=by_effort,
    )
    check_human_pace(session.start_pace_s, unit, "start pace")
    check_human_pace(session.end_pace_s, unit, "end pace")
    warnings: list[str] = []
    if segments > 1 and tolerance_s * 2 > abs(step_s) + _EPS:
        warnings.append(
            f"the window (±{tolerance_s:g} s) is wider than half the step ({format_step(step_s)}): "
            "neighbouring segments overlap"
        )
    if session.ladder_time_s > LONG_SESSION_S:
        warnings.append(_long_warning(session.ladder_time_s))
    return replace(session, warnings=tuple(warnings)) if warnings else session


#: A segment by time from half a minute (shorter is a stride, not a level) to an hour.
SEGMENT_TIME_RANGE_S = (30.0, 3600.0)


def check_segment_time(seconds: float) -> None:
    """Refuse a segment time no progressive tempo uses, saying the range."""
    lo, hi = SEGMENT_TIME_RANGE_S
    if not math.isfinite(seconds) or not lo <= seconds <= hi:
        raise ProgtempoError(
            f"a segment of {format_duration(seconds)}: segments by time run from {lo:g} s to "
            f"{hi / 60:g} min (e.g. 8min)"
        )


def _check_direction(start: float, end: float, unit: Unit) -> None:
    if end > start + _EPS:
        raise ProgtempoError(
            f"the end pace {format_pace(end, unit)} is slower than the start {format_pace(start, unit)}: "
            "a progressive run gets faster; swap them "
            f"(--start {format_pace(end)} --end {format_pace(start)})"
        )


def _check_step(step: float) -> None:
    if step == 0:
        raise ProgtempoError("a zero step makes no progression: use a positive step such as --step 30")
    if step < 0:
        raise ProgtempoError(
            f"step {step:g} s would slow down each segment: "
            f"a progressive step is positive, e.g. --step {-step:g}"
        )


def _fmt_n(x: float) -> str:
    return f"{x:g}" if abs(x - round(x, 2)) < 1e-9 else f"{x:.2f}"


def _not_divisible(start: float, end: float, step: float, unit: Unit) -> str:
    exact = (start - end) / step + 1
    lo, hi = max(2, math.floor(exact)), max(2, math.ceil(exact))
    alts = []
    for n in sorted({lo, hi}):
        alts.append(f"{n} segments at {_fmt_n((start - end) / (n - 1))} s")
    for n in sorted({lo, hi}):
        alts.append(f"{n} segments ending at {format_pace(start - (n - 1) * step, unit)}")
    return (
        f"{format_pace(start, unit)} to {format_pace(end, unit)} is {start - end:g} s, "
        f"which {format_step(step)} steps don't divide: use " + ", or ".join(alts)
    )


def _inconsistent(n: int, start: float, end: float, step: float, unit: Unit) -> str:
    alts = []
    if step > 0:
        exact = (start - end) / step + 1
        if abs(exact - round(exact)) < 1e-6 and round(exact) >= 1:
            alts.append(f"{round(exact)} segments at {format_step(step)}")
    if n > 1:
        alts.append(f"{n} segments at {_fmt_n((start - end) / (n - 1))} s")
    alts.append(f"{n} segments at {format_step(step)} ending at {format_pace(start - (n - 1) * step, unit)}")
    return (
        f"{n} segments from {format_pace(start, unit)} to {format_pace(end, unit)} don't step by "
        f"{format_step(step)}: use " + ", or ".join(alts)
    )
