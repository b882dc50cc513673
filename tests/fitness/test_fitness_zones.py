"""The runner's zones: efforts in bpm, and pace-mode efforts from each pace against the runner's zones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo.fitness.vdot import threshold_pace_s_per_km
from progtempo.fitness.zones import PaceZones, hr_zones
from progtempo.plan.ladder import Session
from progtempo.plan.spec import parse_plan

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)
MI = 1.609344


def test_bpm_bands_from_max_and_from_threshold() -> None:
    by_max = hr_zones(hr_max_bpm=190)
    assert by_max is not None and by_max.basis == "max_hr"
    assert [(z.low_bpm, z.high_bpm) for z in by_max.zones] == [(114, 142), (143, 161), (162, 174), (175, 190)]
    by_lthr = hr_zones(threshold_hr_bpm=170, hr_max_bpm=190)
    assert by_lthr is not None and by_lthr.basis == "threshold_hr"  # the runner's own anchor wins
    # Friel's %LTHR: up to 89 %, 90-94 %, 95-102 %, 103 % and up (to the maximum)
    assert [(z.low_bpm, z.high_bpm) for z in by_lthr.zones] == [
        (128, 152),
        (153, 161),
        (162, 175),
        (176, 190),
    ]
    no_max = hr_zones(threshold_hr_bpm=170)
    assert no_max is not None and no_max.zones[-1].high_bpm == round(1.08 * 170)
    assert hr_zones() is None
    for zs in (by_max, by_lthr):  # contiguous, no gaps
        assert all(b.low_bpm == a.high_bpm + 1 for a, b in zip(zs.zones, zs.zones[1:], strict=False))


@pytest.mark.parametrize("vdot", [35.0, 45.0, 60.0])
def test_pace_zones_from_a_threshold_pace(vdot: float) -> None:
    z = PaceZones.from_threshold(threshold_pace_s_per_km(vdot))
    assert z.vdot == pytest.approx(vdot, abs=1e-6)
    assert z.effort_of(z.threshold_s) == "a_few_words"
    assert z.effort_of(z.easy_slow_s + 30) == "conversational"


def test_pace_mode_efforts_come_from_the_runners_zones() -> None:
    s = parse_plan("6x1mi 10:00-7:30", "mi")
    assert s.efforts()[0] == "conversational" and s.efforts()[-1] == "a_few_words"  # along the ladder
    slow = s.with_changes(pace_zones=PaceZones.from_threshold(450 / MI))  # threshold 7:30/mi
    fast = s.with_changes(pace_zones=PaceZones.from_threshold(400 / MI))  # threshold 6:40/mi
    assert slow.efforts_from_zones and slow.efforts()[-1] == "a_few_words"
    assert fast.efforts()[-1] in ("conversational", "a_few_sentences")  # 7:30 is easy for a 6:40 runner
    assert fast.efforts()[:3] == ["conversational"] * 3
    assert slow == s  # the zones are the runner's, not the level's
    again = Session.from_json(fast.to_json())
    assert again.efforts() == fast.efforts() and again.to_json()["efforts_from"] == "zones"
    by_effort = parse_plan("6x8min by effort", "mi").with_changes(pace_zones=PaceZones.from_threshold(280.0))
    assert not by_effort.efforts_from_zones  # by effort the heart-rate targets carry the session


def test_plan_cli_with_a_threshold(cli: Cli) -> None:
    code, out, _ = cli("plan", "6x1mi 10:00-7:30", "--threshold", "7:30", "--hr-max", "190", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["efforts_from"] == "zones" and doc["pace_zones"]["vdot"] > 30
    assert doc["segments"][-1]["effort"] == "a_few_words"
    code, out, _ = cli("plan", "6x1mi 10:00-7:30", "--threshold", "6:40")
    assert code == 0 and "talk test from your pace zones" in out and "6:40/mi)" in out
    assert "a few words" not in out  # none of these paces is near a 6:40 threshold
    code, out, _ = cli("plan", "6x1mi 10:00-7:30", "--threshold", "7:45", "--json")
    assert "faster than your threshold 7:45/mi" in json.loads(out)["warnings"][-1]
    code, _, err = cli("plan", "6x1mi 10:00-7:30", "--threshold", "1:00")
    assert code == 2 and "--threshold" in err and "Traceback" not in err


def test_export_names_steps_from_the_zones(cli: Cli, tmp_path: Path) -> None:
    import fitdecode

    out = tmp_path / "w.fit"
    code, _, err = cli("export", "6x1mi 10:00-7:30", "--format", "fit", "-o", str(out), "--threshold", "6:40")
    assert code == 0, err
    names = []
    with fitdecode.FitReader(str(out)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step":
                names.append(frame.get_value("wkt_step_name"))
    assert names[0] == "Mile 1 · could recite Shakespeare"
    assert not any("a few words" in n for n in names)


def test_zones_from_the_log(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "log.sqlite")
    cli("--db", db, "athlete", "set", "--athlete", "ana", "--hr-max", "190", "--threshold", "7:30")
    code, out, _ = cli("--db", db, "plan", "6x1mi 10:00-7:30", "--zones-from", "ana", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["efforts_from"] == "zones" and doc["hr_scale"]["basis"] == "max_hr"
    code, out, _ = cli("--db", db, "plan", "6x1mi 10:00-7:30", "--zones-from", "ana")
    assert "HR in bpm: Z2 114-142" in out
    code, out, _ = cli(
        "--db",
        db,
        "progression",
        "6x1mi 10:00-7:30",
        "--zones-from",
        "ana",
        "--json",
        "--weeks",
        "6",
        "--start-date",
        "2026-03-04",
    )
    assert code == 0 and json.loads(out)["caps"]["limit_end_pace_s"] == pytest.approx(450.0)  # her threshold


def test_pace_mode_cues_carry_the_zone_in_bpm(cli: Cli, tmp_path: Path) -> None:
    import fitdecode

    out = tmp_path / "w.fit"
    code, _, err = cli("export", "6x1mi 10:00-7:30", "--format", "fit", "-o", str(out), "--hr-max", "188")
    assert code == 0, err
    notes = []
    with fitdecode.FitReader(str(out)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step":
                notes.append(frame.get_value("notes"))
    assert notes[0].startswith("Talk test: could recite Shakespeare. RPE 2-3, Z2 endurance 113-140 bpm.")
    assert "Z4 threshold 160-172 bpm" in notes[-1]  # 85-92 % of 188, whole beats inside the zone
