"""Distances on the Earth: the one Earth radius and the one haversine that the readers, the analysis,
the store and the synthetic runs share (positions in degrees, distances in metres).

numpy is imported with this module: import it where positions are handled, not at start-up.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Mean Earth radius (IUGG R1), metres: the haversine radius (the contract's makegpx uses it too).
EARTH_RADIUS_M = 6371008.8


def haversine_m(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Great-circle distance between points in degrees, on a sphere of the mean Earth radius."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64)


__all__ = ["EARTH_RADIUS_M", "haversine_m"]
