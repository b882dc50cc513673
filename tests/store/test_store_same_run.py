"""One run recorded twice (a watch's FIT and the TCX or Strava GPX of it) is one activity, whichever
comes first and whether they come in one import or two: the richest recording is kept under one id,
the other is reported as its duplicate, and the mileage is never doubled."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from progtempo import synth
from progtempo.store import open_store

START = dt.datetime(2026, 5, 2, 6, 45, tzinfo=dt.UTC)
RANK = {"fit": 3, "tcx": 2, "gpx": 1}


def _run(seed: int = 1) -> synth.SynthRun:
    legs = [synth.Leg(1609.344, p, grade=g, hr_bpm=140 + k * 4) for k, (p, g) in
            enumerate([(380, 0.0), (365, 0.01), (350, -0.01), (335, 0.0), (320, 0.02)])]  # fmt: skip
    return synth.make_run(legs, start_time=START, gps_noise_m=2.5, elevation_noise_m=0.5, seed=seed,
                          name="ladder")  # fmt: skip


def _write(run: synth.SynthRun, fmt: str, path: Path) -> Path:
    {"fit": synth.write_fit, "tcx": synth.write_tcx, "gpx": synth.write_gpx}[fmt](run, path)
    return path


PAIRS = [("fit", "tcx"), ("tcx", "fit"), ("tcx", "gpx"), ("gpx", "tcx"), ("fit", "gpx"), ("gpx", "fit")]


#: each pair in both orders, in two imports and in one; with 2 workers (which finishes first is chance)
#: each pair once
CASES = [(a, b, how) for a, b in PAIRS for how in ("two imports", "one batch")] + [
    (a, b, "one batch, 2 workers") for a, b in PAIRS[::2]
]


@pytest.mark.parametrize(("first", "second", "how"), CASES)
def test_two_recordings_of_one_run(db_url: str, tmp_path: Path, first: str, second: str, how: str) -> None:
    run = _run()
    # a Strava GPX of the watch's run starts a few seconds later and measures its distance from positions
    late = synth.make_run(run.legs, start_time=START + dt.timedelta(seconds=7), gps_noise_m=2.5, seed=2)
    paths = []
    for k, fmt in enumerate((first, second)):
        folder = tmp_path / f"{k}-{fmt}"
        folder.mkdir()
        paths.append(_write(late if fmt == "gpx" else run, fmt, folder / f"run.{fmt}"))
    keep = max((first, second), key=RANK.__getitem__)
    with open_store(db_url) as store:
        if how == "two imports":
            reports = [store.import_paths([p], jobs=1, unit="mi") for p in paths]
        else:
            batch = tmp_path / "batch"
            batch.mkdir()
            for p in paths:
                shutil.copy(p, batch / f"{p.parent.name}{p.suffix}")
            reports = [store.import_paths([batch], jobs=2 if "2 workers" in how else 1, unit="mi")]
        (stored,) = store.activities()
        assert stored.format == keep
        dups = [d for r in reports for d in r.duplicate_of]
        assert len(dups) == 1 and dups[0].activity_id == stored.id
        assert Path(dups[0].kept).suffix == f".{keep}" and Path(dups[0].file).suffix != f".{keep}"
        assert sum(r.imported for r in reports) == 1 and sum(r.duplicates for r in reports) == 1
        assert reports[-1].to_json()["duplicate_of"] == [dups[-1].to_json()] or how == "two imports"
        run_doc = store.activity(stored.id)
        assert run_doc is not None and run_doc.result is not None and run_doc.splits
        weeks = store.history(today=stored.date).weeks
        assert sum(w.runs for w in weeks) == 1
        assert sum(w.distance_m for w in weeks) == pytest.approx(stored.distance_m)
        assert stored.distance_m == pytest.approx(run.total_distance_m, rel=0.02)
        # and again: nothing new, whichever file
        again = store.import_paths(paths, jobs=1, unit="mi")
        assert (again.imported, again.duplicates) == (0, 2) and len(store.activities()) == 1


def test_different_runs_of_one_morning_stay_apart(db_url: str, tmp_path: Path) -> None:
    """Two runs starting within a minute but of different lengths (a warm-up file and the session) are two."""
    a = synth.make_run([synth.Leg(2000.0, 400.0)], start_time=START)
    b = synth.make_run([synth.Leg(8000.0, 330.0)], start_time=START + dt.timedelta(seconds=40))
    synth.write_fit(a, tmp_path / "a.fit")
    synth.write_tcx(b, tmp_path / "b.tcx")
    with open_store(db_url) as store:
        r = store.import_paths([tmp_path], jobs=1, unit="km")
        assert (r.imported, r.duplicates, r.duplicate_of) == (2, 0, [])


@pytest.mark.parametrize("order", [("day2.fit", "all.tcx"), ("all.tcx", "day2.fit")])
def test_a_day_of_a_tcx_export_already_in_the_log(
    db_url: str, tmp_path: Path, order: tuple[str, str]
) -> None:
    """A TCX of several days whose second day the log has from the watch's FIT: that day is kept once,
    the FIT's, and the other days go in; in the other order the FIT takes the TCX day's place."""
    days = [
        synth.make_run(
            [synth.Leg(5000.0 + 1000 * k, 320.0 - 5 * k, hr_bpm=145)],
            start_time=START + dt.timedelta(days=k),
            seed=k,
        )
        for k in range(3)
    ]
    (tmp_path / "all.tcx").write_bytes(synth.multi_tcx_bytes(days))
    synth.write_fit(days[1], tmp_path / "day2.fit")
    with open_store(db_url) as store:
        reports = [store.import_paths([tmp_path / name], jobs=1, unit="km") for name in order]
        log = sorted(store.activities(), key=lambda x: x.start_time)
        assert [x.format for x in log] == ["tcx", "fit", "tcx"]
        assert all(x.event_id is None for x in log)  # the days of one export are no multisport event
        assert [round(x.distance_m or 0) for x in log] == [5000, 6000, 7000]
        (dup,) = [d for r in reports for d in r.duplicate_of]
        assert dup.activity_id == log[1].id
        assert dup.file.endswith("all.tcx #2") and dup.kept.endswith("day2.fit")
        assert sum(r.imported for r in reports) == 3 and sum(r.duplicates for r in reports) == 1
        again = store.import_paths([tmp_path], jobs=1, unit="km")
        assert (again.imported, again.duplicates) == (0, 2)


SAMPLE_PAIRS = [
    ("fit/gc__10kUNLP2014-Garmin15.fit", "tcx/gc__10kUNLP2014-Garmin15.tcx"),
    ("tcx/runpandas__stopped_example.tcx", "gpx/runpandas__stopped_example_strava.gpx"),
]


@pytest.mark.samples
@pytest.mark.parametrize("pair", SAMPLE_PAIRS, ids=lambda p: Path(p[0]).stem)
@pytest.mark.parametrize("how", ["richer first", "poorer first", "one batch"])
def test_sample_pairs_are_one_activity(db_url: str, samples_dir: Path, tmp_path: Path, pair: tuple[str, str],
                                       how: str) -> None:  # fmt: skip
    rich, poor = (samples_dir / p for p in pair)
    with open_store(db_url) as store:
        if how == "one batch":
            for p in (rich, poor):
                shutil.copy(p, tmp_path / p.name)
            reports = [store.import_paths([tmp_path], jobs=2, unit="km")]
        else:
            order = [rich, poor] if how == "richer first" else [poor, rich]
            reports = [store.import_paths([p], jobs=1, unit="km") for p in order]
        (stored,) = store.activities()
        assert stored.format == rich.suffix[1:] and Path(stored.source).name == rich.name
        (dup,) = [d for r in reports for d in r.duplicate_of]
        assert (Path(dup.file).name, Path(dup.kept).name, dup.activity_id) == (
            poor.name,
            rich.name,
            stored.id,
        )
        weeks = store.history(today=stored.date).weeks
        assert sum(w.runs for w in weeks) == 1
        assert sum(w.distance_m for w in weeks) == pytest.approx(stored.distance_m)
