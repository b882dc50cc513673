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


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_verdict_chips_keep_their_words_readable() -> None:
    """Every rule that puts text on a colour variable (the verdict chips, the nav) reaches WCAG AA 4.5:1."""
    css = (WEB / "static" / "app.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b", css))
    checked = 0
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        back = re.search(r"background:\s*var\(--([\w-]+)\)", body)
        if not back or back.group(1) not in colours or "legend-keys i" in selector:
            continue  # (a legend's swatch holds no text)
        ink = re.search(r"(?<![-\w])color:\s*(?:var\(--([\w-]+)\)|(#[0-9a-fA-F]{6}|#fff)\b)", body)
        if ink is None:
            text = colours["text"]  # inherited
        else:
            text = colours[ink.group(1)] if ink.group(1) else ink.group(2).replace("#fff", "#ffffff", 1)[:7]
        ratio = _contrast(text, colours[back.group(1)])
        assert ratio >= 4.5, f"{selector.strip()}: {text} on --{back.group(1)} is {ratio:.2f}:1"
        checked += 1
    assert checked >= 4
