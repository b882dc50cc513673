"""Mutants: seeded damage to FIT, GPX and TCX files, and to the gzip and zip files they come in.

A mutant is named by (seed, index): `make_mutant` draws everything from `random.Random` seeded with
both, so the same pair gives the same bytes on any machine with the same corpus. Mutators are the
damage an attacker or a flaky device does: bit flips and truncation anywhere (`damage_bytes`); for FIT,
header, definition, CRC and field edits (invalid values, extremes, timestamps; `damage_fit`); for XML,
broken tags, odd numbers and times, entity tricks, deep nesting and other encodings (`damage_xml`); and
damaged containers (`damage_container`). This module draws which, in what order, from what base.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from progtempo.fuzz.corpus import Seed
from progtempo.fuzz.damage_bytes import GENERIC
from progtempo.fuzz.damage_container import container
from progtempo.fuzz.damage_fit import FIT, fix_crc
from progtempo.fuzz.damage_xml import XML


@dataclass(frozen=True)
class Mutant:
    """A damaged file: how it was made (seed, index, base file, the mutators in order) and its bytes."""

    seed: int
    index: int
    base: str
    ops: tuple[str, ...]
    suffix: str
    data: bytes

    @property
    def name(self) -> str:
        """A file name that says how to rebuild the mutant: `m<seed>-<index><suffix>`."""
        return f"m{self.seed}-{self.index}{self.suffix}"


_FIT_WEIGHTS = {**dict.fromkeys(GENERIC, 2), **dict.fromkeys(FIT, 3), "fit_field_invalid": 6,
                "fit_field_extreme": 5, "fit_timestamp": 4}  # fmt: skip
_XML_WEIGHTS = {**dict.fromkeys(GENERIC, 2), **dict.fromkeys(XML, 3), "xml_number": 6, "xml_time": 5,
                "xml_block": 4, "xml_deep": 1, "xml_huge_text": 1, "xml_entities": 1}  # fmt: skip
_ALL = {**GENERIC, **FIT, **XML}


def make_mutant(seeds: list[Seed], seed: int, index: int) -> Mutant:
    """The mutant `index` of run `seed`: a corpus file (drawn by `pick_base`), then `mutate`."""
    return mutate(seeds[pick_base(len(seeds), seed, index)], seed, index)


def pick_base(n: int, seed: int, index: int) -> int:
    """Which of `n` corpus files mutant `index` of run `seed` starts from (its own random stream, so
    that `mutate` gives the same mutant of the same file whatever else the corpus holds)."""
    return random.Random(f"progtempo-fuzz-base:{seed}:{index}").randrange(n)


def mutate(base: Seed, seed: int, index: int) -> Mutant:
    """Mutant `index` of run `seed` made from `base`: one to three mutators, perhaps a container.

    A FIT mutant usually gets its CRCs recomputed after the damage, so the damage reaches the decoder
    instead of stopping at the checksum.
    """
    rng = random.Random(f"progtempo-fuzz:{seed}:{index}")
    weights = _FIT_WEIGHTS if base.kind == "fit" else _XML_WEIGHTS
    names = list(weights)
    data = base.data
    ops: list[str] = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        op = rng.choices(names, weights=[weights[n] for n in names])[0]
        data = _ALL[op](rng, data)
        ops.append(op)
    if base.kind == "fit" and "fit_crc_break" not in ops and rng.random() < 0.7:
        data = fix_crc(data)
    suffix = base.suffix
    if rng.random() < 0.12:
        data, suffix, op = container(rng, data, suffix)
        ops.append(op)
    return Mutant(seed=seed, index=index, base=base.name, ops=tuple(ops), suffix=suffix, data=data)


def checksum(data: bytes) -> str:
    """A short content hash for reports (crc32 in hex)."""
    return f"{zlib.crc32(data):08x}"


__all__ = ["Mutant", "checksum", "make_mutant", "mutate", "pick_base"]
