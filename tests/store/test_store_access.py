"""Isolation in the store's query API: a store opened as a user answers only within that user's reach.

Two coaches, three athletes (A and B coached by coach 1, D by coach 2), each athlete with a run and a
schedule. Every typed query and write is tried as each user on each athlete's data, and the whole
matrix is asserted: their own log for an athlete, their athletes' logs (read, plan) for a coach, and
NotVisible (the web's 404) for everything else, with the same words whether the athlete exists or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from progtempo import synth
from progtempo.plan.ladder import Session
from progtempo.store import Store, Upload, accounts, open_store
from progtempo.store.access import NotVisible

TODAY = dt.date(2026, 5, 20)
SECRET = "correct horse battery staple"
ATHLETES = ("ann", "ben", "dot")
COACH_OF = {"ann": "coach1", "ben": "coach1", "dot": "coach2"}
USERS = ("ann", "ben", "dot", "coach1", "coach2")


def _run(k: int) -> bytes:
    legs = [synth.Leg(1609.344, 600.0 - 30 * j, hr_bpm=140.0 + 5 * j) for j in range(4)]
    start = dt.datetime(2026, 5, 10, 7, tzinfo=dt.UTC) + dt.timedelta(days=k)
    return synth.fit_bytes(synth.make_run(legs, start_time=start))


def _plan() -> Session:
    from progtempo.plan.spec import parse_plan

    return parse_plan("4x1mi 10:00-8:30", "mi")


@pytest.fixture
def club(db_url: str) -> Any:
    """The log with its accounts, each athlete's run id; yields (store, {athlete: activity id})."""
    store = open_store(db_url)
    for c in ("coach1", "coach2"):
        accounts.add_user(store, c, "coach", SECRET)
    ids = {}
    for k, a in enumerate(ATHLETES):
        accounts.add_user(store, a, "athlete", SECRET, coach=COACH_OF[a])
        ids[a] = store.import_uploads([Upload(f"{a}.fit", _run(k))], athlete=a).activities[0]
        store.save_schedule([(1, TODAY + dt.timedelta(days=k), "start", _plan())], athlete=a)
    store.import_uploads([Upload("me.fit", _run(5))], athlete="me")  # a log athlete without an account
    yield store, ids
    store.close()


def _as(store: Store, name: str) -> Store:
    from sqlalchemy import select

    from progtempo.store.models_accounts import User

    with store.session() as s:
        u = s.scalar(select(User).where(User.name == name))
    assert u is not None
    return store.as_user(accounts.principal_of(u))


def _reads(ids: dict[str, int]) -> dict[str, Callable[[Store, str], Any]]:
    """Each read of the API, on athlete `t`'s data (its result must carry that data when allowed)."""
    return {
        "activities": lambda s, t: [a.id for a in s.activities(athlete=t)] == [ids[t]],
        "activity": lambda s, t: s.activity(ids[t], athlete=t) is not None,
        "original": lambda s, t: s.original(ids[t], athlete=t) is not None,
        "analyze": lambda s, t: s.analyze(ids[t], athlete=t) is not None,
        "history": lambda s, t: s.history(athlete=t, today=TODAY).weeks != (),
        "schedule": lambda s, t: len(s.schedule(athlete=t, today=TODAY)) == 1,
        "calendar": lambda s, t: any(d.planned for w in s.calendar(athlete=t, today=TODAY) for d in w.days),
        "dashboard": lambda s, t: s.dashboard(athlete=t, today=TODAY).last_run is not None,
        "counts": lambda s, t: s.counts(athlete=t).activities == 1,
        "owner": lambda s, t: s.owner(ids[t]) == t,
    }


def _may(user: str, athlete: str, need: str) -> bool:
    if user == athlete:
        return True
    return need in ("read", "plan") and COACH_OF[athlete] == user


def _outcome(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except NotVisible as exc:
        assert str(exc).startswith("no athlete ") and str(exc).endswith(" here")
        return "hidden"


def test_every_read_as_every_user_on_every_log(club: Any) -> None:
    store, ids = club
    for user in USERS:
        scoped = _as(store, user)
        for t in ATHLETES:
            for what, read in _reads(ids).items():
                got = _outcome(lambda read=read, t=t, s=scoped: read(s, t))  # type: ignore[misc]
                if _may(user, t, "read"):
                    assert got is True, (user, t, what)
                else:  # hidden, or nothing at all: never the data
                    assert got in ("hidden", False), (user, t, what, got)
                    if what in ("activities", "history", "schedule", "calendar", "dashboard", "counts"):
                        assert got == "hidden", (user, t, what)
        for other in ATHLETES:  # an id of another's log under one's own name is absent
            if user in ATHLETES and other != user:
                assert scoped.activity(ids[other], athlete=user) is None
                assert scoped.analyze(ids[other], athlete=user) is None
                assert scoped.original(ids[other], athlete=user) is None
        assert _outcome(lambda scoped=scoped: scoped.activities(athlete="me")) == "hidden"  # type: ignore[misc]
        assert _outcome(lambda scoped=scoped: scoped.activities(athlete="nobody")) == "hidden"  # type: ignore[misc]
        assert scoped.owner(ids["ann"] + 1000) is None


def test_athletes_lists_only_whom_the_user_reaches(club: Any) -> None:
    store, _ = club
    assert store.athletes() == ["ann", "ben", "dot", "me"]
    expected = {"ann": ["ann"], "ben": ["ben"], "dot": ["dot"], "coach1": ["ann", "ben"], "coach2": ["dot"]}
    for user, names in expected.items():
        assert _as(store, user).athletes() == names


def test_writes_as_every_user_on_every_log(club: Any) -> None:
    store, _ = club
    for k, user in enumerate(USERS):
        scoped = _as(store, user)
        for j, t in enumerate(ATHLETES):
            day = TODAY + dt.timedelta(days=30 + 7 * k + j)
            planned = _outcome(
                lambda scoped=scoped, t=t, day=day: scoped.save_schedule(  # type: ignore[misc]
                    [(2, day, "more", _plan())], athlete=t
                )
            )
            assert (planned != "hidden") == _may(user, t, "plan"), (user, t)
            upload = [Upload(f"{user}-{t}.fit", _run(10 + 5 * k + j))]
            imported = _outcome(lambda scoped=scoped, t=t, u=upload: scoped.import_uploads(u, athlete=t))  # type: ignore[misc]
            assert (imported != "hidden") == _may(user, t, "log"), (user, t)
        with pytest.raises(Exception, match="command line"):
            scoped.delete_athlete(user)
    counts = {t: store.counts(athlete=t) for t in ATHLETES}
    # each athlete imported one run of their own; each got a plan from themselves and their coach
    assert {t: c.activities for t, c in counts.items()} == {"ann": 2, "ben": 2, "dot": 2}
    assert {t: c.planned for t, c in counts.items()} == {"ann": 3, "ben": 3, "dot": 3}
    assert store.athletes() == ["ann", "ben", "dot", "me"]  # no log was made by a refused write
