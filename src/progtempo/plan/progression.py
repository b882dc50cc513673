"""Progress the session over weeks: hold each level, then alternate more volume and more intensity.

The article: "after a couple of weeks at this level ... add another mile on. You could then start at 10:15
and end at 7:15. To then progress this further, you could begin at 10:00 once again, but ending at 7:00".

- volume: one more segment, start slower by half a step, end faster by half a step (the step is kept);
- intensity: every pace faster by half a step.

So 6 x 1 mi 10:00-7:30 becomes 7 x 1 mi 10:15-7:15, then 7 x 1 mi 10:00-7:00. Caps (most segments, fastest
end pace) are never exceeded: a change that would pass one is swapped for the other kind or held, and the
week says so.

Segments by time grow the same way, or with `grow="time"` by a minute per segment (the paces kept). A
ladder by effort climbs heart rate instead of pace: volume adds a segment (or a minute) under the same
first and last targets, intensity lifts the first target by EFFORT_LIFT_PCT of max (a few beats; the
last stays at the top) until the first segment would no longer be conversational, and a deload keeps
two thirds of the segments and half the climb.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import Session
from progtempo.units import Unit, check_human_pace, format_duration, format_pace, format_step

Change = Literal["start", "hold", "volume", "intensity", "deload"]
Grow = Literal["segments", "time"]
GROWS: tuple[Grow, ...] = ("segments", "time")
#: With `grow="time"` volume adds this much to every segment.
GROW_TIME_S = 60.0
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Midweek: the article's "Sunday long run" takes the weekend and "after work" puts this on a weekday;
#: Wednesday sits furthest from Sunday on both sides.
DEFAULT_WEEKDAY = "wed"
DEFAULT_HOLD_WEEKS = 2
_EPS = 1e-6


def parse_weekday(text: str | int) -> int:
    """`mon`..`sun` (or `monday`, or 0-6 with Monday 0) to a weekday number, Monday 0."""
    if isinstance(text, int):
        if 0 <= text <= 6:
            return text
    else:
        key = text.strip().lower()[:3]
        if key in WEEKDAYS:
            return WEEKDAYS.index(key)
    raise ProgtempoError(f"day {text!r} is not a weekday: use one of {', '.join(WEEKDAYS)}")


def next_weekday(day: dt.date, weekday: int) -> dt.date:
    """The first date on or after `day` that falls on `weekday` (Monday 0)."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def check_grow(grow: str, session: Session) -> Grow:
    """`grow` as a Grow: `time` only for segments by time."""
    for g in GROWS:
        if grow == g:
            if g == "time" and not session.by_time:
                raise ProgtempoError(
                    "--grow time adds a minute to each segment, and these segments are distances: use "
                    "segments by time (e.g. 6x8min by effort), or --grow segments"
                )
            return g
    raise ProgtempoError(f"--grow {grow!r}: use segments or time")


def next_level(session: Session, change: str, grow: str = "segments") -> Session:
    """The session one level up: `volume` (+1 segment, start +half step, end -half step; or a minute
    more per segment with `grow="time"`) or `intensity` (every pace half a step faster; by effort the
    first heart-rate target a few beats higher)."""
    from progtempo.plan.effort import EFFORT_LIFT_PCT

    half = session.step_s / 2
    if change == "volume":
        if grow == "time" and session.segment_s is not None:
            return session.with_changes(segment_s=session.segment_s + GROW_TIME_S)
        if not session.paced:
            return session.with_changes(segments=session.segments + 1)
        return session.with_changes(segments=session.segments + 1, start_pace_s=session.start_pace_s + half)
    if change == "intensity":
        out = session
        if session.by_effort:
            lo, hi = session.effort_range_pct()
            out = out.with_changes(effort_from_pct=lo + EFFORT_LIFT_PCT, effort_to_pct=hi)
        return out.with_changes(start_pace_s=session.start_pace_s - half) if session.paced else out
    raise ProgtempoError(f"unknown change {change!r}: use volume or intensity")


def deload(session: Session) -> Session:
    """An easier week: about two thirds of the segments, same start, half the step (by effort, half the
    climb of heart rate)."""
    segments = max(2, round(session.segments * 2 / 3)) if session.segments > 2 else session.segments
    easy = session.with_changes(segments=segments, step_s=session.step_s / 2)
    if session.by_effort:
        lo, hi = session.effort_range_pct()
        easy = easy.with_changes(effort_from_pct=lo, effort_to_pct=lo + (hi - lo) / 2)
    return easy


#: The longest schedule: three years of weeks (a season is 8-20; no plan survives three years as written).
MAX_WEEKS = 156


@dataclass(frozen=True)
class Week:
    """One dated week of the schedule and what changed."""

    week: int
    date: dt.date
    change: str
    session: Session
    level: int = 0
    notes: tuple[str, ...] = field(default=())
    cap: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "date": self.date.isoformat(),
            "change": self.change,
            "level": self.level,
            "cap": self.cap,
            "notes": list(self.notes),
            "session": self.session.to_json(),
        }


@dataclass(frozen=True)
class Schedule:
    """A dated multi-week progression."""

    unit: Unit
    weeks: list[Week]
    hold: int
    deload_every: int | None = None
    max_segments: int | None = None
    limit_end_pace_s: float | None = None
    warnings: tuple[str, ...] = field(default=())
    grow: Grow = "segments"

    def to_json(self) -> dict[str, Any]:
        """`{"unit", "weeks": [{"week", "date", "change", "session"}, ...]}` plus the rules used."""
        return {
            "unit": self.unit,
            "hold_weeks": self.hold,
            "grow": self.grow,
            "deload_every": self.deload_every,
            "caps": {"max_segments": self.max_segments, "limit_end_pace_s": self.limit_end_pace_s},
            "weeks": [w.to_json() for w in self.weeks],
            "warnings": list(self.warnings),
        }


def cap_breach(session: Session, max_segments: int | None, limit_end_pace_s: float | None) -> str | None:
    """The cap `session` passes (max_segments, effort_start, long, limit_end, human_range), or None."""
    from progtempo.plan.effort import EFFORT_FROM_MAX_PCT
    from progtempo.plan.ladder import LONG_SESSION_S

    if session.segments > _segment_cap(max_segments):
        return "max_segments"
    if session.by_effort and session.effort_range_pct()[0] > EFFORT_FROM_MAX_PCT + _EPS:
        return "effort_start"
    if session.ladder_time_s > LONG_SESSION_S:
        return "long"
    if not session.paced:
        return None
    if limit_end_pace_s is not None and session.end_pace_s < limit_end_pace_s - _EPS:
        return "limit_end"
    try:
        check_human_pace(session.end_pace_s, session.unit)
        check_human_pace(session.start_pace_s, session.unit)
    except ProgtempoError:
        return "human_range"
    return None


def _segment_cap(max_segments: int | None) -> int:
    """The most segments a week may have: the athlete's cap, never past what a plan JSON may hold (a
    session the log could not read back would stop every import)."""
    from progtempo.plan.plan_json import MAX_SEGMENTS

    return MAX_SEGMENTS if max_segments is None else min(max_segments, MAX_SEGMENTS)


def _cap_text(cap: str, session: Session, max_segments: int | None, limit: float | None) -> str:
    u = session.unit
    if cap == "max_segments":
        return f"{session.segments} segments is past the cap of {_segment_cap(max_segments)}"
    if cap == "limit_end" and limit is not None:
        return f"ending {format_pace(session.end_pace_s, u)} is past the limit {format_pace(limit, u)}"
    if cap == "effort_start":
        return (
            f"starting at {session.effort_range_pct()[0]:g} % of max HR the first segment would no longer "
            "be conversational"
        )
    if cap == "long":
        return f"{format_duration(session.ladder_time_s)} of ladder is past a midweek session"
    return f"ending {format_pace(session.end_pace_s, u)} is outside what humans run"


def progress(
    session: Session,
    *,
    weeks: int,
    start_date: dt.date,
    weekday: int | str | None = None,
    hold: int = DEFAULT_HOLD_WEEKS,
    deload_every: int | None = None,
    max_segments: int | None = None,
    limit_end_pace_s: float | None = None,
    grow: str = "segments",
) -> Schedule:
    """A `weeks`-long schedule from `session`: each level held `hold` weeks, then volume/intensity in turn.

    Volume adds a segment, or with `grow="time"` a minute to every segment (segments by time only).

    The first week falls on `weekday` on or after `start_date` (the start date's own weekday if None).
    Every `deload_every`-th week is a deload that doesn't count towards the hold. A change that would
    pass `max_segments` or `limit_end_pace_s` is replaced by the other kind (for the end pace: one more
    segment with the end held), or the level is held; the week's notes say which cap stopped it.
    """
    if weeks < 1:
        raise ProgtempoError(f"--weeks {weeks}: a schedule needs at least 1 week")
    if weeks > MAX_WEEKS:
        raise ProgtempoError(
            f"--weeks {weeks}: at most {MAX_WEEKS} (three years); a plan that long can't be followed as "
            "written: plan a season, run it, then plan the next from where you are"
        )
    if hold < 1:
        raise ProgtempoError(f"--hold {hold}: hold each level at least 1 week")
    if deload_every is not None and deload_every < 2:
        raise ProgtempoError(f"--deload-every {deload_every}: use 2 or more (e.g. 4 for every fourth week)")
    if max_segments is not None and max_segments < 1:
        raise ProgtempoError(f"--max-segments {max_segments}: use 1 or more")
    if session.paced and session.step_s <= 0 and session.segments > 1:
        raise ProgtempoError("a progression needs a positive step: give --step or an end pace")
    growth = check_grow(grow, session)
    wd = start_date.weekday() if weekday is None else parse_weekday(weekday)
    first = next_weekday(start_date, wd)
    u = session.unit

    warnings: list[str] = []
    start_cap = cap_breach(session, max_segments, limit_end_pace_s)
    if start_cap in ("max_segments", "limit_end", "effort_start", "long"):
        warnings.append(
            "the starting session already breaks a cap: "
            + _cap_text(start_cap, session, max_segments, limit_end_pace_s)
            + "; it is held, never progressed past it"
        )

    out: list[Week] = []
    level_session = session
    level = 0
    at_level = 0
    want = "volume"
    for w in range(1, weeks + 1):
        date = first + dt.timedelta(weeks=w - 1)
        if deload_every and w > 1 and w % deload_every == 0:
            easy = deload(level_session)
            if easy.paced and not easy.by_effort:
                start = format_pace(easy.start_pace_s, u)
                how = f"{easy.segments} segments, {format_step(easy.step_s)} steps from {start}"
            else:
                how = level_text(easy)
            note = f"deload: {how}; next week resumes the level"
            out.append(Week(w, date, "deload", easy, level, (note,)))
            continue
        if w == 1:
            at_level = 1
            out.append(Week(w, date, "start", level_session, level, (f"start: {level_text(level_session)}",)))
            continue
        if at_level < hold:
            at_level += 1
            out.append(
                Week(
                    w, date, "hold", level_session, level, (f"hold: week {at_level} of {hold} at this level",)
                )
            )
            continue

        other = "intensity" if want == "volume" else "volume"
        chosen: tuple[str, Session] | None = None
        cap_hit: str | None = None
        capped: dict[str, str] = {}
        for change in (want, other):
            cand = next_level(level_session, change, growth)
            breach = cap_breach(cand, max_segments, limit_end_pace_s)
            if breach is None:
                chosen = (change, cand)
                break
            cap_hit = cap_hit or breach
            capped[change] = _cap_text(breach, cand, max_segments, limit_end_pace_s)
        why = "; ".join(dict.fromkeys(capped.values()))
        notes: list[str] = []
        if chosen is not None and capped:
            notes.append(f"{want} capped ({why}): {other} instead")
        if chosen is None and level_session.paced and not level_session.by_effort:
            # Both changes push the end pace past a limit: add a segment at the slow end, keeping the end.
            cand = level_session.with_changes(
                segments=level_session.segments + 1,
                start_pace_s=level_session.start_pace_s + level_session.step_s,
            )
            if cap_breach(cand, max_segments, limit_end_pace_s) is None:
                chosen = ("volume", cand)
                notes.append(f"volume and intensity capped ({why}): one more segment a step slower, end held")
        if chosen is None:
            at_level += 1
            out.append(Week(w, date, "hold", level_session, level, (f"held at the cap: {why}",), cap_hit))
            continue
        change, level_session = chosen
        level += 1
        at_level = 1
        want = "intensity" if change == "volume" else "volume"
        notes.insert(0, f"{change}: {level_text(level_session)}{_effort_why(change, level_session)}")
        out.append(Week(w, date, change, level_session, level, tuple(notes), cap_hit))

    return Schedule(
        unit=u,
        weeks=out,
        hold=hold,
        deload_every=deload_every,
        max_segments=max_segments,
        limit_end_pace_s=limit_end_pace_s,
        warnings=tuple(warnings),
        grow=growth,
    )


def _effort_why(change: str, session: Session) -> str:
    """What an intensity step does to a ladder by effort, in the runner's words."""
    from progtempo.plan.effort import EFFORT_LIFT_PCT

    if change != "intensity" or not session.by_effort:
        return ""
    return (
        f" (every heart-rate target higher, the first by {EFFORT_LIFT_PCT:g} % of max, a few beats; "
        "the boss stays a single word)"
    )


def level_text(session: Session) -> str:
    """A level as a week's note says it: `7x1mi 10:15-7:15/mi, 30 s steps`, `6x9min by effort 72-96%`,
    and for a deload the heart-rate range or the steps it runs at."""
    text = session.describe()
    if session.by_effort and session.paced:
        lo, hi = session.effort_range_pct()
        text += f", heart rate {lo:g}-{hi:g} % of max"
    return text
