"""How fast `progtempo analyze` reads real FIT files, against fitdecode, garmin-fit-sdk and fitparse.

In one run, on the sample FIT files in ../shared/samples/fit (missing ones are skipped):

1. records per second of `progtempo analyze FILE --json` end to end (the installed console script, as a
   subprocess), and its peak memory (ru_maxrss of the child);
2. decoding alone, in this process: fitdecode, garmin-fit-sdk, fitparse and progtempo's fast decoder,
   as records/s and as ratios against fitdecode;
3. the whole `progtempo analyze` process against the 20-line script a user would write with fitdecode
   (record distance, first sample past each 1 km boundary): best wall time of N, and the ratio
   (goal: progtempo at least 2x faster);
4. what the analysis costs on top of decoding (goal: under 10 % of the decode time);
5. where the process time goes: the imports (python -X importtime), heaviest first.

Children run with a private bytecode cache (PYTHONPYCACHEPREFIX in a temp dir, after a warm-up run), as
an installed package has its .pyc files: this checkout's environment sets PYTHONDONTWRITEBYTECODE,
which would otherwise recompile progtempo on every start. Timed runs are interleaved so machine noise
hits both sides alike.

    .venv/bin/python benchmarks/bench_analyze.py [--runs 5] [--quick] [--profile]

`--quick` only uses the 20 km Suunto file; `--profile` adds a cProfile top-20 of one in-process
`progtempo analyze` of it.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, compiled_env, installed_progtempo, run_child

SAMPLES = ROOT.parent / "shared" / "samples" / "fit"
SUUNTO = "gc__suunto_Move_2019_03_17_10_24_32_Running.fit"
GOAL_SPEEDUP = 2.0
GOAL_ANALYSIS_SHARE = 0.10

USER_SCRIPT = """\
import sys  # kilometre splits of a FIT file, as a user would write it with fitdecode
import fitdecode

SPLIT_M = 1000.0
start, next_m, splits = None, SPLIT_M, []
with fitdecode.FitReader(sys.argv[1]) as fit:
    for frame in fit:
        if frame.frame_type != fitdecode.FIT_FRAME_DATA or frame.name != "record":
            continue
        t = frame.get_value("timestamp", fallback=None)
        d = frame.get_value("distance", fallback=None)
        if t is None or d is None:
            continue
        start = start or t
        if d >= next_m:  # the first sample past each boundary
            splits.append((t - start).total_seconds())
            next_m += SPLIT_M
for i, s in enumerate(splits):
    print(f"km {i + 1}: {s - (splits[i - 1] if i else 0.0):.0f} s")
"""


# --------------------------------------------------------------------------------------------- helpers


def progtempo_command() -> list[str]:
    """The installed `progtempo` console script beside this interpreter."""
    command = installed_progtempo()
    if command is None:
        sys.exit("the progtempo console script is not installed: pip install -e . first")
    return command


def child_env(tmp: Path) -> dict[str, str]:
    """The children's environment: a private .pyc cache, the default FIT decoder, km splits, no colour."""
    env = compiled_env(tmp / "pycache")
    env.pop("PROGTEMPO_FIT_DECODER", None)
    env["PROGTEMPO_UNIT"] = "km"
    env["NO_COLOR"] = "1"
    return env


# Linux counts the resident size a process had when it was forked into its child's ru_maxrss, so a
# child forked from this (big) process would report at least this process's size. A small launcher
# forks the command instead: its own ~8 MB is the floor.
LAUNCHER = """\
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
"""


def peak_rss_mb(argv: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of the command, in MB (ru_maxrss of the child, forked by the launcher)."""
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], env=env, capture_output=True, check=True)
    return int(out.stdout) / 1024


def best_time(fn: Callable[[], object], budget_s: float = 1.0, max_runs: int = 5) -> float:
    """Best wall time of `fn` over up to `max_runs` calls, stopping once `budget_s` is spent."""
    best = float("inf")
    spent = 0.0
    for _ in range(max_runs):
        t0 = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t0
        best = min(best, elapsed)
        spent += elapsed
        if spent > budget_s:
            break
    return best


def fit_files(quick: bool) -> list[Path]:
    if not SAMPLES.is_dir():
        sys.exit(f"no samples at {SAMPLES}: this benchmark reads ../shared/samples beside the project")
    files = sorted(SAMPLES.glob("*.fit"))
    if quick:
        files = [p for p in files if p.name == SUUNTO]
    if not files:
        sys.exit(f"no FIT files in {SAMPLES}")
    return files


def short(name: str, width: int = 34) -> str:
    stem = name.removesuffix(".fit").split("__", 1)[-1]
    return stem if len(stem) <= width else stem[: width - 1] + "…"


# --------------------------------------------------------------------------------------------- decoders


def decode_fitdecode(data: bytes) -> int:
    """fitdecode as a user runs it (default processor, CRC checked): record messages decoded."""
    import fitdecode

    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = fitdecode.FitReader(data)
        try:
            for frame in reader:
                if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name == "record":
                    n += 1
        except fitdecode.FitError:
            pass  # a cut-short file: count what came before
        finally:
            reader.close()
    return n


def decode_garmin(data: bytes) -> int:
    """Garmin's FIT SDK with its default options (scale, components, sub-fields, HR merge)."""
    from garmin_fit_sdk import Decoder, Stream

    messages, _errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    return len(messages.get("record_mesgs", []))


def decode_fitparse(data: bytes) -> int:
    """fitparse, every record message's values."""
    import fitparse

    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for message in fitparse.FitFile(data).get_messages("record"):
                message.get_values()
                n += 1
        except fitparse.FitParseError:
            pass
    return n


def decode_progtempo(data: bytes) -> int:
    """progtempo's vectorised decoder (records, laps, sessions, events, devices)."""
    from progtempo.io.fit.fast import decode_fast

    return len(decode_fast(data).records.get("timestamp", ()))


DECODERS: list[tuple[str, Callable[[bytes], int]]] = [
    ("fitdecode", decode_fitdecode),
    ("garmin-fit-sdk", decode_garmin),
    ("fitparse", decode_fitparse),
    ("progtempo fast", decode_progtempo),
]


def prepared(path: Path) -> bytes:
    """The file's bytes as the decoders see them in progtempo (a never-finalised header mended)."""
    from progtempo.io.fit import repair_header

    return repair_header(path.read_bytes(), path.name, repair=True)[0]


# --------------------------------------------------------------------------------------------- sections


def section_processes(files: list[Path], runs: int, env: dict[str, str], script: Path) -> dict[str, float]:
    """Sections 1 and 3: progtempo analyze vs the user's fitdecode script, as whole processes."""
    pt = progtempo_command()
    py = sys.executable
    rows = []
    for path in files:
        records = decode_progtempo(prepared(path))
        ours = [*pt, "analyze", str(path), "--json", "--repair"]
        theirs = [py, str(script), str(path)]
        run_child(ours, env)  # warm-up: page cache, .pyc files
        _, script_code, script_err = run_child(theirs, env)
        script_ok = script_code == 0
        rss_ours = peak_rss_mb(ours, env)
        rss_theirs = peak_rss_mb(theirs, env) if script_ok else 0.0
        t_ours: list[float] = []
        t_theirs: list[float] = []
        code, err = 0, ""
        for _ in range(runs):
            wall, code, err = run_child(ours, env)
            t_ours.append(wall)
            if script_ok:
                t_theirs.append(run_child(theirs, env)[0])
        best_theirs = min(t_theirs) if t_theirs else None
        why = (
            "" if script_ok else script_err.strip().splitlines()[-1][:40] if script_err.strip() else "failed"
        )
        rows.append((path.name, records, min(t_ours), best_theirs, rss_ours, rss_theirs, code, err, why))

    print(
        f"\n1+3. whole process: `progtempo analyze FILE --json` vs a user's fitdecode script, best of {runs}"
    )
    print(
        f"{'file':35} {'records':>7} {'progtempo':>9} {'rec/s':>9} {'peak MB':>7} "
        f"{'script':>8} {'peak MB':>7} {'faster':>7}"
    )
    summary: dict[str, float] = {}
    for name, records, ours, theirs, rss_o, rss_t, code, err, why in rows:
        last_line = err.strip().splitlines()[-1][:60] if err.strip() else ""
        status = "" if code == 0 else f"  (exit {code}: {last_line})"
        script_s = f"{theirs:7.3f}s" if theirs else "  failed"
        ratio = f"{theirs / ours:6.2f}x" if theirs else "      -"
        note = f"  (script: {why})" if why else ""
        print(
            f"{short(name):35} {records:7d} {ours:8.3f}s {records / ours:9,.0f} {rss_o:7.1f} "
            f"{script_s:>8} {rss_t:7.1f} {ratio:>7}{status}{note}"
        )
        if name == SUUNTO:
            summary = {"progtempo_s": ours, "script_s": theirs or float("nan"), "records": records}
    if summary:
        speedup = summary["script_s"] / summary["progtempo_s"]
        verdict = "met" if speedup >= GOAL_SPEEDUP else "NOT met"
        print(
            f"Suunto 20 km: progtempo {summary['progtempo_s']:.3f} s, script {summary['script_s']:.3f} s: "
            f"{speedup:.2f}x faster (goal >= {GOAL_SPEEDUP:.0f}x: {verdict})"
        )
    return summary


def section_decoders(files: list[Path]) -> None:
    """Section 2: decoding alone, in process."""
    print("\n2. decoding alone, in this process: records/s, ratio to fitdecode (best of up to 5 in ~1 s)")
    header = f"{'file':35} {'records':>7}" + "".join(f" {label:>16}" for label, _ in DECODERS)
    print(header)
    totals = {label: 0.0 for label, _ in DECODERS}
    total_records = 0
    for path in files:
        data = prepared(path)
        records = decode_progtempo(data)
        total_records += records
        cells = []
        base = None
        for label, fn in DECODERS:
            try:
                elapsed = best_time(lambda fn=fn, data=data: fn(data))
            except Exception as exc:  # a decoder that can't read a sample is reported, not fatal
                cells.append(f"{'error ' + type(exc).__name__[:10]:>16}")
                continue
            totals[label] += elapsed
            base = elapsed if label == "fitdecode" else base
            ratio = f"{base / elapsed:5.1f}x" if base else "   - "
            cells.append(f" {records / elapsed:9,.0f} {ratio}")
        print(f"{short(path.name):35} {records:7d}" + "".join(cells))
    base_total = totals["fitdecode"]
    cells = [
        f" {total_records / t:9,.0f} {base_total / t:5.1f}x" if t else f" {'-':>16}" for t in totals.values()
    ]
    print(f"{'all files':35} {total_records:7d}" + "".join(cells))


def section_analysis(files: list[Path]) -> None:
    """Section 4: the analysis on top of decoding, in process."""
    from progtempo.analysis import analyze
    from progtempo.io.fit import build_activity
    from progtempo.io.fit.fast import decode_fast
    from progtempo.io.fit.fitdecode import decode_fitdecode

    coach: object | None
    try:
        import progtempo.coach as coach
    except ImportError:
        coach = None

    print(
        f"\n4. analysis on top of decoding, ms in process (goal: < {GOAL_ANALYSIS_SHARE:.0%} of decode time)"
    )
    print(
        f"{'file':35} {'fitdecode':>9} {'fast':>7} {'build':>6} {'analyze':>7} {'coach':>6} "
        f"{'analysis/fitdecode':>18} {'analysis/fast':>13} {'coach/fast':>10}"
    )
    for path in files:
        data = prepared(path)
        t_ref = best_time(lambda data=data: decode_fitdecode(data), budget_s=0.5, max_runs=2)
        msgs = decode_fast(data)
        t_fast = best_time(lambda data=data: decode_fast(data))
        try:
            activity = build_activity(msgs, path.name)
            t_build = best_time(lambda msgs=msgs, name=path.name: build_activity(msgs, name))
            analysis = analyze(activity, unit="km")
            t_an = best_time(lambda activity=activity: analyze(activity, unit="km"))
            t_coach = (
                best_time(lambda analysis=analysis: coach.evaluate(analysis, None))  # type: ignore[attr-defined]
                if coach is not None and hasattr(coach, "evaluate")
                else 0.0
            )
        except Exception as exc:  # e.g. a file with too few records: say so, go on
            print(
                f"{short(path.name):35} {t_ref * 1e3:9.1f} {t_fast * 1e3:7.2f}  not analysable: {exc}"[:110]
            )
            continue
        work = t_build + t_an
        print(
            f"{short(path.name):35} {t_ref * 1e3:9.1f} {t_fast * 1e3:7.2f} {t_build * 1e3:6.2f} "
            f"{t_an * 1e3:7.2f} {t_coach * 1e3:6.2f} {work / t_ref:18.1%} {work / t_fast:13.0%} "
            f"{t_coach / t_fast:10.0%}"
        )
    print(
        "(analysis = build, FitMessages -> Activity, + analyze: cleaning, splits, GAP, HR; "
        "coach = score, levels, advice)"
    )


def section_imports(env: dict[str, str], path: Path) -> None:
    """Section 5: where a `progtempo analyze` process spends its time before any work: imports."""
    code = (
        "import sys; from progtempo.cli import main; "
        f"sys.argv = ['progtempo', 'analyze', {str(path)!r}, '--json', '--repair']; main()"
    )
    best: dict[str, tuple[int, int, int]] = {}
    order: list[str] = []
    for _ in range(3):
        argv = [sys.executable, "-X", "importtime", "-c", code]
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if not m:
                continue
            name, own, cum, depth = m.group(4), int(m.group(1)), int(m.group(2)), len(m.group(3))
            if name not in best:
                order.append(name)
                best[name] = (own, cum, depth)
            else:
                best[name] = (min(best[name][0], own), min(best[name][1], cum), depth)
    top = [(cum, name) for name, (_, cum, depth) in best.items() if depth == 1]
    total = sum(cum for cum, _ in top)
    t_bare = min(run_child([sys.executable, "-c", "pass"], env)[0] for _ in range(5))
    print(
        f"\n5. imports of one `progtempo analyze` process (python -X importtime, best of 3): "
        f"{total / 1e3:.0f} ms in all; a bare `python -c pass` takes {t_bare * 1e3:.0f} ms"
    )
    biggest = sorted(top, reverse=True)[:10]
    print("   top-level imports (cumulative ms):", ", ".join(f"{n} {c / 1e3:.1f}" for c, n in biggest))
    heavy = sorted(((own, name) for name, (own, _, _) in best.items()), reverse=True)[:12]
    print("   heaviest modules (own ms):", ", ".join(f"{n} {o / 1e3:.1f}" for o, n in heavy))


def section_profile(path: Path) -> None:
    """--profile: cProfile top-20 of one in-process `progtempo analyze FILE --json`."""
    from progtempo.cli import main

    profile = cProfile.Profile()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        profile.enable()
        with contextlib.suppress(SystemExit):
            main(["--unit", "km", "analyze", str(path), "--json"])
        profile.disable()
    for key in ("cumulative", "tottime"):
        print(f"\ncProfile of one in-process `progtempo analyze {path.name} --json`, top 20 by {key}:")
        text = io.StringIO()
        pstats.Stats(profile, stream=text).strip_dirs().sort_stats(key).print_stats(20)
        print("\n".join(line for line in text.getvalue().splitlines() if line.strip())[:6000])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each process (default 5)")
    parser.add_argument("--quick", action="store_true", help="only the 20 km Suunto sample")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one in-process analyze (Suunto file)"
    )
    args = parser.parse_args(argv)
    files = fit_files(args.quick)
    suunto = next((p for p in files if p.name == SUUNTO), files[0])
    load = os.getloadavg()[0]
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.2f}; samples: {SAMPLES}"
    )
    with tempfile.TemporaryDirectory(prefix="progtempo-bench-") as tmp_name:
        tmp = Path(tmp_name)
        script = tmp / "fitdecode_splits.py"
        script.write_text(USER_SCRIPT)
        env = child_env(tmp)
        section_processes(files, args.runs, env, script)
        section_decoders(files)
        section_analysis(files)
        section_imports(env, suunto)
    if args.profile:
        section_profile(suunto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
