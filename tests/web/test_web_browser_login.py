"""Accounts in a real browser (chromium): log in, upload, plan and log out through the pages, with the
CSRF token carried by the forms, htmx and the upload script; a coach picks an athlete.

One server with accounts and one browser for the module, as test_web_browser.py; pages are shot at
phone and desktop width into web_browser.SCREENSHOTS (no sideways scroll).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_browser import DESKTOP, PHONE, Browser, browser, chromium, served

from progtempo import synth
from progtempo.store import Upload, accounts, open_store

SECRET = "correct horse battery staple"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium()
    db = f"sqlite:///{tmp_path_factory.mktemp('browser-login') / 'log.sqlite'}"
    with open_store(db) as store:
        accounts.add_user(store, "coach", "coach", SECRET)
        accounts.add_user(store, "ann", "athlete", SECRET, coach="coach")
        accounts.add_user(store, "ben", "athlete", SECRET, coach="coach")
        legs = [synth.Leg(1000.0, 330.0 - 10 * k, hr_bpm=140.0 + 4 * k) for k in range(3)]
        start = dt.datetime(2026, 3, 1, 7, tzinfo=dt.UTC)
        store.import_uploads([Upload("ann.fit", synth.fit_bytes(synth.make_run(legs, start_time=start)))],
                             athlete="ann")  # fmt: skip
    with served(db) as url, browser(url) as b:
        yield b
        assert b.outside_requests == [], "pages asked hosts other than the server"
        assert b.console_errors == [], "pages logged errors"


def _log_in(web: Browser, name: str, width: int = DESKTOP) -> object:
    page = web.page(width)
    page.goto("/history")
    page.wait_for_url("**/login?next=%2Fhistory")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(SECRET)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/history")
    return page


def test_an_athlete_logs_in_uploads_plans_and_logs_out(web: Browser, tmp_path: Path) -> None:
    login = web.page(PHONE)
    login.goto("/")
    login.wait_for_url("**/login?next=%2F")
    web.shot(login, "login")
    login.close()
    page = _log_in(web, "ann")
    assert "ann (athlete)" in page.locator(".who").inner_text()
    legs = [synth.Leg(1609.344, 600.0 - 30 * k, hr_bpm=140.0 + 5 * k) for k in range(6)]
    fit = tmp_path / "tempo.fit"
    synth.write_fit(synth.make_run(legs, start_time=dt.datetime(2026, 3, 4, 7, tzinfo=dt.UTC)), fit)
    page.goto("/import")
    page.set_input_files("#files", str(fit))
    page.get_by_role("button", name="Import").click()
    page.locator('#import-result a[href^="/activities/"]').first.wait_for()
    page.goto("/plan?spec=6x1mi+10:00-7:30")
    page.get_by_label("Weeks", exact=True).fill("3")
    page.get_by_role("button", name="Save the progression").click()
    page.wait_for_url("**/schedule?saved=3*")
    web.shot(page, "schedule-athlete")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")
    page.goto("/schedule")
    page.wait_for_url("**/login?next=%2Fschedule")
    page.close()


def test_a_coach_picks_an_athlete(web: Browser) -> None:
    page = _log_in(web, "coach", PHONE)
    page.get_by_label("Athlete").select_option("ben")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_url("**/history")
    assert "ben's log" in page.locator("footer").inner_text()
    page.goto("/activities")
    web.shot(page, "activities-coach")
    page.get_by_label("Athlete").select_option("ann")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_url("**/activities")
    assert page.locator('a[href^="/activities/"]').count() >= 1  # ann's run
    page.close()
