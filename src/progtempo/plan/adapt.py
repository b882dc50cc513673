"""The schedule follows the runner: each run's advice rewrites the sessions ahead, replayed in date order.

A saved progression is a list of dated slots, each with its original session (a week of `progress`).
Walking the slots in date order, `Replay.due(slot)` says what the slot should hold given everything before
it, and `Replay.record(...)` learns from what became of it:

- **a run on the slot**: the coach's advice sets the level ahead. Not cleared: repeat the level. "Could
  not build": half the step, same start. Two cleared sessions at a level: progress it (volume or
  intensity, as the coach chose). Plenty left in the tank: the next start moves half a step faster,
  every pace with it ("you had plenty left in the tank and could have set off faster ... take that
  information into your next progressive tempo session"). A deload week's run leaves the level alone.
- **a missed slot** (its day has passed with no run): the level is held, not skipped ahead.
- **a slot still ahead**: projected as the saved progression would go from the level reached: each level
  held until `Rules.hold` sessions at it are cleared, then volume and intensity in turn, deloads where the
  original had them, never past the caps.
- **a coach's override** (`schedule --set`): the slot keeps the session set by hand, never rewritten; a run
  on it informs what follows like any other.

Until the first run or missed day nothing is rewritten. A slot whose session differs from its original
says why (`Adapted`: the original spec, the insight that changed it, and the run). The caller re-scores a
run whose slot now holds another session before recording it, so the outcome does not depend on the order
the runs were imported in. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from progtempo.plan.ladder import Session
from progtempo.plan.progression import cap_breach, deload, next_level

LevelKey = tuple[str, int, str, str]
#: The coach's changes that progress a level.
PROGRESS = ("volume", "intensity")


def level_key(plan: Session) -> LevelKey:
    """What makes two sessions the same level: unit, segments, segment length (or time), and start and
    step (or, by effort without paces, the heart-rate targets). The pace window doesn't count."""
    seg = f"{plan.segment_s:g}s" if plan.segment_s is not None else f"{round(plan.segment_m or 0.0, 1)}m"
    if plan.paced:
        ladder = f"{round(plan.start_pace_s, 1)}/{round(plan.step_s, 1)}"
    else:
        lo, hi = plan.effort_range_pct()
        ladder = f"effort {lo:g}-{hi:g}%"
    return (plan.unit, plan.segments, seg, ladder)


@dataclass(frozen=True)
class Rules:
    """How the saved progression was made: sessions at each level, deload rhythm, caps (in its unit)."""

    hold: int = 2
    deload_every: int | None = None
    max_segments: int | None = None
    limit_end_pace_s: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "hold": self.hold,
            "deload_every": self.deload_every,
            "max_segments": self.max_segments,
            "limit_end_pace_s": self.limit_end_pace_s,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any] | None) -> Rules:
        if not doc:
            return cls()
        limit = doc.get("limit_end_pace_s")
        return cls(
            hold=int(doc.get("hold") or 2),
            deload_every=int(doc["deload_every"]) if doc.get("deload_every") else None,
            max_segments=int(doc["max_segments"]) if doc.get("max_segments") else None,
            limit_end_pace_s=float(limit) if limit is not None else None,
        )

    def breach(self, s: Session) -> str | None:
        return cap_breach(s, self.max_segments, self.limit_end_pace_s)


@dataclass(frozen=True)
class Slot:
    """One planned session as saved: its day, the original session and change, and any hand edit."""

    id: int
    date: dt.date
    original: Session
    original_change: str = "hold"
    override: Session | None = None


@dataclass(frozen=True)
class Outcome:
    """What the coach made of the run on a slot, judged against the slot's due session."""

    activity_id: int
    cleared: bool  # the boss was beaten
    insight: str
    next_session: Session  # the coach's advice
    change: str  # volume, intensity, repeat, ease, first_ladder
    why: str


@dataclass(frozen=True)
class Adapted:
    """Why a slot no longer holds its original session: the insight (`because`) of run `activity_id`."""

    from_spec: str
    because: str
    why: str
    activity_id: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "from_spec": self.from_spec,
            "because": self.because,
            "why": self.why,
            "activity_id": self.activity_id,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any] | None) -> Adapted | None:
        if not doc:
            return None
        aid = doc.get("activity_id")
        return cls(
            str(doc["from_spec"]), str(doc["because"]), str(doc.get("why") or ""), int(aid) if aid else None
        )


@dataclass(frozen=True)
class Due:
    """What a slot should hold: the session, the sessions at its level cleared before it (the coach's count),
    the change it shows, and why it differs from the original (None when it doesn't)."""

    session: Session
    cleared_before: int
    change: str
    adapted: Adapted | None


@dataclass
class Replay:
    """Walk the slots in date order: `due(slot)`, then `record(slot, due, outcome, missed=...)`."""

    rules: Rules = field(default_factory=Rules)
    #: the level due next, once a run or a missed day has informed the schedule
    level: Session | None = None
    #: sessions cleared at each level by runs (the coach's count)
    cleared: dict[LevelKey, int] = field(default_factory=dict)
    #: sessions at the current level the projection assumes cleared
    assumed: int = 0
    #: the kind of progression the projection makes next
    want: str = "volume"
    #: the change the next slot shows
    shown: str = "hold"
    #: the latest information: (insight, why, activity id)
    because: tuple[str, str, int | None] | None = None
    #: the last original level seen (a deload week's run or miss resumes it)
    last_original: Session | None = None

    @property
    def informed(self) -> bool:
        return self.level is not None

    def due(self, slot: Slot) -> Due:
        """The session `slot` should hold, given everything recorded before it."""
        if slot.original_change != "deload":
            self.last_original = slot.original
        if slot.override is not None:
            return Due(slot.override, self.cleared.get(level_key(slot.override), 0), "override", None)
        if self.level is None:
            s = slot.original
            return Due(s, self.cleared.get(level_key(s), 0), slot.original_change, None)
        is_deload = slot.original_change == "deload"
        s = deload(self.level) if is_deload else self.level
        change = "deload" if is_deload else self.shown
        if not is_deload:
            self.shown = "hold"
        adapted = None
        if s.spec() != slot.original.spec() and self.because is not None:
            insight, why, aid = self.because
            adapted = Adapted(slot.original.spec(), insight, why, aid)
        return Due(s, self.cleared.get(level_key(s), 0), change, adapted)

    def record(self, slot: Slot, due: Due, outcome: Outcome | None, *, missed: bool) -> None:
        """Learn from the slot: a run's outcome, a missed day, or (neither) a slot still ahead."""
        is_deload = slot.original_change == "deload" and slot.override is None
        if outcome is not None:
            key = level_key(due.session)
            if outcome.cleared:
                self.cleared[key] = self.cleared.get(key, 0) + 1
            if is_deload:
                self.level = self.level or self.last_original or slot.original
                return
            self._advise(due.session, outcome)
        elif missed:
            if self.level is None:
                self.level = self.last_original if is_deload and self.last_original else due.session
            if not is_deload:
                self.assumed = 0
                self.shown = "hold"
                self.because = (
                    "missed",
                    f"{slot.date.isoformat()} was missed: the level is held, not skipped",
                    None,
                )
        elif self.level is not None and not is_deload:
            self._project()

    def _advise(self, ran: Session, o: Outcome) -> None:
        """Set the level ahead from the coach's advice on a run of `ran`."""
        nxt, change, why = o.next_session, o.change, o.why
        if change in PROGRESS:
            other = "intensity" if change == "volume" else "volume"
            if self.rules.breach(nxt) is not None:
                alt = next_level(ran, other)
                if self.rules.breach(alt) is None:
                    nxt, change, why = alt, other, f"{why}; {o.change} would pass a cap: {other} instead"
                else:
                    nxt, change, why = ran, "hold", f"{why}; held at the caps"
            if change in PROGRESS:
                self.want = "intensity" if change == "volume" else "volume"
        elif change == "repeat" and o.insight == "plenty_left":
            moved = next_level(ran, "intensity")
            moved = moved.with_changes(start_pace_s=float(math.floor(moved.start_pace_s + 0.5)))  # whole s
            if self.rules.breach(moved) is None:
                nxt, change = moved, "start"
                why = "plenty left in the tank: the start moves half a step faster, every pace with it"
        elif change not in ("ease", "repeat"):
            nxt, change = ran, "repeat"  # not a progressive run on a planned day: the level stands
        self.level = nxt
        self.assumed = 0
        self.shown = change
        self.because = (o.insight, why, o.activity_id)

    def _project(self) -> None:
        """A slot ahead: assume it cleared, and progress the level once `hold` sessions are cleared."""
        assert self.level is not None
        self.assumed += 1
        if self.cleared.get(level_key(self.level), 0) + self.assumed < self.rules.hold:
            return
        for kind in (self.want, "intensity" if self.want == "volume" else "volume"):
            cand = next_level(self.level, kind)
            if self.rules.breach(cand) is None:
                self.level = cand
                self.assumed = 0
                self.want = "intensity" if kind == "volume" else "volume"
                self.shown = kind
                return


__all__ = ["Adapted", "Due", "Outcome", "Replay", "Rules", "Slot", "level_key"]
