"""GPX with lxml alone: the same Activity as the gpxpy reader, about ten times faster.

gpxpy builds an object for every point and field; on a one-hour 1 Hz file that is most of the time.
This reader parses the document with the same lxml parser on the same text, walks it the way gpxpy
does (gpxpy drops the first default `xmlns`, then finds elements by exact tag, the first child of a
name wins), checks every value gpxpy checks, and keeps only what `read_gpx` uses. Where gpxpy would
raise, or where copying it exactly is not worth the code (odd namespace declarations, time zones a day
or more away), it declines (`progtempo.io.oracle.Declined`) and gpxpy reads the file, so the two never
differ. `tests/io/test_io_gpx_fast.py` holds gpxpy as the oracle.
"""

from __future__ import annotations

import math
import operator
import re
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from lxml import etree

from progtempo.activity import Activity, FloatArray
from progtempo.errors import ActivityReadError
from progtempo.io.gpx.common import (
    GpxTrackData,
    build_activity,
    damaged_warning,
    decode_xml_text,
    extension_key,
    recover_xml,
    unreadable_message,
)
from progtempo.io.oracle import Declined


class NotXml(Exception):
    """lxml cannot parse the text (gpxpy's GPXXMLSyntaxException)."""


# gpxpy's regular expressions, as it applies them to the whole text before parsing
_NS_DECL = re.compile(r'\sxmlns:?[^=]*="[^"]+"')
_DEFAULT_NS = re.compile(r"""\sxmlns=(['"])[^'"]+\1""")
_TIMESTAMP = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[T ]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})"
    r"(\.[0-9]{1,15})?(Z|[+-−][0-9]{2}:?(?:[0-9]{2})?)?$"  # [+-−] is a range, sic
)
# namespace prefixes and URIs lxml's register_namespace surely accepts (gpxpy registers every one)
_SAFE_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_SAFE_URI = re.compile(
    r"https?://[A-Za-z0-9][A-Za-z0-9.\-]*(?::[0-9]{1,5})?(?:/[A-Za-z0-9\-._~/]*)?"
    r"|urn:[A-Za-z0-9][A-Za-z0-9\-.]*(?::[A-Za-z0-9\-._~/]+)*"
)
_XML_NS = "http://www.w3.org/XML/1998/namespace"

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_US = 10**6
_FLOAT = "float"
_INT = "int"
_FIX = ("none", "2d", "3d", "dgps", "pps", "3")
# fields gpxpy converts (and so may reject) in every point, beyond lat, lon, ele and time
_POINT_CHECKS: dict[str, str] = {
    "magvar": _FLOAT, "geoidheight": _FLOAT, "fix": "fix", "sat": _INT, "hdop": _FLOAT, "vdop": _FLOAT,
    "pdop": _FLOAT, "ageofdgpsdata": _FLOAT, "dgpsid": _INT,
}  # fmt: skip
_TRKPT_10_CHECKS = {"course": _FLOAT, "speed": _FLOAT, **_POINT_CHECKS}  # GPX 1.0 track points
_BOUNDS = ("minlat", "maxlat", "minlon", "maxlon")
_ROWS = {"heart_rate": 0, "cadence": 1, "power": 2, "speed": 3}
_KEY_ROWS: dict[Any, int] = {}
_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
_REGULAR_TIMES = {20: re.compile(f"(?:{_DATE}Z)*")} | {
    21 + k: re.compile(f"(?:{_DATE}\\.[0-9]{{{k}}}Z)*") for k in range(1, 7)
}


def read_gpx_fast(data: bytes, source: str) -> Activity:
    """A GPX file's bytes (already gunzipped) into an Activity, as `read_gpx_gpxpy` gives it; raises
    `Declined` where it might differ from gpxpy."""
    text = decode_xml_text(data)
    warns: list[str] = []
    try:
        track = parse_gpx_text(text)
    except NotXml:
        mended, line, reason = recover_xml(text)
        where = f"line {line}" if line is not None else "an unknown line"
        if mended is None:
            raise ActivityReadError(source, unreadable_message(where, reason)) from None
        try:
            track = parse_gpx_text(mended)
        except Exception as exc:  # Declined or not GPX: gpxpy reads it or says which error
            raise Declined(f"the mended text: {exc}") from exc
        warns.append(damaged_warning(where, reason))
    except Declined:
        raise
    except Exception as exc:  # anything unforeseen: never differ from the oracle
        raise Declined(f"{type(exc).__name__}: {exc}") from exc
    try:
        return build_activity(track, source, warns)
    except (ActivityReadError, Declined):
        raise
    except Exception as exc:
        raise Declined(f"{type(exc).__name__}: {exc}") from exc


def parse_gpx_text(text: str) -> GpxTrackData:
    """The track points of GPX text, found and checked as gpxpy finds and checks them; raises `NotXml`
    where gpxpy raises GPXXMLSyntaxException and `Declined` where gpxpy raises anything else."""
    _check_namespace_declarations(text)
    m = _DEFAULT_NS.search(text)
    if m is not None:
        text = text[: m.start()] + text[m.end() :]
    try:
        root = etree.XML(text.encode("utf-8"), etree.XMLParser(remove_comments=True))
    except Exception as exc:
        raise NotXml(str(exc)) from exc
    if root is None:
        raise Declined("no root")
    v11 = root.get("version") == "1.1"
    track = GpxTrackData.empty()
    track.creator = root.get("creator")
    _walk_header(root, v11, track)

    def xpath(path: str) -> list[Any]:
        result = etree.XPath(path, smart_strings=False)(root)
        assert isinstance(result, list)
        return result

    points = xpath("trk/trkseg/trkpt")
    n = len(points)
    if n == 0:
        return track
    lats, lons = xpath("trk/trkseg/trkpt/@lat"), xpath("trk/trkseg/trkpt/@lon")
    if len(lats) != n or len(lons) != n:
        raise Declined("a point without lat or lon")
    try:
        lat = np.array(list(map(float, lats)))
        lon = np.array(list(map(float, lons)))
    except ValueError as exc:
        raise Declined(str(exc)) from exc
    ele_found = xpath("trk/trkseg/trkpt/ele[1]")
    time_found = xpath("trk/trkseg/trkpt/time[1]")
    ext_found = xpath("trk/trkseg/trkpt/extensions[1]")
    children = root.xpath("count(trk/trkseg/trkpt/*)")
    if children != len(ele_found) + len(time_found) + len(ext_found):  # other fields: check them
        _check_points(points, _POINT_CHECKS if v11 else _TRKPT_10_CHECKS)
    ele = _elevations(_first_children(points, "ele", ele_found))
    time_texts = [None if e is None else e.text for e in _first_children(points, "time", time_found)]
    times = _times_regular(time_texts)
    if times is None:
        times = _times_general(time_texts, track)
    timed = np.isfinite(times)
    track.untimed = n - int(timed.sum())
    ext_cols = np.full((4, n), np.nan)
    if v11 and ext_found:
        exts = _first_children(points, "extensions", ext_found)
        if not _extension_columns_regular(root, ext_found, exts, ext_cols):
            _extension_columns(exts, ext_cols)
    keep = slice(None) if track.untimed == 0 else timed
    track.times = times[keep]
    track.columns = {
        "lat": lat[keep], "lon": lon[keep], "altitude": ele[keep], "heart_rate": ext_cols[0][keep],
        "cadence": ext_cols[1][keep], "power": ext_cols[2][keep], "speed": ext_cols[3][keep],
    }  # fmt: skip
    return track


def _walk_header(root: Any, v11: bool, track: GpxTrackData) -> None:
    """The first track's name and type, the counts, and gpxpy's checks outside the track points."""
    parent = root.find("metadata") if v11 else root
    bounds = parent.find("bounds") if parent is not None else None
    if bounds is not None:
        for name in _BOUNDS:
            value = bounds.get(name)
            if value is not None:
                _float(value)
    for el in root:
        tag = el.tag
        if tag == "wpt":
            _check_point(el, _POINT_CHECKS)
        elif tag == "rte":
            _check_text(el.find("number"), _INT)
            for pt in el:
                if pt.tag == "rtept":
                    _check_point(pt, _POINT_CHECKS)
                    track.route_points += 1
        elif tag == "trk":
            _check_text(el.find("number"), _INT)
            if track.n_tracks == 0:
                track.track_name = _text(el.find("name"))
                track.track_type = _text(el.find("type")) if v11 else None
            track.n_tracks += 1


def _first_children(points: list[Any], tag: str, found: list[Any]) -> list[Any]:
    """Each point's first child `tag` (None where it has none), from the XPath `.../tag[1]` result:
    when every point has one they line up, else look in each point."""
    if len(found) == len(points):
        return found
    if not found:
        return [None] * len(points)
    return [next(pt.iterchildren(tag), None) for pt in points]


def _elevations(els: list[Any]) -> FloatArray:
    """gpxpy's elevation of each point's first <ele> (NaN without one, or without text)."""
    texts = [None if el is None else el.text for el in els]
    if None not in texts:
        try:  # float() strips the same whitespace gpxpy strips
            return np.array(list(map(float, texts)))  # type: ignore[arg-type]  # no None, checked above
        except ValueError:
            pass
    return np.array([math.nan if text is None else _float(text) for text in texts], dtype=np.float64)


def _check_points(points: list[Any], checks: dict[str, str]) -> None:
    """Decline where gpxpy would reject a point's field (every occurrence is checked, gpxpy checks
    the first: a bad later one only sends the file to gpxpy)."""
    for pt in points:
        for child in pt:
            kind = checks.get(child.tag) if isinstance(child.tag, str) else None
            if kind is not None:
                _check_text(child, kind)


def _extension_columns(exts: list[Any], out: FloatArray) -> None:
    """Heart rate, cadence, power, speed (rows of `out`) under each point's first <extensions>, as
    gpx._extension_values reads them from gpxpy's copies of its children: the first value per stream
    that is a number, in document order."""
    rows = _KEY_ROWS
    row_of = rows.get
    for i, ext in enumerate(exts):
        if ext is None:
            continue
        got = 0
        for el in ext.iter(etree.Element):
            tag = el.tag
            row = row_of(tag, -2)
            if row == -2:
                key = extension_key(tag)
                row = rows[tag] = _ROWS[key] if key is not None else -1
            if row < 0 or got >> row & 1:
                continue
            text = el.text
            if not text:
                continue
            try:
                out[row, i] = float(text)
            except ValueError:
                continue
            got |= 1 << row


def _extension_columns_regular(root: Any, found: list[Any], exts: list[Any], out: FloatArray) -> bool:
    """`_extension_columns` in bulk for the usual layout, every <extensions> holding the same
    elements (Garmin's one TrackPointExtension with the same children, or the same flat list) each
    with a number; False, having done nothing, for any other layout."""
    if root.xpath("count(trk/trkseg/trkpt/extensions[1]/*/*/*)"):
        return False
    level1 = root.xpath("trk/trkseg/trkpt/extensions[1]/*", smart_strings=False)
    level2 = root.xpath("trk/trkseg/trkpt/extensions[1]/*/*", smart_strings=False)
    m = len(found)
    parents = found
    if level2:  # one container per point, with the same children
        if len(level1) != m or not _same_tags(level1, 1) or extension_key(level1[0].tag) is not None:
            return False
        if not _grouped_under(level1, found):
            return False
        leaves, parents = level2, level1
    else:
        leaves = level1
    if not leaves or len(leaves) % m:
        return False
    width = len(leaves) // m
    if not _same_tags(leaves, width) or not _grouped_under(leaves[::width], parents):
        return False
    rows = [-1] * 4
    for j, el in enumerate(leaves[:width]):
        key = extension_key(el.tag)
        if key is not None and rows[_ROWS[key]] < 0:
            rows[_ROWS[key]] = j
    values: dict[int, FloatArray] = {}
    for row, j in enumerate(rows):
        if j >= 0:
            try:  # every value a number: the first element of that name is the one read
                values[row] = np.array([float(el.text) for el in leaves[j::width]])
            except (TypeError, ValueError):
                return False
    at = np.flatnonzero(np.array([e is not None for e in exts])) if len(exts) != m else slice(None)
    for row, col in values.items():
        out[row, at] = col
    return True


def _same_tags(els: list[Any], width: int) -> bool:
    """Every run of `width` elements has the same tags, in the same order."""
    tags = [el.tag for el in els]
    runs = len(tags) // width
    return all(tags[j::width].count(tags[j]) == runs for j in range(width))


def _grouped_under(starts: list[Any], parents: list[Any]) -> bool:
    """`starts[i]` is a child of `parents[i]`, for every i: then the document-ordered runs line up."""
    return len(starts) == len(parents) and all(map(operator.is_, [el.getparent() for el in starts], parents))


def _times_regular(texts: list[str | None]) -> FloatArray | None:
    """POSIX seconds of times that all read `YYYY-MM-DDTHH:MM:SS[.f]Z` with the same length, in bulk
    (what `_time_s` gives each); None when they don't, or when a value is out of range."""
    n = len(texts)
    first = texts[0]
    if first is None or None in texts:
        return None
    width = len(first)
    pattern = _REGULAR_TIMES.get(width)
    if pattern is None:
        return None
    joined = "".join(texts)  # type: ignore[arg-type]  # no None, checked above
    if len(joined) != n * width or pattern.fullmatch(joined) is None:
        return None
    d = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(n, width).astype(np.int64) - 48

    def number(a: int, b: int) -> npt.NDArray[np.int64]:
        v = d[:, a]
        for j in range(a + 1, b):
            v = v * 10 + d[:, j]
        return v

    ymd = number(0, 4) * 10000 + number(5, 7) * 100 + number(8, 10)
    hour, minute, second = number(11, 13), number(14, 16), number(17, 19)
    if (hour > 23).any() or (minute > 59).any() or (second > 59).any():
        return None
    unique, inverse = np.unique(ymd, return_inverse=True)
    try:
        ordinals = np.array(
            [date(int(k) // 10000, int(k) // 100 % 100, int(k) % 100).toordinal() for k in unique]
        )
    except ValueError:
        return None
    seconds = (ordinals[inverse] - _EPOCH_ORDINAL) * 86400 + hour * 3600 + minute * 60 + second
    us = seconds * _US
    if width > 20:
        digits = width - 21
        us = us + number(20, 20 + digits) * 10 ** (6 - digits)
    if np.abs(us).max() >= 2**53:  # beyond exact float64: let the general path do it
        return None
    result: FloatArray = us / _US  # the same rounding as Python's int / int below 2**53
    return result


def _times_general(texts: list[str | None], track: GpxTrackData) -> FloatArray:
    """POSIX seconds of each time text as gpxpy reads it, NaN where it gives no time."""
    days: dict[tuple[int, int, int], int] = {}
    out = np.full(len(texts), np.nan)
    for i, text in enumerate(texts):
        t = _time_s(text, days, track)
        if t is not None:
            out[i] = t
    return out


def _time_s(text: str | None, days: dict[tuple[int, int, int], int], track: GpxTrackData) -> float | None:
    """gpxpy's time of a <time> text as POSIX seconds (its `datetime.timestamp()`, a zone-less time
    taken as UTC and flagged), or None where gpxpy gives no time."""
    if not text:
        return None
    m = _TIMESTAMP.match(text)
    if m is None:
        return None
    y, mo, d, h, mi, s, frac, zone = m.groups()
    key = (int(y), int(mo), int(d))
    ordinal = days.get(key)
    if ordinal is None:
        try:
            ordinal = date(*key).toordinal()
        except ValueError:
            return None
        days[key] = ordinal
    hour, minute, second = int(h), int(mi), int(s)
    if hour > 23 or minute > 59 or second > 59:
        return None
    us = int(frac[1:7].ljust(6, "0")) if frac else 0
    if zone is None:
        track.naive = True
        offset_min = 0
    else:
        offset_min = _offset_min(zone)
    seconds = (ordinal - _EPOCH_ORDINAL) * 86400 + hour * 3600 + minute * 60 + second - offset_min * 60
    return (seconds * _US + us) / _US  # timedelta.total_seconds() does exactly this division


def _offset_min(zone: str) -> int:
    """Minutes east of UTC, as gpxpy's SimpleTZ reads the zone; a day or more is declined (gpxpy's
    datetime would raise)."""
    offset = 0
    s = zone
    if s and len(s) >= 2:
        if s[0] in ("−", "-"):  # U+2212 or "-"
            mult = -1
            s = s[1:]
        else:
            if s[0] == "+":
                s = s[1:]
            mult = 1
        hour = int(s[:2]) if s[:2].isdigit() else 0
        minute = (int(s[-2:]) if s[-2:].isdigit() else 0) if len(s) >= 4 else 0
        offset = mult * (hour * 60 + minute)
    if abs(offset) >= 24 * 60:
        raise Declined(f"time zone {zone!r}")
    return offset


def _check_namespace_declarations(text: str) -> None:
    """gpxpy registers every `xmlns` declaration with lxml, which rejects some: decline those."""
    seen: set[str] = set()
    pos = 0
    while (at := text.find("xmlns", pos)) >= 0:  # _NS_DECL.findall(text), found faster
        m = _NS_DECL.match(text, at - 1) if at else None
        if m is None:
            pos = at + 1
            continue
        pos = m.end()
        decl = m.group()
        if decl in seen:
            continue
        seen.add(decl)
        prefix, _, uri = decl[6:].partition("=")
        prefix = prefix.lstrip(":")
        uri = uri.strip('"')
        if prefix == "":
            continue
        if (
            not _SAFE_PREFIX.fullmatch(prefix)
            or prefix.lower().startswith("xml")
            or not _SAFE_URI.fullmatch(uri)
            or uri == _XML_NS
        ):
            raise Declined(f"namespace declaration {decl.strip()!r}")


def _check_point(pt: Any, checks: dict[str, str]) -> None:
    """A waypoint or route point: decline where gpxpy would reject it."""
    _float_attr(pt, "lat")
    _float_attr(pt, "lon")
    _check_text(pt.find("ele"), _FLOAT)
    for tag, kind in checks.items():
        _check_text(pt.find(tag), kind)


def _check_text(el: Any, kind: str) -> None:
    """Decline where gpxpy's converter for this field rejects the element's text."""
    if el is None:
        return
    text = el.text
    if text is None:
        return
    if kind == _FLOAT:
        _float(text)
    elif kind == _INT:
        try:
            int(text.strip())
        except ValueError as exc:
            raise Declined(str(exc)) from exc
    elif text not in _FIX:
        raise Declined(f"fix {text!r}")


def _float(text: str) -> float:
    """gpxpy's float of a text; decline where it raises."""
    try:
        return float(text.strip())
    except ValueError as exc:
        raise Declined(str(exc)) from exc


def _float_attr(el: Any, name: str) -> float:
    """A mandatory float attribute (lat, lon)."""
    value = el.get(name)
    if value is None:
        raise Declined(f"no {name}")
    return _float(value)


def _text(el: Any) -> str | None:
    """An element's text, None when there is no element."""
    return None if el is None else el.text
