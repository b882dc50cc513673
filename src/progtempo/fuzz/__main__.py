"""`python -m progtempo.fuzz`: run seeded mutants and report the classes; exit 1 when any failed.

python -m progtempo.fuzz --seed 1 --count 3000 --samples ../shared/samples --out fuzz-failures
python -m progtempo.fuzz --seed 1 --index 1234 --write /tmp    # rebuild one mutant to look at
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from progtempo.fuzz.corpus import MAX_SAMPLE_BYTES, corpus
from progtempo.fuzz.mutate import make_mutant
from progtempo.fuzz.runner import Summary, cpu_count, run
from progtempo.fuzz.target import check_in_process


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m progtempo.fuzz", description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1, help="the run's seed: the same seed, the same mutants")
    p.add_argument("--count", type=int, default=1000, help="how many mutants (default 1000)")
    p.add_argument("--samples", type=Path, action="append", default=None,
                   help="a folder of real .fit/.gpx/.tcx files to mutate too (repeatable)")  # fmt: skip
    p.add_argument("--max-sample-bytes", type=int, default=MAX_SAMPLE_BYTES, help="leave out larger files")
    p.add_argument("--jobs", type=int, default=min(2, cpu_count()), help="worker processes")
    p.add_argument(
        "--timeout", type=float, default=20.0, help="CPU seconds a mutant may take (4x on the wall clock)"
    )
    p.add_argument(
        "--cli-every", type=int, default=50, help="every Nth mutant also through `analyze` (0: none)"
    )
    p.add_argument("--import-every", type=int, default=500,
                   help="a batch out of every N mutants also through `import` (0: none)")  # fmt: skip
    p.add_argument("--batch", type=int, default=20, help="mutants per import batch")
    p.add_argument("--out", type=Path, help="write failing mutants (and a .json note each) here")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--index", type=int, help="rebuild mutant INDEX only (with --write, or checked here)")
    p.add_argument("--write", type=Path, help="with --index: write the mutant into this folder")
    a = p.parse_args(argv)

    if a.index is not None:
        m = make_mutant(corpus(a.samples or [], a.max_sample_bytes), a.seed, a.index)
        print(f"{m.name}: {m.base} + {' + '.join(m.ops)} ({len(m.data):,} bytes)")
        if a.write:
            a.write.mkdir(parents=True, exist_ok=True)
            (a.write / m.name).write_bytes(m.data)
            print(f"wrote {a.write / m.name}")
        else:
            v = check_in_process(m.data, m.name)
            print(f"{v.kind}: {v.detail}")
        return 0

    latest: list[Summary] = []

    def progress(done: int, s: Summary) -> None:
        latest[:] = [s]
        if a.out is not None and (done % 100 == 0 or done == a.count):
            save(s)
        if done % 500 == 0:
            print(f"  … {done:,} of {a.count:,}, {s.failed} failed", file=sys.stderr, flush=True)

    def save(s: Summary) -> None:
        """The counts so far in OUT/summary.json (a run stopped part way still reports what it did)."""
        assert a.out is not None
        a.out.mkdir(parents=True, exist_ok=True)
        tmp = a.out / "summary.json.tmp"
        tmp.write_text(json.dumps(s.to_json(), indent=2) + "\n")
        tmp.replace(a.out / "summary.json")

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # like Ctrl-C: the workers are stopped, the counts so far kept

    try:
        summary = run(
            seed=a.seed,
            count=a.count,
            samples=a.samples,
            jobs=a.jobs,
            timeout_s=a.timeout,
            cli_every=a.cli_every,
            import_every=a.import_every,
            batch=a.batch,
            out=a.out,
            max_bytes=a.max_sample_bytes,
            progress=progress,
        )
    except KeyboardInterrupt:
        if latest:
            if a.out is not None:
                save(latest[0])
            print("\n".join(latest[0].lines()))
        print("progtempo: fuzz stopped part way (the counts above are those so far)", file=sys.stderr)
        return 130
    if a.out is not None:
        save(summary)
    if a.json:
        print(json.dumps(summary.to_json(), indent=2))
    else:
        print("\n".join(summary.lines()))
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
