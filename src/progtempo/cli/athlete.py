"""`progtempo athlete set|show`: the runner's own numbers in the log, and the zones they give.

Thin: parse the options, call `Store.set_profile` / `Store.profile` / `Store.threshold`, render. The
numbers sharpen what the rest of progtempo says: zones in bpm, TRIMP, rTSS, the planner's caps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from progtempo.cli._common import config, echo_json, open_log
from progtempo.cli.analyze import profile_from, profile_options
from progtempo.cli.log import athlete_option, json_option

if TYPE_CHECKING:
    from rich.console import Console

    from progtempo.fitness.profile import Profile
    from progtempo.fitness.zones import RunnerZones
    from progtempo.store.training import Threshold
    from progtempo.units import Unit


@click.group("athlete")
def athlete() -> None:
    """The runner's own numbers: resting and maximum heart rate, sex, threshold pace and heart rate."""


@athlete.command("set")
@profile_options
@click.option(
    "--clear",
    multiple=True,
    type=click.Choice(["hr-rest", "hr-max", "sex", "threshold", "threshold-hr"]),
    help="Forget this number (repeat for more).",
)
@athlete_option
@json_option
@click.pass_context
def set_(
    ctx: click.Context, /, clear: tuple[str, ...], athlete: str | None, as_json: bool, **opts: Any
) -> None:
    """Set the athlete's heart rates, sex or threshold (what is not given is kept).

    TRIMP needs --hr-rest, --hr-max and --sex; rTSS a threshold pace (else the log's estimate); zones in
    bpm need --threshold-hr or --hr-max. `--threshold 7:15` is read in --unit (or `4:30/km`).
    """
    cfg = config(ctx, athlete=athlete)
    given = profile_from(opts, cfg.unit)
    if given.empty and not clear:
        raise click.UsageError("give a number to set, e.g. --hr-max 188, or --clear FIELD")
    with open_log(cfg) as store:
        saved = store.set_profile(given, athlete=cfg.athlete, clear=clear)
        threshold = store.threshold(athlete=cfg.athlete, today=cfg.today)
    _show(cfg.athlete, saved, threshold, cfg.unit, as_json)


@athlete.command("show")
@athlete_option
@json_option
@click.pass_context
def show(ctx: click.Context, athlete: str | None, as_json: bool) -> None:
    """The athlete's numbers, the threshold the log estimates, and the zones in pace and bpm."""
    cfg = config(ctx, athlete=athlete)
    with open_log(cfg) as store:
        p = store.profile(athlete=cfg.athlete)
        threshold = store.threshold(athlete=cfg.athlete, today=cfg.today)
    _show(cfg.athlete, p, threshold, cfg.unit, as_json)


def zones_for(p: Profile, threshold: Threshold | None) -> RunnerZones:
    """The runner's zones: pace zones from the threshold in use, bpm from threshold or maximum HR."""
    from progtempo.fitness.zones import runner_zones

    hr = p.threshold_hr_bpm if p.threshold_hr_bpm is not None else (threshold.hr_bpm if threshold else None)
    pace = threshold.pace_s_per_km if threshold is not None else None
    return runner_zones(pace, hr, p.hr_max_bpm)


def _show(name: str, p: Profile, threshold: Threshold | None, unit: Unit, as_json: bool) -> None:
    zones = zones_for(p, threshold)
    if as_json:
        echo_json(
            {
                "athlete": name,
                "unit": unit,
                "profile": p.to_json(unit),
                "threshold": threshold.to_json(unit) if threshold else None,
                "zones": zones.to_json(),
            }
        )
        return
    from progtempo.cli._common import console

    con = console()
    con.print(f"[bold]{name}[/bold]")
    for line in p.describe(unit):
        con.print("  " + line)
    con.print("  " + _threshold_line(threshold, unit))
    _zones_table(con, zones, unit)


def _threshold_line(t: Threshold | None, unit: Unit) -> str:
    from progtempo.units import format_pace

    if t is None:
        return "threshold in use: none (set --threshold, or run progressive sessions with heart rate)"
    sd = f" ± {t.sd_s_per_km * (1.609344 if unit == 'mi' else 1.0):.0f} s" if t.sd_s_per_km else ""
    hr = f", {t.hr_bpm:.0f} bpm" if t.hr_bpm is not None else ""
    src = "from the profile" if t.source == "profile" else "estimated from the log's runs"
    return f"threshold in use: {format_pace(t.pace_s(unit), unit)}{sd}{hr} ({src})"


def _zones_table(con: Console, zones: RunnerZones, unit: Unit) -> None:
    from rich.table import Table

    from progtempo.fitness.effort import EFFORTS
    from progtempo.units import convert_pace, format_pace

    if zones.pace is None and zones.hr is None:
        con.print("  zones: none yet (a threshold pace gives pace zones; --hr-max or --threshold-hr bpm)")
        return
    t = Table(title="zones", title_justify="left")
    for col in ("talk test", "RPE", "HR zone", "bpm", f"pace /{unit}"):
        t.add_column(col)
    pz = zones.pace
    paces = {}
    if pz is not None:

        def p(x: float) -> str:
            return format_pace(convert_pace(x, "km", unit))

        paces = {
            "conversational": f"{p(pz.easy_slow_s)}-{p(pz.easy_fast_s)}",
            "a_few_sentences": f"about {p(pz.marathon_s)}",
            "a_few_words": f"about {p(pz.threshold_s)}",
            "single_word": f"{p(pz.interval_s)} and faster",
        }
    for e in EFFORTS:
        hz = zones.hr.for_effort(e.key) if zones.hr else None
        t.add_row(e.talk, e.rpe, e.hr_zone_name, hz.text if hz else "-", paces.get(e.key, "-"))
    con.print(t)
