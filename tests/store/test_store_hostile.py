"""Hostile zips and CSVs: each refused or handled cleanly, memory bounded, nothing written outside the
data dir, the rest of the batch still in.

Every case is a zip (or a gzip) made here: odd member names (path traversal, absolute, Windows), a
symbolic link, zip bombs (by ratio, by total size, a member that lies about its size, a gzip bomb), ten
thousand tiny members, nested zips, encrypted and Deflate64 members, and activities.csv with missing or
renamed columns, Latin-1 and UTF-16 text, and one huge field. Each sits beside good files, which must
still go in. The bombs run through the CLI in a child process whose peak memory is measured.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from progtempo import synth
from progtempo.limits import Limits
from progtempo.store import open_store
from progtempo.store.importer import ImportReport, import_paths

CLI = [sys.executable, "-c", "from progtempo.cli import main; main()"]
MB = 1 << 20


def fit(i: int) -> bytes:
    """A small run, different for each `i`."""
    legs = [synth.Leg(1000.0, 330.0 - 10 * k, hr_bpm=140.0 + 5 * k) for k in range(2)]
    return synth.fit_bytes(
        synth.make_run(legs, start_time=dt.datetime(2025, 5, 1, 7, tzinfo=dt.UTC) + dt.timedelta(days=i))
    )


def make_zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return path


def patch_members(path: Path, *, method: int | None = None, flags: int | None = None) -> None:
    """Set the compression method or OR the flag bits of every member, in both headers."""
    b = bytearray(path.read_bytes())
    for sig, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        p = b.find(sig)
        while p >= 0:
            if flags is not None:
                b[p + flag_at] |= flags
            if method is not None:
                b[p + method_at : p + method_at + 2] = struct.pack("<H", method)
            p = b.find(sig, p + 4)
    path.write_bytes(bytes(b))


def imported(tmp_path: Path, *paths: Path, limits: Limits | None = None) -> ImportReport:
    with open_store(f"sqlite:///{tmp_path / 'log.sqlite'}") as store:
        return import_paths(store, paths, unit="km", jobs=1, limits=limits)


def reasons(report: ImportReport) -> dict[str, str]:
    return {file.rsplit(":", 1)[-1]: why for file, why in report.failed}


def test_member_names_that_point_outside_write_nothing(tmp_path: Path) -> None:
    """Members are read, never extracted: `../../evil.fit` and `/tmp/…` are names, nothing more."""
    outside = tmp_path / "outside"
    outside.mkdir()
    work = outside / "data"
    work.mkdir()
    names = ["../../evil.fit", f"{outside}/abs.fit", "a/../../b.fit", "C:\\Windows\\win.fit", "ok.fit"]
    z = make_zip(work / "names.zip", [(n, fit(i)) for i, n in enumerate(names)])
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    report = imported(work, z)
    assert report.imported == 5 and not report.failed
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "log.sqlite" not in p.name)
    assert after == before


def test_a_symbolic_link_member_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("passwd.fit")
    link.external_attr = (0o120777 << 16) | 0x20
    z = make_zip(tmp_path / "link.zip", [(link, b"/etc/passwd"), ("ok.fit", fit(0))])
    report = imported(tmp_path, z)
    assert report.imported == 1
    assert "symbolic link" in reasons(report)["passwd.fit"]


def test_encrypted_and_deflate64_members_say_what_is_wrong(tmp_path: Path) -> None:
    enc = make_zip(tmp_path / "enc.zip", [("a.fit", fit(0))])
    patch_members(enc, flags=0x1)
    d64 = make_zip(tmp_path / "d64.zip", [("b.fit", fit(1))])
    patch_members(d64, method=9)
    aes = make_zip(tmp_path / "aes.zip", [("c.fit", fit(2))])
    patch_members(aes, method=99)
    good = make_zip(tmp_path / "good.zip", [("d.fit", fit(3))])
    report = imported(tmp_path, enc, d64, aes, good)
    why = reasons(report)
    assert report.imported == 1
    assert "encrypted" in why["a.fit"] and "password" in why["a.fit"]
    assert "Deflate64" in why["b.fit"] and "unzip it" in why["b.fit"]
    assert "WinZip AES" in why["c.fit"]
    assert not any("internal error" in w for w in why.values())


def test_nested_zips_are_named_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("run.fit", fit(0))
    nested = make_zip(tmp_path / "nested.zip", [("inner.zip", inner.getvalue()), ("ok.fit", fit(1))])
    report = imported(tmp_path, nested)
    assert report.imported == 1
    assert "zip inside the zip" in reasons(report)["inner.zip"]
    # a zip of a zip of a zip… given to analyze: refused in one line, no RecursionError
    deep = inner.getvalue()
    for _ in range(50):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("x.zip", deep)
        deep = buf.getvalue()
    (tmp_path / "deep.zip").write_bytes(deep)
    p = subprocess.run([*CLI, "analyze", str(tmp_path / "deep.zip")], capture_output=True, text=True)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "inside another" in p.stderr, p.stderr


def test_ten_thousand_tiny_members(tmp_path: Path) -> None:
    members = [(f"junk/{i:05d}.fit", b"x" * (i % 7)) for i in range(10_000)] + [("ok.fit", fit(0))]
    z = make_zip(tmp_path / "many.zip", members)
    report = imported(tmp_path, z)
    assert report.imported == 1 and len(report.failed) == 10_000
    assert all("not a FIT" in why or "empty" in why for _, why in report.failed)
    report = imported(tmp_path, z, limits=Limits(max_zip_members=5_000))
    assert report.imported == 0
    assert [why for _, why in report.failed] == [
        "10,001 members, more than the limit of 5,000 (raise it with PROGTEMPO_MAX_ZIP_MEMBERS=10001)"
    ]


def test_size_limits_per_file_and_per_zip(tmp_path: Path) -> None:
    big = make_zip(tmp_path / "big.zip", [("a.fit", fit(0)), ("b.fit", fit(1))])
    one = len(fit(0))
    report = imported(tmp_path, big, limits=Limits(max_file_bytes=one // 2))
    assert report.imported == 0 and all("inflates to more than" in w for w in reasons(report).values())
    report = imported(tmp_path, big, limits=Limits(max_zip_bytes=one))
    assert report.imported == 0
    assert "more than the limit" in report.failed[0][1] and "PROGTEMPO_MAX_ZIP_BYTES" in report.failed[0][1]


def _zeros_member(z: zipfile.ZipFile, name: str, size: int) -> None:
    with z.open(name, "w") as f:
        chunk = bytes(MB)
        for _ in range(size // MB):
            f.write(chunk)


def _peak_rss_mb(args: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `args` in a fresh parent and return the run and the peak memory of its children, MB."""
    code = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(json.dumps([p.returncode, p.stdout, p.stderr,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    rc, stdout, stderr, kb = json.loads(out.stdout)
    return subprocess.CompletedProcess(args, rc, stdout, stderr), kb / 1024


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A zip with a 1 GB member of zeros (1 MB packed), one whose headers say 1 KB but whose data
    inflates to 1 GB, a .fit.gz that inflates to 1 GB, each beside a good file."""
    folder = tmp_path_factory.mktemp("bombs")
    with zipfile.ZipFile(folder / "ratio.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        _zeros_member(z, "bomb.fit", 1024 * MB)
        z.writestr("ok.fit", fit(0))
    with zipfile.ZipFile(folder / "liar.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        _zeros_member(z, "liar.fit", 1024 * MB)
        z.writestr("ok2.fit", fit(1))
    b = bytearray((folder / "liar.zip").read_bytes())
    p = b.find(b"PK\x01\x02")  # the central directory's uncompressed size of liar.fit: 1 KB
    b[p + 24 : p + 28] = struct.pack("<I", 1024)
    (folder / "liar.zip").write_bytes(bytes(b))
    import zlib

    gz = zlib.compressobj(1, zlib.DEFLATED, 31)
    with open(folder / "bomb.fit.gz", "wb") as f:
        chunk = bytes(MB)
        for _ in range(1024):
            f.write(gz.compress(chunk))
        f.write(gz.flush())
    (folder / "ok3.fit").write_bytes(fit(2))
    return folder


def test_zip_and_gzip_bombs_are_refused_in_bounded_memory(bombs: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'log.sqlite'}"
    for target in ("ratio.zip", "liar.zip", "bomb.fit.gz"):
        p, peak = _peak_rss_mb([*CLI, "--db", db, "import", str(bombs / target), "--json", "--jobs", "1"])
        doc = json.loads(p.stdout)
        why = " ".join(f["error"] for f in doc["failed"])
        assert p.returncode == 1 and "Traceback" not in p.stderr and "internal error" not in why, p.stderr
        assert "bomb" in why or "inflates to more than" in why or "damaged zip member" in why, why
        assert peak < 400, f"{target}: {peak:.0f} MB"  # the 1 GB member is never held
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    p, peak = _peak_rss_mb([*CLI, "--db", fresh, "import", str(bombs), "--json", "--jobs", "2"])
    doc = json.loads(p.stdout)
    assert doc["imported"] == 3 and len(doc["failed"]) == 3  # the good files beside the bombs
    assert peak < 400, f"folder: {peak:.0f} MB"
    p, peak = _peak_rss_mb([*CLI, "analyze", str(bombs / "bomb.fit.gz")])
    assert p.returncode == 2 and p.stderr.startswith("progtempo: ") and p.stderr.count("\n") == 1
    assert peak < 400


def _export(tmp_path: Path, csv_bytes: bytes, name: str = "export.zip") -> Path:
    return make_zip(
        tmp_path / name,
        [("activities.csv", csv_bytes), ("activities/1.fit", fit(0)), ("activities/2.fit", fit(1))],
    )


def _names(tmp_path: Path) -> set[str | None]:
    with open_store(f"sqlite:///{tmp_path / 'log.sqlite'}") as store:
        return {a.name for a in store.activities()}


def test_activities_csv_with_renamed_columns_and_other_encodings(tmp_path: Path) -> None:
    rows = "File Name,Name,Type\nactivities/1.fit,Tempo à Genève,Run\nactivities/2.fit,Côte,Run\n"
    for k, data in enumerate((rows.encode("utf-8"), rows.encode("latin-1"), rows.encode("utf-16"),
                              rows.encode("cp1252"), b"\xef\xbb\xbf" + rows.encode())):  # fmt: skip
        folder = tmp_path / str(k)
        folder.mkdir()
        report = imported(folder, _export(folder, data))
        assert report.imported == 2 and not report.failed, (k, report.failed)
        assert _names(folder) == {"Tempo à Genève", "Côte"}, k


def test_activities_csv_without_a_filename_column_or_with_a_huge_field(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    report = imported(a, _export(a, b"Activity ID,Activity Name\n1,x\n2,y\n"))
    assert report.imported == 2 and report.skipped == 0
    assert "no Filename column" in reasons(report)["activities.csv"]
    huge = b"Filename,Activity Name\nactivities/1.fit,ok\nactivities/2.fit," + b"A" * 2_000_000 + b"\n"
    report = imported(b, _export(b, huge))
    assert report.imported == 2  # the rest of the batch still in
    why = reasons(report)["activities.csv"]
    assert "without names" in why and "internal error" not in why
    assert "ok" in _names(b)
