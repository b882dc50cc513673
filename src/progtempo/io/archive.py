"""Bounded unpacking: gzip data and zip members inflated a megabyte at a time, refused before they
outgrow the limits (`progtempo.limits`).

A zip member or a gzip file says how big it is, but it may lie, and a zip bomb inflates a thousand
times over: each is read in chunks and refused as soon as it passes `max_file_bytes`, or inflates more
than `max_ratio` times its packed size. A member that is encrypted, packed with a method Python can't
unpack (Deflate64, WinZip AES), or a symbolic link is refused with what is wrong and what to do; zips
are never extracted to disk, so no member name can write anywhere.
"""

from __future__ import annotations

import zlib
from typing import IO, TYPE_CHECKING

from progtempo.errors import ActivityReadError
from progtempo.limits import DEFAULT, ENV, Limits

if TYPE_CHECKING:
    import zipfile

CHUNK = 1 << 20
#: Compression methods Python's zipfile reads (stored, deflate, bzip2, lzma), and names for others.
READABLE_METHODS = (0, 8, 12, 14)
METHOD_NAMES = {1: "Shrink", 6: "Implode", 9: "Deflate64", 10: "PKWARE Implode", 18: "IBM TERSE",
                19: "IBM LZ77", 93: "Zstandard", 95: "XZ", 96: "JPEG", 97: "WavPack", 98: "PPMd",
                99: "WinZip AES encryption"}  # fmt: skip


def gunzip(
    data: bytes, source: str, limits: Limits = DEFAULT, *, partial: bool = False
) -> tuple[bytes, bool]:
    """The inflated bytes of gzip `data` (every member of a multi-member file) and whether it was whole.

    Corrupt data raises ActivityReadError; so does data cut short, unless `partial` (then what inflated
    before the cut is returned with False; nothing inflated still raises). Inflating past the limits
    raises too.
    """
    out = bytearray()
    d = zlib.decompressobj(wbits=31)
    pending = data
    try:
        while True:
            out += d.decompress(pending, CHUNK)
            _check(limits, len(out), len(data), source)
            pending = d.unconsumed_tail
            if d.eof:
                rest = d.unused_data
                if not rest.startswith(b"\x1f\x8b"):
                    return bytes(out), True
                d, pending = zlib.decompressobj(wbits=31), rest
            elif not pending:
                break
    except zlib.error as exc:
        raise ActivityReadError(
            source, f"it is gzip-compressed but the compressed data is corrupt ({exc}); download it again"
        ) from None
    if not out:
        raise ActivityReadError(source, "the gzip file is cut short before any data; download it again")
    if not partial:
        raise ActivityReadError(source, "the gzip file is cut short; download it again")
    return bytes(out), False


def check_member(info: zipfile.ZipInfo, source: str, limits: Limits = DEFAULT) -> None:
    """Refuse a zip member that can't or mustn't be read, before reading it (ActivityReadError)."""
    import stat

    if info.flag_bits & 0x1:
        raise ActivityReadError(
            source, "it is encrypted in the zip: unzip it with its password, then give the files themselves"
        )
    if info.compress_type not in READABLE_METHODS:
        method = METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise ActivityReadError(
            source,
            f"it is packed with {method}, which progtempo can't unpack: unzip it (7-Zip, `unzip`) or zip it "
            "again with ordinary compression",
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ActivityReadError(source, "a symbolic link in the zip, not a file: nothing to read")
    _check(limits, info.file_size, info.compress_size, source)


def read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, limits: Limits = DEFAULT) -> bytes:
    """A member's bytes, checked (`check_member`) and inflated a chunk at a time within the limits."""
    import lzma
    import zipfile

    check_member(info, source, limits)
    out = bytearray()
    try:
        with z.open(info) as f:
            while chunk := f.read(CHUNK):
                out += chunk
                _check(limits, len(out), info.compress_size, source)
    except ActivityReadError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError, NotImplementedError,
            RuntimeError, ValueError) as exc:  # fmt: skip
        raise ActivityReadError(source, f"a damaged zip member ({type(exc).__name__}: {exc})") from None
    return bytes(out)


def read_bounded(f: IO[bytes], limit: int, source: str, what: str) -> bytes:
    """At most `limit` bytes from `f`; more is refused (ActivityReadError) without reading the rest."""
    data = f.read(limit + 1)
    if len(data) > limit:
        raise ActivityReadError(
            source, f"{what} is over {limit:,} bytes, the limit (raise it with {ENV['max_file_bytes']}=…)"
        )
    return data


def _check(limits: Limits, size: int, packed: int, source: str) -> None:
    problem = limits.inflated_problem(size, packed)
    if problem:
        raise ActivityReadError(source, problem)
