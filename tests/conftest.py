"""Shared fixtures: where the real device samples are (skipped, saying why, when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """`../shared/samples` beside the project: real files recorded by real devices."""
    if not SAMPLES.is_dir():
        pytest.skip(
            f"real device samples not found at {SAMPLES} (they sit in ../shared/samples beside the project)"
        )
    return SAMPLES


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """`tests/data`: real device files shipped with the project (MIT, see its README), always present."""
    return DATA
