"""How long the coach takes on the longest runs a file can hold, against the analysis of the same run.

Mutated files once made the coach hang (the block search was cubic in the splits). In one run, on runs
made by the synthetic generator, in process:

1. a 24 h run recorded at 1 Hz (86,400 records, ~205 km), without a plan (the block search over the
   whole day) and with a plan (where the ladder starts, found by scanning the whole run);
2. a 1,000 km multi-day run recorded every 5 s, split every 100 m (10,000 splits), building slowly from
   start to end so the whole run is one found block of 1,000 km levels;
3. a file that claims 42,949 km in an hour (the FIT invalid value read as a distance): the coach says
   it is no run at once.

For each: the analysis (the peer: reading nothing, cleaning, splits, GAP), the coach, and the coach as a
share of the analysis; goal: the coach under a second on each (`GOAL_S`).

    .venv/bin/python benchmarks/bench_coach.py [--runs 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.plan.spec import parse_plan
from progtempo.synth import Leg, make_run

GOAL_S = 1.0


def best_of(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def day_run() -> Any:
    """24 h at 1 Hz: an hour's easy warm-up, then 23 h easing from 7:30/km to 6:40/km with HR rising."""
    legs = [Leg(8000.0, 450.0, hr_bpm=120.0)]
    for k in range(23):
        pace = 450.0 - 50.0 * k / 22
        legs.append(Leg(3600.0 / pace * 1000.0, pace, hr_bpm=125.0 + k))
    return make_run(legs, sample_s=1.0, altitude=True, gps=False, cadence_spm=None).activity


def thousand_km() -> Any:
    """1,000 km in 100 km legs from 6:40/km down to 5:20/km, a record every 5 s."""
    legs = [Leg(100_000.0, 400.0 - 8.0 * k, hr_bpm=120.0 + 3 * k) for k in range(10)]
    return make_run(legs, sample_s=5.0, altitude=False, gps=False, cadence_spm=None).activity


def impossible() -> Any:
    """A one-hour file whose distance reads 42,949 km."""
    run = make_run([Leg(10_000.0, 360.0)], sample_s=1.0, gps=False, cadence_spm=None)
    a = run.activity
    assert a.distance_m is not None
    a.distance_m = a.distance_m * 4_294_967.295 / 10_000.0
    return a


def case(
    name: str, activity: Any, runs: int, *, split_m: float | None = None, plan: str | None = None
) -> None:
    records = len(activity)
    t_an, analysis = best_of(lambda: analyze(activity, unit="km", split_m=split_m), runs)
    session = parse_plan(plan, "km") if plan else None
    t_coach, report = best_of(lambda: evaluate(analysis, session), runs)
    verdict = (
        f"{report.block.segments} levels, score {report.total_score}"
        if report.judged
        else report.advice.insight
    )
    ok = "ok" if t_coach < GOAL_S else "SLOW"
    print(
        f"{name:44} {records:>8,} {len(analysis.splits):>7,} {t_an:8.3f} {t_coach:8.3f} "
        f"{t_coach / t_an:7.2f}x  {ok:4} {verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    np.seterr(all="ignore")
    print(f"{'case':44} {'records':>8} {'splits':>7} {'analyze':>8} {'coach':>8} {'coach/an':>8}")
    day = day_run()
    case("24 h at 1 Hz, no plan", day, args.runs)
    case("24 h at 1 Hz, plan 6x1km 6:00-5:00", day, args.runs, plan="6x1km 6:00-5:00")
    case("24 h at 1 Hz, 100 m splits, no plan", day, args.runs, split_m=100.0)
    big = thousand_km()
    case("1,000 km every 5 s, 100 m splits, no plan", big, args.runs, split_m=100.0)
    case("1,000 km every 5 s, plan 6x1km 6:00-5:00", big, args.runs, split_m=100.0, plan="6x1km 6:00-5:00")
    case("42,949 km in an hour", impossible(), args.runs)
    print(f"goal: the coach under {GOAL_S:g} s on each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
