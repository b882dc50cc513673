"""How fast the web app answers a run's page and the history, against `progtempo analyze --json`.

In one run:

1. a log is made: one progressive run of about an hour at 1 Hz (a warm-up mile, then 6 x 1 mi from
   10:00 down by 30 s, from progtempo's own generator, as a FIT file), plus the 1,000 one-hour runs of
   `bench_import.py`'s Strava-like export (cached) for the history;
2. `progtempo serve` runs on it (the installed console script, loopback, a free port);
3. server time: the `Server-Timing` header of each answer (the app's time, from the request to the
   response's headers, the page rendered), best and median of N, for `/activities/{id}` (the hour-long
   run: read from the log's original file, analysed, judged, charted, rendered), for
   `/api/activities/{id}` (the same as JSON) and for `/history` with the 1,000 runs;
4. the peer, measured in the same run: `progtempo analyze run.fit --json` of the same file as a
   process (best of N wall time), and the same analysis in this process (read + analyze + evaluate,
   best of N) — what the page costs on top of the CLI's own work;
5. Chromium (Debian's, through Playwright, a fresh context per load: nothing cached): time to
   interactive of both pages, the moment the charts in view were drawn (`data-charts-drawn`, set by
   static/charts.js, which draws the others one at a time when the browser is idle, so no long task
   holds the page), and when every chart was (`data-charts-all`), best and median of N; the page's
   bytes.

Goals (the web-app issue): the run page under 150 ms server-side and 500 ms interactive; the history
with 1,000 runs under 300 ms.

    .venv/bin/python benchmarks/bench_web.py [--runs 7] [--n 1000] [--cache DIR] [--no-browser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compiled_env, installed_progtempo

GOAL_RUN_SERVER_MS = 150.0
GOAL_RUN_INTERACTIVE_MS = 500.0
GOAL_HISTORY_SERVER_MS = 300.0
MILE = 1609.344


def hour_run(path: Path) -> int:
    """The hour-long progressive run as a FIT file at `path`; its record count."""
    from progtempo import synth

    start = dt.datetime(2026, 3, 4, 7, tzinfo=dt.UTC)
    legs = [
        synth.Leg(MILE, pace / (MILE / 1000), grade=g, hr_bpm=130.0 + 6 * k)
        for k, (pace, g) in enumerate(
            zip([600, 570, 540, 510, 480, 450], [0, 0.01, -0.01, 0.02, 0, -0.02], strict=True)
        )
    ]
    warm = synth.Leg(MILE, 630 / (MILE / 1000), hr_bpm=120.0)
    run = synth.make_run(
        legs, start_time=start, warmup=warm, gps_noise_m=1.5, elevation_noise_m=0.3, name=None
    )
    synth.write_fit(run, path)
    return len(run.activity)


def server_ms(response: object) -> float:
    """The app's own time from the `Server-Timing: app;dur=…` header."""
    header = response.headers["server-timing"]  # type: ignore[attr-defined]
    return float(header.split("dur=")[1].split(",")[0])


def goal(what: str, ms: float, limit: float) -> None:
    print(f"  {what:34s} {ms:7.1f} ms  (goal < {limit:.0f}: {'met' if ms < limit else 'MISSED'})")


def best_median(xs: list[float]) -> str:
    return f"best {min(xs):7.1f}  median {statistics.median(xs):7.1f}"


def serve(argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """`progtempo … serve --port 0`; the process and its URL once it answers."""
    import httpx

    proc = subprocess.Popen(
        [*argv, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("serving on "):
        proc.kill()
        sys.exit(f"serve printed {line!r}")
    url = line.removeprefix("serving on ")
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("the server never answered /healthz")


def chromium_tti(url: str, paths: dict[str, str], runs: int) -> dict[str, list[tuple[float, ...]]]:
    """(response received, DOM ready, the charts in view drawn, every chart drawn) in ms from navigation,
    per page, each load in a fresh browser context (no cache)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
    from playwright.sync_api import sync_playwright
    from web_browser import FLAGS

    exe = os.environ.get("PROGTEMPO_TEST_CHROMIUM") or shutil.which("chromium")
    if not exe:
        print("no chromium (bash scripts/browser.sh installs Debian's): skipping time to interactive")
        return {}
    out: dict[str, list[tuple[float, ...]]] = {name: [] for name in paths}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        for k in range(runs + 1):
            for name, path in paths.items():
                ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                page = ctx.new_page()
                page.goto(url + path, wait_until="domcontentloaded")
                page.locator("html[data-charts-all]").wait_for(state="attached", timeout=30_000)
                nav = page.evaluate(
                    "(() => { const n = performance.getEntriesByType('navigation')[0]; "
                    "const d = document.documentElement.dataset; "
                    "return [n.responseEnd, n.domContentLoadedEventEnd, +d.chartsDrawn, +d.chartsAll]; })()"
                )
                if k:  # the first round warms the server and the browser's own caches of the binary
                    out[name].append(tuple(float(x) for x in nav))
                ctx.close()
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="timed repeats of each measure")
    ap.add_argument("--n", type=int, default=1000, help="runs in the log for the history")
    ap.add_argument("--cache", type=Path, default=None, help="where bench_import's export is cached")
    ap.add_argument("--no-browser", action="store_true", help="skip Chromium's time to interactive")
    args = ap.parse_args()

    import httpx
    from bench_import import make_export
    from platformdirs import user_cache_path

    from progtempo.analysis import analyze
    from progtempo.coach import evaluate
    from progtempo.io import read_activity
    from progtempo.store import open_store

    cache = args.cache or user_cache_path("progtempo", appauthor=False) / "bench"
    env = compiled_env(cache / "pycache")
    cli = installed_progtempo()
    if cli is None:
        sys.exit("the progtempo console script is not installed: pip install -e '.[web]' first")
    work = Path(tempfile.mkdtemp(prefix="progtempo-bench-web-"))
    try:
        fit = work / "hour.fit"
        records = hour_run(fit)
        export, _ = make_export(args.n, cache)
        db = f"sqlite:///{work / 'log.sqlite'}"
        t0 = time.perf_counter()
        with open_store(db) as store:
            run_id = store.import_paths([fit], unit="mi", jobs=1).activities[0]
            store.import_paths([export], unit="mi")
            n_runs = store.counts().runs
        print(f"log: {n_runs} runs in SQLite ({time.perf_counter() - t0:.0f} s to make); the run page's "
              f"run: {records} records (1 Hz), {fit.stat().st_size / 1e3:.0f} kB FIT")  # fmt: skip

        # the peer: `progtempo analyze FILE --json` as a process, and its work in this process
        argv = [*cli, "--unit", "mi", "analyze", str(fit), "--json"]
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)  # warm the bytecode cache
        cli_ms, inproc_ms = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
            cli_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            a = analyze(read_activity(fit), unit="mi")
            evaluate(a)
            inproc_ms.append((time.perf_counter() - t) * 1000)

        proc, url = serve([*cli, "--unit", "mi", "--db", db], env)
        try:
            paths = {
                "run page": f"/activities/{run_id}",
                "run JSON": f"/api/activities/{run_id}",
                "history": "/history",
            }
            timings: dict[str, list[float]] = {k: [] for k in paths}
            sizes: dict[str, int] = {}
            with httpx.Client(base_url=url, timeout=60) as c:
                for k in range(args.runs + 1):
                    for name, path in paths.items():
                        r = c.get(path)
                        r.raise_for_status()
                        sizes[name] = len(r.content)
                        if k:
                            timings[name].append(server_ms(r))
            tti = (
                {}
                if args.no_browser
                else chromium_tti(url, {"run page": paths["run page"], "history": "/history"}, args.runs)
            )
        finally:
            proc.terminate()
            proc.wait(20)

        print(f"\nserver time (Server-Timing), ms, {args.runs} runs:")
        for name, xs in timings.items():
            print(f"  {name:9s} {best_median(xs)}   {sizes[name] / 1e3:6.0f} kB")
        print("the peer, ms:")
        print(f"  progtempo analyze --json (process)   {best_median(cli_ms)}")
        print(f"  read + analyze + evaluate (in process) {best_median(inproc_ms)}")
        run_ms = statistics.median(timings["run page"])
        ratio = run_ms / statistics.median(cli_ms)
        print(f"\nrun page / analyze --json process: {ratio:.2f}x (the page re-reads, analyses, judges, "
              "charts and renders the run; the process also starts Python)")  # fmt: skip
        print(f"run page / the same work in process: {run_ms / statistics.median(inproc_ms):.2f}x")
        if tti:
            print(f"\nChromium, ms from navigation, {args.runs} loads, 1280 px (median):")
            print("  page       response   DOM ready   charts in view = interactive   all charts")
            for name, xs in tti.items():
                resp, dom, drawn, every = (statistics.median(x[i] for x in xs) for i in range(4))
                best = min(x[2] for x in xs)
                print(f"  {name:9s} {resp:9.1f} {dom:11.1f} {drawn:16.1f} (best {best:5.1f}) {every:12.1f}")
        hist_ms = statistics.median(timings["history"])
        print("\ngoals (medians):")
        goal("run page, server", run_ms, GOAL_RUN_SERVER_MS)
        if tti:
            goal(
                "run page, interactive",
                statistics.median(x[2] for x in tti["run page"]),
                GOAL_RUN_INTERACTIVE_MS,
            )
        goal(f"history of {n_runs} runs, server", hist_ms, GOAL_HISTORY_SERVER_MS)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
