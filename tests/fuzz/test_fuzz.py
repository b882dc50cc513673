"""The fuzzer's bounded pass, its regressions, and the fuzzer itself (reproducible, able to fail).

`test_bounded_pass` runs a couple of thousand seeded mutants of the synthetic files, `tests/data` and
`../shared/samples` (when present) in process, a sample of them through `progtempo analyze --json`
and batches through `progtempo import`: no traceback, no hang, no broken invariant. Every failure the
fuzzer found before it was fixed is in `regressions.json` beside this file (base file, seed, index,
checksum, what it did), rebuilt and run again by `test_regressions`. The longer runs are in
docs/design.md and the issue's closing note.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from progtempo.fuzz import run
from progtempo.fuzz.corpus import corpus, sample_seeds, synthetic_seeds
from progtempo.fuzz.mutate import checksum, make_mutant, mutate
from progtempo.fuzz.runner import Task, mutant_of, process_cpu_s, tasks
from progtempo.fuzz.target import Verdict, _run_timed, check_in_process, classify_cli, classify_import

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
SAMPLES = HERE.parents[1].parent / "shared" / "samples"
REGRESSIONS = HERE / "regressions.json"
#: the bounded pass: its seed and size (a couple of minutes on 2 cores)
SEED, COUNT = 20261207, 2000


def _folders() -> list[Path]:
    return [DATA] + ([SAMPLES] if SAMPLES.is_dir() else [])


def test_bounded_pass(tmp_path: Path) -> None:
    summary = run(
        seed=SEED,
        count=COUNT,
        samples=_folders(),
        jobs=2,
        timeout_s=30.0,
        cli_every=200,
        import_every=1000,
        batch=12,
        out=tmp_path / "failures",
    )
    report = "\n".join(summary.lines())
    assert summary.counts["inprocess"]["ok"] > COUNT // 2, report  # most mutants still read: it tests deep
    assert summary.counts["inprocess"]["refused"] > COUNT // 20, report
    assert sum(summary.counts["cli"].values()) == COUNT // 200
    assert sum(summary.counts["import"].values()) == COUNT // 1000
    assert summary.failed == 0, report


def test_regressions() -> None:
    """Each mutant that once failed, rebuilt from its base file, reads or is refused in one line now.

    Those made from `../shared/samples` run where the samples are (they are not in the project)."""
    cases = json.loads(REGRESSIONS.read_text())
    seeds = corpus(_folders())
    names = {s.name for s in seeds}
    here = [c for c in cases if c["base"] in names]
    assert len(here) >= (len(cases) if SAMPLES.is_dir() else 50)
    real = [c for c in here if not c["base"].startswith("synth-")]  # the generator's files may change
    for c in real[:: max(1, len(real) // 40)]:  # still the same mutants (the mutators did not change)
        assert checksum(mutant_of((c["base"], c["seed"], c["index"]), seeds).data) == c["crc32"], c
    summary = run(
        seed=0,
        count=0,
        samples=_folders(),
        jobs=2,
        timeout_s=30.0,
        cases=[(c["base"], c["seed"], c["index"]) for c in here],
    )
    assert summary.failed == 0, "\n".join(summary.lines())
    assert sum(summary.counts["inprocess"].values()) == len(here)


def test_regressions_name_real_failures() -> None:
    cases = json.loads(REGRESSIONS.read_text())
    assert cases and all(c["kind"] in ("traceback", "invariant", "hang", "memory", "crash") for c in cases)
    assert len({(c["base"], c["seed"], c["index"]) for c in cases}) == len(cases)


def test_mutants_are_reproducible() -> None:
    seeds = synthetic_seeds()
    a = [make_mutant(seeds, 7, i) for i in range(60)]
    b = [make_mutant(synthetic_seeds(), 7, i) for i in range(60)]
    assert [m.data for m in a] == [m.data for m in b]
    assert len({m.data for m in a}) >= 55  # and they differ from each other (two may cut to the same bytes)
    more = seeds + sample_seeds([DATA])
    # the same base makes the same mutant, whatever else the corpus holds
    base = seeds[0]
    assert mutate(base, 7, 3).data == mutate(next(s for s in more if s.name == base.name), 7, 3).data
    kinds = {op.split("_")[0] for m in (make_mutant(more, 7, i) for i in range(400)) for op in m.ops}
    assert {"fit", "xml", "zip", "gzip", "bit", "truncate"} <= kinds


def test_tasks_cover_every_channel() -> None:
    ts = list(tasks(5, 1000, timeout_s=5, cli_every=100, import_every=500, batch=10))
    assert [t.channel for t in ts].count("inprocess") == 1000
    assert [t.channel for t in ts].count("cli") == 10
    batches = [t for t in ts if t.channel == "import"]
    assert [[i for _, _, i in b.cases] for b in batches] == [list(range(490, 500)), list(range(990, 1000))]
    assert isinstance(ts[0], Task) and ts[0].cases == ((None, 5, 0),)


def test_a_hang_is_caught_and_the_worker_replaced() -> None:
    """With no time to answer, every mutant is a hang, and the run still ends with every one counted."""
    summary = run(seed=1, count=4, jobs=2, timeout_s=0.0001, cli_every=0, import_every=0)
    assert summary.counts["inprocess"]["hang"] == 4
    assert summary.failed == 4 and len(summary.failures) == 4


def test_a_hang_is_cpu_time_not_waiting() -> None:
    """A command that waits (as a starved one does) is not a hang; one that spins is, by its CPU time."""
    waited, late = _run_timed([sys.executable, "-c", "import time; time.sleep(1.5)"], 1.0, "sleep")
    assert waited.returncode == 0 and late is None
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.8: pass"
    _, late = _run_timed([sys.executable, "-c", spin], 0.3, "spin")  # done, but over its CPU time
    assert late is not None and late.kind == "hang"
    _, late = _run_timed([sys.executable, "-c", "while True: pass"], 0.3, "spin")  # the backstop
    assert late is not None and late.kind == "hang" and "no answer" in late.detail


def test_process_cpu_time_counts_work_only() -> None:
    """The runner's reading of a worker's CPU time: a sleeper's stays still, a spinner's grows."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        s0, p0 = process_cpu_s(sleeper.pid), process_cpu_s(spinner.pid)
        time.sleep(1.0)
        s1, p1 = process_cpu_s(sleeper.pid), process_cpu_s(spinner.pid)
    finally:
        sleeper.kill()
        spinner.kill()
        sleeper.wait()
        spinner.wait()
    assert None not in (s0, s1, p0, p1)
    assert s1 - s0 < 0.05 and p1 - p0 > 0.05  # type: ignore[operator]
    assert process_cpu_s(None) is None


def test_the_classes_can_fail() -> None:
    """The classifier sees each kind of failure in what the CLI printed."""
    one = "progtempo: x.fit: not a FIT, GPX or TCX activity file\n"
    assert classify_cli(2, "", one) == Verdict("refused", one.strip())
    assert (
        classify_cli(1, "", "progtempo: internal error: KeyError: 3 (rerun with --debug)\n").kind
        == "traceback"
    )
    assert (
        classify_cli(1, "", "Traceback (most recent call last):\n  ...\nValueError: x\n").kind == "traceback"
    )
    assert classify_cli(2, "", one + "and a second line\n").kind == "traceback"
    assert classify_cli(0, '{"a": NaN}', "").kind == "invariant"
    assert classify_cli(0, '{"splits": [{"pace_s": -3.0}]}', "").kind == "invariant"
    assert classify_cli(0, "{}", "progtempo: warning: something\n") == Verdict("ok")
    assert classify_cli(0, "{}", "/x/y.py:58: RuntimeWarning: overflow\n").kind == "traceback"
    failed = '{"failed": [{"file": "a", "error": "internal error while reading it: KeyError"}]}'
    assert classify_import(1, failed, "progtempo: a: internal error while reading it\n") is not None
    assert (
        classify_import(1, '{"failed": [{"file": "a", "error": "empty"}]}', "progtempo: a: empty\n") is None
    )
    assert check_in_process(b"", "x.fit").kind == "refused"
