"""Which activity format some bytes hold, judged from the bytes themselves, never from the file name.

A FIT file carries `.FIT` at byte 8 of its header; GPX and TCX are XML whose first element is `<gpx>`
or `<TrainingCenterDatabase>` (or, in a TCX that lost its root, `<Activities>`). Anything else gets an
error that says what the bytes look like (a JPEG, an HTML page, plain text...), so the user knows
what they fed in.
"""

from __future__ import annotations

import re

from progtempo.errors import ActivityReadError

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
_BOMS = (b"\xef\xbb\xbf",)
_XML_PEEK_BYTES = 8192
_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_TCX_ROOTS = {b"TrainingCenterDatabase", b"Activities", b"Activity", b"Courses", b"MultiSportSession"}

# leading bytes -> what they are, for the error message
_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (ZIP_MAGIC, "a ZIP archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"SQLite format 3", "an SQLite database"),
    (b"RIFF", "a RIFF (audio/video/image) file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4/HEIC media file"),
    (b"\x00\x00\x00\x20ftyp", "an MP4/HEIC media file"),
)


def is_gzip(data: bytes) -> bool:
    """True when the bytes start with the gzip signature."""
    return data[:2] == GZIP_MAGIC


def is_fit(data: bytes) -> bool:
    """True when the bytes start with a FIT file header (size 12 or 14, `.FIT` at byte 8)."""
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT"


def strip_xml_preamble(data: bytes) -> bytes:
    """Drop a byte-order mark and any whitespace before `<?xml` (Strava's GPX/TCX start with spaces)."""
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
    return data.lstrip(b" \t\r\n\x00")


def gunzip_head(data: bytes, limit: int = _XML_PEEK_BYTES) -> bytes:
    """The first `limit` bytes of a gzip stream (enough to sniff), or what can be decompressed."""
    import zlib

    d = zlib.decompressobj(wbits=31)
    try:
        return d.decompress(data, limit)
    except zlib.error:
        return b""


def xml_root_name(data: bytes) -> str | None:
    """The local name of the first element of an XML document, skipping `<?...?>`, comments, DOCTYPE."""
    head = strip_xml_preamble(data[: _XML_PEEK_BYTES * 4])
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):  # UTF-16: decode the head
        try:
            head = head.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return None
    pos = 0
    while True:
        start = head.find(b"<", pos)
        if start < 0:
            return None
        if head.startswith(b"<?", start):
            end = head.find(b"?>", start)
        elif head.startswith(b"<!--", start):
            end = head.find(b"-->", start)
        elif head.startswith(b"<!", start):
            end = head.find(b">", start)
        else:
            m = _TAG.match(head, start)
            return m.group(2).decode("ascii", "replace") if m else None
        if end < 0:
            return None
        pos = end + 1


def sniff_format(data: bytes) -> str | None:
    """ "fit", "gpx" or "tcx" for these (already gunzipped) bytes, or None when they are none of them."""
    if is_fit(data):
        return "fit"
    head = strip_xml_preamble(data[:_XML_PEEK_BYTES])
    if not head.startswith(b"<") and not head.startswith(b"\xff\xfe") and not head.startswith(b"\xfe\xff"):
        return None
    root = xml_root_name(data)
    if root is None:
        return None
    if root.lower() == "gpx":
        return "gpx"
    if root.encode() in _TCX_ROOTS:
        return "tcx"
    return None


def describe(data: bytes) -> str:
    """What these bytes look like, in a few words, for an error message."""
    n = len(data)
    if n == 0:
        return "the file is empty (0 bytes)"
    for magic, what in _MAGICS:
        if data.startswith(magic):
            return f"it is {what} ({n:,} bytes)"
    if n >= 12 and data[8:12] != b".FIT" and data[0] in (12, 14) and n < 64 and not any(data[12:]):
        return f"it is {n} bytes with no '.FIT' signature at byte 8, so not a FIT header"
    head = strip_xml_preamble(data[:_XML_PEEK_BYTES])
    if head[:1] == b"<":
        root = xml_root_name(data)
        lowered = head[:2048].lower()
        if (
            (root is not None and root.lower() == "html")
            or b"<!doctype html" in lowered
            or b"<html" in lowered
        ):
            return "it is an HTML page (perhaps a login or error page saved instead of the file)"
        if root is not None:
            hint = " (KML: a route, without times)" if root.lower() == "kml" else ""
            return (
                f"it is an XML document whose root element is <{root}>, not <gpx> or "
                f"<TrainingCenterDatabase>{hint}"
            )
        return "it starts like XML but has no element"
    if head[:1] in (b"{", b"["):
        return "it is JSON text, not a FIT, GPX or TCX file"
    sample = data[:512]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and sum(c.isprintable() or c in "\r\n\t" for c in text) >= 0.95 * len(text):
        first = text.strip().splitlines()[0][:40] if text.strip() else ""
        return f"it is plain text ({n:,} bytes, starting {first!r})"
    return f"it is {n:,} bytes of binary data that is not a FIT file (no '.FIT' signature at byte 8)"


def sniff(data: bytes, source: str = "data") -> str:
    """ "fit", "gpx" or "tcx" for these bytes (gunzipped first when gzipped); ActivityReadError otherwise."""
    if is_gzip(data):
        head = gunzip_head(data)
        if not head:
            raise ActivityReadError(
                source, "it is gzip-compressed but the compressed data is corrupt; download the file again"
            )
        fmt = sniff_format(head)
        if fmt is None:
            raise ActivityReadError(source, f"inside the gzip: {_not_activity(head)}")
        return fmt
    fmt = sniff_format(data)
    if fmt is None:
        raise ActivityReadError(source, _not_activity(data))
    return fmt


def _not_activity(data: bytes) -> str:
    return f"not a FIT, GPX or TCX activity file: {describe(data)}; export the run as .fit, .gpx or .tcx"
