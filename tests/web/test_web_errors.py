"""Errors: JSON `{"error": …}` with a 4xx for the API, an error page for a browser, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/nothing-here", 404),
        ("delete", "/api/plan", 405),
        ("get", "/api/plan?segments=many", 422),
        ("get", "/api/export?spec=6x1mi+10:00-7:30", 422),
        ("get", "/api/import/jobs/nope", 404),
        ("post", "/api/import", 400),
    ],
)
def test_api_errors_are_json(sqlite_client: Any, method: str, path: str, status: int) -> None:
    r = getattr(sqlite_client, method)(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json"
    doc = r.json()
    assert list(doc) == ["error"] and isinstance(doc["error"], str) and doc["error"]


def test_a_wrong_method_names_every_method_the_path_takes(sqlite_client: Any) -> None:
    r = sqlite_client.delete("/api/schedule")
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) >= {"GET", "POST"}
    assert sqlite_client.put("/api/plan").headers["allow"].split(", ")[-1] == "GET"


def test_pages_answer_errors_with_a_page(sqlite_client: Any) -> None:
    r = sqlite_client.get("/no-such-page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no page at /no-such-page" in r.text and "<nav" in r.text


def test_a_bug_is_a_500_in_one_line_not_a_traceback(sqlite_client: Any) -> None:
    from progtempo.web import params

    def broken() -> None:
        raise RuntimeError("secret internals")

    sqlite_client.app.dependency_overrides[params.plan_query] = broken
    try:
        r = sqlite_client.get("/api/plan")
        page = sqlite_client.get("/plan")
    finally:
        sqlite_client.app.dependency_overrides.clear()
    assert r.status_code == 500 and r.json() == {
        "error": "internal error: RuntimeError (see the server's log)"
    }
    assert page.status_code == 500 and "Traceback" not in page.text and "secret internals" not in page.text


def test_every_answer_forbids_outside_requests(sqlite_client: Any) -> None:
    csp = sqlite_client.get("/plan").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "script-src 'self'" in csp
    assert "http" not in csp  # no other host, with no tile URL configured
    assert sqlite_client.get("/api/plan").headers["x-content-type-options"] == "nosniff"


def test_a_tile_url_opens_only_its_host_for_images(make_client: Any, tmp_path: Any) -> None:
    c = make_client(
        f"sqlite:///{tmp_path / 'log.sqlite'}", tile_url="https://tiles.example.org/{z}/{x}/{y}.png"
    )
    csp = c.get("/healthz").headers["content-security-policy"]
    assert "img-src 'self' data: https://tiles.example.org" in csp
    assert "connect-src 'self';" in csp
