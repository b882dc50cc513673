"""`progtempo plan`, `progression` and `fitness`: the ladder, its weeks ahead, and fitness from a race.

Thin: parse the options, call `progtempo.plan` / `progtempo.fitness`, render. Nothing heavy at module top;
the library and rich are imported inside the commands (rich only when a table is printed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from progtempo.cli._common import config, echo_json
from progtempo.cli.plan_render import console as rich_console
from progtempo.cli.plan_render import (
    footer,
    level_cell,
    print_replan,
    print_session,
    session_table,
    step_cell,
)
from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    from progtempo.fitness.profile import Profile
    from progtempo.plan.progression import Schedule
    from progtempo.plan.request import SessionRequest
    from progtempo.plan.suggest import RaceAdvice

_SESSION_HELP = """\b
SPEC is the compact form: "6x1mi 10:00-7:30", "5x1km 6:00 step 20", "7x1mi 10:15-7:15 tol 8",
"6x8min by effort", "5x10min 5:40-4:40/km", or a plan JSON file written by --json.
Otherwise give any three of --segments (or --distance), --start, --end and --step;
the fourth follows. --segment-time 8min makes the segments times (trails)."""


class _PaceCommand(click.Command):
    """A command that reads `-5:00` as the negative pace it is, not as an unknown option `-5`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        import re

        takes_value = {
            name for p in self.params if isinstance(p, click.Option) and not p.is_flag for name in p.opts
        }
        for i, arg in enumerate(args):
            if arg == "--":
                break
            if re.match(r"^-\d", arg) and not (i and args[i - 1] in takes_value):
                raise ProgtempoError(
                    f"{arg!r} is not a pace or a session: paces are positive, e.g. 7:30, 4:40/km or "
                    '"6x1mi 10:00-7:30"'
                )
        return super().parse_args(ctx, args)


def session_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options that describe a session, shared by `plan` and `progression`."""
    opts = [
        click.argument("spec", required=False, metavar="[SPEC]"),
        click.option(
            "--segments", "-n", type=int, default=None, help="Number of segments (rungs of the ladder)."
        ),
        click.option(
            "--distance", "-d", default=None, help="Total ladder distance, e.g. 6mi, 8k (whole segments)."
        ),
        click.option(
            "--segment-length",
            "-l",
            default=None,
            help="Length of one segment: 1mi, 1km, 800m (default: one unit).",
        ),
        click.option(
            "--segment-time",
            "-t",
            default=None,
            help="Time of one segment instead of a length, for trails: 8min, 90s, 10:00.",
        ),
        click.option(
            "--start", "-s", "start", default=None, help="Start (slowest) pace, e.g. 10:00 or 6:00/km."
        ),
        click.option("--end", "-e", "end", default=None, help="End (fastest) pace, e.g. 7:30."),
        click.option("--step", default=None, help="Seconds faster per segment (per unit), e.g. 30 or 37.5."),
        click.option(
            "--tolerance",
            "--tol",
            default=None,
            help="Pace window ± seconds per unit (default 5, or half the step when steps are under 10 s).",
        ),
        click.option(
            "--warmup", default=None, help="Easy warm-up: a distance (1mi, 2k) or a time (10min, 15:00)."
        ),
        click.option("--cooldown", default=None, help="Easy cool-down: a distance or a time."),
        click.option(
            "--easy-pace",
            default=None,
            help="Warm-up and cool-down pace (default: 5% slower than the start, or easy from --from-race).",
        ),
        click.option(
            "--by",
            type=click.Choice(["pace", "effort"]),
            default="pace",
            show_default=True,
            help="Prescribe segments by pace, or by effort (talk test, RPE, HR zone) for hills and trails.",
        ),
        click.option(
            "--hr-max",
            type=float,
            default=None,
            metavar="BPM",
            help="Your maximum heart rate: heart-rate targets in bpm instead of % of max.",
        ),
        click.option(
            "--threshold-hr",
            type=float,
            default=None,
            metavar="BPM",
            help="Your threshold heart rate: the zones in bpm are your own (Friel's %LTHR).",
        ),
        click.option(
            "--threshold",
            default=None,
            metavar="PACE",
            help="Your threshold pace (7:15, 4:30/km): each segment's talk test from its pace in your zones.",
        ),
        click.option(
            "--from-race",
            default=None,
            metavar="DIST=TIME",
            help="Fill missing paces from a race (e.g. 10k=45:00): start near easy, end near threshold.",
        ),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


# The options placing a progression's weeks, shared by `progression` and `schedule`.
start_date_option = click.option(
    "--start-date", default=None, metavar="YYYY-MM-DD", help="First week (default: the next --day)."
)
day_option = click.option(
    "--day",
    type=click.Choice(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
    default=None,
    help="Weekday of the session (default: wed, or the --start-date's weekday).",
)
deload_every_option = click.option(
    "--deload-every", type=int, default=None, metavar="K", help="Make every K-th week an easier deload."
)
max_segments_option = click.option(
    "--max-segments", type=int, default=None, help="Never add segments past this many."
)
grow_option = click.option(
    "--grow",
    type=click.Choice(["segments", "time"]),
    default="segments",
    show_default=True,
    help="Volume adds a segment, or a minute to each segment (time: segments by time only).",
)


def session_request(ctx: click.Context, spec: str | None, opts: dict[str, Any]) -> SessionRequest:
    """The request SPEC and the `session_options` make, in the unit to plan in.

    The global unit; a spec naming its unit (`5x1km ...`) wins when --unit and PROGTEMPO_UNIT are unset.
    """
    from progtempo.plan.request import SessionRequest, session_unit

    cfg = config(ctx)
    unit = session_unit(spec, cfg.unit, explicit_unit=cfg.unit_explicit)
    zones_from = opts.pop("zones_from", None)
    profile = logged_profile(ctx, zones_from) if zones_from else None
    return SessionRequest(spec=spec, unit=unit, profile=profile, **opts)


def zones_from_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--zones-from NAME`: the runner's heart rates and threshold from an athlete in the log."""
    return click.option(
        "--zones-from",
        metavar="NAME",
        default=None,
        help="Your heart rates and threshold from this athlete in the log (athlete set, else its estimate).",
    )(f)


def logged_profile(ctx: click.Context, athlete: str) -> Profile:
    """An athlete's profile from the log, its threshold filled from the log's estimate when not set."""
    from dataclasses import replace

    from progtempo.cli._common import open_log

    cfg = config(ctx, athlete=athlete)
    with open_log(cfg) as store:
        p = store.profile(athlete=cfg.athlete)
        t = store.threshold(athlete=cfg.athlete, today=cfg.today)
    if t is not None and p.threshold_pace_s_per_km is None:
        p = replace(p, threshold_pace_s_per_km=t.pace_s_per_km)
    if t is not None and t.hr_bpm is not None and p.threshold_hr_bpm is None:
        p = replace(p, threshold_hr_bpm=t.hr_bpm)
    return p


@click.command("plan", cls=_PaceCommand, epilog=_SESSION_HELP)
@session_options
@zones_from_option
@click.option(
    "--feel",
    type=click.Choice(["jaded", "normal", "strong"]),
    default=None,
    help="How you feel on the day: jaded halves the step (same start); strong keeps the plan.",
)
@click.option(
    "--so-far",
    default=None,
    metavar="SPLITS",
    help="Splits already run, e.g. 10:02,9:35,9:10: re-plan the rest.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.pass_context
def plan(
    ctx: click.Context,
    /,
    spec: str | None,
    feel: str | None,
    so_far: str | None,
    as_json: bool,
    **opts: Any,
) -> None:
    """Plan a progressive tempo session: start easy, get faster each segment, finish comfortably hard.

    \b
    progtempo plan "6x1mi 10:00-7:30"
    progtempo plan --segments 6 --start 10:00 --step 30 --feel jaded
    progtempo --unit km plan --distance 5k --start 6:00 --end 4:40 --warmup 2k --cooldown 10min
    progtempo plan "6x1mi 10:00-7:30" --so-far 10:02,9:35,9:10 --feel jaded
    """
    from progtempo.plan.day import plan_day

    day = plan_day(session_request(ctx, spec, opts), feel=feel, so_far=so_far)
    if as_json:
        echo_json(day.to_json())
    elif day.replan is not None:
        print_replan(day.replan)
    else:
        print_session(day.session)


@click.command("progression", cls=_PaceCommand, epilog=_SESSION_HELP)
@session_options
@zones_from_option
@click.option("--weeks", "-w", type=int, default=12, show_default=True, help="How many weeks to plan.")
@start_date_option
@day_option
@click.option(
    "--hold", type=int, default=2, show_default=True, help="Weeks at each level before it progresses."
)
@deload_every_option
@max_segments_option
@grow_option
@click.option(
    "--limit-end",
    default=None,
    metavar="PACE",
    help="Fastest allowed end pace (default: threshold pace from --from-race or --zones-from).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the schedule as JSON.")
@click.pass_context
def progression(
    ctx: click.Context,
    /,
    spec: str | None,
    weeks: int,
    start_date: str | None,
    day: str | None,
    hold: int,
    deload_every: int | None,
    max_segments: int | None,
    grow: str,
    limit_end: str | None,
    as_json: bool,
    **opts: Any,
) -> None:
    """Progress a session over the weeks: hold each level, then alternate volume and intensity.

    \b
    volume:    one more segment, start half a step slower, end half a step faster
               (--grow time: a minute more per segment)
    intensity: every pace half a step faster; by effort, every heart-rate target a few beats higher
    progtempo progression "6x1mi 10:00-7:30" --weeks 12
    progtempo progression --from-race 10k=45:00 --weeks 8 --day sat --deload-every 4
    progtempo progression "6x8min by effort" --grow time --weeks 10
    """

    from progtempo.plan.request import ScheduleRequest, build_schedule

    request = session_request(ctx, spec, opts)
    if not request.describes_session():
        raise ProgtempoError(
            'give the starting session: e.g. progtempo progression "6x1mi 10:00-7:30", '
            "or --segments 6 --start 10:00 --end 7:30, or --from-race 10k=45:00"
        )
    weeks_ahead = ScheduleRequest(
        weeks=weeks,
        start_date=start_date,
        day=day,
        hold=hold,
        deload_every=deload_every,
        max_segments=max_segments,
        limit_end=limit_end,
        grow=grow,
        threshold_s_per_km=request.profile.threshold_pace_s_per_km if request.profile else None,
    )
    schedule = build_schedule(request, weeks_ahead, today=config(ctx).today, command="progression")
    if as_json:
        echo_json(schedule.to_json())
    else:
        _print_schedule(schedule)


@click.command("fitness")
@click.option(
    "--race",
    "-r",
    required=True,
    metavar="DIST=TIME",
    help="A recent race: 10k=45:00, half=1:45:00, 8.2km=40:00.",
)
@click.option(
    "--segments",
    "-n",
    type=int,
    default=None,
    help="Segments of the suggested session (default 6 mi / 8 km).",
)
@click.option("--json", "as_json", is_flag=True, help="Print VDOT, equivalents and paces as JSON.")
@click.pass_context
def fitness(ctx: click.Context, race: str, segments: int | None, as_json: bool) -> None:
    """Fitness from a race: Daniels-Gilbert VDOT, equivalent race times, training paces, a first session.

    \b
    Races: 1500m, mile, 3k, 5k, 10k, 15k, half, marathon, or any distance (8.2km=40:00).
    progtempo fitness --race 10k=45:00
    progtempo --unit km fitness --race half=1:45:00 --json
    """
    from progtempo.fitness import parse_race
    from progtempo.plan.suggest import advise

    unit = config(ctx).unit
    if segments is not None and not 1 <= segments <= 50:
        raise ProgtempoError(f"--segments {segments}: use 1 to 50")
    result = advise(*parse_race(race, unit), unit, segments=segments)
    if as_json:
        echo_json(result.to_json())
    else:
        _print_fitness(result)


# ---- rendering (rich is imported here, only when a table is shown) ----


def _print_schedule(schedule: Schedule) -> None:
    """The weeks as a table; under 100 columns the notes go under it, one line per week that has one."""
    from rich import box
    from rich.table import Table

    from progtempo.units import format_duration, format_pace

    console = rich_console()
    wide = console.width >= 100
    table = Table(
        title=f"Progression over {len(schedule.weeks)} weeks (hold {schedule.hold})",
        title_justify="left",
        box=box.HEAVY_HEAD if wide else box.SIMPLE_HEAD,
        pad_edge=wide,
    )
    columns = [("week", "right"), ("date", "left"), ("change", "left"), ("session", "left")]
    columns += [("step", "right"), ("time", "right")] + ([("notes", "left")] if wide else [])
    for col, just in columns:
        table.add_column(col, justify=just, no_wrap=col != "notes")  # type: ignore[arg-type]
    style = {"volume": "cyan", "intensity": "magenta", "deload": "dim", "start": "bold"}
    below: list[str] = []
    for w in schedule.weeks:
        s = w.session
        shown = ("start:", "hold:", "volume:", "intensity:", "deload:")
        extra = "; ".join(n for n in w.notes if not n.startswith(shown))
        cells = [
            str(w.week),
            f"{w.date:%a %Y-%m-%d}" if wide else f"{w.date:%a %d %b}",
            w.change + ((" (capped)" if wide else "*") if w.cap else ""),
            level_cell(s),
            step_cell(s),
            format_duration(s.total_time_s),
        ]
        if wide:
            cells.append(extra)
        elif extra:
            below.append(f"week {w.week}: {extra}")
        table.add_row(*cells, style=style.get(w.change))
    console.print(table)
    for line in below:
        console.print(line)
    if schedule.limit_end_pace_s is not None:
        console.print(f"Fastest allowed end pace: {format_pace(schedule.limit_end_pace_s, schedule.unit)}")
    for warning in schedule.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")


def _print_fitness(advice: RaceAdvice) -> None:
    from rich.table import Table

    from progtempo.units import format_distance, format_duration, format_pace

    console = rich_console()
    f, session = advice.fitness, advice.session
    u = f.unit
    console.print(
        f"[bold]VDOT {f.vdot:.1f}[/bold] from {format_distance(f.distance_m, u)} "
        f"in {format_duration(f.time_s)} "
        "(Daniels-Gilbert; paces after Daniels' Running Formula, 3rd edition)"
    )
    eq = Table(title="Equivalent race times", title_justify="left")
    eq.add_column("race")
    eq.add_column("time", justify="right")
    eq.add_column(f"pace /{u}", justify="right")
    from progtempo.fitness.vdot import EQUIVALENT_DISTANCES_M
    from progtempo.units import unit_m

    for name, t in f.equivalents_s.items():
        d = EQUIVALENT_DISTANCES_M[name]
        eq.add_row(name.replace("_", " "), format_duration(t), format_pace(t / (d / unit_m(u))))
    console.print(eq)
    tp = Table(title="Training paces", title_justify="left")
    tp.add_column("pace")
    tp.add_column(f"/{u}", justify="right")
    tp.add_column("per 400 m", justify="right")
    easy_fast, easy_slow = f.easy_pace_s
    tp.add_row("easy (E)", f"{format_pace(easy_fast)}-{format_pace(easy_slow)}", "")
    for name, label in (
        ("marathon", "marathon (M)"),
        ("threshold", "threshold (T)"),
        ("interval", "interval (I)"),
        ("repetition", "repetition (R)"),
    ):
        p = f.pace_s(name)
        per400 = p * 400.0 / unit_m(u)
        tp.add_row(label, format_pace(p), f"{per400:.0f} s" if name in ("interval", "repetition") else "")
    console.print(tp)
    console.print(
        session_table(session, title=f"Suggested first session: {session.describe()}", width=console.width)
    )
    footer(console, session, session.total_time_s, f.warnings, ())
