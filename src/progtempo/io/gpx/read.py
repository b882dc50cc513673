"""Reading a GPX file: the lxml reader (`fast`), handing what it declines to gpxpy (`gpxpy`, the oracle).

`PROGTEMPO_GPX_READER=gpxpy|fast` forces one (see `progtempo.io.oracle`).
"""

from __future__ import annotations

from progtempo.activity import Activity
from progtempo.io.oracle import fast_or_oracle

READER_ENV = "PROGTEMPO_GPX_READER"


def read_gpx(data: bytes, source: str) -> Activity:
    """A GPX file's bytes (already gunzipped) into an Activity: the lxml reader unless
    `PROGTEMPO_GPX_READER=gpxpy`; a file the fast reader declines is read with gpxpy."""

    def fast() -> Activity:
        from progtempo.io.gpx.fast import read_gpx_fast

        return read_gpx_fast(data, source)

    def oracle() -> Activity:
        from progtempo.io.gpx.gpxpy import read_gpx_gpxpy

        return read_gpx_gpxpy(data, source)

    return fast_or_oracle(READER_ENV, "GPX reader", "gpxpy", fast, oracle)
