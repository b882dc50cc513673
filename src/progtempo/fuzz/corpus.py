"""The files mutants are made from: synthetic runs from `progtempo.synth`, and real recordings.

The synthetic seeds are the same bytes on every machine (the generator is deterministic), so a mutant
named by (seed, index) is the same file everywhere. Real recordings (`../shared/samples`, the project's
`tests/data`) widen what the mutants look like; a run that uses them names them, since a mutant of a
real file can only be rebuilt where that file is.
"""

from __future__ import annotations

import datetime as dt
import gzip
from dataclasses import dataclass
from pathlib import Path

#: Real files larger than this are left out of the corpus (each mutant of them is parsed in full).
MAX_SAMPLE_BYTES = 1_000_000


@dataclass(frozen=True)
class Seed:
    """One file mutants are made from: its name, its format (`fit`, `gpx`, `tcx`) and its bytes."""

    name: str
    kind: str
    data: bytes

    @property
    def suffix(self) -> str:
        return "." + self.kind


def synthetic_seeds() -> list[Seed]:
    """FIT, GPX and TCX files of a few synthetic runs: a progressive ladder with a pause, HR, noisy GPS
    and altitude; a foot-pod run with compressed timestamps and developer power; a multisport file;
    device-relative timestamps."""
    from progtempo import synth

    start = dt.datetime(2026, 3, 1, 7, 30, tzinfo=dt.UTC)
    ladder = synth.make_run(
        [synth.Leg(1000.0, 372.0 - 12 * k, hr_bpm=138.0 + 6 * k, grade=0.02 * (k % 2)) for k in range(4)],
        warmup=synth.Leg(600.0, 420.0, hr_bpm=125.0),
        cooldown=synth.Leg(400.0, 430.0, hr_bpm=130.0),
        pauses=[(2300.0, 25.0)],
        start_time=start,
        gps_noise_m=2.0,
        elevation_noise_m=1.0,
        seed=7,
    )
    footpod = synth.make_run(
        [synth.Leg(1609.344, 540.0 - 30 * k, hr_bpm=140.0 + 5 * k) for k in range(3)],
        start_time=start + dt.timedelta(days=2),
        gps=False,
        altitude=False,
        auto_lap_m=1000.0,
    )
    legs = [
        synth.make_run([synth.Leg(2000.0, 330.0)], start_time=start + dt.timedelta(days=4)),
        synth.make_run(
            [synth.Leg(8000.0, 110.0)], start_time=start + dt.timedelta(days=4, minutes=12), sport="cycling"
        ),
        synth.make_run([synth.Leg(1500.0, 320.0)], start_time=start + dt.timedelta(days=4, minutes=28)),
    ]
    return [
        Seed("synth-ladder.fit", "fit", synth.fit_bytes(ladder)),
        Seed("synth-ladder.gpx", "gpx", synth.gpx_bytes(ladder)),
        Seed("synth-ladder.tcx", "tcx", synth.tcx_bytes(ladder)),
        Seed(
            "synth-footpod.fit",
            "fit",
            synth.fit_bytes(footpod, compressed_timestamps=True, developer_power=True, garmin_product=4024),
        ),
        Seed("synth-footpod.tcx", "tcx", synth.tcx_bytes(footpod, lap_trigger="Manual")),
        Seed("synth-multisport.fit", "fit", synth.multisport_fit_bytes(legs)),
        Seed(
            "synth-relative.fit", "fit", synth.fit_bytes(ladder, relative_timestamps=True, utc_offset_s=3600)
        ),
    ]


def sample_seeds(folders: list[Path], max_bytes: int = MAX_SAMPLE_BYTES) -> list[Seed]:
    """Every .fit/.gpx/.tcx file (gzipped or not) under `folders`, sorted by name, up to `max_bytes`."""
    out: list[Seed] = []
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            name = p.name.lower()
            plain = name[:-3] if name.endswith(".gz") else name
            kind = plain.rsplit(".", 1)[-1]
            if not p.is_file() or kind not in ("fit", "gpx", "tcx"):
                continue
            data = p.read_bytes()
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            if len(data) <= max_bytes:
                out.append(Seed(p.name[:-3] if name.endswith(".gz") else p.name, kind, data))
    return out


def corpus(sample_folders: list[Path] | None = None, max_bytes: int = MAX_SAMPLE_BYTES) -> list[Seed]:
    """The synthetic seeds, then the real files under `sample_folders`."""
    return synthetic_seeds() + sample_seeds(sample_folders or [], max_bytes)
