"""Running mutants with a time limit each, in worker processes, and collecting the verdicts.

Each worker builds the corpus once and makes its mutants itself from (seed, index), so only numbers
cross the pipe. The parent gives each worker one task at a time with a time limit, counted in the
worker's own CPU time (a busy machine makes workers wait, not hang) with four times the limit on the
wall clock as a backstop; a worker that exceeds it is killed (the mutant is a `hang`) and replaced,
and one that dies is a `crash`. Tasks are the
mutant in process, the mutant through `progtempo analyze --json`, and a folder of mutants through
`progtempo import`. Failing mutants are written to `out` with a JSON note each, ready to become
regression tests.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from progtempo.fuzz.corpus import MAX_SAMPLE_BYTES, Seed, corpus
from progtempo.fuzz.mutate import Mutant, checksum, make_mutant, mutate
from progtempo.fuzz.target import (
    FAILURES,
    KINDS,
    PLANS,
    WALL_FACTOR,
    Verdict,
    check_cli,
    check_import,
    check_in_process,
)

#: Address space a worker may use (a mutant of a few MB must never need more).
WORKER_MEMORY_BYTES = 3 << 30


#: A mutant: its base file's name (None: drawn from the corpus by `make_mutant`), its seed and index.
Case = tuple[str | None, int, int]


@dataclass(frozen=True)
class Task:
    """One unit of work: `channel` is "inprocess", "cli" or "import"; import tasks hold several mutants."""

    channel: str
    cases: tuple[Case, ...]
    timeout_s: float


@dataclass
class Failure:
    """A failing mutant (or import batch): what it was, how it failed, and where it was written."""

    channel: str
    kind: str
    detail: str
    mutants: list[dict[str, Any]]


@dataclass
class Summary:
    """Counts per channel and class, the failures, and how long it took."""

    seed: int
    count: int
    corpus: list[str]
    corpus_id: str
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    elapsed_s: float = 0.0
    #: mutants run in process so far (all `count` of them once the run ends)
    done: int = 0

    @property
    def failed(self) -> int:
        return sum(n for c in self.counts.values() for k, n in c.items() if k in FAILURES)

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "count": self.count,
            "done": self.done,
            "corpus": self.corpus,
            "corpus_id": self.corpus_id,
            "counts": {ch: {k: c.get(k, 0) for k in KINDS} for ch, c in self.counts.items()},
            "failures": [
                {"channel": f.channel, "kind": f.kind, "detail": f.detail, "mutants": f.mutants}
                for f in self.failures
            ],
            "elapsed_s": round(self.elapsed_s, 1),
        }

    def lines(self) -> list[str]:
        """The summary as a person reads it."""
        out = [
            f"fuzz: seed {self.seed}, {self.done:,} of {self.count:,} mutants of {len(self.corpus)} files "
            f"(corpus {self.corpus_id}) in {self.elapsed_s:.0f} s"
        ]
        for ch, c in self.counts.items():
            parts = ", ".join(f"{c.get(k, 0):,} {k}" for k in KINDS if c.get(k, 0) or k in FAILURES[:2])
            out.append(f"  {ch:<9} {sum(c.values()):>7,}: {parts}")
        for f in self.failures[:50]:
            names = " ".join(m["name"] for m in f.mutants[:5])
            out.append(f"  {f.kind} ({f.channel}) {names}: {f.detail[:200]}")
        if len(self.failures) > 50:
            out.append(f"  … and {len(self.failures) - 50} more failures")
        return out


def corpus_id(seeds: list[Seed]) -> str:
    """A short fingerprint of the corpus: the same id means the same mutants for the same seed."""
    return checksum("\n".join(f"{s.name}:{checksum(s.data)}" for s in seeds).encode())


# ---------------------------------------------------------------------------------------- the workers


def _worker(conn: mpc.Connection, folders: list[str], max_bytes: int, seed: int) -> None:
    """A worker: build the corpus, then answer tasks until told to stop (None)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass
    seeds = corpus([Path(f) for f in folders], max_bytes)
    work = Path(tempfile.mkdtemp(prefix="progtempo-fuzz-"))
    conn.send("ready")
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            cpu0 = time.process_time()
            verdict = _do(task, seeds, seed, work)
            conn.send((verdict, time.process_time() - cpu0))  # its own CPU: the parent may look late
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mutant_of(case: Case, seeds: list[Seed]) -> Mutant:
    """The mutant a case names (KeyError when its base file is not in `seeds`)."""
    base, seed, index = case
    if base is None:
        return make_mutant(seeds, seed, index)
    by_name = {s.name: s for s in seeds}
    if base not in by_name:
        raise KeyError(f"{base} is not in the corpus")
    return mutate(by_name[base], seed, index)


def _do(task: Task, seeds: list[Seed], seed: int, work: Path) -> Verdict:
    mutants = [mutant_of(c, seeds) for c in task.cases]
    if task.channel == "inprocess":
        m = mutants[0]
        return check_in_process(m.data, m.name, plan=_plan(m), unit="km")
    if task.channel == "cli":
        m = mutants[0]
        path = work / m.name
        path.write_bytes(m.data)
        try:
            return check_cli(path, task.timeout_s * 0.9, plan=_plan(m))
        finally:
            path.unlink(missing_ok=True)
    folder = work / "batch"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for m in mutants:
        (folder / m.name).write_bytes(m.data)
    try:
        return check_import(folder, work / "log.sqlite", task.timeout_s * 0.9)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for p in work.glob("log.sqlite*"):
            p.unlink()


def _plan(m: Mutant) -> str | None:
    return PLANS[m.index % len(PLANS)]


class _Slot:
    """One worker process and the task it is on."""

    #: how long a new worker may take to start and build its corpus
    STARTUP_S = 120.0

    def __init__(self, ctx: Any, folders: list[str], max_bytes: int, seed: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, folders, max_bytes, seed), daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.deadline = 0.0
        self.started = 0.0
        self.cpu0: float | None = None
        self.ready = False

    def give(self, task: Task) -> None:
        """Send `task`, once the worker says it is ready (so that its deadline is the task's own)."""
        if not self.ready:
            if not self.conn.poll(self.STARTUP_S) or self.conn.recv() != "ready":
                raise RuntimeError("a fuzz worker did not start")
            self.ready = True
        self.cpu0 = process_cpu_s(self.proc.pid)
        self.conn.send(task)
        self.task = task
        self.started = time.monotonic()
        if task.channel == "inprocess":
            self.deadline = self.started + task.timeout_s  # then its CPU time is looked at
        else:  # the command's own limit (CPU, with a wall-clock backstop) comes first
            self.deadline = self.started + task.timeout_s * WALL_FACTOR + 10

    def overdue(self, now: float) -> str | None:
        """Why the task is a hang, or None when it may go on (its deadline then moved).

        A hang is the task's time limit in the worker's own CPU time: on a busy machine a worker can
        wait for a core far longer than it works. Past `WALL_FACTOR` times the limit on the wall
        clock, it is a hang whatever its CPU time says.
        """
        assert self.task is not None
        limit_s = self.task.timeout_s
        wall_s = now - self.started
        cpu = process_cpu_s(self.proc.pid)
        if self.task.channel != "inprocess" or cpu is None or self.cpu0 is None:
            return f"no answer in {wall_s:.0f} s"
        used_s = cpu - self.cpu0
        if used_s >= limit_s:
            return f"{used_s:.1f} s of CPU with no answer, over {limit_s:g} s"
        if wall_s >= limit_s * WALL_FACTOR:
            return f"no answer in {wall_s:.0f} s ({used_s:.1f} s of CPU)"
        self.deadline = now + max(0.5, limit_s - used_s)
        return None

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def tasks(
    seed: int, count: int, *, timeout_s: float, cli_every: int, import_every: int, batch: int
) -> Iterator[Task]:
    """Every mutant of `seed` in process; every `cli_every`-th through `analyze`; batches of `batch`
    consecutive mutants out of every `import_every` through `import` (0 turns a channel off)."""
    for i in range(count):
        yield Task("inprocess", ((None, seed, i),), timeout_s)
        if cli_every and i % cli_every == cli_every - 1:
            yield Task("cli", ((None, seed, i),), timeout_s + 10)
        if import_every and batch and i % import_every == import_every - 1 and i + 1 >= batch:
            cases = tuple((None, seed, k) for k in range(i + 1 - batch, i + 1))
            yield Task("import", cases, timeout_s + 20 + 2 * batch)


def run(
    *,
    seed: int,
    count: int,
    samples: list[Path] | None = None,
    jobs: int = 2,
    timeout_s: float = 20.0,
    cli_every: int = 50,
    import_every: int = 500,
    batch: int = 20,
    out: Path | None = None,
    max_bytes: int = MAX_SAMPLE_BYTES,
    progress: Callable[[int, Summary], None] | None = None,
    cases: list[Case] | None = None,
) -> Summary:
    """Run `count` mutants of `seed` (see the module doc); failing mutants go to `out` when given.

    With `cases`, run exactly those mutants in process instead (a regression list: each names its base
    file, seed and index).
    """
    t0 = time.monotonic()
    folders = [str(p) for p in samples or [] if p.is_dir()]
    seeds = corpus([Path(f) for f in folders], max_bytes)
    summary = Summary(seed=seed, count=count, corpus=[s.name for s in seeds], corpus_id=corpus_id(seeds))
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    slots = [_Slot(ctx, folders, max_bytes, seed) for _ in range(max(1, jobs))]
    if cases is not None:
        summary.count = len(cases)
        queue: Iterator[Task] = iter([Task("inprocess", (c,), timeout_s) for c in cases])
    else:
        queue = tasks(
            seed, count, timeout_s=timeout_s, cli_every=cli_every, import_every=import_every, batch=batch
        )
    pending = True
    done = 0
    try:
        while True:
            for slot in slots:
                if slot.task is None and pending:
                    nxt = next(queue, None)
                    if nxt is None:
                        pending = False
                        break
                    slot.give(nxt)
            busy = [s for s in slots if s.task is not None]
            if not busy:
                break
            wait_s = max(0.0, min(s.deadline for s in busy) - time.monotonic())
            ready = mpc.wait([s.conn for s in busy], timeout=wait_s)
            now = time.monotonic()
            for k, slot in enumerate(list(slots)):
                task = slot.task
                if task is None:
                    continue
                verdict: Verdict | None = None
                if slot.conn in ready:
                    try:
                        verdict, took_s = slot.conn.recv()
                    except (EOFError, OSError):
                        verdict = Verdict("crash", f"worker died (exit {slot.proc.exitcode})")
                    else:
                        if took_s > task.timeout_s:  # answered, but after its time (seen late)
                            verdict = Verdict(
                                "hang", f"answered after {took_s:.1f} s of CPU, over {task.timeout_s:g} s"
                            )
                elif now >= slot.deadline:
                    why = slot.overdue(now)
                    if why is not None:
                        verdict = Verdict("hang", why)
                if verdict is None:
                    continue
                slot.task = None
                if verdict.kind in ("hang", "crash"):
                    slot.stop(kill=True)
                    slots[k] = _Slot(ctx, folders, max_bytes, seed)
                _record(summary, task, verdict, seeds, out)
                if task.channel == "inprocess":
                    done += 1
                    summary.done = done
                    summary.elapsed_s = time.monotonic() - t0
                    if progress:
                        progress(done, summary)
    finally:
        for slot in slots:
            slot.stop(kill=slot.task is not None)
    summary.elapsed_s = time.monotonic() - t0
    return summary


def _record(summary: Summary, task: Task, verdict: Verdict, seeds: list[Seed], out: Path | None) -> None:
    summary.counts.setdefault(task.channel, Counter())[verdict.kind] += 1
    if not verdict.failed:
        return
    notes = []
    for case in task.cases:
        m = mutant_of(case, seeds)
        note = {"name": m.name, "seed": m.seed, "index": m.index, "base": m.base, "ops": list(m.ops),
                "plan": _plan(m), "crc32": checksum(m.data)}  # fmt: skip
        notes.append(note)
        if out is not None:
            write_failure(out, m, task.channel, verdict, note)
    summary.failures.append(Failure(task.channel, verdict.kind, verdict.detail, notes))


def write_failure(out: Path, m: Mutant, channel: str, verdict: Verdict, note: dict[str, Any]) -> Path:
    """Write a failing mutant as `<kind>-<name>` with a `.json` note beside it; the path written."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{verdict.kind}-{m.name}"
    path.write_bytes(m.data)
    doc = {**note, "channel": channel, "kind": verdict.kind, "detail": verdict.detail}
    path.with_name(path.name + ".json").write_text(json.dumps(doc, indent=2) + "\n")
    return path


def process_cpu_s(pid: int | None) -> float | None:
    """CPU seconds (user and system) process `pid` has used, from /proc; None where there is none."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
