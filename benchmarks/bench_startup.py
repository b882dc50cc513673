"""Cold-start time of the commands a runner types many times a day, next to `python -c pass`.

Runs every command (and the bare interpreter, the baseline) several times in the same run, interleaved
so that machine noise hits all of them alike, hyperfine-style: a warm-up run each, then N timed runs.
Prints the median and the spread, the time above the baseline, and whether it is under the goal of
150 ms above `python -c pass`.

    .venv/bin/python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from _common import installed_progtempo, run_child

GOAL_MS = 150.0


def progtempo_command() -> list[str]:
    """The installed `progtempo` script beside this interpreter, else `python -m progtempo.cli`."""
    return installed_progtempo() or [
        sys.executable,
        "-c",
        "import sys; from progtempo.cli import main; sys.exit(main())",
    ]


def cases() -> list[tuple[str, list[str]]]:
    """(label, argv) of each command measured; the first is the baseline."""
    pt = progtempo_command()
    return [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("progtempo --help", [*pt, "--help"]),
        ("progtempo plan SPEC --json", [*pt, "plan", "6x1mi 10:00-7:30", "--json"]),
        ("progtempo plan SPEC (table)", [*pt, "plan", "6x1mi 10:00-7:30"]),
        ("progtempo progression --json", [*pt, "progression", "6x1mi 10:00-7:30", "--weeks", "12", "--json"]),
        ("progtempo progression (table)", [*pt, "progression", "6x1mi 10:00-7:30", "--weeks", "12"]),
        ("progtempo fitness --json", [*pt, "fitness", "--race", "10k=45:00", "--json"]),
        ("progtempo fitness (table)", [*pt, "fitness", "--race", "10k=45:00"]),
    ]


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one run in milliseconds; a failing command stops the benchmark."""
    wall_s, code, err = run_child(argv, env)
    if code != 0:
        sys.exit(f"{' '.join(argv)} failed (exit {code}): {err[:300]}")
    return wall_s * 1000.0


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, exit 1 when a command misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    args = parser.parse_args(argv)
    env = {**os.environ, "PROGTEMPO_UNIT": "mi", "COLUMNS": "100"}
    todo = cases()
    times: dict[str, list[float]] = {label: [] for label, _ in todo}
    for _, cmd in todo:
        run_once(cmd, env)  # warm-up: page cache and .pyc files
    for _ in range(args.runs):
        for label, cmd in todo:
            times[label].append(run_once(cmd, env))

    base = statistics.median(times[todo[0][0]])
    print(
        f"cold start, median of {args.runs} runs each (interleaved), "
        f"goal: under {GOAL_MS:.0f} ms above baseline"
    )
    print(f"{'command':32} {'median ms':>10} {'min ms':>8} {'+baseline':>10}  goal")
    worst_ok = True
    for label, _ in todo:
        med = statistics.median(times[label])
        above = med - base
        if label == todo[0][0]:
            print(f"{label:32} {med:10.1f} {min(times[label]):8.1f} {'baseline':>10}")
            continue
        ok = above < GOAL_MS
        worst_ok &= ok
        print(f"{label:32} {med:10.1f} {min(times[label]):8.1f} {above:+10.1f}  {'yes' if ok else 'NO'}")
    return 0 if worst_ok else 1


if __name__ == "__main__":
    sys.exit(main())
