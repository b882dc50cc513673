"""The hostile-zip cases of tests/store/test_store_hostile.py, each imported through the CLI: what it got.

    .venv/bin/python benchmarks/hostile_zips.py

Each case is made as the test makes it (the test's own helpers), beside good files where the test puts
them, and imported with `progtempo import CASE --json --jobs 1` into a fresh log in a child process. A
row: the exit code, what was imported, each refused member's reason, the child's peak memory, and
whether anything appeared outside the data folder.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path
from types import ModuleType

from _common import load_test_module


def _tests() -> ModuleType:
    return load_test_module("tests/store/test_store_hostile.py", "hostile_tests")


def cases(t: ModuleType, d: Path) -> list[tuple[str, Path]]:
    fit = t.fit
    out: list[tuple[str, Path]] = []
    names = ["../../evil.fit", f"{d}/abs.fit", "a/../../b.fit", "C:\\Windows\\win.fit", "ok.fit"]
    out.append(("path traversal, absolute and Windows names (5 members)",
                t.make_zip(d / "names.zip", [(n, fit(i)) for i, n in enumerate(names)])))  # fmt: skip
    link = zipfile.ZipInfo("passwd.fit")
    link.external_attr = (0o120777 << 16) | 0x20
    out.append(
        (
            "symbolic link member + a good one",
            t.make_zip(d / "link.zip", [(link, b"/etc/passwd"), ("ok.fit", fit(0))]),
        )
    )
    for label, name, kw in (("encrypted member", "enc.zip", {"flags": 0x1}),
                            ("Deflate64 member", "d64.zip", {"method": 9}),
                            ("WinZip AES member", "aes.zip", {"method": 99})):  # fmt: skip
        z = t.make_zip(d / name, [("a.fit", fit(1))])
        t.patch_members(z, **kw)
        out.append((label, z))
    import io

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep.fit", fit(2))
    out.append(
        (
            "nested zip + a good one",
            t.make_zip(d / "nested.zip", [("inner.zip", inner.getvalue()), ("ok.fit", fit(3))]),
        )
    )
    members = [(f"t{i:05d}.fit", b"") for i in range(10_000)] + [("real.fit", fit(4))]
    out.append(("10,000 tiny (empty) members + a good one", t.make_zip(d / "many.zip", members)))
    bombs = d / "bombs"
    bombs.mkdir()
    with zipfile.ZipFile(bombs / "ratio.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        t._zeros_member(z, "bomb.fit", 1024 * t.MB)
        z.writestr("ok.fit", fit(5))
    out.append(("zip bomb: a 1 GB member of zeros (1 MB packed) + a good one", bombs / "ratio.zip"))
    with zipfile.ZipFile(bombs / "liar.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        t._zeros_member(z, "liar.fit", 1024 * t.MB)
        z.writestr("ok2.fit", fit(6))
    import struct
    import zlib

    b = bytearray((bombs / "liar.zip").read_bytes())
    p = b.find(b"PK\x01\x02")
    b[p + 24 : p + 28] = struct.pack("<I", 1024)
    (bombs / "liar.zip").write_bytes(bytes(b))
    out.append(("zip bomb whose header says 1 KB (inflates to 1 GB) + a good one", bombs / "liar.zip"))
    gz = zlib.compressobj(1, zlib.DEFLATED, 31)
    with open(bombs / "bomb.fit.gz", "wb") as f:
        for _ in range(1024):
            f.write(gz.compress(bytes(t.MB)))
        f.write(gz.flush())
    out.append(("gzip bomb: .fit.gz inflating to 1 GB", bombs / "bomb.fit.gz"))
    rows = "File Name,Name,Type\nactivities/1.fit,Tempo à Genève,Run\nactivities/2.fit,Côte,Run\n"
    for enc in ("latin-1", "utf-16", "cp1252"):
        f = d / f"csv-{enc}"
        f.mkdir()
        out.append((f"export, activities.csv in {enc} with renamed columns", t._export(f, rows.encode(enc))))
    f = d / "csv-nofile"
    f.mkdir()
    out.append(
        (
            "export, activities.csv without a Filename column",
            t._export(f, b"Activity ID,Activity Name\n1,x\n"),
        )
    )
    f = d / "csv-huge"
    f.mkdir()
    huge = b"Filename,Activity Name\nactivities/1.fit,ok\nactivities/2.fit," + b"A" * 2_000_000 + b"\n"
    out.append(("export, activities.csv with a 2 MB field", t._export(f, huge)))
    return out


def main() -> int:
    t = _tests()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir()
        made = cases(t, data)
        before = {p for p in root.rglob("*")}
        print("| case | exit | imported | refused: reason | peak MB | written outside |")
        print("|---|---:|---:|---|---:|---|")
        for k, (label, path) in enumerate(made):
            db = f"sqlite:///{data / f'log{k}.sqlite'}"
            p, peak = t._peak_rss_mb(
                [*t.CLI, "--unit", "km", "--db", db, "import", str(path), "--json", "--jobs", "1"]
            )
            try:
                doc = json.loads(p.stdout)
                failed = doc.get("failed", [])
                reasons = sorted({f["error"] for f in failed})
                why = f"{len(failed):,}: " + "; ".join(r[:140] for r in reasons[:3]) if failed else "-"
                got = str(doc.get("imported"))
            except json.JSONDecodeError:
                why, got = p.stderr.strip()[:200], "-"
            new = {q for q in root.rglob("*") if q not in before and not q.name.startswith("log")}
            before |= new
            outside = [q for q in new if data not in q.parents]
            wrote = f"YES {outside[:2]}" if outside else "nothing"
            print(f"| {label} | {p.returncode} | {got} | {why} | {peak:.0f} | {wrote} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
