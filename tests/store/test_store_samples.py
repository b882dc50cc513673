"""The real device files in ../shared/samples: every one imported or refused with a reason, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from progtempo.store import open_store
from progtempo.store.importer import import_paths

pytestmark = pytest.mark.samples


def test_samples_import_once_and_account_for_every_file(db_url: str, samples_dir: Path) -> None:
    files = sorted(p for p in samples_dir.rglob("*") if p.suffix in (".fit", ".gpx", ".tcx"))
    with open_store(db_url) as store:
        first = import_paths(store, [samples_dir], jobs=1)
        assert first.imported + first.duplicates + len(first.failed) == len(files)
        assert first.ignored == 2  # README.md, SHA256SUMS
        assert all(reason for _, reason in first.failed)
        again = import_paths(store, [samples_dir], jobs=1)
        assert (again.imported, again.duplicates, len(again.failed)) == (
            0,
            first.imported + first.duplicates,
            len(first.failed),
        )
        log = store.activities()
    assert len(log) == first.imported
    by_file = {Path(e.source).name: e for e in log}
    # one run from two sources is one activity, kept from the richer recording (FIT > TCX > GPX)
    same = {(Path(d.file).name, Path(d.kept).name) for d in first.duplicate_of}
    assert same == {
        ("gc__10kUNLP2014-Garmin15.tcx", "gc__10kUNLP2014-Garmin15.fit"),
        ("runpandas__stopped_example_strava.gpx", "runpandas__stopped_example.tcx"),
        ("runpandas__malformed.tcx", "runpandas__basic_fr410.tcx"),  # an edited copy of the same run
    }
    assert {d.activity_id for d in first.duplicate_of} <= {e.id for e in log}
    ride = by_file["fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit"]
    assert ride.sport == "cycling" and not ride.is_running and ride.score is None
    race = by_file["gc__10kUNLP2014-Garmin15.fit"]
    assert race.is_running and race.distance_m == pytest.approx(10000, rel=0.02)
