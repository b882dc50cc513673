"""`progtempo export`: a session or a whole progression as files for the watch, calendar and paper."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from progtempo.cli._common import config, echo_json
from progtempo.cli.plan import logged_profile, zones_from_option
from progtempo.errors import ProgtempoError

FORMAT_HELP = "fit, intervals, zwo, tcx, ics or card"


def _date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ProgtempoError(
            f"{what} {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-02"
        ) from None


def _time(text: str | None) -> dt.time | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ProgtempoError(f"--time {text!r} is not a time of day: write it as HH:MM, e.g. 07:00 or 18:30")
    return dt.time(int(m.group(1)), int(m.group(2)))


@click.command("export")
@click.argument("plan", required=False, metavar="SPEC|PLAN.json")
@click.option("--format", "fmt", required=True, metavar="FORMAT", help=f"File format: {FORMAT_HELP}.")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE|FOLDER",
    help="File to write (a folder with --progression). For card, .pdf or .png picks the kind.",
)
@click.option(
    "--with-fallback", is_flag=True, help="Also write the jaded (half-step) variant as NAME-jaded.EXT."
)
@click.option(
    "--date", "date_text", metavar="YYYY-MM-DD", help="Day of the session (ics, tcx, card); ics: tomorrow."
)
@click.option("--time", "time_text", metavar="HH:MM", help="Start time for calendar events (default 07:00).")
@click.option(
    "--name", help="Workout name shown on the watch (default: the session, e.g. 6x1mi 10:00-7:30/mi)."
)
@click.option(
    "--progression", "progression_spec", metavar="SPEC", help="Export a whole progression of this session."
)
@click.option("--weeks", type=int, help="With --progression: how many weeks.")
@click.option(
    "--start-date", "start_text", metavar="YYYY-MM-DD", help="With --progression: the first session's day."
)
@click.option(
    "--hold", type=int, default=2, show_default=True, help="With --progression: weeks at each level."
)
@click.option(
    "--weekday", metavar="DAY", help="With --progression: mon..sun (default: the start date's day)."
)
@click.option("--deload-every", type=int, metavar="N", help="With --progression: every Nth week is easier.")
@click.option(
    "--grow",
    type=click.Choice(["segments", "time"]),
    default="segments",
    show_default=True,
    help="With --progression: volume adds a segment, or a minute to each segment (segments by time).",
)
@click.option(
    "--hr-max",
    type=float,
    default=None,
    metavar="BPM",
    help="Your maximum heart rate: a session by effort gets heart-rate targets in bpm (fit, tcx, card).",
)
@click.option(
    "--threshold-hr",
    type=float,
    default=None,
    metavar="BPM",
    help="Your threshold heart rate: those targets in your own zones (Friel's %LTHR).",
)
@click.option(
    "--threshold",
    default=None,
    metavar="PACE",
    help="Your threshold pace (7:15, 4:30/km): each step's talk test from its pace in your zones.",
)
@zones_from_option
@click.option(
    "--zwift-ref",
    default="half",
    show_default=True,
    metavar="REF",
    help="zwo: the Zwift profile pace the blocks are shares of: mile, 5k, 10k, half or marathon.",
)
@click.option(
    "--zwift-ref-pace", metavar="PACE", help="zwo: that reference pace (default: the session's end pace)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the files written as JSON.")
@click.pass_context
def export(
    ctx: click.Context,
    plan: str | None,
    fmt: str,
    output: str,
    with_fallback: bool,
    date_text: str | None,
    time_text: str | None,
    name: str | None,
    progression_spec: str | None,
    weeks: int | None,
    start_text: str | None,
    hold: int,
    weekday: str | None,
    deload_every: int | None,
    grow: str,
    hr_max: float | None,
    threshold_hr: float | None,
    threshold: str | None,
    zones_from: str | None,
    zwift_ref: str,
    zwift_ref_pace: str | None,
    as_json: bool,
) -> None:
    """Write a session (or a whole progression) for a watch, a calendar or paper.

    \b
    progtempo export "6x1mi 10:00-7:30" --format fit -o tempo.fit
    progtempo --unit km export plan.json --format card -o card.pdf
    progtempo export --progression "6x1mi 10:00-7:30" --weeks 8 --start-date 2026-03-02 --format fit -o plan/
    progtempo --unit km export "6x8min by effort" --hr-max 188 --format fit -o trail.fit
    """
    from progtempo.export import FORMATS, export_progression, export_session
    from progtempo.plan.files import read_plan
    from progtempo.plan.request import SessionRequest, hr_scale, pace_zones
    from progtempo.units import parse_pace

    cfg = config(ctx)
    unit = cfg.unit
    known = SessionRequest(
        hr_max=hr_max,
        threshold_hr=threshold_hr,
        threshold=threshold,
        unit=unit,
        profile=logged_profile(ctx, zones_from) if zones_from else None,
    )
    scale, zones = hr_scale(known), pace_zones(known)
    if fmt.strip().lower() not in FORMATS:
        raise ProgtempoError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    at = _time(time_text)
    if progression_spec is not None:
        if plan is not None:
            raise ProgtempoError("give either a session SPEC or --progression SPEC, not both")
        if weeks is None or weeks < 1:
            raise ProgtempoError("--progression needs --weeks N (1 or more), e.g. --weeks 8")
        start = _date(start_text, "--start-date")
        if start is None:
            raise ProgtempoError("--progression needs --start-date YYYY-MM-DD: the day of the first session")
        from progtempo.plan.progression import progress

        session = read_plan(progression_spec, unit).with_changes(hr=scale, pace_zones=zones)
        schedule = progress(
            session,
            weeks=weeks,
            start_date=start,
            weekday=weekday if weekday else start.weekday(),
            hold=hold,
            deload_every=deload_every,
            grow=grow,
        )
        written = export_progression(
            schedule, output, fmt, with_fallback=with_fallback, at=at, created=cfg.now
        )
    else:
        if plan is None:
            raise ProgtempoError(
                'give the session to export, e.g. progtempo export "6x1mi 10:00-7:30" --format fit -o w.fit'
            )
        session = read_plan(plan, unit)
        session = session.with_changes(hr=scale or session.hr, pace_zones=zones or session.pace_zones)
        ref_pace = parse_pace(zwift_ref_pace, unit) if zwift_ref_pace else None
        written = export_session(
            session,
            fmt,
            output,
            with_fallback=with_fallback,
            name=name,
            day=_date(date_text, "--date") or _tomorrow_for_calendar(fmt, cfg.today),
            at=at,
            created=cfg.now,
            zwift_reference=zwift_ref,
            zwift_reference_pace_s=ref_pace,
        )
    if as_json:
        doc: dict[str, Any] = {
            "unit": unit,
            "format": fmt.strip().lower(),
            "files": [str(p) for p in written],
        }
        echo_json(doc)
        return
    for p in written:
        click.echo(f"wrote {p}")


def _tomorrow_for_calendar(fmt: str, today: dt.date) -> dt.date | None:
    """An .ics event without --date goes on tomorrow (the config's today, in its zone); other formats
    carry no date unless given one."""
    return today + dt.timedelta(days=1) if fmt.strip().lower() == "ics" else None
