"""The real device files shipped in tests/data: imported once, one activity per run, legs kept apart."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest

from progtempo.store import open_store


def test_readme_names_every_file_with_its_checksum(data_dir: Path) -> None:
    readme = (data_dir / "README.md").read_text()
    sums = dict((name, h) for h, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M))
    files = sorted(p for p in data_dir.iterdir() if p.suffix == ".gz")
    assert sorted(f"{p.name.removesuffix('.gz')}" for p in files) == sorted(sums)
    for p in files:
        assert hashlib.sha256(gzip.decompress(p.read_bytes())).hexdigest() == sums[p.name.removesuffix(".gz")]
        assert f"`{p.name}`" in readme


def test_one_run_from_two_sources_is_one_activity(db_url: str, data_dir: Path) -> None:
    pair = [data_dir / "runpandas__run_tomtom.gpx.gz", data_dir / "runpandas__run_tomtom.tcx.gz"]
    with open_store(db_url) as store:
        r = store.import_paths(pair, jobs=1, unit="km")  # the poorer GPX first: the TCX takes its place
        assert (r.imported, r.duplicates) == (1, 1)
        (dup,) = r.duplicate_of
        assert Path(dup.file).name == pair[0].name and Path(dup.kept).name == pair[1].name
        (run,) = store.activities()
        assert run.format == "tcx" and run.id == dup.activity_id
        again = store.import_paths(list(reversed(pair)), jobs=1, unit="km")
        assert (again.imported, again.duplicates) == (0, 2)
        assert len(store.activities()) == 1
        weeks = store.history(today=run.date).weeks
        assert sum(w.runs for w in weeks) == 1 and sum(w.distance_m for w in weeks) == pytest.approx(
            run.distance_m
        )  # the mileage is not doubled


def test_every_shipped_file_goes_in_once(db_url: str, data_dir: Path) -> None:
    with open_store(db_url) as store:
        first = store.import_paths([data_dir], jobs=1, unit="km")
        assert first.failed == [] and first.ignored == 3  # README.md and the two licences
        again = store.import_paths([data_dir], jobs=1, unit="km")
        assert again.imported == 0 and again.duplicates == first.files_imported + first.duplicates
        runs = [a for a in store.activities(kind="run")]
        assert runs and all(a.distance_m and a.distance_m > 1000 for a in runs)


@pytest.mark.parametrize(
    ("name", "sports"),
    [
        ("fitparse__multisport_fenix2.fit.gz", ["generic", "running", "running", "cycling"]),
        ("fitparse__chained_fr920xt.fit.gz", ["swimming", "cycling", "running"]),
    ],
)
def test_each_leg_of_a_multisport_file_is_its_own_activity(
    db_url: str, data_dir: Path, name: str, sports: list[str]
) -> None:
    with open_store(db_url) as store:
        r = store.import_paths([data_dir / name], jobs=1, unit="km")
        legs = sorted(store.activities(), key=lambda a: a.start_time)
        assert r.imported == len(legs) == len(sports) and r.files_imported == 1
        assert [a.sport for a in legs] == sports  # transitions left out
        assert len({a.event_id for a in legs}) == 1 and legs[0].event_id is not None
        for a in legs:
            run = store.activity(a.id)
            assert run is not None
            assert (run.result is not None) == (a.sport == "running"), a.sport  # only the runs are judged
            assert a.is_running == (a.sport == "running")
            again = store.analyze(a.id, unit="km")  # re-read from the stored file: this leg, not another
            assert again is not None and again.analysis.distance_m == pytest.approx(a.distance_m)
