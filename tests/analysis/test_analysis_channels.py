"""Power and cadence per split: the moving-time average of what the file records, none where it records
nothing, in the splits, their JSON and the analyze table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo import analyze, synth
from progtempo.synth import Leg

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


@pytest.mark.parametrize("pauses", [[], [(700.0, 40.0)], [(999.0, 60.0), (1500.0, 5.0)]])
def test_each_split_averages_its_own_legs(pauses: list[tuple[float, float]]) -> None:
    legs = [Leg(1000.0, 330.0, 0.0, 140, power_w=230), Leg(1000.0, 300.0, 0.02, 150, power_w=265)]
    run = synth.make_run(legs, pauses=pauses)
    splits = analyze(run.activity, unit="km").splits
    assert [s.avg_power_w for s in splits] == pytest.approx([230.0, 265.0])
    cadence = run.activity.cadence
    assert cadence is not None
    assert [s.avg_cadence_spm for s in splits] == pytest.approx([float(cadence[0])] * 2)


def test_a_split_spanning_two_powers_weighs_them_by_moving_time() -> None:
    legs = [Leg(500.0, 300.0, 0.0, 140, power_w=200), Leg(1500.0, 300.0, 0.0, 150, power_w=300)]
    first = analyze(synth.make_run(legs).activity, unit="km").splits[0]
    assert first.avg_power_w == pytest.approx(250.0)  # half the kilometre at each


def test_no_power_no_cadence_is_none_not_zero() -> None:
    run = synth.make_run([Leg(2000.0, 300.0, 0.0, 150)])
    run.activity.cadence = None
    an = analyze(run.activity, unit="km")
    assert all(s.avg_power_w is None and s.avg_cadence_spm is None for s in an.splits)
    doc = an.to_json()["splits"][0]
    assert doc["avg_power_w"] is None and doc["avg_cadence_spm"] is None


def test_the_json_and_the_table_show_them(tmp_path: Path, cli: Cli) -> None:
    legs = [Leg(1000.0, 330.0, 0.0, 140, power_w=230), Leg(1000.0, 300.0, 0.0, 150, power_w=265)]
    path = tmp_path / "power.fit"
    synth.write_fit(synth.make_run(legs), path)
    code, out, err = cli("--unit", "km", "analyze", str(path), "--json")
    assert code == 0, err
    import json

    splits = json.loads(out)["splits"]
    assert [round(s["avg_power_w"]) for s in splits] == [230, 265]
    code, out, err = cli("--unit", "km", "analyze", str(path))
    assert code == 0, err
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "moving" in line and "GAP" in line)
    assert lines[at].split()[-2:] == ["W", "spm"]  # whole at the tests' 80 columns
    rows = [line.split() for line in lines[at + 2 : at + 4]]
    assert [r[-2] for r in rows] == ["230", "265"] and all("…" not in cell for r in rows for cell in r)
