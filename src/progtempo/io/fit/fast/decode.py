"""`decode_fast`: the header pass, then each data message to its layout, records and other messages."""

from __future__ import annotations

import numpy as np

from progtempo.io.fit.fast.layout import IntArray, Walk
from progtempo.io.fit.fast.messages import other_messages
from progtempo.io.fit.fast.records import record_columns, resolve_timestamps
from progtempo.io.fit.fast.walk import read_headers
from progtempo.io.fit.messages import FitMessages


def decode_fast(data: bytes) -> FitMessages:
    """Decode a FIT file (chained FIT files included) into FitMessages, records vectorised with numpy."""
    walk = read_headers(data)
    out = FitMessages()
    # the same sentences as the fitdecode path, so either decoder tells the user the same
    if walk.damage is not None:
        out.truncated_at_byte = walk.damage.offset
        if walk.damage.reason is not None:
            out.warnings.append(f"FIT decoder: {walk.damage.reason}")
    if walk.crc_mismatch:
        out.warnings.append(
            "the file's CRC does not match its contents, so it may be damaged; it was read anyway"
        )
    if walk.warnings:
        out.warnings.append(f"FIT decoder: {len(walk.warnings)} warning(s), first: {walk.warnings[0][:160]}")
    buf = np.frombuffer(data, dtype=np.uint8)
    msg_pos = np.array(walk.msg_pos, dtype=np.int64)
    headers = buf[msg_pos].astype(np.int64)
    compressed = (headers & 0x80) != 0
    toff = np.where(compressed, headers & 0x1F, -1)
    msg_def = _layout_ids(walk, msg_pos, np.where(compressed, (headers >> 5) & 0x3, headers & 0x0F))
    groups = _group(msg_def, len(walk.defs))
    timestamps = resolve_timestamps(buf, walk, msg_pos, toff, groups)
    out.records = record_columns(buf, walk, msg_pos, toff, groups, timestamps)
    other_messages(data, walk, msg_pos, msg_def, toff, timestamps, out)
    return out


def _layout_ids(walk: Walk, msg_pos: IntArray, local: IntArray) -> IntArray:
    """Each data message's layout: the last definition of its local number before it."""
    msg_def = np.zeros(len(msg_pos), dtype=np.int64)
    act_pos = np.array(walk.act_pos, dtype=np.int64)
    act_local = np.array(walk.act_local, dtype=np.int64)
    act_def = np.array(walk.act_def, dtype=np.int64)
    for number in np.flatnonzero(np.bincount(local, minlength=16)).tolist():  # np.unique imports numpy.ma
        mine = local == number
        acts = act_local == number
        k = np.searchsorted(act_pos[acts], msg_pos[mine]) - 1
        msg_def[mine] = act_def[acts][k]
    return msg_def


def _group(msg_def: IntArray, num_defs: int) -> list[IntArray]:
    """For each layout id, the indices of its data messages, in file order."""
    order = np.argsort(msg_def, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(msg_def, minlength=num_defs))))
    return [order[bounds[i] : bounds[i + 1]] for i in range(num_defs)]
