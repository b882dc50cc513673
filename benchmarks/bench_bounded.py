"""Bounded work: `analyze` (and the coach) on a 24-hour run recorded every second, and on 10,000 splits.

Two synthetic files, made by `progtempo.synth` and kept in a temp dir for the run:

1. a 24-hour run at 1 Hz: 86,400 records with GPS, altitude and heart rate (240 km at 6:00/km);
2. a 1,000 km multi-day run recorded every 5 s (72,000 records), split every 100 m: 10,000 splits.

For each, in this process: the time to read the file (progtempo's fast FIT decoder, the peer every
other figure is a ratio of), then `analyze` and `evaluate` (the coach) through the public API, as a
user's script calls them; best of N. The goal (issue 11): each under a second or two on this machine,
and linear or n log n: the 24-hour run's analysis costs about what its decode does.

    .venv/bin/python benchmarks/bench_bounded.py [--runs 3] [--quick]

`--quick` makes one run of each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from progtempo import synth
from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.io import read_activity

GOAL_S = 2.0


def day_run() -> synth.SynthRun:
    """24 hours at 1 Hz: 24 legs of 10 km at 5:50 and 6:10 per km in turn, HR, noisy GPS."""
    legs = [synth.Leg(10_000.0, 350.0 + 20.0 * (k % 2), hr_bpm=135.0 + (k % 7)) for k in range(24)]
    start = dt.datetime(2026, 6, 20, 6, tzinfo=dt.UTC)
    return synth.make_run(legs, start_time=start, gps_noise_m=2.0, elevation_noise_m=1.0, seed=1)


def ultra_run() -> synth.SynthRun:
    """1,000 km recorded every 5 s: 100 legs of 10 km around 6:00 per km."""
    legs = [synth.Leg(10_000.0, 330.0 + 60.0 * ((k % 4) / 3), hr_bpm=130.0 + (k % 9)) for k in range(100)]
    start = dt.datetime(2026, 6, 20, 6, tzinfo=dt.UTC)
    return synth.make_run(legs, start_time=start, sample_s=5.0, seed=2)


def best(fn: Callable[[], object], runs: int) -> float:
    out = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def measure(label: str, path: Path, split_m: float | None, runs: int) -> bool:
    data = path.read_bytes()
    activity = read_activity(path.name, data=data)
    analysis = analyze(activity, unit="km", split_m=split_m)
    read_s = best(lambda: read_activity(path.name, data=data), runs)
    analyze_s = best(lambda: analyze(activity, unit="km", split_m=split_m), runs)
    evaluate_s = best(lambda: evaluate(analysis, None), runs)
    total = read_s + analyze_s + evaluate_s
    print(f"{label}: {len(activity):,} records, {len(analysis.splits):,} splits, {len(data) / 1e6:.1f} MB")
    print(f"  read (fast FIT decoder)   {read_s:7.3f} s   1.00x (the peer)")
    print(f"  analyze                   {analyze_s:7.3f} s   {analyze_s / read_s:5.2f}x the read")
    print(f"  evaluate (the coach)      {evaluate_s:7.3f} s   {evaluate_s / read_s:5.2f}x the read")
    ok = total < GOAL_S
    verdict = "met" if ok else "MISSED"
    print(f"  read + analyze + evaluate {total:7.3f} s   goal under {GOAL_S:g} s: {verdict}")
    return ok


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    runs = 1 if a.quick else a.runs
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        day, ultra = Path(tmp) / "day.fit", Path(tmp) / "ultra.fit"
        synth.write_fit(day_run(), day)
        synth.write_fit(ultra_run(), ultra)
        print(f"bench_bounded: files made in {time.perf_counter() - t0:.1f} s; best of {runs}")
        ok = measure("24 h at 1 Hz", day, None, runs)
        ok = measure("1,000 km in 100 m splits", ultra, 100.0, runs) and ok
    print(f"bench_bounded: {'every goal met' if ok else 'a goal MISSED (see above)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
