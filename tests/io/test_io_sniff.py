"""Format detection from the bytes, and what the error says the bytes look like."""

from __future__ import annotations

import gzip

import pytest

from progtempo.errors import ActivityReadError
from progtempo.io import sniff
from progtempo.io.sniff import describe
from progtempo.synth import Leg, fit_bytes, gpx_bytes, make_run, tcx_bytes

RUN = make_run([Leg(500.0, 300.0, 0.0, 150)])


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (fit_bytes(RUN), "fit"),
        (gpx_bytes(RUN), "gpx"),
        (tcx_bytes(RUN), "tcx"),
        (gzip.compress(fit_bytes(RUN)), "fit"),
        (gzip.compress(gpx_bytes(RUN)), "gpx"),
        (b"\n   \t" + gpx_bytes(RUN), "gpx"),  # Strava: whitespace before <?xml
        (b"\xef\xbb\xbf" + tcx_bytes(RUN), "tcx"),  # a byte-order mark
        (b"<?xml version='1.0'?>\n<!-- comment -->\n<gpx version='1.0'/>", "gpx"),
        (b"<?xml version='1.0'?>\n  <Activities><Activity Sport='Running'/></Activities>", "tcx"),  # no root
        ("<?xml version='1.0' encoding='UTF-16'?><gpx/>".encode("utf-16"), "gpx"),
    ],
)
def test_formats_are_found_from_the_bytes(data: bytes, fmt: str) -> None:
    assert sniff(data) == fmt


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG image"),
        (b"\x89PNG\r\n\x1a\n" + bytes(10), "PNG image"),
        (b"%PDF-1.4 ...", "PDF"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML page"),
        (b"<html><body>nope</body></html>", "HTML page"),
        (b"<?xml version='1.0'?><kml xmlns='http://www.opengis.net/kml/2.2'/>", "root element is <kml>"),
        (b'{"type": "FeatureCollection"}', "JSON"),
        (b"plain text", "plain text"),
        (bytes([14, 0x20]) + bytes(12), "no '.FIT' signature"),
        (bytes(range(256)) * 4, "binary data"),
    ],
)
def test_other_bytes_are_named_in_the_error(data: bytes, words: str) -> None:
    assert words in describe(data)
    with pytest.raises(ActivityReadError, match=words.replace("(", r"\(")) as err:
        sniff(data, "thing.fit")
    assert str(err.value).startswith("thing.fit: not a FIT, GPX or TCX activity file")


def test_gzip_errors() -> None:
    with pytest.raises(ActivityReadError, match="compressed data is corrupt"):
        sniff(b"\x1f\x8b\x08\x00" + bytes(30))
    with pytest.raises(ActivityReadError, match=r"inside the gzip: .*plain text"):
        sniff(gzip.compress(b"hello world"))
