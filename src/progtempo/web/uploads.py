"""Receive a multipart upload straight into a staging folder under the data dir, within a size limit.

The body is parsed as it arrives (python-multipart, as Starlette does), and each file part is written to
`<staging>/<n>-<name>` as its bytes come: memory stays flat for a multi-GB Strava export, nothing is
written outside the staging folder whatever the part's file name says (`../../etc/x` is just `x`),
and the request stops at the limit with a 413. Only the `files` field is read; other parts are skipped.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from progtempo.errors import ProgtempoError
from progtempo.web.errors import TooLarge

FIELD = "files"
#: the longest file name kept (the rest of a longer name is cut)
MAX_NAME = 200


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the user gave it (base name only) and where its bytes are."""

    name: str
    path: Path
    size: int


def safe_name(raw: str) -> str:
    """The base name of a client's file name, without path parts or control characters."""
    base = re.split(r"[\\/]", raw)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:MAX_NAME] or "upload"


def megabytes(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n:,} bytes"


async def receive(
    request: Request, staging: Path, *, max_bytes: int, max_files: int, max_file_bytes: int | None = None
) -> list[Upload]:
    """Stream the request's `files` parts into `staging` (created); the uploads in order.

    Raises TooLarge (413) past `max_bytes` or `max_files`, or for one activity file past
    `max_file_bytes` (not a .zip: an export's members are checked by its reader); ProgtempoError
    (400) for a body that is not multipart or carries no file. On any error the staging folder is
    removed.
    """
    ctype, opts = parse_options_header(request.headers.get("content-type", ""))
    boundary = opts.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise ProgtempoError(
            "send the files as multipart/form-data in a field named 'files' (one or many), "
            "e.g. curl -F files=@run.fit"
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(_over(max_bytes))
    staging.mkdir(parents=True, exist_ok=True)
    sink = _Sink(staging, max_files, max_file_bytes)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": sink.part_begin,
            "on_header_field": sink.header_field,
            "on_header_value": sink.header_value,
            "on_header_end": sink.header_end,
            "on_headers_finished": sink.headers_finished,
            "on_part_data": sink.part_data,
            "on_part_end": sink.part_end,
        },
    )
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes:
                raise TooLarge(_over(max_bytes))
            parser.write(chunk)
        parser.finalize()
        if sink.too_many:
            raise TooLarge(f"more than {max_files:,} files in one upload: send them in smaller batches")

    except (MultipartParseError, ClientDisconnect) as exc:
        sink.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise ProgtempoError(f"the upload was cut or is not valid multipart ({type(exc).__name__})") from None
    except BaseException:
        sink.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    sink.close()
    if not sink.uploads:
        shutil.rmtree(staging, ignore_errors=True)
        raise ProgtempoError(f"no file in the upload: send one or more in the field '{FIELD}'")
    return sink.uploads


def _over(max_bytes: int) -> str:
    return (
        f"the upload is over the {megabytes(max_bytes)} limit: send fewer or smaller files, or start the "
        "server with a larger --upload-limit"
    )


class _Sink:
    """The parser's callbacks: one open file per `files` part."""

    def __init__(self, staging: Path, max_files: int, max_file_bytes: int | None = None) -> None:
        self.staging = staging
        self.max_files = max_files
        self.max_file_bytes = max_file_bytes
        self.uploads: list[Upload] = []
        self.too_many = False
        self._field = b""
        self._value = b""
        self._disposition = b""
        self._file: IO[bytes] | None = None
        self._name = ""
        self._path: Path | None = None
        self._size = 0

    def part_begin(self) -> None:
        self._disposition = b""
        self._field = self._value = b""

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def header_end(self) -> None:
        if self._field.lower() == b"content-disposition":
            self._disposition = self._value
        self._field = self._value = b""

    def headers_finished(self) -> None:
        _, opts = parse_options_header(self._disposition)
        filename = opts.get(b"filename")
        if opts.get(b"name") != FIELD.encode() or filename is None:
            return  # another field, or a value rather than a file: skipped
        if len(self.uploads) >= self.max_files:
            self.too_many = True
            return
        self._name = safe_name(filename.decode("utf-8", "replace"))
        self._path = self.staging / f"{len(self.uploads) + 1:05d}-{self._name}"
        self._file = self._path.open("xb")
        self._size = 0

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            self._file.write(data[start:end])
            self._size += end - start
            limit = self.max_file_bytes
            if limit is not None and self._size > limit and not self._name.lower().endswith(".zip"):
                raise TooLarge(
                    f"{self._name}: over the {megabytes(limit)} limit of one activity file "
                    "(a watch's file is a few MB): is it really one?"
                )

    def part_end(self) -> None:
        if self._file is not None and self._path is not None:
            self._file.close()
            self.uploads.append(Upload(self._name, self._path, self._size))
        self._file = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
