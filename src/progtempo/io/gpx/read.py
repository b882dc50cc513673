"""Reading a GPX file: the lxml reader (`fast`), handing what it declines to gpxpy (`gpxpy`, the oracle).

`reader="gpxpy"` or `"fast"` forces one (`Limits.gpx_reader`; see `progtempo.io.oracle`).
"""

from __future__ import annotations

from progtempo.activity import Activity
from progtempo.io.oracle import fast_or_oracle


def read_gpx(data: bytes, source: str, reader: str = "auto") -> Activity:
    """A GPX file's bytes (already gunzipped) into an Activity: the lxml reader unless `reader` is
    "gpxpy"; a file the fast reader declines is read with gpxpy."""

    def fast() -> Activity:
        from progtempo.io.gpx.fast import read_gpx_fast

        return read_gpx_fast(data, source)

    def oracle() -> Activity:
        from progtempo.io.gpx.gpxpy import read_gpx_gpxpy

        return read_gpx_gpxpy(data, source)

    return fast_or_oracle(reader, "GPX reader", "gpxpy", fast, oracle)
