"""`progtempo analyze FILE` (splits, GAP, HR, coach verdict) and `progtempo next FILE` (next session).

Thin: read the file, call `progtempo.analysis` and `progtempo.coach`, render a table or JSON. Nothing
heavy is imported at module level, so `progtempo --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

import click

from progtempo.cli._common import (
    check_plot_path,
    config,
    distance_cell,
    duration_cell,
    echo_json,
    grade_cell,
    pace_cell,
    signed_cell,
    verdict_words,
    whole_cell,
    write_figure,
)
from progtempo.errors import ActivityReadError, ProgtempoError

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from progtempo.analysis import Analysis
    from progtempo.coach import CoachReport
    from progtempo.fitness.profile import Profile
    from progtempo.fitness.run import RunFitness
    from progtempo.limits import Limits
    from progtempo.plan.ladder import Session
    from progtempo.units import Unit

COACH_KEYS = ("progression", "levels", "boss", "score", "badges", "energy", "block", "advice")
#: feet in a metre, for climbs shown with miles
FT_PER_M = 1 / 0.3048
#: how the analysis tables show a time or pace the run has none of
_NO_TIME = "--:--"


def _file_argument(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("file", type=click.Path(dir_okay=True, path_type=str), metavar="FILE")(f)


def _cleared_before_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--cleared-before",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Sessions at this level you cleared before this one (two cleared sessions progress the level).",
    )(f)


def profile_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The runner's own numbers (`--hr-rest`, `--hr-max`, `--sex`, `--threshold`, `--threshold-hr`)."""
    opts = [
        click.option("--hr-rest", type=float, metavar="BPM", help="Resting heart rate (for TRIMP)."),
        click.option("--hr-max", type=float, metavar="BPM", help="Maximum heart rate (zones, TRIMP)."),
        click.option("--sex", metavar="m|f", help="m or f: TRIMP's constants differ (Banister)."),
        click.option("--threshold", metavar="PACE", help="Threshold pace, e.g. 7:15 or 4:30/km (for rTSS)."),
        click.option("--threshold-hr", type=float, metavar="BPM", help="Threshold heart rate (zones)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def profile_from(opts: dict[str, Any], unit: Unit) -> Profile:
    """The profile the options give (fields not given are None)."""
    from progtempo.fitness.profile import profile_from_options

    return profile_from_options(
        hr_rest=opts.get("hr_rest"),
        hr_max=opts.get("hr_max"),
        sex=opts.get("sex"),
        threshold=opts.get("threshold"),
        threshold_hr=opts.get("threshold_hr"),
        unit=unit,
    )


def _read(path: str, session: int | None, repair: bool = False, limits: Limits | None = None) -> Any:
    """The Activity in `path`: a missing path or a folder is the user's to fix, like a bad file."""
    if not os.path.exists(path):
        raise ActivityReadError(path, "no such file: check the path")
    if os.path.isdir(path):
        raise ActivityReadError(path, "is a folder: give one .fit, .gpx or .tcx file (gzipped is fine)")
    from progtempo.io import read_activity

    return read_activity(path, session=session, repair=repair, limits=limits)


def _runner_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--from-race and --longest: what the coach knows of the runner beyond this run."""
    f = click.option(
        "--longest",
        metavar="DIST",
        help="Your longest run of the last weeks, e.g. 10mi or 16km (default: this run); "
        "the next session is never longer.",
    )(f)
    return click.option(
        "--from-race",
        "race",
        metavar="RACE",
        help="A recent race, e.g. 10k=45:00: your zones set the talk test and threshold caps the end pace.",
    )(f)


def _zones(race: str | None, unit: Unit) -> Any:
    """The pace zones of the runner who ran `race` (DISTANCE=TIME), or None."""
    if race is None:
        return None
    from progtempo.fitness import parse_race, race_vdot
    from progtempo.fitness.zones import PaceZones

    distance_m, time_s = parse_race(race, unit)
    return PaceZones.from_vdot(race_vdot(distance_m, time_s, unit))


def _parse_plan(text: str | None, unit: Unit) -> Session | None:
    if text is None:
        return None
    from progtempo.plan.files import read_plan

    return read_plan(text, unit)


def _run(
    ctx: click.Context,
    file: str,
    *,
    split: str | None,
    session: int | None,
    gap_model: str,
    plan_spec: str | None,
    rpe: float | None,
    cleared_before: int = 0,
    repair: bool = False,
    race: str | None = None,
    longest: str | None = None,
    threshold_s_per_km: float | None = None,
    hr_max_bpm: float | None = None,
) -> tuple[Analysis, CoachReport]:
    """Read, analyse and evaluate: (analysis, coach report); `threshold_s_per_km` is the runner's own."""
    from progtempo.analysis import analyze as analyze_activity
    from progtempo.coach import evaluate
    from progtempo.units import convert_pace, parse_distance

    cfg = config(ctx)
    unit = cfg.unit
    plan = _parse_plan(plan_spec, unit)
    if plan is not None:
        unit = plan.unit  # one unit for the whole document (read_plan reads the plan into `unit`)
    split_m = parse_distance(split, unit) if split else None
    zones = _zones(race, unit)
    longest_m = parse_distance(longest, unit) if longest else None
    activity = _read(file, session, repair, cfg.limits)
    analysis = analyze_activity(
        activity, unit=unit, split_m=split_m, gap_model=gap_model, not_after=cfg.not_after, limits=cfg.limits
    )
    threshold = convert_pace(threshold_s_per_km, "km", unit) if threshold_s_per_km is not None else None
    report = evaluate(
        analysis,
        plan,
        rpe=rpe,
        cleared_before=cleared_before,
        threshold_pace_s=threshold,
        zones=zones,
        longest_run_m=longest_m,
        hr_max_bpm=hr_max_bpm,
    )
    return analysis, report


def _warn(messages: list[str]) -> None:
    for msg in messages:
        click.echo(f"progtempo: warning: {msg}", err=True)


@click.command("analyze")
@_file_argument
@click.option("--split", metavar="DIST", help="Split length: 1mi, 1km, 400m… (default: one unit).")
@click.option(
    "--session",
    type=click.IntRange(min=1),
    help="Which activity of a file holding several: a multisport or chained FIT, a TCX of several days.",
)
@click.option(
    "--gap-model",
    type=click.Choice(["strava", "minetti"]),
    default="strava",
    show_default=True,
    help="Grade Adjusted Pace model: Strava's 2017 HR-based factors, or Minetti 2002 energy cost.",
)
@click.option(
    "--plan",
    "plan_spec",
    metavar="SPEC",
    help="The planned ladder, e.g. '6x1mi 10:00-7:30', or a plan JSON file from `progtempo plan --json`.",
)
@click.option("--rpe", type=click.FloatRange(1, 10), help="How hard it felt, 1-10 (feeds the advice).")
@_cleared_before_option
@_runner_options
@profile_options
@click.option("--plot", metavar="OUT", help="Also draw the run to OUT (.png, .svg or .pdf).")
@click.option(
    "--repair",
    is_flag=True,
    help="Read a FIT file the device never finalised (header data size 0) as far as it goes.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of tables.")
@click.pass_context
def analyze(
    ctx: click.Context,
    /,
    file: str,
    split: str | None,
    session: int | None,
    gap_model: str,
    plan_spec: str | None,
    rpe: float | None,
    cleared_before: int,
    race: str | None,
    longest: str | None,
    plot: str | None,
    repair: bool,
    as_json: bool,
    **profile_opts: Any,
) -> None:
    """Splits, pace, Grade Adjusted Pace and heart rate of a run, the coach's verdict, and what the run
    says about fitness (threshold from a heart-rate deflection, when the data show one) and load.

    FILE is a .fit, .gpx or .tcx file from a watch or app (gzipped is fine). The runner's own numbers
    (--hr-rest, --hr-max, --sex, --threshold) let TRIMP and rTSS be computed.
    """
    check_plot_path(plot)
    profile = profile_from(profile_opts, config(ctx).unit)
    analysis, report = _run(
        ctx,
        file,
        split=split,
        session=session,
        gap_model=gap_model,
        plan_spec=plan_spec,
        rpe=rpe,
        cleared_before=cleared_before,
        repair=repair,
        race=race,
        longest=longest,
        threshold_s_per_km=profile.threshold_pace_s_per_km,
        hr_max_bpm=profile.hr_max_bpm,
    )
    _warn(analysis.warnings)
    if plot is not None:
        from progtempo.charts.run_plot import draw_run

        write_figure(draw_run(analysis, report), plot)
    if as_json:
        from progtempo.run_report import RunReport

        echo_json(RunReport(analysis, report, profile).to_json())
    else:
        from progtempo.cli._common import console
        from progtempo.fitness.run import read_run

        con = console()
        _render_analysis(con, analysis, config(ctx).tz)
        _render_report(con, report)
        _render_fitness(con, read_run(analysis, report.level_bounds_m, profile))
    if plot is not None:
        click.echo(f"progtempo: wrote {plot}", err=True)


@click.command("next")
@_file_argument
@click.option(
    "--plan",
    "plan_spec",
    metavar="SPEC",
    help="The ladder this run followed, e.g. '6x1mi 10:00-7:30', or a plan JSON file.",
)
@click.option("--rpe", type=click.FloatRange(1, 10), help="How hard it felt, 1-10.")
@_cleared_before_option
@_runner_options
@click.option(
    "--session",
    type=click.IntRange(min=1),
    help="Which activity of a file holding several: a multisport or chained FIT, a TCX of several days.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the next session as plan JSON.")
@click.pass_context
def next_session(
    ctx: click.Context,
    file: str,
    plan_spec: str | None,
    rpe: float | None,
    cleared_before: int,
    race: str | None,
    longest: str | None,
    session: int | None,
    as_json: bool,
) -> None:
    """The next session after this run, as the coach advises it (plan table or plan JSON)."""
    analysis, report = _run(
        ctx,
        file,
        split=None,
        session=session,
        gap_model="strava",
        plan_spec=plan_spec,
        rpe=rpe,
        cleared_before=cleared_before,
        race=race,
        longest=longest,
    )
    _warn(analysis.warnings)
    advice = report.advice
    nxt = advice.next_session if advice is not None else None
    if advice is None or nxt is None:
        raise ProgtempoError(f"{file}: the coach has no session to build from this: {advice.message}")
    if as_json:
        echo_json(nxt.to_json())
        return
    from progtempo.cli._common import console
    from progtempo.cli.plan_render import print_session

    if advice.message:
        console().print(advice.message)
    print_session(nxt)


# --- rendering -------------------------------------------------------------------------------------


def _climb_cells(unit: Unit) -> tuple[str, float]:
    """The climb column's name and the factor from metres: feet with miles (as Strava shows), else m."""
    return ("ft", FT_PER_M) if unit == "mi" else ("m", 1.0)


def _up(x: float) -> str:
    """A climb: `+12`, or `0` (never `+0`)."""
    return f"+{round(x)}" if round(x) else "0"


def _down(x: float) -> str:
    """A descent: `-12`, or `0` (never `-0`)."""
    return f"-{round(x)}" if round(x) else "0"


def _render_analysis(con: Console, an: Analysis, tz: dt.tzinfo) -> None:
    from rich import box
    from rich.table import Table

    from progtempo.units import unit_m

    unit = an.unit
    a = an.activity
    when = a.start_time.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    title = f"{os.path.basename(a.source) or 'run'} · {when} · {a.sport}" + (
        f" · {a.device}" if a.device else ""
    )
    climb, per_m = _climb_cells(unit)
    wide = con.width >= 100  # under it, a lighter frame keeps every column whole at 80 columns
    t = Table(
        title=f"{title} · paces per {unit}",
        title_justify="left",
        box=box.HEAVY_HEAD if wide else box.SIMPLE_HEAD,
        show_edge=wide,
        padding=(0, 1) if wide else (0, 0, 0, 1),
    )
    power = [s.avg_power_w for s in an.splits]
    cadence = [s.avg_cadence_spm for s in an.splits]
    has_power, has_cadence = any(p is not None for p in power), any(c is not None for c in cadence)
    cols = ["#", unit, "time", "moving", "pace", "GAP", f"climb {climb}", "grade %", "HR avg/max"]
    cols += ["W"] * has_power + ["spm"] * has_cadence
    for col in cols:
        t.add_column(col, justify="right", no_wrap=True)
    elev = an.has_elevation
    for k, s in enumerate(an.splits):
        cells = [
            f"{s.index}{'*' if s.partial else ''}",
            distance_cell(s.distance_m, unit),
            duration_cell(s.elapsed_s, _NO_TIME),
            duration_cell(s.moving_s, _NO_TIME),
            pace_cell(s.pace_s, _NO_TIME),
            pace_cell(s.gap_s, _NO_TIME) if elev else "-",
            f"{_up(s.elev_gain_m * per_m)}/{_down(s.elev_loss_m * per_m)}" if elev else "-",
            grade_cell(s.avg_grade) if elev else "-",
            f"{whole_cell(s.avg_hr)}/{whole_cell(s.max_hr)}" if s.avg_hr is not None else "-",
        ]
        cells += [whole_cell(power[k])] * has_power + [whole_cell(cadence[k])] * has_cadence
        t.add_row(*cells)
    if not an.splits:
        t.add_row(*["-"] * len(cols))
    con.print(t)
    if any(s.partial for s in an.splits):
        con.print("[dim]* partial split[/dim]")
    if a.laps:
        lt = Table(title="device laps", title_justify="left")
        for col in ("lap", unit, "time", "timer", "pace", "trigger"):
            lt.add_column(col, justify="right", no_wrap=True)
        for lap in a.laps:
            timer = lap.timer_s if lap.timer_s is not None else lap.elapsed_s
            pace = timer / lap.distance_m * unit_m(unit) if lap.distance_m else None
            lt.add_row(
                str(lap.index),
                distance_cell(lap.distance_m, unit),
                duration_cell(lap.elapsed_s, _NO_TIME),
                duration_cell(timer, _NO_TIME),
                pace_cell(pace, _NO_TIME),
                lap.trigger or "",
            )
        con.print(lt)
    gain = (
        f"{_up(an.elev_gain_m * per_m)} {climb} / {_down(an.elev_loss_m * per_m)} {climb}"
        if an.has_elevation
        else "no elevation"
    )
    con.print(
        f"distance [bold]{distance_cell(an.distance_m, unit)} {unit}[/bold] ({an.distance_source})  "
        f"elapsed [bold]{duration_cell(an.elapsed_s, _NO_TIME)}[/bold]  "
        f"moving [bold]{duration_cell(an.moving_s, _NO_TIME)}[/bold]  "
        f"pace [bold]{pace_cell(an.pace_s, _NO_TIME)}/{unit}[/bold]"
        + (f"  GAP [bold]{pace_cell(an.gap_s, _NO_TIME)}/{unit}[/bold]" if an.has_elevation else "")
        + f"  gain {gain}  avg HR [bold]{whole_cell(an.avg_hr)}[/bold]"
    )


def _render_report(con: Console, rep: CoachReport) -> None:
    from rich.table import Table

    unit = rep.unit
    levels = rep.levels
    if rep.effort is not None:
        from progtempo.cli.effort_render import render_effort

        render_effort(con, rep)
    elif levels:
        t = Table(title="levels", title_justify="left")
        for col in ("level", f"target /{unit}", f"actual /{unit}", "by", "off s", "verdict"):
            t.add_column(col, justify="right")
        for lv in levels:
            t.add_row(
                str(lv.index) + (" (boss)" if lv is levels[-1] else ""),
                pace_cell(lv.target_pace_s, _NO_TIME),
                pace_cell(lv.actual_pace_s, _NO_TIME),
                lv.used,
                signed_cell(lv.off_s),
                verdict_words(lv.verdict),
            )
        con.print(t)
    line = []
    if rep.boss is not None:
        line.append(f"boss [bold]{verdict_words(rep.boss.verdict)}[/bold]")
    else:
        what = "not a run" if rep.advice.insight == "not_running" else "not a progressive run"
        line.append(f"{what}: no levels, no boss, no score")
    if rep.score is not None:
        line.append(f"score [bold]{rep.score.total}[/bold]/100")
    if rep.badges:
        line.append("badges " + ", ".join(verdict_words(b) for b in rep.badges))
    if line:
        con.print("  ".join(line))
    advice = rep.advice
    if not rep.judged:
        con.print(advice.message)
    elif advice.message:
        con.print(f"[bold]{verdict_words(advice.insight)}[/bold]: {advice.message}")
    if advice.next_session is not None:
        con.print(f"next session: {advice.next_session.describe()}")
        for note in advice.bounded:
            con.print(f"[dim]  {note}[/dim]")


def _render_fitness(con: Console, fit: RunFitness) -> None:
    """Two lines: what the run says about threshold, and its load."""
    est, load = fit.estimate, fit.load
    con.print(f"[bold]fitness[/bold]: {est.note}")
    if est.efficiency_factor is not None:
        dec = f", Pa:HR {est.decoupling_pct:+.1f} %" if est.decoupling_pct is not None else ""
        con.print(f"efficiency factor {est.efficiency_factor:.2f} m per beat{dec}")
    parts = [
        f"TRIMP {load.trimp:.0f}" if load.trimp is not None else "TRIMP -",
        f"rTSS {load.rtss:.0f}" if load.rtss is not None else "rTSS -",
    ]
    con.print(f"[bold]load[/bold]: {', '.join(parts)} ({load.note})")
