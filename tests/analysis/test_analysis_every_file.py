"""Every real file, every activity in it, in both units: read as the run that happened. No whole split
of 0 s, splits adding up to the run, never longer than its records, the same run in miles and in km."""

from __future__ import annotations

from pathlib import Path

import pytest

from progtempo.analysis import analyze
from progtempo.errors import ActivityReadError
from progtempo.io import read_activities

SUFFIXES = (".fit", ".gpx", ".tcx", ".gz")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def _check(path: Path) -> int:
    """Analyse every activity of `path` in km and in miles; the number of activities."""
    try:
        activities = read_activities(path)
    except ActivityReadError:
        return 0  # refused with one line: tests/test_io_samples.py says which files and why
    for a in activities:
        span = float(a.time_s[-1] - a.time_s[0])
        by_unit = {}
        for unit in ("km", "mi"):
            an = analyze(a, unit=unit)  # type: ignore[arg-type]
            where = f"{path.name} #{a.session_index} {unit}"
            assert an.elapsed_s == pytest.approx(span) and an.moving_s <= an.elapsed_s + 1e-6, where
            if an.splits:
                assert sum(s.elapsed_s for s in an.splits) == pytest.approx(an.elapsed_s, abs=1e-6), where
                whole = [s for s in an.splits if not s.partial]
                assert all(s.elapsed_s > 0 and s.moving_s > 0 for s in whole), where  # no 0:00 splits
                assert all(s.pace_s > 60 for s in whole if a.is_running), where  # no 1:00/km "runs"
            by_unit[unit] = an
        km, mi = by_unit["km"], by_unit["mi"]
        assert km.distance_m == mi.distance_m and km.moving_s == mi.moving_s
        assert km.elev_gain_m == mi.elev_gain_m and km.gap_confidence == mi.gap_confidence
    return len(activities)


@pytest.mark.samples
def test_every_sample(samples_dir: Path) -> None:
    assert sum(_check(p) for p in _files(samples_dir)) >= 18


def test_every_shipped_file(data_dir: Path) -> None:
    counts = {p.name: _check(p) for p in _files(data_dir)}
    assert counts["fitparse__multisport_fenix2.fit.gz"] == 7
    assert counts["fitparse__chained_fr920xt.fit.gz"] == 5
    assert all(n == 1 for name, n in counts.items() if "fitparse" not in name)
