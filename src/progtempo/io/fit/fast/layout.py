"""What the fast decoder's header pass finds: message layouts (definitions), their fields, damage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from progtempo.io.fit.format import BASE_BY_NUMBER

if TYPE_CHECKING:
    from progtempo.io.fit.profile import ProfileField

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ByteArray = npt.NDArray[np.uint8]

MESG_RECORD = 20
MESG_FIELD_DESCRIPTION = 206
MESG_DEVELOPER_DATA_ID = 207
FIELD_TIMESTAMP = 253
FIELD_COMPRESSED_SPEED_DISTANCE = 8


class Damage(Exception):
    """The input stops being readable FIT at `offset` (start of the message or header concerned).

    `reason` is what fitdecode says of it (its exception text), shown to the user as fitdecode's path
    shows it; None when the data just ends there (a cut-short file, which the Activity builder reports).
    """

    def __init__(self, offset: int, reason: str | None) -> None:
        super().__init__(reason or f"the data ends inside the message or header at byte {offset}")
        self.offset = offset
        self.reason = reason


# Plain classes: a dataclass costs about 0.5 ms to define, and this module is imported by every run.


class DevField(NamedTuple):
    """A developer field as its field_description declared it."""

    dev_index: int | None
    number: int
    base: int
    name: str | None
    native_field_num: int | None


class Field:
    """One field of a definition: where it sits in the message content and how to read it."""

    __slots__ = ("base", "count", "dev", "number", "offset", "size")

    def __init__(
        self, number: int, offset: int, size: int, base: int, count: int, dev: DevField | None = None
    ) -> None:
        self.number = number
        self.offset = offset  # from the first content byte (after the record header byte)
        self.size = size  # bytes read (a developer field's declared size rounded down to its base type)
        self.base = base  # effective base type byte (byte when the size doesn't fit the declared type)
        self.count = count  # values in the field (1: a scalar; strings count 1)
        self.dev = dev


class Def:
    """A message layout: global message, byte order, fields. Identical definitions share one."""

    __slots__ = ("_dtype", "_plan", "big_endian", "broken", "fields", "glob", "id", "size", "warnings")

    def __init__(
        self,
        id: int,
        glob: int,
        big_endian: bool,
        fields: tuple[Field, ...],
        size: int,
        broken: bool = False,
        warnings: list[str] | None = None,
    ) -> None:
        self.id = id
        self.glob = glob
        self.big_endian = big_endian
        self.fields = fields
        self.size = size  # content bytes of each data message
        self.broken = broken
        self.warnings = warnings or []  # given again each time the definition recurs
        self._dtype: np.dtype[Any] | None = None
        self._plan: list[tuple[int, ProfileField]] | None = None

    @property
    def dtype(self) -> np.dtype[Any]:
        """A structured dtype viewing one data message's content (field i is named `f{i}`)."""
        if self._dtype is None:
            order = ">" if self.big_endian else "<"
            formats: list[Any] = []
            for f in self.fields:
                code = BASE_BY_NUMBER[f.base].code
                if code == "S":
                    formats.append(f"S{f.size}")
                elif f.count == 1:
                    formats.append(order + code)
                else:
                    formats.append((order + code, (f.count,)))
            self._dtype = np.dtype(
                {
                    "names": [f"f{i}" for i in range(len(self.fields))],
                    "formats": formats,
                    "offsets": [f.offset for f in self.fields],
                    "itemsize": max(self.size, 1),
                }
            )
        return self._dtype

    def native(self, number: int) -> list[int]:
        """Indices of the (non-developer) fields with this number, in definition order."""
        return [i for i, f in enumerate(self.fields) if f.dev is None and f.number == number]


class Walk:
    """What the header pass found: layouts, data messages, FIT file boundaries, damage."""

    def __init__(self) -> None:
        self.defs: list[Def] = []
        self.msg_pos: list[int] = []  # byte offset of each data message's header
        self.act_pos: list[int] = []  # each definition message: where,
        self.act_local: list[int] = []  # for which local number,
        self.act_def: list[int] = []  # and its layout id
        self.distance_resets: list[int] = []  # record definitions holding field 8
        self.file_first_msg: list[int] = []  # index of each FIT file's first message
        self.warnings: list[str] = []  # fitdecode's warning texts, CRC ones apart
        self.crc_mismatch = False
        self.damage: Damage | None = None
