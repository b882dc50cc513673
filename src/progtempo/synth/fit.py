"""Synthetic runs as FIT activity files, written as watches write them (options: compressed or
device-relative timestamps, developer power fields, multisport sessions)."""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from progtempo.activity import FOOT_SPORTS, FloatArray
from progtempo.synth.runs import DEVICE_NAME, SynthRun, write_file

if TYPE_CHECKING:
    from progtempo.io.fit.encode import FitWriter


def write_fit(
    run: SynthRun,
    path: str | Path,
    *,
    compressed_timestamps: bool = False,
    relative_timestamps: bool = False,
    developer_power: bool = False,
    garmin_product: int | None = None,
) -> None:
    """Write the run as a FIT activity file (gzipped when the path ends in .gz); options: see fit_bytes."""
    data = fit_bytes(
        run,
        compressed_timestamps=compressed_timestamps,
        relative_timestamps=relative_timestamps,
        developer_power=developer_power,
        garmin_product=garmin_product,
    )
    write_file(path, data)


_FIT_SPORT = {"running": (1, 0), "trail_running": (1, 3), "treadmill_running": (1, 1),
              "track_running": (1, 4), "cycling": (2, 0), "transition": (3, 0), "walking": (11, 0),
              "hiking": (17, 0), "swimming": (5, 0), "unknown": (0, 0)}  # fmt: skip
_FIT_TRIGGER = {"manual": 0, "time": 1, "distance": 2, "session_end": 7}
_FIT_INTENSITY = {"active": 0, "rest": 1, "warmup": 2, "cooldown": 3, "recovery": 4, "interval": 5}


def _fit_iso_ts(run: SynthRun, elapsed: float) -> int:
    from progtempo.io.fit.encode import fit_timestamp

    return fit_timestamp(run.start_time.timestamp() + elapsed)


def fit_bytes(
    run: SynthRun,
    *,
    compressed_timestamps: bool = False,
    relative_timestamps: bool = False,
    utc_offset_s: int = 0,
    developer_power: bool = False,
    garmin_product: int | None = None,
    barometer: bool | None = None,
) -> bytes:
    """The run as a FIT activity file.

    `compressed_timestamps`: records after the first use compressed-timestamp headers.
    `relative_timestamps`: every date_time counts from the device's power-on (1000 s before the start),
    with the clock time only in activity.local_timestamp (+ `utc_offset_s`).
    `developer_power`: power as a Stryd-style developer field "Power" (native field 7), not field 7.
    `garmin_product`: write manufacturer Garmin and this product number (e.g. 4024, Forerunner 955).
    `barometer`: add a barometer device_info (default: the run's `barometric`).
    """
    return multisport_fit_bytes(
        [run],
        compressed_timestamps=compressed_timestamps,
        relative_timestamps=relative_timestamps,
        utc_offset_s=utc_offset_s,
        developer_power=developer_power,
        garmin_product=garmin_product,
        barometer=barometer,
    )


def multisport_fit_bytes(
    runs: Sequence[SynthRun],
    *,
    compressed_timestamps: bool = False,
    relative_timestamps: bool = False,
    utc_offset_s: int = 0,
    developer_power: bool = False,
    garmin_product: int | None = None,
    barometer: bool | None = None,
) -> bytes:
    """Several runs (one after the other in time, each with its `sport`) as one FIT file with one session
    each, as a multisport watch writes them; each session's distance counts from 0."""
    from progtempo.io.fit.encode import FitWriter, fit_timestamp
    from progtempo.io.fit.format import BASE_BY_NAME

    first = runs[0]
    base = fit_timestamp(first.start_time.timestamp()) - 1000 if relative_timestamps else 0

    def ts(run: SynthRun, elapsed: float) -> int:
        return _fit_iso_ts(run, elapsed) - base

    w = FitWriter()
    manufacturer, product = (1, garmin_product) if garmin_product is not None else (255, 1)
    _define(w, 0, 0, "0:enum 1:uint16 2:uint16 3:uint32z 4:uint32")
    w.write(0, [4, manufacturer, product, 12345, ts(first, 0.0)])
    _define(w, 1, 23, "253:uint32 0:uint8 2:uint16 4:uint16 5:uint16 25:enum 1:uint8 27:string:20")
    name = DEVICE_NAME if garmin_product is None else None
    w.write(1, [ts(first, 0.0), 0, manufacturer, product, 100, 5, None, name])
    if barometer if barometer is not None else first.barometric:
        w.write(1, [ts(first, 0.0), 1, manufacturer, product, 100, 5, 4, None])
    dev_field = developer_power and any(r.activity.power is not None for r in runs)
    if dev_field:
        _define(w, 2, 207, "1:byte:16 3:uint8")
        w.extend([_dev_data_id_bytes()])
        _define(w, 3, 206, "0:uint8 1:uint8 2:uint8 3:string:8 8:string:8 14:uint16 15:uint8")
        w.write(3, [0, 0, BASE_BY_NAME["uint16"].number, "Power", "Watts", 20, 7])  # a uint16 field
    _define(w, 4, 21, "253:uint32 0:enum 1:enum 4:uint8")

    lap_rows: list[list[int | float | str | None]] = []
    session_rows: list[list[int | float | str | None]] = []
    last_ts_written = [0]
    for s_index, run in enumerate(runs):
        sport, sub_sport = _FIT_SPORT.get(run.sport, (0, 0))
        samples = _fit_samples(run)
        t_el = samples["elapsed"]
        w.write(4, [ts(run, 0.0), 0, 0, 0])  # timer start
        last_ts_written[0] = ts(run, 0.0)
        # records, chunked at the pauses so the stop/start events sit between them
        cuts = [0]
        for a, _ in run.pause_elapsed_s:
            cuts.append(int(np.searchsorted(t_el, a, side="right")))
        cuts.append(t_el.size)
        for k in range(len(cuts) - 1):
            lo, hi = cuts[k], cuts[k + 1]
            _write_records(w, run, samples, lo, hi, ts, compressed_timestamps, dev_field, last_ts_written)
            if k < len(run.pause_elapsed_s):
                a, b = run.pause_elapsed_s[k]
                w.write(4, [ts(run, a), 0, 4, 0])  # stop_all
                w.write(4, [ts(run, b), 0, 0, 0])  # start
                last_ts_written[0] = ts(run, b)
        end_el = float(t_el[-1])
        w.write(4, [ts(run, end_el), 0, 4, 0])
        first_lap = len(lap_rows)
        for lap in run.activity.laps:
            trig = lap.trigger or "manual"
            start_el = (lap.start_time - run.start_time) / timedelta(seconds=1)
            end = ts(run, min(start_el + lap.elapsed_s, end_el))
            timing = [
                round(lap.elapsed_s * 1000),
                round((lap.timer_s or 0) * 1000),
                round((lap.distance_m or 0) * 100),
            ]
            lap_rows.append(
                [
                    end,
                    len(lap_rows),
                    9,
                    1,
                    ts(run, start_el),
                    *timing,
                    _FIT_TRIGGER.get(trig, 0),
                    sport,
                    sub_sport,
                    _FIT_INTENSITY.get(lap.intensity or ""),
                ]
            )
        timing = [
            round(run.total_elapsed_s * 1000),
            round(run.total_moving_s * 1000),
            round(run.total_distance_m * 100),
        ]
        session_rows.append(
            [ts(run, end_el), s_index, 8, 1, ts(run, 0.0), sport, sub_sport, *timing, first_lap,
             len(lap_rows) - first_lap, 0]
        )  # fmt: skip
    _define(
        w,
        5,
        19,
        "253:uint32 254:uint16 0:enum 1:enum 2:uint32 7:uint32 8:uint32 9:uint32 24:enum 25:enum 39:enum "
        "23:enum",
    )
    for row in lap_rows:
        w.write(5, row)
    _define(
        w,
        6,
        18,
        "253:uint32 254:uint16 0:enum 1:enum 2:uint32 5:enum 6:enum 7:uint32 8:uint32 9:uint32 "
        "25:uint16 26:uint16 28:enum",
    )
    for row in session_rows:
        w.write(6, row)
    last = runs[-1]
    end_ts = ts(last, float(_fit_samples(last)["elapsed"][-1]))
    _define(w, 7, 34, "253:uint32 0:uint32 1:uint16 2:enum 3:enum 4:enum 5:uint32")
    total_timer = sum(r.total_moving_s for r in runs)
    w.write(7, [end_ts, round(total_timer * 1000), len(runs), 0, 26, 1, end_ts + base + utc_offset_s])
    return w.to_bytes()


def _define(w: FitWriter, local: int, global_num: int, spec: str) -> None:
    """Define a local message from "number:base_type[:size] ..."."""
    from progtempo.io.fit.encode import FieldDef

    fields = []
    for item in spec.split():
        num, base, *size = item.split(":")
        fields.append(FieldDef(int(num), base, int(size[0]) if size else 0))
    w.define(local, global_num, fields)


def _dev_data_id_bytes() -> bytes:
    """A developer_data_id data message (local 2): application_id 16 bytes, developer_data_index 0."""
    return bytes([2]) + bytes(range(1, 17)) + bytes([0])


def _fit_samples(run: SynthRun) -> dict[str, FloatArray]:
    """The samples a FIT file can hold: whole seconds, ending on the next whole second at full distance."""
    t = run.elapsed_s
    keep = np.abs(t - np.round(t)) < 1e-6
    idx = np.flatnonzero(keep)
    end = float(t[-1])
    out = {"elapsed": np.round(t[idx]), "index": idx.astype(np.float64)}
    if not keep[-1]:
        out["elapsed"] = np.append(out["elapsed"], math.ceil(end))
        out["index"] = np.append(out["index"], t.size - 1)
    return out


def _write_records(
    w: FitWriter,
    run: SynthRun,
    samples: dict[str, FloatArray],
    lo: int,
    hi: int,
    ts: Callable[[SynthRun, float], int],
    compressed: bool,
    dev_power: bool,
    last_ts: list[int],
) -> None:
    """Record messages lo:hi, as raw bytes (numpy rows): local 8 with a timestamp, local 1 compressed."""
    from progtempo.io.fit.format import BASE_BY_NAME

    if hi <= lo:
        return
    a = run.activity
    idx = samples["index"][lo:hi].astype(np.intp)
    el = samples["elapsed"][lo:hi]
    stamps = np.array([ts(run, 0.0)], dtype=np.int64) + el.astype(np.int64)
    cols: list[tuple[int, str, npt.NDArray[np.generic]]] = []  # (field number, base type, values)

    def fill(values: FloatArray, base_type: str) -> npt.NDArray[np.generic]:
        base = BASE_BY_NAME[base_type]
        invalid = np.nan if base.invalid is None else base.invalid
        return np.where(np.isfinite(values), values, invalid).astype("<" + base.code)

    if a.lat is not None and a.lon is not None:
        cols.append((0, "sint32", fill(np.round(a.lat[idx] * (2**31 / 180.0)), "sint32")))
        cols.append((1, "sint32", fill(np.round(a.lon[idx] * (2**31 / 180.0)), "sint32")))
    if a.distance_m is not None:
        cols.append((5, "uint32", fill(np.round(a.distance_m[idx] * 100.0), "uint32")))
    if a.altitude_m is not None:
        cols.append((78, "uint32", fill(np.round((a.altitude_m[idx] + 500.0) * 5.0), "uint32")))
    if a.speed_m_s is not None:
        cols.append((73, "uint32", fill(np.round(a.speed_m_s[idx] * 1000.0), "uint32")))
    if a.heart_rate is not None:
        cols.append((3, "uint8", fill(np.round(a.heart_rate[idx]), "uint8")))
    if a.cadence is not None:
        per_foot = a.cadence[idx] / 2.0 if run.sport in FOOT_SPORTS else a.cadence[idx]
        whole = np.floor(per_foot)
        cols.append((4, "uint8", fill(whole, "uint8")))
        cols.append((53, "uint8", fill(np.minimum(np.round((per_foot - whole) * 128.0), 127), "uint8")))
    power_col = None
    if a.power is not None:
        power_col = fill(np.round(a.power[idx]), "uint16")
        if not dev_power:
            cols.append((7, "uint16", power_col))

    def definition(local: int, with_ts: bool) -> bytes:
        fields = ([(253, 4, BASE_BY_NAME["uint32"].number)] if with_ts else []) + [
            (num, BASE_BY_NAME[bt].size, BASE_BY_NAME[bt].number) for num, bt, _ in cols
        ]
        header = 0x40 | local | (0x20 if dev_power and power_col is not None else 0)
        out = struct.pack("<BBBHB", header, 0, 0, 20, len(fields))
        out += b"".join(struct.pack("<BBB", *f) for f in fields)
        if dev_power and power_col is not None:
            out += struct.pack("<BBBB", 1, 0, 2, 0)  # one developer field: number 0, 2 bytes, index 0
        return out

    def rows(header: npt.NDArray[np.generic], sel: slice | npt.NDArray[np.intp], with_ts: bool) -> bytes:
        dt = (
            [("h", "u1")]
            + ([("ts", "<u4")] if with_ts else [])
            + [(f"f{i}", c.dtype.str) for i, (_, _, c) in enumerate(cols)]
        )
        if dev_power and power_col is not None:
            dt.append(("dev", "<u2"))
        n = len(header)
        r = np.zeros(n, dtype=dt)
        r["h"] = header
        if with_ts:
            r["ts"] = stamps[sel]
        for i, (_, _, c) in enumerate(cols):
            r[f"f{i}"] = c[sel]
        if dev_power and power_col is not None:
            r["dev"] = power_col[sel]
        return r.tobytes()

    full_local, comp_local = 8, 1
    w.extend([definition(full_local, True)])
    if not compressed:
        w.extend([rows(np.full(hi - lo, full_local, dtype="u1"), slice(None), True)])
        last_ts[0] = int(stamps[-1])
        return
    w.extend([definition(comp_local, False)])
    prev = np.concatenate([[last_ts[0]], stamps[:-1]])
    full = (stamps - prev >= 32) | (stamps < prev)
    full[0] = True
    i = 0
    n = stamps.size
    while i < n:
        j = i + 1
        while j < n and not full[j]:
            j += 1
        w.extend([rows(np.array([full_local], dtype="u1"), np.array([i]), True)])
        if j > i + 1:
            sel = np.arange(i + 1, j)
            header = (0x80 | (comp_local << 5) | (stamps[sel] & 0x1F)).astype("u1")
            w.extend([rows(header, sel, False)])
        i = j
    last_ts[0] = int(stamps[-1])
