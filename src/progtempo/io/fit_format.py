"""Facts of the FIT file format that the decoders and the encoder share: the time epoch and the CRC-16."""

from __future__ import annotations

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z as a Unix timestamp

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
