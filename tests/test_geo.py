"""The one haversine: the mean Earth radius, and the same distance wherever positions are measured."""

from __future__ import annotations

import math

import numpy as np
import pytest

from progtempo import synth
from progtempo.analysis import analyze
from progtempo.geo import EARTH_RADIUS_M, haversine_m
from progtempo.store.rows import track_length_m


def test_haversine_uses_the_mean_earth_radius() -> None:
    one_degree = haversine_m(np.array([45.0]), np.array([7.0]), np.array([46.0]), np.array([7.0]))
    assert one_degree[0] == pytest.approx(6371008.8 * math.pi / 180, rel=1e-12)
    assert synth.R_EARTH_M == EARTH_RADIUS_M  # the synthetic runs are laid on the same sphere


def test_a_synthetic_track_measures_its_own_length() -> None:
    """The synthetic writer, the store's track length and the analysis agree on a noiseless 3 km."""
    run = synth.make_run([synth.Leg(3000.0, 300.0)], distance=False)  # positions only
    assert track_length_m(run.activity) == pytest.approx(run.total_distance_m, abs=3)
    assert analyze(run.activity, unit="km").distance_m == pytest.approx(run.total_distance_m, abs=3)
