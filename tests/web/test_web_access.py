"""The access matrix: every route of /openapi.json and every page, as each role, on data owned by each.

Roles: nobody logged in, athlete A (ann), athlete B (ben), their coach (coach1), another coach (coach2,
who coaches dot). Data: ann's and ben's runs, schedules and upload jobs. Each route has a rule saying
who may do it on whose data; every call is made as every role on each owner's data and the status is
asserted: allowed is a 2xx or a redirect, anything else a 404 whose body carries nothing of the
owner's, and nobody logged in gets a 401 (a page: a redirect to /login). A route without a rule fails
the test, so a new route can't slip in unguarded. On SQLite and PostgreSQL (`db_url`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import pytest

from progtempo import synth
from progtempo.store import Upload, accounts, jobs, open_store

SECRET = "correct horse battery staple"
OWNERS = ("ann", "ben")
ROLES = ("none", "ann", "ben", "coach1", "coach2")
COACH_OF = {"ann": "coach1", "ben": "coach1", "dot": "coach2"}

#: open: anyone; user: any logged-in user, whoever's data; read/plan/log: on the owner's log (see
#: progtempo.store.access), job: the upload job of the owner (its athlete only)
Rule = Literal["open", "user", "read", "plan", "log", "job"]


def may(role: str, owner: str, rule: Rule) -> bool:
    if rule == "open":
        return True
    if role == "none":
        return False
    if rule == "user":
        return True
    if role == owner:
        return True
    return rule in ("read", "plan") and COACH_OF[owner] == role


@dataclass
class Data:
    """What each owner has: an activity id, an upload job id, and a run file to upload."""

    activity: dict[str, int] = field(default_factory=dict)
    job: dict[str, str] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)


def _fit(k: int) -> bytes:
    """The article's ladder, 6 x 1 mi from 10:00 down by 30 s (the coach advises a next session after it)."""
    legs = [synth.Leg(1609.344, 600.0 - 30 * j, hr_bpm=140.0 + 5 * j) for j in range(6)]
    start = dt.datetime(2026, 3, 2, 7, tzinfo=dt.UTC) + dt.timedelta(days=k)
    return synth.fit_bytes(synth.make_run(legs, start_time=start))


Call = Callable[[Any, str, Data, int], Any]
SPEC = "spec=6x1mi%2010:00-7:30"


def _fill(text: str, o: str, d: Data, k: int) -> str:
    """A URL or value with the owner's name `{o}`, activity `{act}`, job `{job}`, and call number `{k}`."""
    return text.format(o=o, act=d.activity.get(o, 0), job=d.job.get(o, ""), k=k, day=k % 28 + 1)


def get(url: str) -> Call:
    return lambda c, o, d, k: c.get(_fill(url, o, d, k))


def post(url: str, *, form: dict[str, str] | None = None, body: dict[str, Any] | None = None,
         upload: bool = False) -> Call:  # fmt: skip
    def call(c: Any, o: str, d: Data, k: int) -> Any:
        kw: dict[str, Any] = {}
        if form is not None:
            kw["data"] = {key: _fill(v, o, d, k) for key, v in form.items()}
        if body is not None:
            kw["json"] = {key: _fill(v, o, d, k) if isinstance(v, str) else v for key, v in body.items()}
        if upload:
            kw["files"] = {"files": (f"upload-{k}.fit", _fit(100 + k))}
        return c.post(_fill(url, o, d, k), **kw)

    return call


PLAN = {"spec": "6x1mi 10:00-7:30", "weeks": "1"}
#: (method, path) -> (rule, how to call it as a client on the owner's data; `k` makes each call's
#: upload a new file and each plan a new day)
CALLS: dict[tuple[str, str], tuple[Rule, Call]] = {
    ("GET", "/healthz"): ("open", get("/healthz")),
    ("GET", "/login"): ("open", get("/login")),
    ("POST", "/login"): ("open", post("/login", form={"name": "{o}", "password": "not the one"})),
    ("POST", "/api/login"): ("open", post("/api/login", body={"name": "{o}", "password": "not the one"})),
    ("GET", "/openapi.json"): ("user", get("/openapi.json")),
    ("GET", "/api/me"): ("user", get("/api/me")),
    ("GET", "/api/plan"): ("user", get(f"/api/plan?{SPEC}")),
    ("GET", "/api/export"): ("user", get(f"/api/export?{SPEC}&format=ics")),
    ("GET", "/plan"): ("user", get(f"/plan?{SPEC}")),
    ("GET", "/plan/ladder"): ("user", get(f"/plan/ladder?{SPEC}")),
    ("GET", "/import"): ("user", get("/import")),
    ("POST", "/logout"): ("user", post("/logout")),
    ("GET", "/athlete"): ("read", get("/athlete?name={o}")),
    ("GET", "/"): ("read", get("/?athlete={o}")),
    ("GET", "/activities"): ("read", get("/activities?athlete={o}")),
    ("GET", "/activities/{activity_id}"): ("read", get("/activities/{act}")),
    ("GET", "/history"): ("read", get("/history?athlete={o}")),
    ("GET", "/schedule"): ("read", get("/schedule?athlete={o}")),
    ("GET", "/api/activities"): ("read", get("/api/activities?athlete={o}")),
    ("GET", "/api/activities/{activity_id}"): ("read", get("/api/activities/{act}")),
    ("GET", "/api/history"): ("read", get("/api/history?athlete={o}")),
    ("GET", "/api/schedule"): ("read", get("/api/schedule?athlete={o}")),
    ("POST", "/schedule"): (
        "plan",
        post("/schedule?athlete={o}", form={**PLAN, "start_date": "2026-06-{day:02d}"}),
    ),
    ("POST", "/api/schedule"): (
        "plan",
        post("/api/schedule?athlete={o}", body={**PLAN, "start_date": "2026-07-{day:02d}"}),
    ),
    ("POST", "/activities/{activity_id}/next"): (
        "plan",
        post("/activities/{act}/next", form={"date": "2026-08-{day:02d}"}),
    ),
    ("POST", "/api/import"): ("log", post("/api/import?athlete={o}", upload=True)),
    ("POST", "/api/import/jobs"): ("log", post("/api/import/jobs?athlete={o}", upload=True)),
    ("POST", "/import"): ("log", post("/import?athlete={o}", upload=True)),
    ("GET", "/api/import/jobs/{job_id}"): ("job", get("/api/import/jobs/{job}")),
    ("GET", "/api/import/jobs/{job_id}/events"): ("job", get("/api/import/jobs/{job}/events")),
    ("GET", "/import/jobs/{job_id}/result"): ("job", get("/import/jobs/{job}/result")),
}


def _routes(app: Any) -> Iterator[tuple[str, str]]:
    """Every (method, path) the app answers (the static files aside)."""

    def flat(routes: list[Any]) -> Iterator[Any]:
        for r in routes:
            inner = getattr(r, "original_router", None)
            yield from flat(inner.routes) if inner is not None else (r,)

    for r in flat(app.routes):
        for m in sorted(getattr(r, "methods", None) or ()):
            if m != "HEAD":
                yield m, r.path


@pytest.fixture
def club(make_client: Callable[..., Any], db_url: str) -> tuple[dict[str, Any], Data]:
    """The app with the accounts and data; a client per role (logged in through /api/login)."""
    from fastapi.testclient import TestClient

    data = Data()
    with open_store(db_url) as store:
        for c in ("coach1", "coach2"):
            accounts.add_user(store, c, "coach", SECRET)
        for k, a in enumerate((*OWNERS, "dot")):
            accounts.add_user(store, a, "athlete", SECRET, coach=COACH_OF[a])
            report = store.import_uploads([Upload(f"{a}-run.fit", _fit(k))], athlete=a)
            data.activity[a] = report.activities[0]
            data.source[a] = f"{a}-run.fit"
            staged = store.as_user(None)
            path = _staged(db_url, a, k)
            data.job[a] = jobs.enqueue(staged, [(f"{a}-job.fit", path)], athlete=a, unit="mi")
    first = make_client(db_url)
    first.follow_redirects = False
    clients = {"none": first}
    for role in ROLES[1:]:
        c = TestClient(first.app, raise_server_exceptions=False, follow_redirects=False)
        r = c.post("/api/login", json={"name": role, "password": SECRET})
        assert r.status_code == 200, r.text
        c.headers["x-csrf-token"] = r.json()["csrf_token"]
        clients[role] = c
    for a in OWNERS:  # let the server's worker run the queued jobs
        assert clients[a].get(f"/api/import/jobs/{data.job[a]}").status_code == 200
    return clients, data


def _staged(db_url: str, athlete: str, k: int) -> Any:
    import tempfile
    from pathlib import Path

    p = Path(tempfile.mkdtemp()) / f"{athlete}.fit"
    p.write_bytes(_fit(50 + k))
    return p


def test_every_route_has_a_rule(club: tuple[dict[str, Any], Data]) -> None:
    clients, _ = club
    app = clients["none"].app
    answered = set(_routes(app))
    documented = {
        (m.upper(), path)
        for path, ops in clients["ann"].get("/openapi.json").json()["paths"].items()
        for m in ops
    }
    assert documented <= answered
    assert answered == set(CALLS), f"routes without a rule: {sorted(answered - set(CALLS))}"


def test_the_whole_matrix(club: tuple[dict[str, Any], Data]) -> None:
    clients, data = club
    failures = []
    k = 0
    for (method, path), (rule, call) in CALLS.items():
        if path in ("/logout",):
            continue  # would end the session the rest of the matrix uses: its own test below
        for role in ROLES:
            for owner in OWNERS:
                k += 1
                r = call(clients[role], owner, data, k)
                got = r.status_code
                allowed = may(role, owner, rule)
                if rule == "open":
                    ok = got < 500
                elif role == "none":
                    page = method == "GET" and not path.startswith(("/api/", "/openapi"))
                    ok = got == 303 and r.headers["location"].startswith("/login") if page else got == 401
                elif allowed:
                    ok = got in (200, 201, 202, 303)
                else:
                    ok = got == 404 and data.source[owner] not in r.text and owner + "-job" not in r.text
                if not ok:
                    failures.append(f"{method} {path} as {role} on {owner}'s ({rule}): {got} {r.text[:120]}")
    assert not failures, "\n".join(failures)


def test_logout_as_each_role(club: tuple[dict[str, Any], Data]) -> None:
    clients, _ = club
    assert clients["none"].post("/logout", follow_redirects=False).status_code == 401
    for role in ROLES[1:]:
        c = clients[role]
        r = c.post("/logout", follow_redirects=False)
        assert r.status_code == 303
        c.cookies.clear()
        assert c.get("/api/me").status_code == 401
