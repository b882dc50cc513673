"""A small FIT encoder: definition and data messages, the file header and the CRCs.

Used to write workout files (export) and synthetic activities (tests, demo, benchmarks). Values are
given already scaled to the profile's integers (e.g. speed in mm/s, distance in cm); None writes the
base type's invalid value. Multi-byte values are little-endian.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from progtempo.io.fit_format import FIT_EPOCH_S, fit_crc

# base type name -> (FIT base type byte, struct code, size, invalid value)
BASE_TYPES: dict[str, tuple[int, str, int, int | float | bytes]] = {
    "enum": (0x00, "B", 1, 0xFF),
    "sint8": (0x01, "b", 1, 0x7F),
    "uint8": (0x02, "B", 1, 0xFF),
    "sint16": (0x83, "h", 2, 0x7FFF),
    "uint16": (0x84, "H", 2, 0xFFFF),
    "sint32": (0x85, "i", 4, 0x7FFFFFFF),
    "uint32": (0x86, "I", 4, 0xFFFFFFFF),
    "string": (0x07, "s", 1, b""),
    "float32": (0x88, "f", 4, float("nan")),
    "float64": (0x89, "d", 8, float("nan")),
    "uint8z": (0x0A, "B", 1, 0),
    "uint16z": (0x8B, "H", 2, 0),
    "uint32z": (0x8C, "I", 4, 0),
    "byte": (0x0D, "B", 1, 0xFF),
}


@dataclass(frozen=True)
class FieldDef:
    """One field of a message definition: profile field number, base type name, size in bytes."""

    number: int
    base_type: str
    size: int = 0  # 0: the base type's size (strings need a size)

    @property
    def byte_size(self) -> int:
        return self.size or BASE_TYPES[self.base_type][2]


class FitWriter:
    """Builds a FIT file in memory: define local messages, write rows, then `to_bytes()`."""

    def __init__(self, profile_version: int = 2132) -> None:
        self._body = bytearray()
        self._defs: dict[int, tuple[int, tuple[FieldDef, ...], struct.Struct]] = {}
        self.profile_version = profile_version

    def define(self, local: int, global_num: int, fields: Sequence[FieldDef]) -> None:
        """Write a definition message binding `local` (0-15) to a global message number."""
        if not 0 <= local <= 15:
            raise ValueError("local message type must be 0-15")
        fields = tuple(fields)
        self._body += struct.pack("<BBBHB", 0x40 | local, 0, 0, global_num, len(fields))
        for f in fields:
            self._body += struct.pack("<BBB", f.number, f.byte_size, BASE_TYPES[f.base_type][0])
        fmt = "<" + "".join(
            f"{f.byte_size}s" if f.base_type == "string" else BASE_TYPES[f.base_type][1] for f in fields
        )
        self._defs[local] = (global_num, fields, struct.Struct(fmt))

    def write(self, local: int, values: Sequence[int | float | str | None]) -> None:
        """Write one data message; values in definition order, already scaled; None is invalid."""
        _, fields, st = self._defs[local]
        packed: list[int | float | bytes] = []
        for f, v in zip(fields, values, strict=True):
            if v is None:
                packed.append(BASE_TYPES[f.base_type][3] if f.base_type != "string" else b"")
            elif f.base_type == "string":
                raw = str(v).encode("utf-8")[: f.byte_size - 1]
                packed.append(raw + b"\x00" * (f.byte_size - len(raw)))
            elif BASE_TYPES[f.base_type][1] in "fd":
                packed.append(float(v))
            else:
                packed.append(round(float(v)))
        self._body.append(local)
        self._body += st.pack(*packed)

    def write_columns(self, local: int, columns: Sequence[npt.ArrayLike]) -> None:
        """Write many data messages at once from columns (one array per field, invalid already filled)."""
        _, fields, _ = self._defs[local]
        n = len(np.asarray(columns[0]))
        dtype = np.dtype(
            [("h", "u1")]
            + [
                (f"f{i}", "<" + {"B": "u1", "b": "i1", "H": "u2", "h": "i2", "I": "u4", "i": "i4",
                                  "f": "f4", "d": "f8"}[BASE_TYPES[f.base_type][1]])
                for i, f in enumerate(fields)
            ]
        )  # fmt: skip
        rows = np.zeros(n, dtype=dtype)
        rows["h"] = local
        for i, col in enumerate(columns):
            rows[f"f{i}"] = np.asarray(col)
        self._body += rows.tobytes()

    def extend(self, blobs: Iterable[bytes]) -> None:
        """Append raw bytes (already-encoded messages)."""
        for b in blobs:
            self._body += b

    def to_bytes(self) -> bytes:
        """The whole file: 14-byte header with its CRC, the messages, the file CRC."""
        header = struct.pack("<BBHI4s", 14, 0x20, self.profile_version, len(self._body), b".FIT")
        header += struct.pack("<H", fit_crc(header))
        out = header + bytes(self._body)
        return out + struct.pack("<H", fit_crc(out))


def fit_timestamp(unix_s: float) -> int:
    """Unix seconds to FIT seconds (since 1989-12-31T00:00:00Z)."""
    return round(unix_s) - FIT_EPOCH_S
