"""The browser's files: the vendored libraries as pinned, with licences; nothing points off the machine."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

WEB = Path(__file__).resolve().parents[2] / "src" / "progtempo" / "web"
VENDOR = WEB / "static" / "vendor"


def test_vendored_files_match_their_pins() -> None:
    sums = (VENDOR / "SHA256SUMS").read_text().split("\n")
    pinned = dict(reversed(line.split()) for line in sums if line.strip())
    assert {p.name for p in VENDOR.iterdir()} == {*pinned, "SHA256SUMS"}
    for name, digest in pinned.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    for lib in ("htmx", "uPlot"):
        assert any(re.fullmatch(rf"{lib}-\d+\.\d+\.\d+\.LICENSE\.txt", n) for n in pinned), lib
        assert any(re.fullmatch(rf"{lib}-\d+\.\d+\.\d+\..*js", n) for n in pinned), lib


def test_no_template_or_script_loads_from_another_host() -> None:
    for p in [*WEB.joinpath("templates").glob("*.html"), *WEB.joinpath("static").glob("*.*")]:
        text = p.read_text()
        for m in re.finditer(r"""(?:src|href|url)\s*[=(]\s*["']?(//|https?:)""", text):
            raise AssertionError(f"{p.name} loads from another host at {text[m.start() : m.start() + 60]!r}")


def test_static_files_are_served_with_their_pages(sqlite_client: Any) -> None:
    html = sqlite_client.get("/plan").text
    refs = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any("htmx-" in r for r in refs) and any("app.css" in r for r in refs)
    for ref in refs:
        assert sqlite_client.get(ref).status_code == 200, ref


def test_versioned_files_are_kept_and_every_answer_says_its_server_time(sqlite_client: Any) -> None:
    html = sqlite_client.get("/activities").text
    refs = re.findall(r'(?:src|href)="(/static/[^"]+\?v=[0-9a-f]+)"', html)
    assert refs and not any("htmx-" in r for r in refs)  # htmx only where a page uses it
    r = sqlite_client.get(refs[0])
    assert "immutable" in r.headers["cache-control"]
    assert "immutable" not in sqlite_client.get(refs[0].split("?")[0]).headers.get("cache-control", "")
    for path in ("/", "/api/activities", "/healthz"):
        timing = sqlite_client.get(path).headers["server-timing"]
        assert re.fullmatch(r"app;dur=\d+\.\d", timing), timing
