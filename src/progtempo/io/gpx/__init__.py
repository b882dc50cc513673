"""GPX 1.0/1.1 files into an Activity: lxml (`fast`) by default, gpxpy (`gpxpy`, the oracle) where the
fast reader declines; both hand a `GpxTrackData` to `common.build_activity`."""

from progtempo.io.gpx.common import GpxTrackData, decode_xml_text, parse_time, recover_xml, sport_from_text
from progtempo.io.gpx.read import read_gpx

__all__ = ["GpxTrackData", "decode_xml_text", "parse_time", "read_gpx", "recover_xml", "sport_from_text"]
