"""The gate: local mode without accounts, login everywhere once one exists, sessions and their cookie,
CSRF on what changes state, tokens, the login limits, and `serve` refusing to serve a log openly."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from progtempo import synth
from progtempo.store import accounts, open_store

SECRET = "correct horse battery staple"
PAGES = ("/", "/activities", "/history", "/schedule", "/plan", "/import")


def _club(url: str) -> None:
    with open_store(url) as store:
        accounts.add_user(store, "coach", "coach", SECRET)
        accounts.add_user(store, "ann", "athlete", SECRET, coach="coach")
        accounts.add_user(store, "ben", "athlete", SECRET)


def _fit(day: int = 0) -> bytes:
    legs = [synth.Leg(1609.344, 600.0 - 30 * k, hr_bpm=140.0 + 5 * k) for k in range(4)]
    start = dt.datetime(2026, 3, 2, 7, tzinfo=dt.UTC) + dt.timedelta(days=day)
    return synth.fit_bytes(synth.make_run(legs, start_time=start))


def login(client: Any, name: str, password: str = SECRET) -> str:
    """Log in through the form, as a browser does; the session's CSRF token."""
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token is not None
    r = client.post("/login", data={"name": name, "password": password, "login_token": token.group(1)},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    home = client.get("/")
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', home.text)
    assert csrf is not None
    return csrf.group(1)


@pytest.fixture
def club_client(make_client: Callable[..., Any], db_url: str) -> Any:
    _club(db_url)
    return make_client(db_url)


def test_without_accounts_the_machine_s_runner_needs_no_login(sqlite_client: Any) -> None:
    for page in PAGES:
        assert sqlite_client.get(page).status_code == 200, page
    assert sqlite_client.get("/api/activities").status_code == 200
    assert "Log out" not in sqlite_client.get("/").text
    r = sqlite_client.get("/api/activities", headers={"x-forwarded-for": "203.0.113.9"})
    assert r.status_code == 401 and "user add" in r.json()["error"]  # a proxy in front: not local


def test_once_an_account_exists_everything_but_the_open_doors_needs_a_login(club_client: Any) -> None:
    for page in PAGES:
        r = club_client.get(page + "?x=1", follow_redirects=False)
        assert (
            r.status_code == 303
            and r.headers["location"] == f"/login?next={page.replace('/', '%2F')}%3Fx%3D1"
        )
    for path in ("/api/activities", "/api/history", "/api/schedule", "/api/plan?spec=6x1mi%2010:00-7:30",
                 "/api/me", "/openapi.json", "/activities/1"):  # fmt: skip
        r = club_client.get(path, headers={"accept": "application/json"}, follow_redirects=False)
        assert r.status_code == 401, path
        assert set(r.json()) == {"error"} and r.headers["www-authenticate"].startswith("Bearer")
    for path in ("/api/import", "/api/schedule", "/logout", "/schedule"):
        assert club_client.post(path, follow_redirects=False).status_code == 401, path
    assert club_client.get("/", headers={"hx-request": "true"}).headers["hx-redirect"] == "/login"
    assert club_client.get("/healthz").json() == {"ok": True}
    assert club_client.get("/login").status_code == 200
    assert club_client.get("/static/app.css").status_code == 200


def test_a_session_cookie_is_httponly_samesite_and_secure_over_tls(
    make_client: Callable[..., Any], db_url: str
) -> None:
    _club(db_url)
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        c = make_client(db_url)
        c.base_url = base
        page = c.get("/login")
        token = re.search(r'name="login_token" value="([^"]+)"', page.text)
        assert token is not None
        r = c.post("/login", data={"name": "ann", "password": SECRET, "login_token": token.group(1),
                                   "next": "/history"}, follow_redirects=False)  # fmt: skip
        assert r.status_code == 303 and r.headers["location"] == "/history"
        cookie = next(
            v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("progtempo_session=")
        )
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and ("Secure" in cookie) == secure
        assert c.get("/history").status_code == 200


def test_login_is_refused_without_the_form_s_token_and_never_goes_elsewhere(club_client: Any) -> None:
    r = club_client.post("/login", data={"name": "ann", "password": SECRET}, follow_redirects=False)
    assert r.status_code == 403 and "expired" in r.text
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        page = club_client.get("/login")
        token = re.search(r'name="login_token" value="([^"]+)"', page.text)
        assert token is not None
        r = club_client.post("/login", data={"name": "ann", "password": SECRET, "login_token": token.group(1),
                                             "next": target}, follow_redirects=False)  # fmt: skip
        assert r.status_code == 303 and r.headers["location"] == "/"


def test_state_changing_requests_need_the_csrf_token_and_this_site(club_client: Any) -> None:
    csrf = login(club_client, "ann")
    form = {"spec": "6x1mi 10:00-7:30", "weeks": "2"}
    assert club_client.post("/schedule", data=form, follow_redirects=False).status_code == 403
    assert (
        club_client.post("/schedule", data={**form, "csrf_token": "nope"}, follow_redirects=False).status_code
        == 403
    )
    assert (
        club_client.post("/schedule", data={**form, "csrf_token": csrf}, follow_redirects=False).status_code
        == 303
    )
    r = club_client.post("/api/schedule", json=form, headers={"x-csrf-token": csrf})
    assert r.status_code == 201 and r.json()["athlete"] == "ann"
    r = club_client.post("/api/import", files={"files": ("a.fit", _fit())})
    assert r.status_code == 403
    r = club_client.post(f"/api/import?csrf_token={csrf}", files={"files": ("a.fit", _fit())})
    assert r.status_code == 200 and r.json()["imported"] == 1
    r = club_client.post(
        "/api/schedule", json=form, headers={"x-csrf-token": csrf, "origin": "https://evil.example"}
    )
    assert r.status_code == 403 and "another site" in r.json()["error"]
    assert "Log out" in club_client.get("/").text and "ann (athlete)" in club_client.get("/").text


def test_tokens_need_no_csrf_and_a_bad_one_is_refused(club_client: Any, db_url: str) -> None:
    with open_store(db_url) as store:
        token = accounts.new_token(store, "ann")
    auth = {"authorization": f"Bearer {token}"}
    r = club_client.post("/api/import", files={"files": ("a.fit", _fit())}, headers=auth)
    assert r.status_code == 200 and r.json()["imported"] == 1
    assert club_client.get("/api/me", headers=auth).json()["user"] == {"name": "ann", "role": "athlete"}
    assert len(club_client.get("/api/activities", headers=auth).json()["activities"]) == 1
    for bad in (f"Bearer {token}x", "Bearer ", "Basic YW5uOnB3"):
        r = club_client.get("/api/activities", headers={"authorization": bad})
        assert r.status_code == 401, bad
    with open_store(db_url) as store:
        accounts.revoke_tokens(store, "ann")
    assert club_client.get("/api/activities", headers=auth).status_code == 401


def test_api_login_sets_the_session_and_logout_ends_it(club_client: Any) -> None:
    assert club_client.post(
        "/api/login", content="name=ann", headers={"content-type": "text/plain"}
    ).status_code in (415, 422)
    assert club_client.post("/api/login", json={"name": "ann", "password": "wrong one!"}).status_code == 401
    r = club_client.post("/api/login", json={"name": "ann", "password": SECRET})
    assert r.status_code == 200 and r.json()["name"] == "ann" and r.json()["csrf_token"]
    csrf = r.json()["csrf_token"]
    assert club_client.get("/api/schedule").status_code == 200
    assert club_client.post("/logout", follow_redirects=False).status_code == 403  # CSRF here too
    r = club_client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    club_client.cookies.clear()
    assert club_client.get("/api/schedule").status_code == 401


def test_logins_are_limited_per_name_and_per_address(club_client: Any) -> None:
    from progtempo.store.logins import MAX_FAILED_PER_NAME, MAX_TRIES_PER_ADDRESS

    for _ in range(MAX_FAILED_PER_NAME):
        assert (
            club_client.post("/api/login", json={"name": "ann", "password": "wrong one!"}).status_code == 401
        )
    r = club_client.post("/api/login", json={"name": "ann", "password": SECRET})
    assert r.status_code == 429 and r.headers["retry-after"] and "name" in r.json()["error"]
    assert club_client.post("/api/login", json={"name": "ben", "password": SECRET}).status_code == 200
    for k in range(MAX_TRIES_PER_ADDRESS - MAX_FAILED_PER_NAME - 1):  # with ben's, the address's limit
        club_client.post("/api/login", json={"name": f"x{k}", "password": "wrong one!"})
    r = club_client.post("/api/login", json={"name": "coach", "password": SECRET})
    assert r.status_code == 429 and "address" in r.json()["error"]
    page = club_client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token is not None
    r = club_client.post("/login", data={"name": "coach", "password": SECRET, "login_token": token.group(1)})
    assert r.status_code == 429 and "too many" in r.text


def test_a_coach_picks_an_athlete_and_sees_only_theirs(club_client: Any, db_url: str) -> None:
    with open_store(db_url) as store:
        store.import_uploads([_upload()], athlete="ann")
        store.import_uploads([_upload(1)], athlete="ben")
    login(club_client, "coach")
    me = club_client.get("/api/me").json()
    assert me == {"user": {"name": "coach", "role": "coach"}, "athlete": "ann", "athletes": ["ann"]}
    assert club_client.get("/api/activities").json()["athlete"] == "ann"
    assert club_client.get("/api/activities?athlete=ben").status_code == 404
    assert club_client.get("/athlete?name=ben", follow_redirects=False).status_code == 404
    r = club_client.get("/athlete?name=ann&next=/history", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/history"
    page = club_client.get("/")
    assert page.status_code == 200 and "coach (coach)" in page.text and 'id="athlete-pick"' in page.text
    r = club_client.post("/api/import?csrf_token=x", files={"files": ("a.fit", _fit(5))})
    assert r.status_code == 403  # a coach reads runs; athletes upload them
    page = club_client.get("/import")  # the page says so rather than offering a form that can't work
    assert page.status_code == 200 and 'id="coach-import"' in page.text
    assert 'id="import-form"' not in page.text
    assert "Ask ann to log in" in page.text


def _upload(day: int = 0) -> Any:
    from progtempo.store import Upload

    return Upload(f"run{day}.fit", _fit(day))


def test_serve_refuses_to_serve_a_log_openly_without_accounts(cli: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "log.sqlite")
    code, out, err = cli("--db", db, "serve", "--host", "0.0.0.0", "--port", "0")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("progtempo: --host 0.0.0.0 serves beyond this machine") and "user add" in err
    code, _, err = cli("--db", db, "serve", "--forwarded-allow-ips", "127.0.0.1", "--port", "0")
    assert code == 2 and "proxy" in err and "--role coach" in err
    code, _, err = cli("--db", db, "serve", "--workers", "2", "--port", "0")
    assert code == 2 and "needs PostgreSQL" in err
