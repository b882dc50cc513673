"""Facts of the FIT file format that the decoders and the encoder share: the time epoch, the base
types (the one table of them) and the CRC-16."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z as a Unix timestamp
SEMICIRCLE_DEG = 180.0 / 2**31  # a position in semicircles times this is degrees


class BaseType(NamedTuple):
    """A FIT base type: its byte in a field definition, its name, how to read one value, its invalid value.

    `code` is the numpy type code without byte order ("S" for strings); `invalid` is the raw value that
    means "no value": None when NaN is invalid (floats) or there is none (strings: empty is None).
    """

    number: int
    name: str
    code: str
    size: int
    invalid: int | None


# fmt: off
BASE_TYPES: tuple[BaseType, ...] = (
    BaseType(0x00, "enum", "u1", 1, 0xFF),
    BaseType(0x01, "sint8", "i1", 1, 0x7F),
    BaseType(0x02, "uint8", "u1", 1, 0xFF),
    BaseType(0x83, "sint16", "i2", 2, 0x7FFF),
    BaseType(0x84, "uint16", "u2", 2, 0xFFFF),
    BaseType(0x85, "sint32", "i4", 4, 0x7FFFFFFF),
    BaseType(0x86, "uint32", "u4", 4, 0xFFFFFFFF),
    BaseType(0x07, "string", "S", 1, None),
    BaseType(0x88, "float32", "f4", 4, None),
    BaseType(0x89, "float64", "f8", 8, None),
    BaseType(0x0A, "uint8z", "u1", 1, 0),
    BaseType(0x8B, "uint16z", "u2", 2, 0),
    BaseType(0x8C, "uint32z", "u4", 4, 0),
    BaseType(0x0D, "byte", "u1", 1, 0xFF),  # invalid only when every byte is 0xFF
    BaseType(0x8E, "sint64", "i8", 8, 0x7FFFFFFFFFFFFFFF),
    BaseType(0x8F, "uint64", "u8", 8, 0xFFFFFFFFFFFFFFFF),
    BaseType(0x90, "uint64z", "u8", 8, 0),
)
# fmt: on
BASE_BY_NUMBER: dict[int, BaseType] = {b.number: b for b in BASE_TYPES}
BASE_BY_NAME: dict[str, BaseType] = {b.name: b for b in BASE_TYPES}
#: numpy type code -> struct format character
STRUCT_CODES = {"u1": "B", "i1": "b", "u2": "H", "i2": "h", "u4": "I", "i4": "i", "f4": "f", "f8": "d",
                "u8": "Q", "i8": "q", "S": "s"}  # fmt: skip
BYTE = BASE_BY_NAME["byte"].number
STRING = BASE_BY_NAME["string"].number
FLOATS = (BASE_BY_NAME["float32"].number, BASE_BY_NAME["float64"].number)

_CRC_NIBBLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def _crc_byte_table() -> list[int]:
    """For each byte, (crc_low_byte_effect): precomputed so the CRC takes one lookup per byte."""
    table = []
    for byte in range(256):
        crc = 0
        for nibble in (byte & 0xF, byte >> 4):
            tmp = _CRC_NIBBLE[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ _CRC_NIBBLE[nibble]
        table.append(crc)
    return table


#: The CRC-16 step of one byte: `crc = (crc >> 8) ^ CRC_TABLE[(crc ^ byte) & 0xFF]`.
CRC_TABLE = _crc_byte_table()


def fit_crc(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    """The FIT CRC-16 of `data`, continuing from `crc`."""
    table = CRC_TABLE
    for byte in bytes(data):
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


_crc_word_table: npt.NDArray[np.uint16] | None = None


def fit_crc_fast(data: bytes | memoryview) -> int:
    """The FIT CRC-16 of `data` (starting from 0), computed with numpy for large inputs.

    A 16-bit CRC consumes a whole 16-bit word per step through one 65536-entry table. The data is cut
    into K chunks of L words whose CRCs run side by side, then are combined in order: the CRC of A+B is
    the CRC of A pushed through len(B) zero bytes, xor the CRC of B (the CRC is linear, and leading
    zeros leave a zero CRC unchanged, which also lets the data be padded at the front).
    """
    global _crc_word_table
    n = len(data)
    if n < 8192:
        return fit_crc(data)
    import numpy as np

    if _crc_word_table is None:
        t = np.array(CRC_TABLE, dtype=np.uint32)
        x = np.arange(65536, dtype=np.uint32)
        first = t[x & 0xFF]
        _crc_word_table = ((first >> 8) ^ t[((x >> 8) ^ first) & 0xFF]).astype(np.uint16)
    table = _crc_word_table
    words = (n + 1) // 2
    chunk_words = max(16, int((words * 0.1) ** 0.5))
    chunks = -(-words // chunk_words)
    padded = np.zeros(chunks * chunk_words * 2, dtype=np.uint8)
    padded[padded.size - n :] = np.frombuffer(data, dtype=np.uint8)
    columns = padded.view("<u2").reshape(chunks, chunk_words).T.copy()
    crcs = np.zeros(chunks, dtype=np.uint16)
    for column in columns:
        crcs = table[crcs ^ column]
    # the linear map "push a CRC through one chunk of zeros", as two byte-indexed tables
    images = []
    for bit in range(16):
        state = 1 << bit
        for _ in range(chunk_words):
            state = int(table[state])
        images.append(state)
    low = [0] * 256
    high = [0] * 256
    for value in range(1, 256):
        top = value.bit_length() - 1
        low[value] = low[value ^ (1 << top)] ^ images[top]
        high[value] = high[value ^ (1 << top)] ^ images[top + 8]
    crc = 0
    for chunk_crc in crcs.tolist():
        crc = low[crc & 0xFF] ^ high[crc >> 8] ^ chunk_crc
    return crc
