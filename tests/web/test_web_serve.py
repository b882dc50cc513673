"""`progtempo serve`: loopback only for now, the URL it prints, the global --db and --unit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from progtempo.cli.serve import data_dir, is_loopback

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_serving_beyond_this_machine_is_refused_without_accounts(cli: Cli, host: str, tmp_path: Path) -> None:
    code, out, err = cli("--db", str(tmp_path / "log.sqlite"), "serve", "--host", host)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"progtempo: --host {host} serves beyond this machine")
    assert "add a coach first: progtempo user add NAME --role coach --password-stdin" in lines[0]


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.3.4.5"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "::", "host"))


def test_uploads_stay_beside_a_sqlite_log(tmp_path: Path) -> None:
    assert data_dir(f"sqlite:///{tmp_path / 'x' / 'log.sqlite'}") == tmp_path / "x"


def test_serve_prints_the_url_and_answers(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    argv = [
        str(Path(sys.executable).with_name("progtempo")),
        "--unit",
        "km",
        "--db",
        f"sqlite:///{tmp_path / 'log.sqlite'}",
    ]
    proc = subprocess.Popen(
        [*argv, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("serving on http://127.0.0.1:"), (line, proc.stderr and proc.stderr.read())
        url = line.removeprefix("serving on ")
        for _ in range(100):
            try:
                if httpx.get(f"{url}/healthz", timeout=2).json() == {"ok": True}:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        plan = httpx.get(f"{url}/api/plan", timeout=10).json()
        assert (
            plan["unit"] == "km" and len(plan["segments"]) == 10
        )  # the global --unit: the km default ladder
        assert (tmp_path / "log.sqlite").exists()
    finally:
        proc.terminate()
        proc.wait(20)
    assert proc.returncode in (0, -15)


def test_the_readme_first_command_serves_the_demo(tmp_path: Path) -> None:
    """`progtempo demo --serve`: the demo's weeks in the log, then the URL to open, whose pages show them."""
    exe = str(Path(sys.executable).with_name("progtempo"))
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    argv = [exe, "--db", f"sqlite:///{tmp_path / 'log.sqlite'}", "demo", "--serve"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("serving on http://127.0.0.1:"):
                break
        url = lines[-1].strip().removeprefix("serving on ")
        assert url.startswith("http://127.0.0.1:"), "".join(lines[-5:])
        for _ in range(100):
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        home = httpx.get(url, timeout=30).text
        assert "demo&#39;s progressive tempo runs" in home or "demo's progressive tempo runs" in home
        planned = httpx.get(f"{url}/api/schedule", params={"all": "true"}, timeout=30).json()["planned"]
        assert len(planned) == 6 and {p["status"] for p in planned} == {"done"}
        run = httpx.get(f"{url}/activities/{planned[-1]['activity_id']}", timeout=30).text
        assert 'id="splits"' in run and "BOSS" in run
        assert 'class="calendar"' in httpx.get(f"{url}/schedule", timeout=30).text
    finally:
        proc.terminate()
        proc.wait(20)
