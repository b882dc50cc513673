"""The app in a real browser (chromium): plan a session, import runs, read a run's page.

Few and focused: one server and one browser for the module. Every page is also shot at phone width
(390 px, no sideways scroll) and desktop width, into web_browser.SCREENSHOTS, to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_browser import DESKTOP, PHONE, Browser, browser, chromium, served


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium()
    db = tmp_path_factory.mktemp("browser") / "log.sqlite"
    with served(f"sqlite:///{db}") as url, browser(url) as b:
        yield b
        assert b.outside_requests == [], "pages asked hosts other than the server"
        assert b.console_errors == [], "pages logged errors"


def test_plan_builder_live(web: Browser, tmp_path: Path) -> None:
    page = web.page(DESKTOP)
    page.goto("/plan")
    page.get_by_label("Segments").fill("5")
    page.get_by_label("Start pace /mi").fill("10:00")
    page.get_by_label("End pace /mi").fill("7:30")
    page.get_by_label("Step (s faster)").fill("30")
    # the builder answers each keystroke; wait for the answer to the whole input, not a partial one
    alert = page.locator("#ladder [role=alert]", has_text="use 6 segments at 30 s")
    alert.wait_for()
    assert "use 6 segments at 30 s, or 5 segments at 37.5 s" in alert.inner_text()
    web.shot(page, "plan-inconsistent")
    page.get_by_label("Segments").fill("6")
    page.locator("#ladder table.ladder tbody tr").nth(5).wait_for()
    assert page.locator("#ladder table.ladder tbody tr").count() == 6
    assert "boss" in page.locator("#ladder tbody tr").last.inner_text().lower()
    assert "segments=6" in page.url  # the address bar follows, so a reload keeps the plan
    page.get_by_label("Feeling").select_option("jaded")
    page.locator("#ladder h2 .tag").wait_for()
    assert "8:45" in page.locator("#ladder tbody tr").last.inner_text()
    with page.expect_download() as dl:
        page.get_by_role("link", name="FIT workout").click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    assert path.suffix == ".fit" and path.read_bytes()[8:12] == b".FIT"
    web.shot(page, "plan")
    phone = web.page(PHONE)
    phone.goto("/plan?spec=6x1mi+10:00-7:30")
    web.shot(phone, "plan")
    phone.close()
    page.close()
