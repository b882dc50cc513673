"""A real browser for the web tests: Debian's chromium driven by Playwright, and a real `progtempo serve`.

The browser gets a fresh user-data dir and the flags that keep it from calling home; every request to
anywhere but the server is recorded (and aborted), and so is every console error and page error, so a
test can assert there were none. Screenshots go to `SCREENSHOTS` (a temp folder) to be looked at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM_ENV = "PROGTEMPO_TEST_CHROMIUM"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(
    os.environ.get("PROGTEMPO_SCREENSHOTS") or Path(tempfile.gettempdir()) / "progtempo-screenshots"
)
PHONE, DESKTOP = 390, 1280


def chromium() -> str:
    """Chromium's path (PROGTEMPO_TEST_CHROMIUM, else on PATH); skips without one, fails in CI."""
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    why = f"no chromium ({CHROMIUM_ENV} unset, none on PATH): `bash scripts/browser.sh` installs Debian's"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {why}")
    pytest.skip(why)


@contextmanager
def served(db_url: str, *options: str, athlete: str = "me") -> Iterator[str]:
    """`progtempo --db DB serve --port 0 --athlete NAME` in a child process; yields its URL."""
    exe = str(Path(sys.executable).with_name("progtempo"))
    argv = [exe, "--unit", "mi", "--db", db_url, *options, "serve", "--port", "0", "--athlete", athlete]
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline().strip()
        if not line.startswith("serving on "):
            raise AssertionError(f"serve printed {line!r}: {proc.stderr.read()}")
        url = line.removeprefix("serving on ")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@dataclass
class Browser:
    """One chromium with a fresh profile, and what its pages did that they should not."""

    base_url: str
    context: Any
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)

    def page(self, width: int = DESKTOP) -> Any:
        page = self.context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.on(
            "console",
            lambda m: self.console_errors.append(f"{m.text} @ {page.url}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.console_errors.append(f"page error {e} @ {page.url}"))
        return page

    def shot(self, page: Any, name: str) -> Path:
        """A full-page screenshot `<name>-<width>.png`; fails if the page scrolls sideways."""
        width = page.viewport_size["width"]
        if page.locator("[data-chart]").count():  # every chart drawn (static/charts.js marks the page)
            page.locator("html[data-charts-all]").wait_for(state="attached")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} at {width} px scrolls sideways ({scroll} px wide)"
        inner = page.evaluate(
            "[...document.querySelectorAll('.table-wrap')].filter(e => e.scrollWidth > e.clientWidth + 1)"
            ".map(e => (e.querySelector('caption, th') || e).textContent.trim().slice(0, 40))"
        )
        assert not inner, f"{name} at {width} px: tables that scroll sideways inside the page: {inner}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        out = SCREENSHOTS / f"{name}-{width}.png"
        # caret="initial": hiding the caret injects a <style> the page's CSP refuses (a console error) on
        # a second shot of the same page
        page.screenshot(path=str(out), full_page=True, caret="initial")
        self.shots.append(out)
        return out


@contextmanager
def browser(base_url: str) -> Iterator[Browser]:
    """Chromium (headless, fresh user-data dir) with every request off `base_url` recorded and aborted."""
    from playwright.sync_api import sync_playwright

    exe = chromium()
    profile = tempfile.mkdtemp(prefix="progtempo-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=exe,
                args=FLAGS,
                headless=True,
                accept_downloads=True,
                base_url=base_url,
            )
            b = Browser(base_url=base_url, context=context)

            def gate(route: Any) -> None:
                url = route.request.url
                if url.startswith(base_url) or url.startswith(("data:", "blob:")):
                    route.continue_()
                else:
                    b.outside_requests.append(url)
                    route.abort()

            context.route("**/*", gate)
            try:
                yield b
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
