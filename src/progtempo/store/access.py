"""Who may see and change whose log: every query of the store finds its athlete through `athlete_for`.

A store opened as a user (`Store.as_user(principal)`) answers only within that user's reach:

| need   | what it covers                                   | athlete         | coach                     |
|--------|--------------------------------------------------|-----------------|---------------------------|
| `read` | activities, runs, history, schedule, dashboard   | their own log   | their athletes' logs      |
| `plan` | saving planned sessions                          | their own log   | their athletes' logs      |
| `log`  | importing runs, upload jobs, the runner's profile| their own log   | nobody's                  |

Anything out of reach raises `NotVisible`, with the same words whether the athlete exists or not, so a
caller learns nothing of other logs (the web answers 404). A store opened without a user (the command
line, the local single-runner server) is trusted with every log, as before accounts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sqlalchemy import select

from progtempo.errors import ProgtempoError
from progtempo.store import models

if TYPE_CHECKING:
    from progtempo.store.log import Log

Need = Literal["read", "plan", "log"]


class NotVisible(ProgtempoError):
    """An athlete, activity or job out of the user's reach, or absent: the same answer for both (404)."""


def not_visible(what: str) -> NotVisible:
    return NotVisible(f"no {what} here")


def athlete_for(store: Log, name: str, need: Need = "read") -> int | None:
    """The id of the athlete `name` if the store's user may do `need` on their log.

    Without a user: the athlete's id, or None when the log has no such athlete yet. With one: the id,
    or NotVisible when it is out of reach (or absent).
    """
    name = name.strip()
    p = store.principal
    if p is None:
        with store.session() as s:
            return s.scalar(select(models.Athlete.id).where(models.Athlete.name == name))
    if p.role == "athlete":
        if p.athlete_id is not None and name == p.name:
            return p.athlete_id
        raise not_visible(f"athlete {name!r}")
    if need == "log":
        raise not_visible(f"athlete {name!r}")
    from progtempo.store.models_accounts import User

    A = models.Athlete
    with store.session() as s:
        found = s.scalar(
            select(A.id).join(User, User.athlete_id == A.id).where(A.name == name, User.coach_id == p.user_id)
        )
    if found is None:
        raise not_visible(f"athlete {name!r}")
    return found


def visible_athletes(store: Log) -> list[str]:
    """The athletes' names the store's user may read (every one without a user), sorted."""
    p = store.principal
    A = models.Athlete
    q = select(A.name).order_by(A.name)
    if p is not None:
        from progtempo.store.models_accounts import User

        q = q.join(User, User.athlete_id == A.id)
        q = q.where(User.id == p.user_id) if p.role == "athlete" else q.where(User.coach_id == p.user_id)
    with store.session() as s:
        return list(s.scalars(q))


def owner_of(store: Log, activity_id: int) -> str | None:
    """The name of the athlete whose activity this is, if the store's user may read it, else None."""
    A, T = models.Activity, models.Athlete
    with store.session() as s:
        name = s.scalar(select(T.name).join(A, A.athlete_id == T.id).where(A.id == activity_id))
    if name is None:
        return None
    try:
        athlete_for(store, name, "read")
    except NotVisible:
        return None
    return name


def require_trusted(store: Log, what: str) -> None:
    """Refuse to a store opened as a user what only the command line may do (remove a log)."""
    if store.principal is not None:
        raise ProgtempoError(f"{what} is done from the command line, not as a user")
