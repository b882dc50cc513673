"""The replay that adapts a saved progression to the runs: each rule on its own, without a log."""

from __future__ import annotations

import datetime as dt

import pytest

from progtempo.plan.adapt import Outcome, Replay, Rules, Slot, level_key
from progtempo.plan.autoregulate import adjust
from progtempo.plan.progression import next_level, progress
from progtempo.plan.spec import parse_plan

START = dt.date(2026, 3, 4)
L0 = parse_plan("6x1mi 10:00-7:30", "mi")


def _slots(weeks: int = 8, **kw: object) -> list[Slot]:
    plan = progress(L0, weeks=weeks, start_date=START, **kw)  # type: ignore[arg-type]
    return [Slot(w.week, w.date, w.session, w.change) for w in plan.weeks]


def _outcome(
    ran: object, insight: str, *, cleared: bool, change: str, nxt: object = None, aid: int = 1
) -> Outcome:
    return Outcome(aid, cleared, insight, nxt or ran, change, f"because {insight}")  # type: ignore[arg-type]


def _walk(
    slots: list[Slot],
    outcomes: dict[int, Outcome],
    missed: set[int] = frozenset(),
    rules: Rules | None = None,
) -> list[tuple[str, str, str | None]]:
    """(spec due, change shown, why adapted) for every slot; outcomes keyed by slot id."""
    replay = Replay(rules or Rules())
    out = []
    for slot in slots:
        due = replay.due(slot)
        o = outcomes.get(slot.id)
        if o is not None and o.next_session is None:  # pragma: no cover - guard for the helper
            raise AssertionError
        replay.record(slot, due, o, missed=slot.id in missed)
        out.append((due.session.spec(), due.change, due.adapted.because if due.adapted else None))
    return out


def test_nothing_changes_before_the_first_run() -> None:
    slots = _slots()
    got = _walk(slots, {})
    assert [g[0] for g in got] == [s.original.spec() for s in slots]
    assert all(g[2] is None for g in got)


def test_runs_as_planned_keep_the_original() -> None:
    """Cleared every week: the coach's two-clears rule is the progression's hold of two."""
    slots = _slots()
    outcomes = {}
    cleared_at: dict[object, int] = {}
    for s in slots:
        key = level_key(s.original)
        before = cleared_at.get(key, 0)
        if before >= 1:
            o = _outcome(
                s.original,
                "on_target",
                cleared=True,
                change="volume" if s.id % 4 == 2 else "intensity",
                nxt=slots[s.id].original if s.id < len(slots) else s.original,
            )
        else:
            o = _outcome(s.original, "on_target", cleared=True, change="repeat")
        outcomes[s.id] = o
        cleared_at[key] = before + 1
    got = _walk(slots, outcomes)
    assert [g[0] for g in got] == [s.original.spec() for s in slots]
    assert all(g[2] is None for g in got)


def test_not_cleared_repeats_and_pushes_the_plan_back() -> None:
    slots = _slots()
    # week 1 cleared, week 2 faded: the level is repeated, and needs two clears before it goes up
    got = _walk(
        slots,
        {
            1: _outcome(L0, "on_target", cleared=True, change="repeat"),
            2: _outcome(L0, "faded", cleared=False, change="repeat"),
        },
    )
    assert got[2][0] == L0.spec() and got[2][2] == "faded"  # week 3: the original went up here
    # week 4: one clear and week 3 assumed cleared make two: up a level
    assert got[3][:2] == (next_level(L0, "volume").spec(), "volume")
    assert got[3][2] is None  # back on the original, a week late


def test_could_not_build_eases_to_half_the_step() -> None:
    slots = _slots()
    eased = adjust(L0, "jaded")
    got = _walk(slots, {1: _outcome(L0, "could_not_build", cleared=False, change="ease", nxt=eased)})
    assert got[1] == (eased.spec(), "ease", "could_not_build")
    assert eased.start_pace_s == L0.start_pace_s and eased.step_s == L0.step_s / 2


def test_two_cleared_progress() -> None:
    slots = _slots()
    up = next_level(L0, "intensity")
    got = _walk(
        slots,
        {
            1: _outcome(L0, "on_target", cleared=True, change="repeat"),
            2: _outcome(L0, "plenty_left", cleared=True, change="intensity", nxt=up),
        },
    )
    assert got[2] == (up.spec(), "intensity", "plenty_left")  # the original had volume here


def test_plenty_left_moves_the_next_start() -> None:
    """Plenty left at the first session of a level: the coach repeats it, the start moves half a step."""
    slots = _slots()
    got = _walk(slots, {1: _outcome(L0, "plenty_left", cleared=True, change="repeat")})
    moved = next_level(L0, "intensity")
    assert got[1][0] == moved.spec() and got[1][1] == "start" and got[1][2] == "plenty_left"
    assert moved.start_pace_s == L0.start_pace_s - L0.step_s / 2
    odd = parse_plan("6x1mi 9:32 step 27", "mi")  # half of 27 s: the start lands on a whole second
    got = _walk(
        [Slot(1, START, odd), Slot(2, START + dt.timedelta(weeks=1), odd)],
        {1: _outcome(odd, "plenty_left", cleared=True, change="repeat")},
    )
    assert got[1][0] == odd.with_changes(start_pace_s=559.0).spec()  # 9:18.5 up to 9:19


def test_a_missed_week_holds_the_level() -> None:
    slots = _slots()
    got = _walk(slots, {1: _outcome(L0, "on_target", cleared=True, change="repeat")}, missed={2})
    # week 3 would have gone up (two clears assumed); week 2 was missed, so it holds
    assert got[2] == (L0.spec(), "hold", "missed")
    assert got[3][0] == next_level(L0, "volume").spec()  # one clear and week 3 assumed: up, a week late


def test_missed_before_any_run_holds_the_first_level() -> None:
    slots = _slots()
    got = _walk(slots, {}, missed={1, 2})
    assert [g[0] for g in got[:4]] == [L0.spec()] * 4
    assert got[2][2] == "missed"


def test_an_override_is_never_rewritten_and_informs_what_follows() -> None:
    slots = _slots()
    hand = parse_plan("5x1mi 9:30-7:30", "mi")
    slots[2] = Slot(slots[2].id, slots[2].date, slots[2].original, slots[2].original_change, override=hand)
    got = _walk(
        slots,
        {
            1: _outcome(L0, "faded", cleared=False, change="repeat"),
            3: _outcome(hand, "could_not_build", cleared=False, change="ease", nxt=adjust(hand, "jaded")),
        },
    )
    assert got[2] == (hand.spec(), "override", None)
    assert got[3][0] == adjust(hand, "jaded").spec()


def test_caps_hold_the_progression() -> None:
    rules = Rules(max_segments=6, limit_end_pace_s=450.0)
    slots = _slots(max_segments=6, limit_end_pace_s=450.0)
    vol = next_level(L0, "volume")
    got = _walk(
        slots,
        {
            1: _outcome(L0, "on_target", cleared=True, change="repeat"),
            2: _outcome(L0, "on_target", cleared=True, change="volume", nxt=vol),
        },
        rules=rules,
    )
    assert got[2][0] == L0.spec() and got[2][1] == "hold"  # volume past 6, intensity past 7:30: held


def test_deload_weeks_stay_deloads() -> None:
    slots = _slots(weeks=6, deload_every=3)
    assert slots[2].original_change == "deload"
    got = _walk(slots, {1: _outcome(L0, "faded", cleared=False, change="repeat")})
    assert got[2][1] == "deload" and got[2][0] != L0.spec()


def test_rules_round_trip() -> None:
    r = Rules(3, 4, 9, 420.0)
    assert Rules.from_json(r.to_json()) == r
    assert Rules.from_json(None) == Rules()
    with pytest.raises(KeyError):
        Rules.from_json({"hold": 2}).to_json()["nope"]
