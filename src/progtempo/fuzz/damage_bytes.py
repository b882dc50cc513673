"""Damage to any file, whatever its format: bit flips, set bytes, truncation, runs deleted, repeated, zeroed.

Each mutator takes the run's `random.Random` and the bytes and returns the damaged bytes; what it draws,
and in which order, is part of a mutant's name (seed, index): change it and the regressions change.
"""

from __future__ import annotations

import random
from collections.abc import Callable

Mutator = Callable[[random.Random, bytes], bytes]


def bit_flip(rng: random.Random, data: bytes) -> bytes:
    """Flip one to sixteen bits anywhere."""
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4, 16))):
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def byte_set(rng: random.Random, data: bytes) -> bytes:
    """Set a few bytes to 0x00, 0xFF, 0x7F, 0x80 or a random value."""
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.choice((1, 2, 8))):
        b[rng.randrange(len(b))] = rng.choice((0x00, 0xFF, 0x7F, 0x80, rng.randrange(256)))
    return bytes(b)


def truncate(rng: random.Random, data: bytes) -> bytes:
    """Cut the file anywhere, often near its end (a download or a device that stopped writing)."""
    if len(data) < 2:
        return b""
    if rng.random() < 0.5:
        return data[: rng.randrange(len(data))]
    return data[: len(data) - rng.randrange(1, max(2, len(data) // 20))]


def chunk_delete(rng: random.Random, data: bytes) -> bytes:
    """Remove a run of bytes."""
    if len(data) < 4:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.choice((1, 3, 16, 256, 4096)) :]


def chunk_duplicate(rng: random.Random, data: bytes) -> bytes:
    """Repeat a run of bytes in place."""
    if len(data) < 4:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((1, 4, 64, 1024)))
    return data[:b] + data[a:b] * rng.choice((1, 2, 50)) + data[b:]


def zero_fill(rng: random.Random, data: bytes) -> bytes:
    """Zero a run of bytes (a sector that never made it to the card)."""
    if not data:
        return data
    a = rng.randrange(len(data))
    n = min(len(data) - a, rng.choice((16, 512, 4096)))
    return data[:a] + bytes(n) + data[a + n :]


GENERIC: dict[str, Mutator] = {
    "bit_flip": bit_flip,
    "byte_set": byte_set,
    "truncate": truncate,
    "chunk_delete": chunk_delete,
    "chunk_duplicate": chunk_duplicate,
    "zero_fill": zero_fill,
}
