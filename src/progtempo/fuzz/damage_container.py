"""Damaged containers: the mutant gzipped or zipped, the wrapper cut, flipped or lying about itself
(nested zips, two members, unknown methods, the encrypted flag, sizes, names that climb out)."""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile

from progtempo.fuzz.damage_bytes import bit_flip


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, body in members:  # a fixed date: the same mutant whenever it is made
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), body, compress_type=method)
    return buf.getvalue()


def container(rng: random.Random, data: bytes, suffix: str) -> tuple[bytes, str, str]:
    """The mutant wrapped in gzip or a zip, the wrapper damaged or not; (bytes, suffix, op name)."""
    if rng.random() < 0.5:
        gz = gzip.compress(data, compresslevel=1, mtime=0)
        how = rng.randrange(4)
        if how == 0:
            return gz, suffix + ".gz", "gzip"
        if how == 1:
            return gz[: rng.randrange(10, max(11, len(gz)))], suffix + ".gz", "gzip_truncated"
        if how == 2:
            return bit_flip(rng, gz), suffix + ".gz", "gzip_flipped"
        return gz[:-8] + bytes(8), suffix + ".gz", "gzip_trailer"
    inner = "activity" + suffix
    how = rng.randrange(8)
    if how == 0:
        return _zip([(inner, data)]), ".zip", "zip"
    if how == 1:
        return _zip([(inner, data), ("second" + suffix, data)]), ".zip", "zip_two_members"
    if how == 2:
        return _zip([("inner.zip", _zip([(inner, data)]))]), ".zip", "zip_nested"
    if how == 3:
        z = bytearray(_zip([(inner, data)]))
        method = rng.choice((9, 12, 14, 99))  # deflate64, bzip2, lzma, AES
        for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            p = z.find(sig)
            if p >= 0:
                z[p + at : p + at + 2] = struct.pack("<H", method)
        return bytes(z), ".zip", f"zip_method_{method}"
    if how == 4:
        z = bytearray(_zip([(inner, data)]))
        for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            p = z.find(sig)
            if p >= 0:
                z[p + at] |= 1  # the "encrypted" flag
        return bytes(z), ".zip", "zip_encrypted"
    if how == 5:
        z = bytearray(_zip([(inner, data)]))
        p = z.find(b"PK\x01\x02")
        if p >= 0:  # the central directory's uncompressed size
            z[p + 24 : p + 28] = struct.pack("<I", rng.choice((0, 1, 0xFFFFFFFF, len(data) * 1000 % 2**32)))
        return bytes(z), ".zip", "zip_size_lie"
    if how == 6:
        name = rng.choice(
            ("../../evil" + suffix, "/tmp/evil" + suffix, "a/../../b" + suffix, "C:\\x" + suffix)
        )
        return _zip([(name, data)]), ".zip", "zip_odd_name"
    return bit_flip(rng, _zip([(inner, data)], zipfile.ZIP_STORED)), ".zip", "zip_flipped"
