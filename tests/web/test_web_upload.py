"""Uploads: what a hostile or broken upload does to the server (nothing), and the limits (413)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from progtempo.web.uploads import safe_name


def _files(tmp_path: Path) -> set[Path]:
    return {p for p in tmp_path.rglob("*") if p.is_file()}


def test_a_junk_file_is_named_with_its_reason_and_the_server_goes_on(client: Any) -> None:
    r = client.post(
        "/api/import", files=[("files", ("junk.fit", os.urandom(2000), "application/octet-stream"))]
    )
    assert r.status_code == 200, r.text
    doc = r.json()
    assert [f["file"] for f in doc["failed"]] == ["junk.fit"]
    assert doc["failed"][0]["error"]
    assert doc["imported"] == 0 and doc["activities"] == []
    assert client.get("/healthz").json() == {"ok": True}


@pytest.mark.parametrize("name", ["../../../../evil.fit", "..\\..\\evil.fit", "/etc/evil.fit"])
def test_no_file_name_writes_outside_the_data_dir(sqlite_client: Any, tmp_path: Path, name: str) -> None:
    before = _files(tmp_path)
    r = sqlite_client.post("/api/import", files=[("files", (name, b"not a run", "application/octet-stream"))])
    assert r.status_code == 200
    assert [f["file"] for f in r.json()["failed"]] == ["evil.fit"]
    new = _files(tmp_path) - before
    assert all(p.is_relative_to(tmp_path / "data") or p.name.startswith("log.sqlite") for p in new), new
    assert not list((tmp_path / "data" / "uploads").glob("*/*")), "the staging folder is removed"


def test_a_zip_with_a_traversal_member_is_read_not_extracted(sqlite_client: Any, tmp_path: Path) -> None:
    from progtempo.synth import Leg, fit_bytes, make_run

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../../outside.fit", fit_bytes(make_run([Leg(1000.0, 300.0, 0.0, 140)])))
        z.writestr("activities/../../x.gpx", b"<gpx/>")
    before = _files(tmp_path)
    r = sqlite_client.post(
        "/api/import", files=[("files", ("export.zip", buf.getvalue(), "application/zip"))]
    )
    assert r.status_code == 200 and r.status_code < 500
    new = _files(tmp_path) - before
    assert not any(p.name in ("outside.fit", "x.gpx") for p in new)
    assert not any(
        not p.is_relative_to(tmp_path / "data") and not p.name.startswith("log.sqlite") for p in new
    )


def test_an_upload_over_the_limit_is_413(make_client: Any, tmp_path: Path) -> None:
    c = make_client(f"sqlite:///{tmp_path / 'log.sqlite'}", upload_max_bytes=10_000)
    r = c.post("/api/import", files=[("files", ("big.fit", b"x" * 20_000, "application/octet-stream"))])
    assert r.status_code == 413
    assert "limit" in r.json()["error"] and "--upload-limit" in r.json()["error"]
    r = c.post("/api/import", files=[("files", ("small.gpx", b"<gpx/>", "application/gpx+xml"))])
    assert r.status_code == 200
    assert not list((tmp_path / "data" / "uploads").glob("*/*"))


def test_too_many_files_is_413(make_client: Any, tmp_path: Path) -> None:
    c = make_client(f"sqlite:///{tmp_path / 'log.sqlite'}", upload_max_files=2)
    files = [("files", (f"r{i}.gpx", b"<gpx/>", "application/gpx+xml")) for i in range(3)]
    assert c.post("/api/import", files=files).status_code == 413


@pytest.mark.parametrize(
    ("kw", "what"),
    [
        ({"content": b"just bytes", "headers": {"content-type": "application/octet-stream"}}, "multipart"),
        (
            {"data": {"other": "x"}, "files": [("other", ("a.fit", b"x", "application/octet-stream"))]},
            "no file",
        ),
        (
            {
                "content": b"--b\r\nContent-Disposition: form-data; name=files; filename=a.fit\r\n\r\nabc",
                "headers": {"content-type": "multipart/form-data; boundary=b"},
            },
            "",
        ),
    ],
    ids=["not-multipart", "no-files-field", "cut-body"],
)
def test_a_malformed_upload_is_400(sqlite_client: Any, kw: dict[str, Any], what: str) -> None:
    r = sqlite_client.post("/api/import", **kw)
    assert r.status_code == 400, r.text
    assert what in r.json()["error"]
    assert sqlite_client.get("/healthz").status_code == 200


def test_safe_name_keeps_only_the_base_name() -> None:
    assert safe_name("a/b/c.fit") == "c.fit"
    assert safe_name("C:\\Users\\me\\run.fit.gz") == "run.fit.gz"
    assert safe_name("..") == "upload"
    assert safe_name(".hidden.fit") == "hidden.fit"
    assert safe_name("\x00ev\x1fil.fit") == "evil.fit"
    assert len(safe_name("x" * 1000 + ".fit")) <= 200
