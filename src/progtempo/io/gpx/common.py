"""What both GPX readers share: the text of the XML, its times, the sport, the messages, and
`GpxTrackData` (what a parser hands on) into an Activity (`build_activity`).

GPX has positions, elevation and time; heart rate, cadence and power live in extensions (Garmin's
TrackPointExtension v1/v2 and the other common names). It has no device distance, laps or pauses:
those come from the analysis. Strava's exports start with whitespace before `<?xml`: it is stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from progtempo.activity import Activity, FloatArray
from progtempo.errors import ActivityReadError
from progtempo.io._streams import sort_and_merge, track_streams
from progtempo.io.sniff import strip_xml_preamble

# extension element local names (lowercased) -> stream
_EXTENSION_NAMES = {
    "hr": "heart_rate", "heartrate": "heart_rate", "heart_rate": "heart_rate", "heartratebpm": "heart_rate",
    "cad": "cadence", "cadence": "cadence", "runcadence": "cadence",
    "power": "power", "watts": "power", "powerinwatts": "power",
    "speed": "speed",
}  # fmt: skip
# Strava's numeric activity types in GPX <type>, and the usual words
_SPORTS = {
    "9": "running", "1": "cycling", "10": "walking", "4": "hiking",
    "run": "running", "running": "running",
    "trail_running": "trail_running", "trail running": "trail_running",
    "trailrun": "trail_running", "treadmill_running": "treadmill_running", "virtualrun": "treadmill_running",
    "ride": "cycling", "cycling": "cycling", "biking": "cycling", "road_biking": "cycling",
    "walk": "walking", "walking": "walking", "hike": "hiking", "hiking": "hiking",
}  # fmt: skip
_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._\-]+)["']""")


def decode_xml_text(data: bytes) -> str:
    """XML bytes as text, after dropping a BOM and leading whitespace; honours the declared encoding."""
    data = strip_xml_preamble(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16; a cut or damaged one keeps what decodes
        return strip_xml_preamble(data.decode("utf-16", errors="replace").encode("utf-8")).decode("utf-8")
    m = _DECL_ENCODING.match(data[:200])
    encoding = m.group(1).decode("ascii").lower() if m else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def recover_xml(text: str) -> tuple[str | None, int | None, str]:
    """Parse damaged XML with lxml's recover mode; the mended document, the first bad line, the reason."""
    from lxml import etree

    raw = text.encode("utf-8")
    raw = re.sub(rb"""^<\?xml[^>]*\?>""", b"", raw, count=1)
    parser = etree.XMLParser(recover=True, remove_comments=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        root = None
    errors = list(parser.error_log)
    line = errors[0].line if errors else None
    reason = errors[0].message if errors else "unreadable XML"
    if root is None:
        return None, line, reason
    return etree.tostring(root, encoding="unicode"), line, reason


def parse_time(text: str) -> datetime:
    """An ISO 8601 time (Z or offset kept); a time without zone is taken as UTC."""
    s = text.strip()
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    t = datetime.fromisoformat(s)
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def sport_from_text(text: str | None) -> str:
    """A GPX <type> or TCX Sport value as a sport name; unknown when it is not recognised."""
    if not text:
        return "unknown"
    return _SPORTS.get(text.strip().lower(), "unknown")


@dataclass
class GpxTrackData:
    """What a GPX parser hands on: the timed track points (columns `lat`, `lon`, `altitude`,
    `heart_rate`, `cadence`, `power`, `speed`, NaN where missing) and the file's few facts we use."""

    times: list[float] | FloatArray
    columns: dict[str, list[float] | FloatArray]
    untimed: int = 0  # points without a (readable) time, dropped
    naive: bool = False  # some time had no zone: read as UTC
    n_tracks: int = 0
    route_points: int = 0
    track_type: str | None = None  # the first track's <type>
    track_name: str | None = None  # the first track's <name>
    creator: str | None = None

    @classmethod
    def empty(cls) -> GpxTrackData:
        """No points yet, every column there."""
        return cls([], {k: [] for k in COLUMNS})


COLUMNS = ("lat", "lon", "altitude", "heart_rate", "cadence", "power", "speed")


def unreadable_message(where: str, reason: str) -> str:
    """The error for a GPX file lxml cannot mend."""
    return f"the GPX file is not readable XML (at {where}: {reason.strip()})"


def damaged_message(where: str, reason: str) -> str:
    """The error for a GPX file whose mended part is not GPX."""
    return f"the GPX file is damaged at {where} ({reason.strip()}) and what comes before is not valid GPX"


def damaged_warning(where: str, reason: str) -> str:
    """The warning for a GPX file read up to its damage."""
    return f"the GPX file is damaged at {where} ({reason.strip()}): kept the points before it"


def build_activity(track: GpxTrackData, source: str, warns: list[str]) -> Activity:
    """The Activity of a parsed GPX track (either parser), with the warnings and errors both share."""
    total = len(track.times) + track.untimed
    if total == 0:
        routes = track.route_points
        extra = f" ({routes} route points: a planned route, not a recorded run)" if routes else ""
        raise ActivityReadError(source, f"the GPX file holds no track points{extra}")
    if len(track.times) == 0:
        raise ActivityReadError(
            source, f"none of the GPX file's {total:,} points has a time: it is a route, not a recorded run"
        )
    if track.untimed:
        warns.append(f"{track.untimed:,} of {total:,} GPX points have no time: dropped")
    if track.naive:
        warns.append("the GPX times carry no time zone: read as UTC")
    if track.n_tracks > 1:
        warns.append(f"{track.n_tracks} tracks in the file: joined into one activity")

    t_abs, merged, n_merged = sort_and_merge(
        np.asarray(track.times, dtype=np.float64),
        {k: np.asarray(v, dtype=np.float64) for k, v in track.columns.items()},
    )
    if n_merged:
        warns.append(f"{n_merged} point(s) repeat an earlier time: merged into one")
    sport = sport_from_text(track.track_type)
    start = datetime.fromtimestamp(float(t_abs[0]), UTC)
    return Activity(
        start_time=start,
        time_s=t_abs - t_abs[0],
        distance_m=None,
        **track_streams(merged, sport),
        source=source,
        format="gpx",
        sport=sport,
        device=(track.creator or "").strip() or None,
        name=(track.track_name or "").strip() or None if track.n_tracks else None,
        warnings=warns,
    )


_KEYS: dict[str, str | None] = {}


def extension_key(tag: str) -> str | None:
    """The stream an extension element feeds, by its local name in any namespace (None: none)."""
    try:
        return _KEYS[tag]
    except KeyError:
        key = _KEYS[tag] = _EXTENSION_NAMES.get(tag.rsplit("}", 1)[-1].lower())
        return key
