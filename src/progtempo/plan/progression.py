"""Progress the session over weeks: hold each level, then alternate more volume and more intensity.

The article: "after a couple of weeks at this level ... add another mile on. You could then start at 10:15
and end at 7:15. To then progress this further, you could begin at 10:00 once again, but ending at 7:00".

- volume: one more segment, start slower by half a step, end faster by half a step (the step is kept);
- intensity: every pace faster by half a step.

So 6 x 1 mi 10:00-7:30 becomes 7 x 1 mi 10:15-7:15, then 7 x 1 mi 10:00-7:00. Caps (most segments, fastest
end pace) are never exceeded: a change that would pass one is swapped for the other kind or held, and the
week says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import Session
from progtempo.units import Unit, check_human_pace, format_pace, format_step

Change = Literal["start", "hold", "volume", "intensity", "deload"]
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


def next_level(session: Session, change: str) -> Session:
    """The session one level up: `volume` (+1 segment, start +half step, end -half step) or `intensity`."""
    half = session.step_s / 2
    if change == "volume":
        return session.with_changes(segments=session.segments + 1, start_pace_s=session.start_pace_s + half)
    if change == "intensity":
        return session.with_changes(start_pace_s=session.start_pace_s - half)
    raise ProgtempoError(f"unknown change {change!r}: use volume or intensity")


def deload(session: Session) -> Session:
    """An easier week: about two thirds of the segments, same start, half the step."""
    segments = max(2, round(session.segments * 2 / 3)) if session.segments > 2 else session.segments
    return session.with_changes(segments=segments, step_s=session.step_s / 2)


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

    def to_json(self) -> dict[str, Any]:
        """`{"unit", "weeks": [{"week", "date", "change", "session"}, ...]}` plus the rules used."""
        return {
            "unit": self.unit,
            "hold_weeks": self.hold,
            "deload_every": self.deload_every,
            "caps": {"max_segments": self.max_segments, "limit_end_pace_s": self.limit_end_pace_s},
            "weeks": [w.to_json() for w in self.weeks],
            "warnings": list(self.warnings),
        }


def _cap_breach(session: Session, max_segments: int | None, limit_end_pace_s: float | None) -> str | None:
    if max_segments is not None and session.segments > max_segments:
        return "max_segments"
    if limit_end_pace_s is not None and session.end_pace_s < limit_end_pace_s - _EPS:
        return "limit_end"
    try:
        check_human_pace(session.end_pace_s, session.unit)
        check_human_pace(session.start_pace_s, session.unit)
    except ProgtempoError:
        return "human_range"
    return None


def _cap_text(cap: str, session: Session, max_segments: int | None, limit: float | None) -> str:
    u = session.unit
    if cap == "max_segments":
        return f"{session.segments} segments is past the cap of {max_segments}"
    if cap == "limit_end" and limit is not None:
        return f"ending {format_pace(session.end_pace_s, u)} is past the limit {format_pace(limit, u)}"
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
) -> Schedule:
    """A `weeks`-long schedule from `session`: each level held `hold` weeks, then volume/intensity in turn.

    The first week falls on `weekday` on or after `start_date` (the start date's own weekday if None).
    Every `deload_every`-th week is a deload that doesn't count towards the hold. A change that would
    pass `max_segments` or `limit_end_pace_s` is replaced by the other kind (for the end pace: one more
    segment with the end held), or the level is held; the week's notes say which cap stopped it.
    """
    if weeks < 1:
        raise ProgtempoError(f"--weeks {weeks}: a schedule needs at least 1 week")
    if hold < 1:
        raise ProgtempoError(f"--hold {hold}: hold each level at least 1 week")
    if deload_every is not None and deload_every < 2:
        raise ProgtempoError(f"--deload-every {deload_every}: use 2 or more (e.g. 4 for every fourth week)")
    if max_segments is not None and max_segments < 1:
        raise ProgtempoError(f"--max-segments {max_segments}: use 1 or more")
    if session.step_s <= 0 and session.segments > 1:
        raise ProgtempoError("a progression needs a positive step: give --step or an end pace")
    wd = start_date.weekday() if weekday is None else parse_weekday(weekday)
    first = next_weekday(start_date, wd)
    u = session.unit

    warnings: list[str] = []
    start_cap = _cap_breach(session, max_segments, limit_end_pace_s)
    if start_cap in ("max_segments", "limit_end"):
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
            note = (
                f"deload: {easy.segments} segments, {format_step(easy.step_s)} steps from "
                f"{format_pace(easy.start_pace_s, u)}; next week resumes the level"
            )
            out.append(Week(w, date, "deload", easy, level, (note,)))
            continue
        if w == 1:
            at_level = 1
            out.append(Week(w, date, "start", level_session, level, (f"start: {level_session.describe()}",)))
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
            cand = next_level(level_session, change)
            breach = _cap_breach(cand, max_segments, limit_end_pace_s)
            if breach is None:
                chosen = (change, cand)
                break
            cap_hit = cap_hit or breach
            capped[change] = _cap_text(breach, cand, max_segments, limit_end_pace_s)
        why = "; ".join(dict.fromkeys(capped.values()))
        notes: list[str] = []
        if chosen is not None and capped:
            notes.append(f"{want} capped ({why}): {other} instead")
        if chosen is None:
            # Both changes push the end pace past a limit: add a segment at the slow end, keeping the end.
            cand = level_session.with_changes(
                segments=level_session.segments + 1,
                start_pace_s=level_session.start_pace_s + level_session.step_s,
            )
            if _cap_breach(cand, max_segments, limit_end_pace_s) is None:
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
        notes.insert(0, f"{change}: {level_session.describe()}")
        out.append(Week(w, date, change, level_session, level, tuple(notes), cap_hit))

    return Schedule(
        unit=u,
        weeks=out,
        hold=hold,
        deload_every=deload_every,
        max_segments=max_segments,
        limit_end_pace_s=limit_end_pace_s,
        warnings=tuple(warnings),
    )
