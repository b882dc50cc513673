"""The training log commands: `import`, `log`, `schedule`, `history` and `demo`.

Thin: parse options, call `progtempo.store`, render tables (rich) or JSON. The database, numpy and
rich are imported inside the commands, so `progtempo --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from progtempo.cli._common import (
    check_plot_path,
    config,
    distance_cell,
    duration_cell,
    echo_json,
    finite,
    pace_cell,
    whole_cell,
)
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
    from rich.console import Console

    from progtempo.store import Store
    from progtempo.store.importer import ImportReport
    from progtempo.units import Unit

DEFAULT_ATHLETE = "me"


def _athlete_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--athlete",
        default=DEFAULT_ATHLETE,
        show_default=True,
        envvar="PROGTEMPO_ATHLETE",
        metavar="NAME",
        help="Whose log: a coach keeps each athlete apart (env PROGTEMPO_ATHLETE).",
    )(f)


def _json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of tables.")(
        f
    )


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    v = value.strip().lower()
    today = dt.datetime.now(dt.UTC).date()
    if v == "today":
        return today
    if v.endswith(("d", "w")) and v[:-1].isdigit():
        days = int(v[:-1]) * (7 if v.endswith("w") else 1)
        return today - dt.timedelta(days=days)
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise click.BadParameter(f"{value!r}: give a date like 2026-03-01, today, 30d or 8w") from None


def _date_range_options(f: Callable[..., Any]) -> Callable[..., Any]:
    since = click.option(
        "--since", callback=_date, metavar="DATE", help="From this date (2026-03-01, 30d, 8w)."
    )
    until = click.option("--until", callback=_date, metavar="DATE", help="Up to this date, inclusive.")
    return since(until(f))


def _open(ctx: click.Context) -> Store:
    from progtempo.store import open_store

    return open_store(config(ctx).db_url)


# ---------------------------------------------------------------------------------------------- import


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str), metavar="PATH...")
@_athlete_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@_json_option
@click.pass_context
def import_(
    ctx: click.Context, paths: tuple[str, ...], athlete: str, jobs: int | None, as_json: bool
) -> None:
    """Import activity files into the training log: files, folders (recursive) or a Strava export zip.

    Each file goes in once (by its content's sha256): re-importing adds nothing. Bad files are listed
    at the end and the rest go in (exit 1 if any failed). Ctrl-C stops cleanly; run again to carry on.
    Runs are scored by the coach, against the planned session of that day if one was scheduled.
    """
    from progtempo.store.importer import import_paths

    cfg = config(ctx)
    with _open(ctx) as store, _ImportProgress() as bar:
        report = import_paths(
            store,
            paths,
            athlete=athlete,
            unit=cfg.unit,
            jobs=jobs,
            on_start=bar.start,
            on_progress=bar.update,
        )
    for file, error in report.failed:
        click.echo(f"progtempo: {file}: {error}", err=True)
    if as_json:
        echo_json(report.to_json())
    else:
        click.echo(_import_summary(report, athlete))
    if report.interrupted:
        click.echo(
            f"progtempo: interrupted after {report.imported} new activities; nothing partial was kept: "
            "run the same import again to carry on",
            err=True,
        )
        sys.exit(130)
    if report.failed:
        sys.exit(1)


class _ImportProgress:
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

    def __enter__(self) -> _ImportProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _import_summary(r: ImportReport, athlete: str, where: str = "listed above") -> str:
    parts = []
    rate = r.done / r.elapsed_s if r.elapsed_s > 0 else 0.0
    if r.imported:
        extra = []
        if r.not_running:
            extra.append(f"{r.not_running} not running, kept but not analysed as progressions")
        if r.linked:
            extra.append(f"{r.linked} matched to planned sessions")
        parts.append(
            f"imported {r.imported} new activities for {athlete}"
            + (f" ({'; '.join(extra)})" if extra else "")
        )
    elif r.duplicates:
        parts.append(f"nothing new: all {r.duplicates} activity files are already in {athlete}'s log")
    else:
        parts.append("nothing imported")
    if r.imported and r.duplicates:
        parts.append(f"{r.duplicates} already in the log")
    if r.failed:
        parts.append(f"{len(r.failed)} failed ({where})")
    if r.skipped:
        parts.append(f"{r.skipped} manual {'entry' if r.skipped == 1 else 'entries'} without a file skipped")
    if r.ignored:
        parts.append(f"{r.ignored} other {'file' if r.ignored == 1 else 'files'} ignored")
    return "; ".join(parts) + f". {r.elapsed_s:.1f} s, {rate:.1f} files/s."


# ---------------------------------------------------------------------------------------------- log


@click.command("log")
@_athlete_option
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
@_json_option
@click.pass_context
def log(
    ctx: click.Context,
    athlete: str,
    since: dt.date | None,
    until: dt.date | None,
    kind: str,
    limit: int | None,
    activity_id: int | None,
    as_json: bool,
) -> None:
    """The training log, newest first: date, name, distance, time, and for progressive runs the verdict."""
    from progtempo.store import queries

    unit = config(ctx).unit
    with _open(ctx) as store:
        if activity_id is not None:
            detail = queries.activity_detail(store, athlete, activity_id)
            if detail is None:
                raise ProgtempoError(
                    f"no activity {activity_id} in {athlete}'s log: see the ids with `progtempo log`"
                )
            if as_json:
                echo_json(detail.to_json(unit))
            else:
                from progtempo.cli._common import console

                render_run(console(), detail.to_json(unit), unit)
            return
        entries = queries.log_entries(store, athlete, since=since, until=until, kind=kind, limit=limit)  # type: ignore[arg-type]
    if as_json:
        echo_json({"unit": unit, "athlete": athlete, "activities": [e.to_json(unit) for e in entries]})
        return
    from progtempo.cli._common import console

    con = console()
    if not entries:
        con.print(
            f"no activities in {athlete}'s log"
            + (" for these filters" if since or until or kind != "all" else "")
            + ": add some with `progtempo import PATH`"
        )
        return
    render_log(con, [e.to_json(unit) for e in entries], unit, title=f"{athlete}'s log")


def render_log(con: Console, rows: list[dict[str, Any]], unit: Unit, *, title: str) -> None:
    """The log as a table; activities other than runs are dimmed and name their sport."""
    from rich import box
    from rich.table import Table

    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    t.add_column("id", justify="right", style="dim")
    t.add_column("date", no_wrap=True)
    t.add_column("name", overflow="fold", min_width=14, max_width=30)
    t.add_column(unit, justify="right")
    t.add_column("time", justify="right", no_wrap=True)
    t.add_column(f"/{unit}", justify="right", no_wrap=True)
    t.add_column("score", justify="right")
    t.add_column("boss · insight", overflow="fold", min_width=12)
    for r in rows:
        name = r["name"] or ""
        if not r["is_running"]:
            name = f"[dim]{name} ({r['sport']})[/dim]"
        prog = r["progressive"]
        t.add_row(
            str(r["id"]),
            r["date"],
            name,
            distance_cell(r["distance_m"], unit),
            duration_cell(r["moving_s"] if r["moving_s"] is not None else r["elapsed_s"]),
            pace_cell(r["pace_s"]) if r["is_running"] else "",
            whole_cell(r["score"], "") if prog else "",
            " · ".join(_words(x) for x in (r["boss"], r["insight"]) if x) if prog else "",
        )
    con.print(t)


def _words(key: str | None) -> str:
    """A verdict key as words: `slower_than_before` -> `slower than before`."""
    return (key or "").replace("_", " ")


def render_run(con: Console, doc: dict[str, Any], unit: Unit) -> None:
    """One stored activity: its splits against the planned targets, the score, boss and advice."""
    from rich.table import Table

    a = doc["activity"]
    res = doc.get("result") or {}
    title = f"#{a['id']} {a['date']} {a['name'] or ''} · {a['sport']}"
    if doc.get("planned"):
        title += f" · planned {doc['planned']['spec']}"
    t = Table(title=title, title_justify="left")
    for col in ("split", unit, "time", f"pace /{unit}", f"GAP /{unit}", "grade %", "HR"):
        t.add_column(col, justify="right")
    for s in doc.get("splits") or []:
        t.add_row(
            f"{s['index']}{'*' if s['partial'] else ''}",
            distance_cell(s["distance_m"], unit),
            duration_cell(s["moving_s"]),
            pace_cell(s["pace_s"]),
            pace_cell(s["gap_s"]),
            f"{s['avg_grade'] * 100:+.1f}" if finite(s["avg_grade"]) else "-",
            whole_cell(s["avg_hr"]),
        )
    con.print(t)
    con.print(
        f"distance [bold]{distance_cell(a['distance_m'], unit)} {unit}[/bold]  "
        f"moving [bold]{duration_cell(a['moving_s'])}[/bold]  elapsed {duration_cell(a['elapsed_s'])}"
    )
    levels = res.get("levels") or []
    if levels:
        lt = Table(title="levels", title_justify="left")
        for col in ("level", f"target /{unit}", f"actual /{unit}", "verdict"):
            lt.add_column(col, justify="right")
        for lv in levels:
            lt.add_row(
                str(lv.get("index", "")),
                pace_cell(lv.get("target_pace_s")),
                pace_cell(lv.get("actual_pace_s")),
                str(lv.get("verdict", "")),
            )
        con.print(lt)
    if res:
        line = []
        if res.get("score") is not None:
            line.append(f"score [bold]{whole_cell(res['score'], '')}[/bold]/100")
        if res.get("boss"):
            line.append(f"boss [bold]{res['boss']}[/bold]")
        if res.get("levels_cleared") is not None and levels:
            line.append(f"levels cleared {res['levels_cleared']}/{len(levels)}")
        if line:
            con.print("  ".join(line))
        advice = res.get("advice") or {}
        if advice.get("message"):
            con.print(f"[bold]{advice.get('insight', '')}[/bold]: {advice['message']}")
        elif res.get("insight"):
            con.print(f"[bold]{res['insight']}[/bold]")


# ---------------------------------------------------------------------------------------------- schedule


@click.command("schedule")
@session_options
@_athlete_option
@click.option(
    "--weeks", "-w", type=click.IntRange(min=1), default=12, show_default=True, help="Weeks to plan."
)
@start_date_option
@day_option
@click.option("--hold", type=click.IntRange(min=1), default=2, show_default=True, help="Weeks at each level.")
@deload_every_option
@max_segments_option
@click.option("--limit-end", default=None, metavar="PACE", help="Fastest allowed end pace, e.g. 6:45.")
@click.option("--list", "list_", is_flag=True, help="Show the planned sessions (due, done, missed) instead.")
@click.option("--all", "show_all", is_flag=True, help="With --list: include past weeks.")
@_json_option
@click.pass_context
def schedule(
    ctx: click.Context,
    /,
    spec: str | None,
    athlete: str,
    weeks: int,
    start_date: str | None,
    day: str | None,
    hold: int,
    deload_every: int | None,
    max_segments: int | None,
    limit_end: str | None,
    list_: bool,
    show_all: bool,
    as_json: bool,
    **opts: Any,
) -> None:
    """Save a progression as planned sessions, or list what's due (--list).

    The session and the weeks are given as to `progtempo progression`: SPEC ('6x1mi 10:00-7:30' or a plan
    JSON file) or --segments/--start/--end/--step, then --weeks, --start-date, --day, --hold… A run
    imported on a planned day is matched to its session and scored against it; runs already in the
    log on those days are re-scored now.
    """
    from progtempo.store import queries

    today = dt.datetime.now(dt.UTC).date()
    request = None if list_ else session_request(ctx, spec, opts)
    if request is None or not request.describes_session():
        if not list_:
            raise click.UsageError(
                "give the starting session, e.g. progtempo schedule '6x1mi 10:00-7:30', or --list"
            )
        with _open(ctx) as store:
            since = None if show_all else today - dt.timedelta(days=today.weekday())
            entries = queries.planned_sessions(store, athlete, since=since, today=today)
        if as_json:
            echo_json({"athlete": athlete, "planned": [e.to_json() for e in entries]})
            return
        from progtempo.cli._common import console

        con = console()
        if not entries:
            con.print(
                f"nothing planned for {athlete}"
                + ("" if show_all else " from this week on")
                + ": save a progression with `progtempo schedule '6x1mi 10:00-7:30'`"
            )
            return
        _render_planned(con, entries, title=f"{athlete}'s planned sessions")
        return

    from progtempo.plan.request import ScheduleRequest, build_schedule
    from progtempo.store.importer import athlete_id, rescore_planned

    weeks_ahead = ScheduleRequest(
        weeks=weeks,
        start_date=start_date,
        day=day,
        hold=hold,
        deload_every=deload_every,
        max_segments=max_segments,
        limit_end=limit_end,
    )
    sched = build_schedule(request, weeks_ahead, today=today, command="schedule")
    with _open(ctx) as store:
        aid = athlete_id(store, athlete)
        assert aid is not None
        changed = queries.save_planned(
            store, aid, [(w.week, w.date, w.change, w.session) for w in sched.weeks]
        )
        linked = rescore_planned(store, aid, changed)
        entries = queries.planned_sessions(store, athlete, since=sched.weeks[0].date, today=today)
    if as_json:
        doc = sched.to_json()
        doc.update(athlete=athlete, planned=[e.to_json() for e in entries], linked=linked)
        echo_json(doc)
        return
    from progtempo.cli._common import console

    con = console()
    _render_planned(con, entries, title=f"saved {len(sched.weeks)} weeks for {athlete}")
    for w in sched.warnings:
        click.echo(f"progtempo: warning: {w}", err=True)
    if linked:
        con.print(f"{linked} run(s) already in the log matched their planned day and were re-scored")


def _render_planned(con: Console, entries: list[Any], *, title: str) -> None:
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    for col in ("week", "date", "day", "change", "session", "status", "score"):
        t.add_column(col, justify="right" if col in ("week", "score") else "left")
    style = {"done": "green", "missed": "red", "due": "bold"}
    for e in entries:
        t.add_row(
            str(e.week),
            e.date.isoformat(),
            e.date.strftime("%a"),
            e.change,
            e.spec,
            f"[{style[e.status]}]{e.status}[/{style[e.status]}]",
            whole_cell(e.score, ""),
        )
    con.print(t)


# ---------------------------------------------------------------------------------------------- history


@click.command("history")
@_athlete_option
@_date_range_options
@click.option("--plot", metavar="OUT", help="Chart end pace and score over time to OUT (.png, .svg or .pdf).")
@_json_option
@click.pass_context
def history(
    ctx: click.Context,
    athlete: str,
    since: dt.date | None,
    until: dt.date | None,
    plot: str | None,
    as_json: bool,
) -> None:
    """Progressive sessions over the weeks: end pace, GAP, step, score, levels; streaks of steady weeks."""
    from progtempo.store import queries

    unit = config(ctx).unit
    check_plot_path(plot)
    with _open(ctx) as store:
        entries = queries.history(store, athlete, since=since, until=until)
    st = queries.streaks([e.start_time.date() for e in entries])
    if plot is not None:
        from progtempo.store.plot import plot_history

        plot_history(entries, unit, plot, title=f"{athlete}: progressive sessions")
    if as_json:
        echo_json(
            {
                "unit": unit,
                "athlete": athlete,
                "sessions": [e.to_json(unit) for e in entries],
                "streaks": st.to_json(),
                "plot": plot,
            }
        )
        return
    from progtempo.cli._common import console

    con = console()
    render_history(con, [e.to_json(unit) for e in entries], st.to_json(), unit, athlete)
    if plot is not None:
        click.echo(f"progtempo: wrote {plot}", err=True)


def render_history(
    con: Console, rows: list[dict[str, Any]], st: dict[str, Any], unit: Unit, athlete: str
) -> None:
    """The history table, the change in end pace, and the consistency line."""
    from rich import box
    from rich.table import Table

    if not rows:
        con.print(f"no progressive sessions in {athlete}'s log yet: import some runs with `progtempo import`")
        return
    t = Table(
        title=f"{athlete}: progressive sessions", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    t.add_column("date", no_wrap=True)
    t.add_column("segs", justify="right")
    t.add_column(f"end /{unit}", justify="right")
    t.add_column("end GAP", justify="right")
    t.add_column("step s", justify="right")
    t.add_column("score", justify="right")
    t.add_column("levels", justify="right")
    t.add_column("boss", overflow="fold", min_width=10)
    for r in rows:
        n = r["segments"]
        t.add_row(
            r["date"],
            f"{n}" if n else "",
            pace_cell(r["end_pace_s"]),
            pace_cell(r["end_gap_s"]),
            whole_cell(r["step_s"]),
            whole_cell(r["score"], ""),
            f"{r['levels_cleared']}/{n}" if r["levels_cleared"] is not None and n else "",
            _words(r["boss"]),
        )
    con.print(t)
    first, last = rows[0], rows[-1]
    key, what = "end_pace_s", "end pace"
    if finite(first["end_gap_s"]) and finite(last["end_gap_s"]):
        key, what = "end_gap_s", "end GAP"  # effort on the ground run: hills don't hide the gain
    if finite(first[key]) and finite(last[key]) and len(rows) > 1:
        delta = first[key] - last[key]
        word = "faster" if delta >= 0 else "slower"
        con.print(
            f"{what} {pace_cell(first[key])} → {pace_cell(last[key])}/{unit}: "
            f"{abs(delta):.0f} s/{unit} {word} over {len(rows)} sessions"
        )
    con.print(
        f"consistency: {st['current_weeks']} week(s) in a row now, longest {st['longest_weeks']} "
        f"({st['weeks_with_sessions']} weeks with a progressive session)"
    )


# ---------------------------------------------------------------------------------------------- demo


@click.command("demo")
@click.option("--fresh", is_flag=True, help="Delete the demo athlete's data first and start again.")
@click.option(
    "--athlete", default="demo", show_default=True, metavar="NAME", help="Whose log the demo fills."
)
@click.option(
    "--plot", metavar="OUT", help="Where to write the history chart (default: in the user data dir)."
)
@_json_option
@click.pass_context
def demo(ctx: click.Context, fresh: bool, athlete: str, plot: str | None, as_json: bool) -> None:
    """Generate a few weeks of progressive runs, import them, and show the log, the history and one run.

    Uses the project's own synthetic-run generator, into the default SQLite log (or --db), under the
    athlete 'demo' so your own runs stay apart. Running it again adds nothing: the import is idempotent.
    """
    from progtempo.demo import run_demo

    unit = config(ctx).unit
    with _open(ctx) as store, _ImportProgress() as bar:
        result = run_demo(
            store,
            athlete=athlete,
            fresh=fresh,
            plot_path=plot,
            unit=unit,
            on_start=bar.start,
            on_progress=bar.update,
        )
    if as_json:
        echo_json(result.to_json(unit))
        return
    from progtempo.cli._common import console

    con = console()
    rep = result.report
    con.print(
        f"[bold]progtempo demo[/bold]: {result.weeks} weeks of progressive runs for '{athlete}', "
        f"generated with progtempo's synthetic run generator"
    )
    con.print(_import_summary(rep, athlete, "refused, as they should be"))
    for file, error in rep.failed:
        con.print(f"  [red]refused[/red] {file.rsplit('/', 1)[-1]}: {error}")
    render_log(con, [e.to_json(unit) for e in result.log], unit, title=f"{athlete}'s log (newest first)")
    render_history(con, [e.to_json(unit) for e in result.history], result.streaks.to_json(), unit, athlete)
    con.print(f"history chart: [bold]{result.plot_path}[/bold]")
    if result.run is not None:
        con.print()
        render_run(con, result.run.to_json(unit), unit)
    con.print(
        f"\nexplore: progtempo log --athlete {athlete} · progtempo history --athlete {athlete} · "
        f"progtempo schedule --list --all --athlete {athlete}"
    )
