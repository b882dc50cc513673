"""The training log commands: `import`, `log`, `schedule` and `history`.

Thin: parse options, call the typed store API (`Store.activities`, `.activity`, `.history`,
`.schedule`, `.import_paths`), render its records (`cli.log_render`) or their JSON. The database and
rich are imported inside the commands, so `progtempo --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import click

from progtempo.cli._common import check_plot_path, config, echo_json, open_log, write_figure
from progtempo.cli.plan import (
    day_option,
    deload_every_option,
    max_segments_option,
    session_options,
    session_request,
    start_date_option,
)
from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    from progtempo.store import ImportReport
    from progtempo.store.records import Kind


def athlete_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--athlete NAME`, whose log (default: PROGTEMPO_ATHLETE, else `me`)."""
    return click.option(
        "--athlete",
        default=None,
        metavar="NAME",
        help="Whose log: a coach keeps each athlete apart (default: PROGTEMPO_ATHLETE, else me).",
    )(f)


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--json`: one JSON document instead of tables."""
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of tables.")(
        f
    )


def _csv_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--csv", "as_csv", is_flag=True, help="Print CSV (for a spreadsheet) instead.")(f)


def _date(ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    v = value.strip().lower()
    today = config(ctx).today
    if v == "today":
        return today
    if v.endswith(("d", "w")) and v[:-1].isdigit():
        days = int(v[:-1]) * (7 if v.endswith("w") else 1)
        return today - dt.timedelta(days=days)
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise click.BadParameter(f"{value!r}: give a date like 2026-03-01, today, 30d or 8w") from None


def since_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--since DATE` (2026-03-01, today, 30d, 8w)."""
    return click.option(
        "--since", callback=_date, metavar="DATE", help="From this date (2026-03-01, 30d, 8w)."
    )(f)


def _date_range_options(f: Callable[..., Any]) -> Callable[..., Any]:
    since = click.option(
        "--since", callback=_date, metavar="DATE", help="From this date (2026-03-01, 30d, 8w)."
    )
    until = click.option("--until", callback=_date, metavar="DATE", help="Up to this date, inclusive.")
    return since(until(f))


# ---------------------------------------------------------------------------------------------- import


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str), metavar="PATH...")
@athlete_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@json_option
@click.pass_context
def import_(
    ctx: click.Context, paths: tuple[str, ...], athlete: str | None, jobs: int | None, as_json: bool
) -> None:
    """Import activity files into the training log: files, folders (recursive) or a Strava export zip.

    Each file goes in once (by its content's sha256): re-importing adds nothing. The same run from two
    sources (a watch's FIT and its TCX or Strava GPX) is one activity: the richer recording is kept
    and the other reported as a duplicate of it. Each leg of a multisport file is its own activity.
    Bad files are listed at the end and the rest go in (exit 1 if any failed). Ctrl-C stops cleanly;
    run again to carry on. Runs are scored by the coach, against the planned session of that day if
    one was scheduled.
    """
    from progtempo.cli.log_render import duplicate_lines, import_summary

    cfg = config(ctx, athlete=athlete)
    with open_log(cfg) as store, ImportProgress() as bar:
        report = store.import_paths(
            paths,
            athlete=cfg.athlete,
            unit=cfg.unit,
            jobs=jobs,
            on_start=bar.start,
            on_progress=bar.update,
            limits=cfg.limits,
            not_after=cfg.not_after,
        )
    for file, error in report.failed:
        click.echo(f"progtempo: {file}: {error}", err=True)
    if as_json:
        echo_json(report.to_json())
    else:
        click.echo(import_summary(report, cfg.athlete))
        for line in duplicate_lines(report):
            click.echo(line)
    if report.interrupted:
        click.echo(
            f"progtempo: interrupted after {report.imported} new activities; nothing partial was kept: "
            "run the same import again to carry on",
            err=True,
        )
        sys.exit(130)
    if report.failed:
        sys.exit(1)


class ImportProgress:
    """A rich progress bar on stderr: done/total, new, duplicates, failed, activities per second."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None
        self._t0 = 0.0

    def start(self, report: ImportReport) -> None:
        import time

        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from progtempo.cli._common import console

        self._t0 = time.perf_counter()
        self._progress = Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[stats]}"),
            TimeElapsedColumn(),
            console=console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("import", total=report.total, stats="")
        self._progress.start()

    def update(self, report: ImportReport) -> None:
        import time

        if self._progress is None:
            return
        rate = report.done / max(time.perf_counter() - self._t0, 1e-9)
        stats = (
            f"{report.imported} new · {report.duplicates} dup · {len(report.failed)} failed · {rate:.1f}/s"
        )
        self._progress.update(self._task, completed=report.done, stats=stats)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> ImportProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------------------------------------- log


@click.command("log")
@athlete_option
@_date_range_options
@click.option(
    "--kind",
    type=click.Choice(["all", "run", "progressive"]),
    default="all",
    show_default=True,
    help="All activities, runs only, or progressive sessions only.",
)
@click.option("--limit", "-n", type=click.IntRange(min=1), help="Show at most this many (newest first).")
@click.option(
    "--id", "activity_id", type=int, metavar="ID", help="Show one activity in detail: splits and verdict."
)
@_csv_option
@json_option
@click.pass_context
def log(
    ctx: click.Context,
    athlete: str | None,
    since: dt.date | None,
    until: dt.date | None,
    kind: str,
    limit: int | None,
    activity_id: int | None,
    as_csv: bool,
    as_json: bool,
) -> None:
    """The training log, newest first: date, name, distance, time, and for progressive runs the verdict."""
    from progtempo.cli._common import console
    from progtempo.cli.log_render import render_log, render_run, write_log_csv

    cfg = config(ctx, athlete=athlete)
    unit = cfg.unit
    with open_log(cfg) as store:
        if activity_id is not None:
            run = store.activity(activity_id, athlete=cfg.athlete)
            if run is None:
                raise ProgtempoError(
                    f"no activity {activity_id} in {cfg.athlete}'s log: see the ids with `progtempo log`"
                )
            if as_json:
                echo_json(run.to_json(unit))
            else:
                render_run(console(), run, unit)
            return
        entries = store.activities(
            athlete=cfg.athlete,
            since=since,
            until=until,
            kind=cast("Kind", kind),
            limit=limit,
        )
    if as_json:
        echo_json({"unit": unit, "athlete": cfg.athlete, "activities": [e.to_json(unit) for e in entries]})
        return
    if as_csv:
        write_log_csv(entries, unit)
        return
    con = console()
    if not entries:
        con.print(
            f"no activities in {cfg.athlete}'s log"
            + (" for these filters" if since or until or kind != "all" else "")
            + ": add some with `progtempo import PATH`"
        )
        return
    render_log(con, entries, unit, title=f"{cfg.athlete}'s log")


# ---------------------------------------------------------------------------------------------- schedule


@click.command("schedule")
@session_options
@athlete_option
@click.option(
    "--weeks", "-w", type=click.IntRange(min=1), default=12, show_default=True, help="Weeks to plan."
)
@start_date_option
@day_option
@click.option("--hold", type=click.IntRange(min=1), default=2, show_default=True, help="Weeks at each level.")
@deload_every_option
@max_segments_option
@click.option(
    "--limit-end",
    default=None,
    metavar="PACE",
    help="Fastest allowed end pace, e.g. 6:45 (default: the athlete's threshold, set or from the log).",
)
@click.option("--list", "list_", is_flag=True, help="Show the planned sessions (due, done, missed) instead.")
@click.option("--all", "show_all", is_flag=True, help="With --list: include past weeks.")
@click.option(
    "--set",
    "set_day",
    callback=_date,
    metavar="DATE",
    help="A coach's override: the session SPEC is due on DATE and never rewritten by the runs' advice.",
)
@json_option
@click.pass_context
def schedule(
    ctx: click.Context,
    /,
    spec: str | None,
    athlete: str | None,
    weeks: int,
    start_date: str | None,
    day: str | None,
    hold: int,
    deload_every: int | None,
    max_segments: int | None,
    limit_end: str | None,
    list_: bool,
    show_all: bool,
    set_day: dt.date | None,
    as_json: bool,
    **opts: Any,
) -> None:
    """Save a progression as planned sessions, list what's due (--list), or set one day by hand (--set).

    The session and the weeks are given as to `progtempo progression`: SPEC ('6x1mi 10:00-7:30' or a plan
    JSON file) or --segments/--start/--end/--step, then --weeks, --start-date, --day, --hold… The end pace
    is capped at --limit-end, else at the athlete's threshold (`athlete set --threshold`, or the one the
    log estimates). A run imported on a planned day is matched to its session and scored against it; the
    coach's advice then rewrites the sessions ahead (repeat, ease, progress, a faster start), a missed
    week holds the level, and each rewritten session says what it was and why (--list, --json
    `adapted`). A session set with --set is never rewritten.
    """
    from progtempo.cli._common import console
    from progtempo.cli.log_render import render_planned

    cfg = config(ctx, athlete=athlete)
    today = cfg.today
    request = None if list_ else session_request(ctx, spec, opts)
    if set_day is not None:
        if request is None or not request.describes_session():
            raise click.UsageError(
                "--set DATE needs the session, e.g. progtempo schedule --set 2026-03-18 '7x1mi 10:15-7:15'"
            )
        from progtempo.plan.request import build_session

        session, _ = build_session(request)
        with open_log(cfg) as store:
            store.set_planned(set_day, session, athlete=cfg.athlete, unit=cfg.unit, today=today)
            entries = store.schedule(
                athlete=cfg.athlete, since=set_day - dt.timedelta(days=set_day.weekday()), today=today
            )
        if as_json:
            echo_json({"athlete": cfg.athlete, "planned": [e.to_json() for e in entries]})
            return
        render_planned(console(), entries, title=f"{cfg.athlete}: {set_day.isoformat()} set by hand")
        return
    if request is None or not request.describes_session():
        if not list_:
            raise click.UsageError(
                "give the starting session, e.g. progtempo schedule '6x1mi 10:00-7:30', or --list"
            )
        with open_log(cfg) as store:
            store.adapt_schedule(athlete=cfg.athlete, unit=cfg.unit, today=today)
            since = None if show_all else today - dt.timedelta(days=today.weekday())
            entries = store.schedule(athlete=cfg.athlete, since=since, today=today)
        if as_json:
            echo_json({"athlete": cfg.athlete, "planned": [e.to_json() for e in entries]})
            return
        con = console()
        if not entries:
            con.print(
                f"nothing planned for {cfg.athlete}"
                + ("" if show_all else " from this week on")
                + ": save a progression with `progtempo schedule '6x1mi 10:00-7:30'`"
            )
            return
        render_planned(con, entries, title=f"{cfg.athlete}'s planned sessions")
        return

    from progtempo.plan.request import ScheduleRequest

    weeks_ahead = ScheduleRequest(
        weeks=weeks,
        start_date=start_date,
        day=day,
        hold=hold,
        deload_every=deload_every,
        max_segments=max_segments,
        limit_end=limit_end,
    )
    with open_log(cfg) as store:
        sched, saved, threshold = store.save_progression(
            request, weeks_ahead, athlete=cfg.athlete, unit=cfg.unit, today=today
        )
        entries = store.schedule(athlete=cfg.athlete, since=sched.weeks[0].date, today=today)
    if as_json:
        doc = sched.to_json()
        doc.update(athlete=cfg.athlete, planned=[e.to_json() for e in entries], linked=saved.linked)
        echo_json(doc)
        return
    con = console()
    render_planned(con, entries, title=f"saved {len(sched.weeks)} weeks for {cfg.athlete}")
    for w in sched.warnings:
        click.echo(f"progtempo: warning: {w}", err=True)
    if threshold is not None and sched.limit_end_pace_s is not None:
        from progtempo.units import format_pace

        src = "set for the athlete" if threshold.source == "profile" else "the log estimates"
        con.print(
            f"end pace capped at the threshold {src}: {format_pace(sched.limit_end_pace_s, sched.unit)}"
        )
    if saved.linked:
        con.print(f"{saved.linked} run(s) already in the log matched their planned day and were re-scored")


# ---------------------------------------------------------------------------------------------- history


@click.command("history")
@athlete_option
@_date_range_options
@click.option("--plot", metavar="OUT", help="Chart end pace and score over time to OUT (.png, .svg or .pdf).")
@_csv_option
@json_option
@click.pass_context
def history(
    ctx: click.Context,
    athlete: str | None,
    since: dt.date | None,
    until: dt.date | None,
    plot: str | None,
    as_csv: bool,
    as_json: bool,
) -> None:
    """Progressive sessions over the weeks: end pace, GAP, step, score, levels; streaks of steady weeks;
    and the threshold the runs show, week by week (from heart-rate deflections where there are some, else
    from the fastest level held at a sustainable heart rate), with its uncertainty."""
    from progtempo.cli._common import console
    from progtempo.cli.log_render import render_history, render_threshold, write_history_csv

    cfg = config(ctx, athlete=athlete)
    unit = cfg.unit
    check_plot_path(plot)
    with open_log(cfg) as store:
        hist = store.history(athlete=cfg.athlete, since=since, until=until, today=cfg.today)
        trend = store.threshold_weeks(athlete=cfg.athlete, today=until or cfg.today, since=since)
    if plot is not None:
        from progtempo.charts.log_plot import draw_history

        title = f"{cfg.athlete}: progressive sessions"
        write_figure(draw_history(list(hist.sessions), unit, title=title, threshold=trend), plot)
    if as_json:
        doc = {"unit": unit, "athlete": cfg.athlete, **hist.to_json(unit)}
        doc.update(threshold_trend=[w.to_json(unit) for w in trend], plot=plot)
        echo_json(doc)
        return
    if as_csv:
        write_history_csv(hist, unit)
        return
    con = console()
    render_history(con, hist, unit, cfg.athlete)
    render_threshold(con, trend, unit)
    if plot is not None:
        click.echo(f"progtempo: wrote {plot}", err=True)
