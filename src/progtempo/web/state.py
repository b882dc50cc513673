"""What every request handler reads: the settings, the open log, the templates and the import jobs.

`create_app` (app.py) builds one `AppState` and hangs it on the app; a route takes it as the FastAPI
dependency `state`, which gives each request its own copy: the log opened as the user the gate let in
(`web.auth`), for the athlete the request reads. It lives apart from app.py so the routes need not
import the module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates

    from progtempo.store import Store
    from progtempo.web.auth import Gate
    from progtempo.web.import_jobs import ImportJobs
    from progtempo.web.settings import WebSettings


@dataclass
class AppState:
    """The app's settings, its open log, its templates, its import jobs and its gate.

    A request's copy (`state`) has the log opened as the logged-in user and `settings.athlete` the
    athlete whose log the request reads.
    """

    settings: WebSettings
    store: Store
    templates: Jinja2Templates
    imports: ImportJobs
    gate: Gate


def state(request: Request) -> AppState:
    """The app's state for this request (a FastAPI dependency): the log as the user the gate let in
    (`web.auth`), for the athlete the request names (`?athlete=`), else the user's own log (a coach's:
    the athlete they chose, else their first), else the server's `--athlete` in local mode. Every read
    and write of the views goes through this store, so what a user can't reach is a 404 whatever the
    view does.
    """
    from progtempo.web.auth import ATHLETE_COOKIE, Auth

    st = request.app.state.progtempo
    assert isinstance(st, AppState)
    auth: Auth | None = request.scope.get("state", {}).get("auth")
    asked = request.query_params.get("athlete") or None
    principal = auth.principal if auth is not None else None
    if principal is None:
        athlete = asked or st.settings.athlete
        request.state.athlete = athlete
        if athlete == st.settings.athlete:
            return st
        return replace(st, settings=replace(st.settings, athlete=athlete))
    store = st.store.as_user(principal)
    if principal.role == "athlete":
        athlete = asked or principal.name
    else:
        mine = request.state.athletes = store.athletes()
        chosen = request.cookies.get(ATHLETE_COOKIE)
        athlete = asked or (chosen if chosen in mine else (mine[0] if mine else ""))
    request.state.athlete = athlete
    return replace(st, store=store, settings=replace(st.settings, athlete=athlete))


def activity_state(request: Request, activity_id: int) -> AppState:
    """`state` for a route about one activity: a logged-in user reads it in its owner's log (a coach
    follows a link to any of their athletes' runs), unless the request names another athlete."""
    st = state(request)
    if st.store.principal is None or request.query_params.get("athlete"):
        return st
    owner = st.store.owner(activity_id)
    if owner is None or owner == st.settings.athlete:
        return st
    request.state.athlete = owner
    return replace(st, settings=replace(st.settings, athlete=owner))
