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

from progtempo.io.fit.format import BASE_BY_NAME, FIT_EPOCH_S, STRUCT_CODES, BaseType, fit_crc


@dataclass(frozen=True)
class FieldDef:
    """One field of a message definition: profile field number, base type name, size in bytes."""

    number: int
    base_type: str  # its name in `progtempo.io.fit.format.BASE_TYPES`
    size: int = 0  # 0: the base type's size (strings need a size)

    @property
    def base(self) -> BaseType:
        """The base type."""
        return BASE_BY_NAME[self.base_type]

    @property
    def byte_size(self) -> int:
        """Bytes the field takes in a message."""
        return self.size or self.base.size

    @property
    def invalid(self) -> int | float | bytes:
        """What None writes: the base type's invalid value (NaN for floats, empty for strings)."""
        invalid = self.base.invalid
        if self.base_type == "string":
            return b""
        return float("nan") if invalid is None else invalid


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
            self._body += struct.pack("<BBB", f.number, f.byte_size, f.base.number)
        fmt = "<" + "".join(
            f"{f.byte_size}s" if f.base_type == "string" else STRUCT_CODES[f.base.code] for f in fields
        )
        self._defs[local] = (global_num, fields, struct.Struct(fmt))

    def write(self, local: int, values: Sequence[int | float | str | None]) -> None:
        """Write one data message; values in definition order, already scaled; None is invalid."""
        _, fields, st = self._defs[local]
        packed: list[int | float | bytes] = []
        for f, v in zip(fields, values, strict=True):
            if v is None:
                packed.append(f.invalid)
            elif f.base_type == "string":
                raw = str(v).encode("utf-8")[: f.byte_size - 1]
                packed.append(raw + b"\x00" * (f.byte_size - len(raw)))
            elif f.base.code in ("f4", "f8"):
                packed.append(float(v))
            else:
                packed.append(round(float(v)))
        self._body.append(local)
        self._body += st.pack(*packed)

    def write_columns(self, local: int, columns: Sequence[npt.ArrayLike]) -> None:
        """Write many data messages at once from columns (one array per field, invalid already filled)."""
        _, fields, _ = self._defs[local]
        n = len(np.asarray(columns[0]))
        dtype = np.dtype([("h", "u1")] + [(f"f{i}", "<" + f.base.code) for i, f in enumerate(fields)])
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
