"""Synthetic runs with exactly known answers (`runs`), and writers to FIT (`fit`), GPX and TCX (`xml`).

`progtempo demo`, the tests and the benchmarks use it; see `progtempo.synth.runs` for how a run is made
and why its splits are known exactly.
"""

from progtempo.synth.fit import fit_bytes, multisport_fit_bytes, write_fit
from progtempo.synth.runs import (
    DEFAULT_START,
    DEVICE_NAME,
    LAT0_DEG,
    LON0_DEG,
    R_EARTH_M,
    START_ALTITUDE_M,
    ExpectedSplit,
    Leg,
    Pause,
    SynthRun,
    make_run,
)
from progtempo.synth.xml import gpx_bytes, tcx_bytes, write_gpx, write_tcx

__all__ = [
    "DEFAULT_START",
    "DEVICE_NAME",
    "LAT0_DEG",
    "LON0_DEG",
    "R_EARTH_M",
    "START_ALTITUDE_M",
    "ExpectedSplit",
    "Leg",
    "Pause",
    "SynthRun",
    "fit_bytes",
    "gpx_bytes",
    "make_run",
    "multisport_fit_bytes",
    "tcx_bytes",
    "write_fit",
    "write_gpx",
    "write_tcx",
]
