"""Synthetic runs with exactly known answers (`runs`), writers to FIT (`fit`), GPX and TCX (`xml`), and
what real devices get wrong (`faults`: a broken clock, smart recording, GPS altitude).

`heart` gives a run heart rate that bends at a known speed (or stays linear), for the fitness estimate.

`progtempo demo`, the tests and the benchmarks use it; see `progtempo.synth.runs` for how a run is made
and why its splits are known exactly.
"""

from progtempo.synth.faults import broken_clock, gps_altitude, smart_recording
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
    mile_legs,
    per_km,
)
from progtempo.synth.xml import gpx_bytes, multi_tcx_bytes, tcx_bytes, write_gpx, write_tcx

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
    "broken_clock",
    "fit_bytes",
    "gps_altitude",
    "gpx_bytes",
    "make_run",
    "mile_legs",
    "multi_tcx_bytes",
    "multisport_fit_bytes",
    "per_km",
    "smart_recording",
    "tcx_bytes",
    "write_fit",
    "write_gpx",
    "write_tcx",
]
