"""A damaged or hand-edited plan JSON names the bad field in one line, never "internal error"; a
schedule longer than anyone can follow is refused at once.

Every number of a real `plan --json` file is replaced in turn by NaN, Infinity, 1e400, a negative, a
zero, a billion, a 5,000-digit integer, text, null and true, and the file given to `analyze --plan`
and `next --plan`; the file is also nested 100,000 deep.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo import synth
from progtempo.errors import ProgtempoError
from progtempo.plan.files import read_plan
from progtempo.plan.progression import MAX_WEEKS
from progtempo.plan.spec import parse_plan

ODD = ("NaN", "Infinity", "-Infinity", "1e400", "-1", "0", "1e9", "1" + "0" * 5000, '"x"', "null", "true")
FIELDS = ("segment_m", "start_pace_s", "step_s", "tolerance_s", "segments")
#: values that are in range for these fields, so no error is due
FINE = {("step_s", "0"), ("tolerance_s", "0")}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("plans")
    legs = [synth.Leg(1000.0, 360.0 - 15 * k) for k in range(4)]
    synth.write_fit(synth.make_run(legs), folder / "run.fit")
    return folder, parse_plan("4x1km 6:00-5:15", "km").to_json()


@pytest.mark.parametrize("field", FIELDS)
def test_each_bad_number_is_named(
    files: tuple[Path, dict[str, object]], field: str, cli: Callable[..., tuple[int, str, str]]
) -> None:
    folder, plan = files
    for odd in ODD:
        bad = folder / f"bad-{field}.json"
        bad.write_text(json.dumps({**plan, field: "@"}).replace('"@"', odd))
        for command in ("analyze", "next"):
            code, _, err = cli("--unit", "km", command, str(folder / "run.fit"), "--plan", str(bad))
            if (field, odd) in FINE:
                assert code == 0, err
                continue
            lines = err.strip().splitlines()
            assert code == 2 and len(lines) == 1, (field, odd, err)
            assert "internal error" not in err
            assert field in lines[0] or "end pace" in lines[0], (field, odd, lines[0])


def test_deep_nesting_and_a_huge_file(
    files: tuple[Path, dict[str, object]], cli: Callable[..., tuple[int, str, str]]
) -> None:
    folder, _ = files
    deep = folder / "deep.json"
    deep.write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
    code, _, err = cli("analyze", str(folder / "run.fit"), "--plan", str(deep))
    assert code == 2 and "nested too deeply" in err and err.count("\n") == 1
    big = folder / "big.json"
    big.write_text('{"notes": "' + "x" * 2_000_000 + '"}')
    code, _, err = cli("analyze", str(folder / "run.fit"), "--plan", str(big))
    assert code == 2 and "too large to be a plan" in err


def test_a_list_of_100000_segments(files: tuple[Path, dict[str, object]]) -> None:
    folder, plan = files
    bad = folder / "many.json"
    bad.write_text(json.dumps({**plan, "segments": [{}] * 100_000}))
    with pytest.raises(ProgtempoError, match="segments is 100,000: give a whole number from 1 to 100"):
        read_plan(str(bad), "km")


def test_progression_of_100000_weeks_is_refused(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, _, err = cli("progression", "6x1mi 10:00-7:30", "--weeks", "100000")
    assert code == 2 and f"at most {MAX_WEEKS}" in err and err.count("\n") == 1
    code, out, _ = cli("progression", "6x1mi 10:00-7:30", "--weeks", str(MAX_WEEKS), "--json")
    assert code == 0 and len(json.loads(out)["weeks"]) == MAX_WEEKS
