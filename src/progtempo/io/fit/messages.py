"""The decoded content of a FIT activity file, before it becomes an Activity.

Two decoders fill it: fitdecode (the oracle, `progtempo.io.fit.fitdecode`) and the fast record
decoder (`progtempo.io.fit.fast`). Both must give identical contents on every sample file;
`progtempo.io.fit.build` turns it into an Activity. Both receive the whole file (chained FIT files
included) after `progtempo.io.fit.read.repair_header` and read every FIT file of a chain in turn;
the compressed-timestamp state and the developer field definitions restart with each FIT header.

Conventions, precisely (a decoder that follows them gives identical arrays):

`records`: one float64 array per key, one value per `record` message (global number 20) in file
order, NaN where that record has no valid value (invalid = the base type's invalid value, or a
non-scalar value such as an array field). A key is present iff at least one record has a finite value
for it; `timestamp` is present whenever there is at least one record. Arrays all have the same length.
Scaled values are computed in float64 as `raw / scale - offset` (this order exactly). The keys:

- `timestamp`: FIT seconds (since 1989-12-31T00:00:00Z) as written, not converted: values below
  0x10000000 are device-relative and are resolved by `build_activity`. A record without a timestamp
  field gets one from its compressed-timestamp header (5-bit offset added to the last full timestamp
  seen in any message of this FIT file, with rollover); NaN when there is neither.
- `position_lat`, `position_long`: degrees, `semicircles * (180.0 / 2**31)`.
- `distance`: m, field 5 (scale 100); when absent, the `distance` component of
  `compressed_speed_distance` (field 8: 12 bits at bit 12, scale 16, accumulated across records with
  12-bit rollover; the accumulator restarts at 0 at each record definition message holding field 8).
- `altitude`: m, `enhanced_altitude` (field 78, scale 5 offset 500) when valid, else `altitude`
  (field 2, scale 5 offset 500).
- `speed`: m/s, `enhanced_speed` (field 73, scale 1000) when valid, else `speed` (field 6, scale 1000),
  else the `speed` component of `compressed_speed_distance` (12 bits at bit 0, scale 100).
- `heart_rate`: bpm, field 3.
- `cadence`: per minute as the file says it (running: strides, one foot), field 4, plus
  `fractional_cadence` (field 53, scale 128) when valid; NaN when `cadence` is invalid.
- `power`: W: the native `power` field 7 when valid; else, among this record's developer fields whose
  field_description has `native_field_num` 7 (e.g. the Stryd Connect IQ field "Power"), the first in
  definition order with a valid value; else, among developer fields whose name, stripped and
  lowercased, is "power", the first with a valid value. Developer values are taken as decoded
  (developer fields carry no scale).

Other messages are dicts holding only the keys listed below (absent when the value is invalid), in
file order. Values as the FIT profile (fitdecode's copy) renders them: enum-typed fields as the
profile's name (str) when the raw value is in the profile's table, else the raw int; `date_time` and
`local_date_time` fields as raw int FIT seconds (no conversion); scaled fields as float
(`raw / scale - offset`), unscaled numbers as int; strings as str. A sub-field is stored under the
sub-field's name when its reference field selects it (e.g. `garmin_product` when the manufacturer is
Garmin, `local_device_type` when source_type is local), else under the main field's name.

- `laps` (19): timestamp, start_time, total_elapsed_time, total_timer_time, total_distance,
  lap_trigger, sport, sub_sport, event_type, intensity
- `sessions` (18): timestamp, start_time, total_elapsed_time, total_timer_time, total_distance, sport,
  sub_sport, first_lap_index, num_laps
- `events` (21): timestamp, event, event_type, event_group
- `file_id` (0, the first one): type, manufacturer, product / garmin_product, product_name,
  serial_number, time_created
- `device_infos` (23): timestamp, device_index, manufacturer, product / garmin_product, product_name,
  descriptor, source_type, device_type / local_device_type / antplus_device_type (and the other
  device_type sub-fields)
- `sports` (12): sport, sub_sport, name
- `activity` (34, the last one): timestamp, local_timestamp, num_sessions, total_timer_time

`truncated_at_byte`: None when every FIT file of the chain was read to its end; else the byte offset
(in the whole input) of the first message or header that could not be read completely or was
malformed (undefined local message, a field definition running past the data, bytes after a FIT
file's CRC that are not a FIT header). What was read before it is kept. `warnings` are human sentences
about what the decoder saw (e.g. a CRC mismatch); they are not compared between decoders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

RECORD_KEYS = ("timestamp", "position_lat", "position_long", "distance", "altitude", "speed",
               "heart_rate", "cadence", "power")  # fmt: skip

LAP_KEYS = ("timestamp", "start_time", "total_elapsed_time", "total_timer_time", "total_distance",
            "lap_trigger", "sport", "sub_sport", "event_type", "intensity")  # fmt: skip
SESSION_KEYS = ("timestamp", "start_time", "total_elapsed_time", "total_timer_time", "total_distance",
                "sport", "sub_sport", "first_lap_index", "num_laps")  # fmt: skip
EVENT_KEYS = ("timestamp", "event", "event_type", "event_group")
FILE_ID_KEYS = ("type", "manufacturer", "product", "garmin_product", "product_name", "serial_number",
                "time_created")  # fmt: skip
DEVICE_INFO_KEYS = ("timestamp", "device_index", "manufacturer", "product", "garmin_product", "product_name",
                    "descriptor", "source_type", "device_type", "local_device_type", "antplus_device_type",
                    "ant_device_type", "ble_device_type")  # fmt: skip
SPORT_KEYS = ("sport", "sub_sport", "name")
ACTIVITY_KEYS = ("timestamp", "local_timestamp", "num_sessions", "total_timer_time")


@dataclass
class FitMessages:
    """Record streams as arrays plus the few other messages an Activity needs (see the module doc)."""

    records: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    laps: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    file_id: dict[str, Any] = field(default_factory=dict)
    device_infos: list[dict[str, Any]] = field(default_factory=list)
    sports: list[dict[str, Any]] = field(default_factory=list)
    activity: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    truncated_at_byte: int | None = None


def is_number(v: Any) -> bool:
    """A decoded value that is a number (int or float, not bool): what a numeric field holds when valid."""
    return isinstance(v, int | float) and not isinstance(v, bool)
