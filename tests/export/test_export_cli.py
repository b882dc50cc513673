"""`progtempo export`: files written, one `progtempo:` line and exit 2 on bad input, nothing partial left."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import fitdecode
import pytest
from click.testing import CliRunner

from progtempo.cli import cli

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

pytest.importorskip("progtempo.plan.spec", reason="the planner's spec parser is not there yet")

ARTICLE = "6x1mi 10:00-7:30"


def fit_steps(path: Path) -> list[dict[str, object]]:
    steps = []
    with fitdecode.FitReader(io.BytesIO(path.read_bytes()), check_crc=fitdecode.CrcCheck.RAISE) as fr:
        for fm in fr:
            if isinstance(fm, fitdecode.FitDataMessage) and fm.name == "workout_step":
                steps.append({f.name: f.value for f in fm.fields})
    return steps


def test_fit_with_fallback(tmp_path: Path) -> None:
    out = tmp_path / "w.fit"
    result = CliRunner().invoke(
        cli, ["--unit", "mi", "export", ARTICLE, "--format", "fit", "-o", str(out), "--with-fallback"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"wrote {out}", f"wrote {tmp_path / 'w-jaded.fit'}"]
    assert len(fit_steps(out)) == 6
    jaded = fit_steps(tmp_path / "w-jaded.fit")
    assert abs(float(jaded[-1]["custom_target_speed_high"]) - 1609.344 / (525 - 5)) <= 0.001  # ends at 8:45


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("intervals", "w.txt"),
        ("zwo", "w.zwo"),
        ("tcx", "w.tcx"),
        ("ics", "w.ics"),
        ("card", "w.pdf"),
        ("card", "w.png"),
    ],
)
def test_every_format_writes_a_file(tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(
        cli,
        [
            "--unit",
            "km",
            "export",
            "5x1km 6:00 step 20",
            "--format",
            fmt,
            "-o",
            str(out),
            "--date",
            "2026-03-02",
            "--time",
            "18:30",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"unit": "km", "format": fmt, "files": [str(out)]}
    assert out.stat().st_size > 100
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "gpx", "-o", "{d}/w.gpx"],
            "unknown format 'gpx': use one of fit, intervals, zwo, tcx, ics, card",
        ),
        (["--format", "fit", "-o", "{d}/w.fit", "--time", "25:00"], "not a time of day"),
        (["--format", "ics", "-o", "{d}/w.ics", "--date", "2026-13-01"], "not a date"),
        (["--format", "fit", "-o", "{d}/missing/w.fit"], "does not exist"),
        (["--format", "fit", "-o", "{d}"], "it is a folder"),
        (["--format", "card", "-o", "{d}/w.svg"], "PDF or PNG"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_nothing(
    tmp_path: Path, cli: Cli, args: list[str], message: str
) -> None:
    code, _, err = cli("export", ARTICLE, *[a.format(d=tmp_path) for a in args])
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("progtempo: ") and message in lines[0], err
    assert list(tmp_path.iterdir()) == []


def test_inverted_window_and_step_cap_are_exit_2(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("export", f"{ARTICLE} tol 450", "--format", "fit", "-o", str(tmp_path / "w.fit"))
    assert code == 2 and "inverts the speed range" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli(
        "--unit",
        "km",
        "export",
        "51x400m 7:00 step 2",
        "--format",
        "fit",
        "-o",
        str(tmp_path / "w.fit"),
    )
    assert code == 2 and "more than the 50" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("export", ARTICLE, "--format", "tcx", "-o", str(tmp_path / "a.tcx"), "--with-fallback")
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-jaded.tcx", "a.tcx"]


def test_progression_writes_one_file_per_week_and_the_calendar(tmp_path: Path) -> None:
    pytest.importorskip(
        "progtempo.plan.progression", reason="the planner's progression module is not there yet"
    )
    from icalendar import Calendar

    folder = tmp_path / "plan"
    result = CliRunner().invoke(
        cli,
        [
            "--unit",
            "mi",
            "export",
            "--progression",
            ARTICLE,
            "--weeks",
            "4",
            "--start-date",
            "2026-03-02",
            "--format",
            "fit",
            "-o",
            str(folder),
        ],
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "progression.ics",
        "week-01-2026-03-02.fit",
        "week-02-2026-03-09.fit",
        "week-03-2026-03-16.fit",
        "week-04-2026-03-23.fit",
    ]
    assert len(fit_steps(folder / "week-01-2026-03-02.fit")) == 6
    assert len(fit_steps(folder / "week-03-2026-03-16.fit")) == 7  # volume: one more mile
    events = Calendar.from_ical((folder / "progression.ics").read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in events][2] == "Week 3: Progressive tempo 7x1mi 10:15-7:15/mi"
    assert [e.decoded("dtstart").isoformat() for e in events] == [
        "2026-03-02T07:00:00",
        "2026-03-09T07:00:00",
        "2026-03-16T07:00:00",
        "2026-03-23T07:00:00",
    ]
    assert len({str(e["uid"]) for e in events}) == 4


def test_progression_needs_weeks_and_start(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("export", "--progression", ARTICLE, "--format", "fit", "-o", str(tmp_path / "p"))
    assert code == 2 and "--weeks" in err
    code, _, err = cli(
        "export",
        "--progression",
        ARTICLE,
        "--weeks",
        "3",
        "--format",
        "fit",
        "-o",
        str(tmp_path / "p"),
    )
    assert code == 2 and "--start-date" in err
    assert list(tmp_path.iterdir()) == []


def test_plan_json_with_warmup_is_exported(tmp_path: Path) -> None:
    from progtempo.plan.rungs import Easy
    from progtempo.plan.solve import solve

    session = solve(
        unit="km", segments=5, start_pace_s=360.0, step_s=20.0, warmup=Easy(pace_s=400.0, distance_m=2000.0)
    )
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(session.to_json()))
    out = tmp_path / "w.txt"
    result = CliRunner().invoke(
        cli, ["--unit", "km", "export", str(plan), "--format", "intervals", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[:3] == ["Warmup", "- Warm up 2km 6:40/km Pace", ""]
