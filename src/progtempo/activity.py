"""Activity: what a reader makes of a recorded run, as numpy arrays plus metadata and device laps.

Streams are aligned, one value per record, sorted by time. A missing value inside a stream is NaN;
a stream the file never had is None. Times are seconds since `start_time` (UTC), wall clock, so
pauses show as gaps; `pauses` lists the timer stops the device recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas

FloatArray = npt.NDArray[np.float64]
AltitudeSource = Literal["barometric", "gps", "none", "unknown"]


#: Running of any kind: the one list of them (`Activity.is_running`; readers name sports this way).
RUNNING_SPORTS = frozenset({"running", "trail_running", "treadmill_running", "track_running", "run"})
#: The streams of a records frame, in order (`Activity.records_frame`)
RECORD_STREAMS = ("distance_m", "lat", "lon", "altitude_m", "speed_m_s", "heart_rate", "cadence", "power")
#: On foot: running and walking kinds (cadence counts steps; no wheel's speeds).
FOOT_SPORTS = RUNNING_SPORTS | {"walking", "hiking", "mountaineering", "snowshoeing"}


@dataclass
class Lap:
    """A lap as the device recorded it."""

    index: int
    start_time: datetime
    elapsed_s: float
    timer_s: float | None = None
    distance_m: float | None = None
    trigger: str | None = None  # distance, manual, time, position, session_end, ...
    #: What the lap was for, when the device says (FIT): warmup, active, cooldown, interval, rest, ...;
    #: a workout run on the watch records its warm-up step as a `warmup` lap.
    intensity: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_time": iso_utc(self.start_time),
            "elapsed_s": self.elapsed_s,
            "timer_s": self.timer_s,
            "distance_m": self.distance_m,
            "trigger": self.trigger,
            "intensity": self.intensity,
        }


@dataclass
class Activity:
    """One recorded session (one sport leg): streams, device laps and where they came from."""

    start_time: datetime
    time_s: FloatArray
    distance_m: FloatArray | None = None
    lat: FloatArray | None = None
    lon: FloatArray | None = None
    altitude_m: FloatArray | None = None
    heart_rate: FloatArray | None = None
    cadence: FloatArray | None = None  # steps per minute (both feet)
    power: FloatArray | None = None  # watts
    speed_m_s: FloatArray | None = None
    source: str = ""
    format: str = ""  # fit, gpx, tcx
    sport: str = "unknown"  # running, trail_running, cycling, walking, ...
    sub_sport: str | None = None
    device: str | None = None
    name: str | None = None
    laps: list[Lap] = field(default_factory=list)
    pauses: list[tuple[float, float]] = field(default_factory=list)  # (stop_s, start_s) timer pauses
    altitude_source: AltitudeSource = "unknown"
    warnings: list[str] = field(default_factory=list)
    #: its place among the activities of its file (1-based): a session of a multisport or chained FIT,
    #: an <Activity> of a TCX; `session_count` of them in the file
    session_index: int = 1
    session_count: int = 1
    #: a leg of one multisport event (the sessions of a multisport or chained FIT belong together; the
    #: activities of a TCX holding several days don't)
    multisport: bool = False

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    @property
    def is_running(self) -> bool:
        """Running of any kind (road, trail, treadmill, track); unknown counts as running."""
        return self.sport in RUNNING_SPORTS or self.sport == "unknown"

    @property
    def is_transition(self) -> bool:
        """The transition between two legs of a multisport event (no sport of its own)."""
        return self.sport == "transition"

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None and bool(np.isfinite(self.lat).any())

    @property
    def has_elevation(self) -> bool:
        return self.altitude_m is not None and bool(np.isfinite(self.altitude_m).any())

    @property
    def has_heart_rate(self) -> bool:
        return self.heart_rate is not None and bool(np.isfinite(self.heart_rate).any())

    @property
    def has_distance(self) -> bool:
        return self.distance_m is not None and bool(np.isfinite(self.distance_m).any())

    def records_frame(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame (needs `progtempo[pandas]`): `time` (UTC timestamps),
        `elapsed_s`, then each stream the file has (`distance_m`, `lat`, `lon`, `altitude_m`,
        `speed_m_s`, `heart_rate`, `cadence`, `power`), NaN where a record has no value."""
        from progtempo.frames import frame

        columns: dict[str, Any] = {
            "time": self.start_time.timestamp() + self.time_s,
            "elapsed_s": self.time_s,
        }
        for name in RECORD_STREAMS:
            values = getattr(self, name)
            if values is not None:
                columns[name] = values
        return frame(columns, utc=["time"], what="the records")


def iso_utc(t: datetime) -> str:
    """ISO 8601 UTC with a Z, as every JSON document shows timestamps."""
    from datetime import UTC

    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")
