"""Reading a FIT file: check its header, decode it (fast decoder or fitdecode), build the Activity.

`decode` picks the fast decoder (`progtempo.io.fit.fast`), which hands a file it does not copy
exactly to fitdecode (`progtempo.io.fit.fitdecode`, the oracle); `decoder="fitdecode"` or `"fast"`
forces one (`Limits.fit_decoder`; see `progtempo.io.oracle`).
"""

from __future__ import annotations

import struct

from progtempo.activity import Activity
from progtempo.errors import ActivityReadError
from progtempo.io.fit.build import build_activities
from progtempo.io.fit.messages import FitMessages
from progtempo.io.oracle import fast_or_oracle


def decode(data: bytes, decoder: str = "auto") -> FitMessages:
    """Decode a FIT file with the fast decoder, or fitdecode where it declines (`decoder` may force one)."""

    def fast() -> FitMessages:
        from progtempo.io.fit.fast import decode_fast

        return decode_fast(data)

    def oracle() -> FitMessages:
        from progtempo.io.fit.fitdecode import decode_fitdecode

        return decode_fitdecode(data)

    return fast_or_oracle(decoder, "FIT decoder", "fitdecode", fast, oracle)


def repair_header(data: bytes, source: str, repair: bool = False) -> tuple[bytes, list[str]]:
    """Check the first FIT header; with `repair`, mend a data size of 0 (never finalised) to read the data.

    Without `repair` such a file is refused, as other decoders do: its data was never confirmed.
    """
    n = len(data)
    if n < 12:
        raise ActivityReadError(
            source, f"too short for a FIT file ({n} bytes; a FIT header alone is 12 or 14)"
        )
    header_size = data[0]
    if header_size < 12 or data[8:12] != b".FIT":
        raise ActivityReadError(source, "not a FIT file: no '.FIT' signature at byte 8")
    if n < header_size:
        raise ActivityReadError(source, f"the FIT header is cut off ({n} of its {header_size} bytes)")
    (data_size,) = struct.unpack_from("<I", data, 4)
    body = n - header_size
    if body <= 2 and data_size <= body:
        raise ActivityReadError(
            source,
            "the FIT file is a header with no data: nothing was recorded (save the activity on the watch "
            "and copy the file again)",
        )
    if body <= 2:
        raise ActivityReadError(
            source,
            f"the FIT file is cut off right after its header, which promises {data_size:,} bytes of data; "
            "copy the file again",
        )
    if data_size == 0 and not repair:
        raise ActivityReadError(
            source,
            f"the FIT header says the file holds no data (data size 0: the device never finalised it), "
            f"though {body:,} bytes follow; re-export it, or read them anyway with "
            "`progtempo analyze --repair`",
        )
    if data_size == 0:
        fixed = bytearray(data)
        struct.pack_into("<I", fixed, 4, body)
        return bytes(fixed), [
            f"the FIT header says the file holds no data (data size 0: the file was never finalised); "
            f"read the {body:,} bytes after the header anyway"
        ]
    return data, []


def read_fit_sessions(
    data: bytes, source: str, repair: bool = False, decoder: str = "auto"
) -> list[Activity]:
    """A FIT file's bytes (already gunzipped) into one Activity per session (see `build_activities`);
    `repair`: see `repair_header`; `decoder`: see `decode`. An error when no session has 2 records
    with a time."""
    data, header_warnings = repair_header(data, source, repair)
    msgs = decode(data, decoder)
    msgs.warnings[:0] = header_warnings
    activities = build_activities(msgs, source)
    if max(len(a) for a in activities) < 2:
        ftype = msgs.file_id.get("type")
        if msgs.truncated_at_byte is not None:
            why = (
                f"the file is damaged or cut short at byte {msgs.truncated_at_byte:,} and fewer than 2 "
                "records with a time come before it"
            )
        elif ftype not in (None, "activity", 4):
            why = f"this is a FIT {ftype} file, not a recorded activity"
        else:
            n = sum(len(a) for a in activities)
            why = f"the FIT file holds {n} record(s) with a time: nothing to analyse"
        raise ActivityReadError(source, why)
    return activities


def read_fit(
    data: bytes, source: str, session: int | None = None, repair: bool = False, decoder: str = "auto"
) -> Activity:
    """The one Activity of a FIT file to analyse (see `progtempo.io.pick_session`), `session` (1-based)
    picking one of a multisport or chained file."""
    from progtempo.io.sessions import pick_session

    activities = [a for a in read_fit_sessions(data, source, repair, decoder) if len(a) >= 2]
    for a in activities:
        a.format = "fit"
    return pick_session(activities, session)
