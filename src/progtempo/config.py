"""One home for configuration: the unit, today, the time zone, the log's URL and the athlete.

`Config.resolve(...)` is called once at the edge (the CLI's group, the web app's startup) with the
options the user gave; it reads the environment and the clock there and nowhere else. Everything below
it (plan, analysis, coach, store) gets the resolved values as arguments: the core reads no environment
variable and no clock, so the same inputs give the same outputs in tests, in the CLI and on the web.

The time-zone rule, the same for every command: "today" and the day a run counts for are the local
calendar day in `tz` (`PROGTEMPO_TZ`, an IANA name like `Europe/Paris`, else the machine's own zone).
Timestamps are still stored and printed in JSON as UTC.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from progtempo.errors import ProgtempoError
from progtempo.limits import Limits
from progtempo.limits import from_env as limits_from_env
from progtempo.units import Unit, parse_unit

if TYPE_CHECKING:
    from pathlib import Path

#: the athlete whose log a command reads when none is named (`--athlete`, PROGTEMPO_ATHLETE)
DEFAULT_ATHLETE = "me"
#: the environment variables `Config.resolve` reads; options win over them
ENV_UNIT, ENV_DB, ENV_ATHLETE, ENV_TZ = "PROGTEMPO_UNIT", "PROGTEMPO_DB", "PROGTEMPO_ATHLETE", "PROGTEMPO_TZ"


@dataclass(frozen=True)
class Config:
    """The resolved settings every command runs with (contract 3 of the coordination notes).

    - `unit`: how paces and distances are shown (`--unit`, else PROGTEMPO_UNIT, else mi);
      `unit_explicit` says whether the user chose it (a spec naming its own unit wins otherwise).
    - `today`: the local date in `tz`, taken once when the config is resolved.
    - `now`: that moment (UTC): when an exported file says it was made.
    - `tz`: the zone of the runner's calendar (PROGTEMPO_TZ, else the machine's zone).
    - `db_url`: the training log (`--db`, else PROGTEMPO_DB, else None: SQLite in the user data dir).
    - `athlete`: whose log (`--athlete`, else PROGTEMPO_ATHLETE, else "me").
    - `debug`: show tracebacks.
    - `limits`: how much work one file or zip may ask for (`progtempo.limits`: PROGTEMPO_MAX_…).
    """

    unit: Unit = "mi"
    today: dt.date = dt.date(2026, 1, 1)
    tz: dt.tzinfo = dt.UTC
    db_url: str | None = None
    athlete: str = DEFAULT_ATHLETE
    unit_explicit: bool = False
    debug: bool = False
    limits: Limits = field(default_factory=Limits)
    now: dt.datetime = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    @classmethod
    def resolve(
        cls,
        *,
        unit: str | None = None,
        db_url: str | None = None,
        athlete: str | None = None,
        tz: str | None = None,
        debug: bool = False,
        environ: Mapping[str, str] | None = None,
        now: dt.datetime | None = None,
    ) -> Config:
        """The config from the user's options, then the environment, then the defaults.

        `environ` and `now` stand in for `os.environ` and the clock (tests pass their own).
        """
        env = os.environ if environ is None else environ
        unit_text = unit or env.get(ENV_UNIT) or None
        zone = resolve_tz(tz or env.get(ENV_TZ) or None)
        moment = now if now is not None else dt.datetime.now(dt.UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        name = (athlete if athlete is not None else env.get(ENV_ATHLETE) or DEFAULT_ATHLETE).strip()
        if not name:
            raise ProgtempoError("the athlete name is empty: give --athlete NAME")
        return cls(
            unit=parse_unit(unit_text) if unit_text else "mi",
            today=moment.astimezone(zone).date(),
            tz=zone,
            db_url=db_url or env.get(ENV_DB) or None,
            athlete=name,
            unit_explicit=unit_text is not None,
            debug=debug,
            limits=limits_from_env(env),
            now=moment.astimezone(dt.UTC),
        )

    @property
    def not_after(self) -> dt.datetime:
        """The latest instant a recording can be from: the end of tomorrow, UTC (today is local, so a
        day's margin covers every zone). Records after it are in the future, so impossible."""
        return dt.datetime.combine(self.today + dt.timedelta(days=2), dt.time(), dt.UTC)

    def with_athlete(self, athlete: str | None) -> Config:
        """This config for another athlete (a command's own `--athlete`); unchanged for None."""
        if athlete is None:
            return self
        name = athlete.strip()
        if not name:
            raise ProgtempoError("the athlete name is empty: give --athlete NAME")
        return replace(self, athlete=name)

    def local_date(self, t: dt.datetime) -> dt.date:
        """The calendar day of an instant in this config's zone (a naive time is taken as UTC)."""
        if t.tzinfo is None:
            t = t.replace(tzinfo=dt.UTC)
        return t.astimezone(self.tz).date()


def resolve_tz(name: str | None) -> dt.tzinfo:
    """The zone called `name` (IANA, or UTC), else the machine's local zone."""
    if name is None:
        local = dt.datetime.now().astimezone().tzinfo
        return local if local is not None else dt.UTC
    if name.strip().upper() in ("UTC", "Z", "GMT"):
        return dt.UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ProgtempoError(
            f"unknown time zone {name!r} (PROGTEMPO_TZ): give an IANA name like Europe/Paris, or UTC"
        ) from None


def default_db_path() -> Path:
    """`log.sqlite` in the user's data dir (platformdirs), e.g. ~/.local/share/progtempo/log.sqlite."""
    from platformdirs import user_data_path

    return user_data_path("progtempo", appauthor=False) / "log.sqlite"


def default_data_dir() -> Path:
    """The user's progtempo data dir (where the default log and the demo's chart go)."""
    from platformdirs import user_data_path

    return user_data_path("progtempo", appauthor=False)
