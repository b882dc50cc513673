"""The app in a real browser (chromium): plan a session, import runs, read a run's page.

Few and focused: one server and one browser for the module. Every page is also shot at phone width
(390 px, no sideways scroll) and desktop width, into web_browser.SCREENSHOTS, to be looked at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from web_browser import DESKTOP, PHONE, Browser, browser, chromium, served

from progtempo import synth
from progtempo.synth import mile_legs, per_km
from progtempo.units import MILE_M as MI


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
    page.get_by_label("Prescribe by").select_option("effort")  # the talk test and heart rate lead
    page.locator("#ladder h2", has_text="by effort").wait_for()
    assert "%" in page.locator("#ladder tbody tr").last.inner_text()
    web.shot(page, "plan-effort")
    phone = web.page(PHONE)
    phone.goto("/plan?spec=6x1mi+10:00-7:30")
    web.shot(phone, "plan")
    # the widest ladder a phone gets: by effort, segments by time, a warm-up, splits run so far
    phone.goto("/plan?spec=5x10min+5:40-4:40&unit=km&by=effort&warmup=10min&cooldown=1km&so_far=5:40")
    web.shot(phone, "plan-effort")
    phone.close()
    page.close()


def _ladder_fit(path: Path) -> Path:
    """A hilly progressive run two days ago, from the generator: a warm-up mile, then 6 x 1 mi 10:00-7:30."""
    start = dt.datetime.now(dt.UTC).replace(hour=7, minute=0, second=0, microsecond=0) - dt.timedelta(days=2)
    grades = [0.0, 0.02, -0.02, 0.01, 0.03, -0.01]
    run = synth.make_run(
        mile_legs([600, 570, 540, 510, 480, 455], grades, hr_start_bpm=125),
        start_time=start,
        warmup=synth.Leg(MI, per_km(660), hr_bpm=115),
        gps_noise_m=2.0,
        elevation_noise_m=0.5,
        name="Progressive tempo",
    )
    synth.write_fit(run, path)
    return path


def test_import_runs_and_read_one(web: Browser, tmp_path: Path, data_dir: Path) -> None:
    page = web.page(DESKTOP)
    page.goto("/import")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    ladder = _ladder_fit(tmp_path / "ladder.fit")
    real = data_dir / "runpandas__run_fr645m.fit.gz"
    page.set_input_files("#files", [str(ladder), str(real)])
    page.get_by_role("button", name="Import").click()
    links = page.locator('#import-result a[href^="/activities/"]')
    links.nth(1).wait_for()
    assert links.count() == 2
    web.shot(page, "import")
    small = web.page(PHONE)
    small.goto("/import")
    web.shot(small, "import")
    small.close()

    page.get_by_role("link", name="ladder").click()
    page.locator("#bars-chart canvas").first.wait_for()
    assert "BOSS" in page.locator("ol.levels").inner_text()
    boss = page.locator(".boss-line .verdict").inner_text()
    assert boss in ("cleared", "too slow", "slower than before", "not reached")
    # the split table: one row per split, as the API says
    aid = page.url.rstrip("/").split("/")[-1]
    doc = httpx.get(f"{web.base_url}/api/activities/{aid}", timeout=30).json()
    assert page.locator("table#splits tbody tr").count() == len(doc["splits"]) == 7
    # hover a bar: its numbers
    box = page.locator("#bars-chart .u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.93, box["y"] + box["height"] * 0.5)
    tip = page.locator("#bars-chart .tip")
    tip.wait_for()
    assert "Boss" in tip.inner_text() and "target" in tip.inner_text()
    page.mouse.move(0, 0)
    page.locator("#bars-chart").focus()  # the keyboard walks the bars too
    page.keyboard.press("ArrowRight")
    tip.wait_for()
    assert tip.inner_text().split("\n")[0] in ("Split 1", "Level 1")
    assert page.locator("#bars-chart-live").inner_text().startswith(("Split 1", "Level 1"))
    for chart in ("pace", "elevation", "hr"):
        assert page.locator(f'[data-chart="{chart}"] canvas').count() == 1
    # served in miles: the elevation in feet, as the page's climb figures
    assert "elevation ft" in page.locator('[data-chart="elevation"] .u-legend').inner_text()
    web.shot(page, "activity")
    phone = web.page(PHONE)
    phone.goto(page.url)
    phone.locator("#bars-chart canvas").first.wait_for()
    web.shot(phone, "activity")

    # "use as next session" puts the coach's advice in the schedule
    page.get_by_role("button", name="Use as next session").click()
    page.wait_for_url("**/schedule?saved=1*")
    assert page.locator(".calendar .s-due").count() == 1
    web.shot(page, "schedule")
    phone.goto("/schedule")
    web.shot(phone, "schedule")

    others = [a["id"] for a in httpx.get(f"{web.base_url}/api/activities", timeout=30).json()["activities"]]
    real_id = next(i for i in others if str(i) != aid)
    for p in (page, phone):
        p.goto(f"/activities/{real_id}")
        p.locator('[data-chart="route"]').wait_for()
        web.shot(p, "activity-real")
    for path, name in (("/", "dashboard"), ("/activities", "activities"), ("/history", "history")):
        for p in (page, phone):
            p.goto(path)
            if name != "activities":
                p.locator(".uplot").first.wait_for()
            web.shot(p, name)
    phone.close()
    page.close()


def test_save_a_plan_as_a_schedule(web: Browser) -> None:
    page = web.page(DESKTOP)
    page.goto("/plan?spec=6x1mi+10:00-7:30")
    page.get_by_label("Weeks", exact=True).fill("6")
    page.get_by_role("button", name="Save the progression").click()
    page.wait_for_url("**/schedule?saved=6*")
    assert "Saved 6 planned sessions" in page.locator(".saved").inner_text()
    assert page.locator(".planned > li").count() >= 6
    page.close()
