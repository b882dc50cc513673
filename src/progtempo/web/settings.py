"""What the web app is started with: the log to open, whose it is, the unit, the limits, the clock.

Built once at the edge (`progtempo serve` from its `Config`, or a test) and handed to `create_app`;
nothing in the app reads the environment. Today is read from the clock on each request, not once: a
server runs across midnight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from progtempo.limits import Limits
from progtempo.units import Unit

#: The largest request `POST /api/import` takes: a big Strava bulk export is a few hundred MB.
DEFAULT_UPLOAD_MAX_BYTES = 1024 * 1024 * 1024
#: One activity file (a day-long FIT is about 10 MB; a zip's members are limited by its reader).
DEFAULT_UPLOAD_MAX_FILE_BYTES = 64 * 1024 * 1024
#: Files in one upload request.
DEFAULT_UPLOAD_MAX_FILES = 10_000


def local_zone() -> dt.tzinfo:
    """This machine's time zone."""
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


@dataclass(frozen=True)
class WebSettings:
    """The app's configuration, resolved.

    `tz` is the zone of the runner's calendar (the one rule of `progtempo.config.Config`): "today" and
    the day a run counts for are local days in it. `data_dir` holds the staging folder of uploads
    (removed after each import). `tile_url` is a map-tile URL template (`https://…/{z}/{x}/{y}.png`)
    the run page may draw the route on; without it the route is a line on a plain canvas and no
    request leaves the machine.
    """

    unit: Unit
    db_url: str | None
    data_dir: Path
    athlete: str = "me"
    unit_explicit: bool = False
    upload_max_bytes: int = DEFAULT_UPLOAD_MAX_BYTES
    upload_max_files: int = DEFAULT_UPLOAD_MAX_FILES
    #: the largest one activity file (not an export zip) may be
    upload_max_file_bytes: int = DEFAULT_UPLOAD_MAX_FILE_BYTES
    import_jobs: int | None = None
    tile_url: str | None = None
    #: served beyond loopback or behind a proxy: everyone logs in, even before any account exists
    public: bool = False
    #: run the upload jobs in this process (else `progtempo worker` processes do)
    run_jobs: bool = True
    tz: dt.tzinfo = field(default_factory=local_zone)
    #: how much work one uploaded file or zip may ask for (`progtempo.limits`, PROGTEMPO_MAX_…)
    limits: Limits = field(default_factory=Limits)
    #: the clock, read at the edge on each request (a server runs across midnight)
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    def today(self) -> dt.date:
        """Today in the runner's zone."""
        return self.now().astimezone(self.tz).date()

    @property
    def uploads_dir(self) -> Path:
        """Where uploads are staged while they are imported."""
        return self.data_dir / "uploads"
