"""`analyze` gains `fitness_estimate` and `load`; on real recordings no deflection is invented."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo import synth
from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.errors import ProgtempoError
from progtempo.fitness.run import read_run
from progtempo.io import read_activity
from progtempo.synth.heart import HeartModel, step_test

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

MI = 1609.344
LADDER = [(600.0 - 30 * i) * 1000 / MI for i in range(6)]


@pytest.fixture(scope="module")
def bent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run_ = step_test(LADDER, MI, HeartModel(bend_speed_m_s=3.07, noise_bpm=2.0), seed=1)
    path = tmp_path_factory.mktemp("steptest") / "bent.fit"
    path.write_bytes(synth.fit_bytes(run_))
    return path


def test_analyze_json_has_the_estimate_and_the_load(cli: Cli, bent: Path) -> None:
    code, out, err = cli("analyze", str(bent), "--json", "--hr-rest", "50", "--hr-max", "190",
                         "--sex", "m", "--threshold", "8:40")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    est = doc["fitness_estimate"]
    assert est["deflection"] is True and est["method"] == "two_line"
    assert est["threshold_pace_s"] == pytest.approx(MI / 3.07, rel=0.03)  # s per mile, the document's unit
    assert {"deflection", "threshold_pace_s", "threshold_hr", "method", "note"} <= set(est)
    load = doc["load"]
    assert load["trimp"] > 0 and load["rtss"] > 0
    assert "profile's threshold" in load["note"]


def test_analyze_json_says_what_load_is_missing(cli: Cli, bent: Path) -> None:
    code, out, _ = cli("--unit", "km", "analyze", str(bent), "--json", "--hr-max", "190")
    assert code == 0
    doc = json.loads(out)
    assert doc["load"]["trimp"] is None and doc["load"]["rtss"] is None
    assert "--hr-rest" in doc["load"]["note"] and "--threshold" in doc["load"]["note"]
    assert doc["fitness_estimate"]["threshold_pace_s"] == pytest.approx(1000 / 3.07, rel=0.03)


def test_analyze_table_shows_fitness_and_load(cli: Cli, bent: Path) -> None:
    code, out, _ = cli("analyze", str(bent))
    assert code == 0
    assert "fitness: heart rate rises" in out and "Conconi" in out
    assert "load: TRIMP -, rTSS -" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hr-max", "400"], "--hr-max 400"),
        (["--sex", "q"], "--sex 'q'"),
        (["--threshold", "fast"], "not a pace"),
        (["--hr-rest", "80", "--hr-max", "110"], "too close"),
    ],
)
def test_bad_profile_options(cli: Cli, bent: Path, args: list[str], message: str) -> None:
    code, out, err = cli("analyze", str(bent), *args)
    assert code == 2 and out == ""
    assert err.startswith("progtempo:") and message in err and "Traceback" not in err


def _real_files(samples_dir: Path | None, data_dir: Path) -> list[Path]:
    files = sorted(data_dir.glob("*.gz"))
    if samples_dir is not None:
        files += [p for p in sorted(samples_dir.glob("*/*")) if "broken" not in p.name and p.is_file()]
    return files


@pytest.mark.samples
def test_no_deflection_invented_on_real_recordings(samples_dir: Path, data_dir: Path) -> None:
    """None of the real recordings is a clean step test: each gets a note, none a made-up threshold."""
    seen = 0
    for path in _real_files(samples_dir, data_dir):
        try:
            activity = read_activity(path)
        except ProgtempoError:
            continue
        an = analyze(activity, unit="mi")
        fit = read_run(an, evaluate(an).level_bounds_m)
        assert not fit.estimate.deflection, (path.name, fit.estimate.note)
        assert fit.estimate.note
        seen += 1
    assert seen >= 15
