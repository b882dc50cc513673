"""The article's trail idea, end to end through the command line.

"Whether you have a flat course available to you or not, it doesn't actually matter ... judge the paces
by internally perceived effort levels." A runner plans six 8-minute levels by effort with their maximum
heart rate, puts the workout on the watch (a FIT workout, read back here by Garmin's own SDK), runs it
on rolling hills (the synthetic watch follows the decoded workout step by step: its times, its
heart-rate targets), and then asks for the verdict and the next session. Twice cleared, the level grows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream

from progtempo.synth.fit import fit_bytes
from progtempo.synth.trail import time_ladder

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)
#: The runner's grade-adjusted pace on each level: steadily faster, whatever the hills do to the pace.
GAPS = [420.0, 395.0, 370.0, 345.0, 320.0, 295.0]


def ok(cli: Cli, *args: str) -> str:
    code, out, err = cli(*args)
    assert code == 0, err
    return out


def workout_steps(path: Path) -> list[dict[str, Any]]:
    """The FIT workout's steps as Garmin's SDK decodes them (CRC and structure checked)."""
    data = bytearray(path.read_bytes())
    assert (
        Decoder(Stream.from_byte_array(data)).is_fit()
        and Decoder(Stream.from_byte_array(data)).check_integrity()
    )
    messages, errors = Decoder(Stream.from_byte_array(data)).read()
    assert errors == []
    steps: list[dict[str, Any]] = messages["workout_step_mesgs"]
    return steps


def run_the_workout(steps: list[dict[str, Any]], gaps: list[float], fade: bool = False) -> bytes:
    """What the watch records when the runner follows the workout on the hills: each step's time, each
    level's heart rate in the middle of its target (the boss short of it when `fade`)."""
    warm = next(s for s in steps if s["intensity"] == "warmup")
    cool = next(s for s in steps if s["intensity"] == "cooldown")
    active = [s for s in steps if s["intensity"] == "active"]
    assert {s["duration_type"] for s in steps} == {"time"}
    seg_s = {s["duration_value"] / 1000 for s in active}
    assert len(seg_s) == 1
    hr = [(s["custom_target_value_low"] + s["custom_target_value_high"]) / 2 - 100 for s in active]
    if fade:
        hr[-1] = hr[-2] - 3
    run = time_ladder(
        gaps,
        segment_s=seg_s.pop(),
        hr_bpm=hr,
        warmup_s=warm["duration_value"] / 1000,
        cooldown_s=cool["duration_value"] / 1000,
        easy_hr_bpm=118.0,
    )
    return fit_bytes(run)


def test_the_trail_ladder_from_plan_to_watch_to_verdict_to_the_next_session(cli: Cli, tmp_path: Path) -> None:
    plan_json = tmp_path / "trail.json"
    plan_json.write_text(
        ok(cli, "--unit", "km", "plan", "6x8min by effort", "--warmup", "10min", "--cooldown", "5min",
           "--hr-max", "188", "--json")
    )  # fmt: skip
    plan = json.loads(plan_json.read_text())
    assert plan["segment_s"] == 480 and plan["by"] == "effort" and plan["total_time_s"] == 63 * 60

    workout = tmp_path / "trail-workout.fit"
    ok(cli, "--unit", "km", "export", str(plan_json), "--format", "fit", "-o", str(workout))
    steps = workout_steps(workout)
    assert [s["intensity"] for s in steps] == ["warmup", *["active"] * 6, "cooldown"]
    assert [s["duration_value"] for s in steps] == [600_000, *[480_000] * 6, 300_000]
    active = [s for s in steps if s["intensity"] == "active"]
    assert all(s["target_type"] == "heart_rate" for s in active)
    lows = [s["custom_target_value_low"] - 100 for s in active]
    assert lows == [seg["hr_target_bpm"][0] for seg in plan["segments"]] and lows == sorted(lows)
    assert active[0]["wkt_step_name"] == "Level 1 · could recite Shakespeare"

    run = tmp_path / "trail-run.fit"
    run.write_bytes(run_the_workout(steps, GAPS))
    doc = json.loads(ok(cli, "--unit", "km", "analyze", str(run), "--plan", str(plan_json), "--json"))
    assert doc["block"]["clock"] == "elapsed" and doc["block"]["start_s"] == pytest.approx(600, abs=1)
    assert "recorded" in doc["block"]["basis"]
    effort = doc["effort"]
    assert effort["measure"] == "hr_zone"
    assert [lv["verdict"] for lv in effort["levels"]] == ["cleared"] * 6
    assert [lv["talk_test"] for lv in effort["levels"]][::5] == ["could recite Shakespeare", "a single word"]
    assert doc["boss"]["verdict"] == "cleared" and doc["score"] >= 95
    assert "perfect_ladder" in doc["badges"] and doc["advice"]["insight"] == "on_target"
    assert doc["advice"]["change"] == "repeat" and doc["advice"]["next_spec"] == "6x8min by effort"

    # the second cleared session at the level, with a longer run in the log: one more level
    nxt = json.loads(
        ok(cli, "--unit", "km", "next", str(run), "--plan", str(plan_json), "--cleared-before", "1",
           "--longest", "15km", "--json")
    )  # fmt: skip
    assert len(nxt["segments"]) == 7 and nxt["segment_s"] == 480 and nxt["by"] == "effort"
    assert nxt["hr_scale"] is not None  # still the runner's own bpm

    # a faded boss: the level is repeated, and the table says why
    faded = tmp_path / "faded.fit"
    faded.write_bytes(run_the_workout(steps, GAPS, fade=True))
    doc = json.loads(ok(cli, "--unit", "km", "analyze", str(faded), "--plan", str(plan_json), "--json"))
    assert doc["boss"]["verdict"] == "slower_than_before" and doc["advice"]["insight"] == "faded"
    assert doc["advice"]["change"] == "repeat"
    table = ok(cli, "--unit", "km", "analyze", str(faded), "--plan", str(plan_json))
    assert "level 6 too slow" in table and "not harder than level 5" in table


def test_without_heart_rate_the_levels_are_judged_by_gap(cli: Cli, tmp_path: Path) -> None:
    run = time_ladder(GAPS, warmup_s=600, cooldown_s=300)
    path = tmp_path / "no-hr.fit"
    path.write_bytes(fit_bytes(run))
    doc = json.loads(ok(cli, "--unit", "mi", "analyze", str(path), "--plan", "6x8min by effort", "--json"))
    assert doc["effort"]["measure"] == "gap" and doc["effort"]["step_unit"] == "s"
    assert [lv["verdict"] for lv in doc["effort"]["levels"]] == ["cleared"] * 6
    assert doc["boss"]["verdict"] == "cleared"
    plot = tmp_path / "trail.png"
    ok(cli, "--unit", "mi", "analyze", str(path), "--plan", "6x8min by effort", "--plot", str(plot))
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_schedule_by_effort_takes_the_runners_heart_rate_from_their_profile(
    cli: Cli, tmp_path: Path
) -> None:
    """`athlete set --hr-max` once, and a session by effort saved after is in the runner's beats; a
    --hr-max given to the command wins; an athlete with no heart rate gets % of max."""

    def first_target(log: str, *args: str) -> Any:
        db = ("--db", str(tmp_path / log), "--unit", "km")
        ok(cli, *db, "athlete", "set", "--hr-max", "188")
        doc = json.loads(
            ok(cli, *db, "schedule", "6x8min by effort", "--weeks", "1", "--start-date", "2026-03-04",
               *args, "--json")
        )  # fmt: skip
        seg = doc["planned"][0]["plan"]["segments"][0]
        return seg["hr_target_bpm"], seg["hr_target_pct"]

    assert first_target("a.sqlite") == ([127, 136], [67.5, 72.5])
    assert first_target("b.sqlite", "--hr-max", "200")[0] == [135, 145]
    assert first_target("c.sqlite", "--athlete", "other") == (None, [67.5, 72.5])
