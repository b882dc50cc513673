"""The fuzzer: seeded mutants of FIT, GPX and TCX files, run in process and through the CLI.

`python -m progtempo.fuzz --seed 1 --count 3000` (see `__main__` and docs/design.md). Mutants come from
`corpus` (the synthetic generator's files, and real recordings when given), damage from `mutate` (which
draws from `damage_bytes`, `damage_fit`, `damage_xml` and `damage_container`), the checks and classes
from `target`, the time limits and bookkeeping from `runner`.
"""

from __future__ import annotations

from progtempo.fuzz.corpus import Seed, corpus
from progtempo.fuzz.mutate import Mutant, make_mutant
from progtempo.fuzz.runner import Summary, run
from progtempo.fuzz.target import FAILURES, KINDS, Verdict, check_cli, check_in_process

__all__ = [
    "FAILURES",
    "KINDS",
    "Mutant",
    "Seed",
    "Summary",
    "Verdict",
    "check_cli",
    "check_in_process",
    "corpus",
    "make_mutant",
    "run",
]
