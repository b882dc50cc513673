"""The pace ladder: segments, a start pace, an end pace and a step; any three fix the fourth.

Paces are seconds per `unit` (mile or km); a positive step means each segment is faster than the one
before. A segment's length (`segment_m`) defaults to one unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from progtempo.errors import ProgtempoError
from progtempo.units import Unit, check_human_pace, format_duration, format_pace, format_step, unit_m

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

    def to_json(self, unit: Unit) -> dict[str, float]:
        return {"pace_s": self.pace_s, "distance_m": self.length_m(unit), "time_s": self.time_s(unit)}


@dataclass(frozen=True)
class Segment:
    """One rung of the ladder, as it is shown and exported."""

    index: int
    distance_m: float
    target_pace_s: float
    slow_pace_s: float
    fast_pace_s: float
    split_time_s: float
    cumulative_time_s: float
    effort: str

    def to_json(self) -> dict[str, Any]:
        """One entry of the plan JSON's `segments`: DESIGN.md keys plus the talk test, RPE and HR zone."""
        from progtempo.plan.effort import EFFORT_BY_KEY

        e = EFFORT_BY_KEY.get(self.effort)
        doc: dict[str, Any] = {
            "index": self.index,
            "distance_m": self.distance_m,
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
        return doc


@dataclass(frozen=True)
class Session:
    """A progressive tempo session: `segments` rungs from `start_pace_s` down by `step_s` each."""

    unit: Unit
    segments: int
    segment_m: float
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

    @property
    def end_pace_s(self) -> float:
        return self.start_pace_s - (self.segments - 1) * self.step_s

    def target_paces_s(self) -> list[float]:
        """The target pace of every segment, first to last."""
        return [self.start_pace_s - i * self.step_s for i in range(self.segments)]

    def ladder(self) -> list[Segment]:
        """Every segment with its window, split time, cumulative time and effort."""
        from progtempo.plan.effort import effort_for_segment

        per_unit = self.segment_m / unit_m(self.unit)
        cumulative = self.warmup.time_s(self.unit) if self.warmup else 0.0
        out: list[Segment] = []
        for i, pace in enumerate(self.target_paces_s()):
            split = pace * per_unit
            cumulative += split
            out.append(
                Segment(
                    index=i + 1,
                    distance_m=self.segment_m,
                    target_pace_s=pace,
                    slow_pace_s=pace + self.tolerance_s,
                    fast_pace_s=pace - self.tolerance_s,
                    split_time_s=split,
                    cumulative_time_s=cumulative,
                    effort=effort_for_segment(i, self.segments, top=self.effort_top).key,
                )
            )
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
    def ladder_distance_m(self) -> float:
        return self.segments * self.segment_m

    @property
    def ladder_time_s(self) -> float:
        return sum(self.target_paces_s()) * (self.segment_m / unit_m(self.unit))

    @property
    def total_distance_m(self) -> float:
        extra = sum(e.length_m(self.unit) for e in (self.warmup, self.cooldown) if e)
        return self.ladder_distance_m + extra

    @property
    def total_time_s(self) -> float:
        extra = sum(e.time_s(self.unit) for e in (self.warmup, self.cooldown) if e)
        return self.ladder_time_s + extra

    @property
    def average_pace_s(self) -> float:
        return self.total_time_s / (self.total_distance_m / unit_m(self.unit))

    def with_changes(self, **changes: Any) -> Session:
        """A copy with some fields changed (`dataclasses.replace`)."""
        return replace(self, **changes)

    def describe(self) -> str:
        """`6 x 1 mi 10:00-7:30/mi, 30 s steps`: the compact spec a runner reads."""
        seg = self.segment_m / unit_m(self.unit)
        seg_txt = f"{seg:g}{self.unit}" if abs(seg - round(seg, 3)) < 1e-9 else f"{self.segment_m:g}m"
        return (
            f"{self.segments}x{seg_txt} {format_pace(self.start_pace_s)}-{format_pace(self.end_pace_s)}"
            f"/{self.unit}, {format_step(self.step_s)} steps"
        )

    def spec(self) -> str:
        """The compact spec that parses back to this ladder: `6x1mi 10:00-7:30 tol 5`."""
        seg = self.segment_m / unit_m(self.unit)
        seg_txt = (
            f"{seg:g}{self.unit}" if abs(seg * 1000 - round(seg * 1000)) < 1e-6 else f"{self.segment_m:g}m"
        )
        txt = f"{self.segments}x{seg_txt} {format_pace(self.start_pace_s, decimals=1).removesuffix('.0')}"
        if self.segments > 1:
            txt += f" step {self.step_s:g}"
        if self.tolerance_s != DEFAULT_TOLERANCE_S:
            txt += f" tol {self.tolerance_s:g}"
        return txt

    def to_json(self) -> dict[str, Any]:
        """The plan JSON of DESIGN.md: paces in seconds per `unit`, distances in metres."""
        doc: dict[str, Any] = {
            "unit": self.unit,
            "segment_m": self.segment_m,
            "start_pace_s": self.start_pace_s,
            "end_pace_s": self.end_pace_s,
            "step_s": self.step_s,
            "tolerance_s": self.tolerance_s,
            "by": "effort" if self.by_effort else "pace",
            "segments": [s.to_json() for s in self.ladder()],
            "total_distance_m": self.total_distance_m,
            "total_time_s": self.total_time_s,
            "average_pace_s": self.average_pace_s,
            "warnings": list(self.warnings),
            "spec": self.spec() if math.isfinite(self.start_pace_s) else None,
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
        """Read back a plan JSON written by `to_json` (`progtempo plan --json`)."""
        try:
            unit: Unit = doc["unit"]
            if unit not in ("mi", "km"):
                raise ProgtempoError(f"plan JSON has unit {unit!r}: expected mi or km")
            segs = doc["segments"]
            n = len(segs) if isinstance(segs, list) else int(segs)
            warm = doc.get("warmup")
            cool = doc.get("cooldown")
            return cls(
                unit=unit,
                segments=n,
                segment_m=float(doc["segment_m"]),
                start_pace_s=float(doc["start_pace_s"]),
                step_s=float(doc["step_s"]),
                tolerance_s=float(doc.get("tolerance_s", DEFAULT_TOLERANCE_S)),
                warmup=Easy(pace_s=float(warm["pace_s"]), distance_m=float(warm["distance_m"]))
                if warm
                else None,
                cooldown=Easy(pace_s=float(cool["pace_s"]), distance_m=float(cool["distance_m"]))
                if cool
                else None,
                by_effort=doc.get("by") == "effort",
                warnings=tuple(doc.get("warnings", ())),
                feel=doc.get("feel"),
                notes=tuple(doc.get("notes", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ProgtempoError):
                raise
            raise ProgtempoError(
                f"not a plan JSON ({exc!s}): write one with `progtempo plan ... --json`"
            ) from None


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
) -> Session:
    """Build a Session from any three of segments/start/end/step, checking the fourth if given.

    Contradictions raise ProgtempoError naming the consistent alternatives, e.g. the article's
    "5 miles, 10:00 to 7:30, 30 s a mile" is either 6 segments at 30 s or 5 segments at 37.5 s.
    """
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
        warnings.append(
            f"this ladder takes {format_duration(session.ladder_time_s)}: a progressive tempo is a "
            "midweek session of well under two hours; check the segment count and length"
        )
    return replace(session, warnings=tuple(warnings)) if warnings else session


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
