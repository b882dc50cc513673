"""`progtempo load`: training load per day, fitness (CTL), fatigue (ATL) and form (TSB), weekly volume.

Thin: call `Store.load`, render a table of the last weeks (or JSON), draw the chart with `--plot`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

import click

from progtempo.cli._common import check_plot_path, config, echo_json, open_log, write_figure
from progtempo.cli.log import athlete_option, json_option, since_option

if TYPE_CHECKING:
    from rich.console import Console

    from progtempo.store.training import LoadReport, Metric
    from progtempo.units import Unit

#: Days the table shows when no --since is given (the chart and JSON show every day from --since).
TABLE_DAYS = 14


@click.command("load")
@athlete_option
@since_option
@click.option(
    "--metric",
    type=click.Choice(["rtss", "trimp"]),
    default=None,
    help="The daily load CTL/ATL/TSB are made of (default: rTSS when a threshold is known, else TRIMP).",
)
@click.option(
    "--plot", metavar="OUT", help="Chart load, CTL, ATL, TSB and weekly volume to OUT (.png/.svg/.pdf)."
)
@json_option
@click.pass_context
def load(
    ctx: click.Context,
    athlete: str | None,
    since: dt.date | None,
    metric: str | None,
    plot: str | None,
    as_json: bool,
) -> None:
    """Training load per day (TRIMP, rTSS), fitness (CTL, 42 days), fatigue (ATL, 7 days), form (TSB).

    As TrainingPeaks defines them: CTL and ATL are exponentially weighted daily load, TSB is yesterday's
    CTL minus yesterday's ATL. TRIMP needs the athlete's --hr-rest, --hr-max and --sex (`progtempo
    athlete set`); rTSS a threshold pace (the profile's, else the one the log estimated that week).
    """
    cfg = config(ctx, athlete=athlete)
    check_plot_path(plot)
    with open_log(cfg) as store:
        report = store.load(
            athlete=cfg.athlete, today=cfg.today, since=since, metric=cast("Metric | None", metric)
        )
    if plot is not None:
        from progtempo.charts.log_plot import draw_load

        write_figure(draw_load(report, cfg.unit, title=f"{cfg.athlete}: training load"), plot)
    if as_json:
        echo_json({"athlete": cfg.athlete, "unit": cfg.unit, **report.to_json(cfg.unit), "plot": plot})
        return
    from progtempo.cli._common import console

    render_load(console(), report, cfg.unit, cfg.athlete, all_days=since is not None)
    if plot is not None:
        click.echo(f"progtempo: wrote {plot}", err=True)


def render_load(con: Console, report: LoadReport, unit: Unit, athlete: str, *, all_days: bool) -> None:
    """The days (the last two weeks unless --since), the notes, and the weeks' volume."""
    from rich import box
    from rich.table import Table

    from progtempo.cli._common import distance_cell, duration_cell, whole_cell

    if not report.activities:
        con.print(f"no activities in {athlete}'s log: add some with `progtempo import PATH`")
        return
    days = report.days if all_days else report.days[-TABLE_DAYS:]
    t = Table(title=f"{athlete}: load ({report.metric})", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("date", "runs", "TRIMP", "rTSS", "CTL", "ATL", "TSB"):
        t.add_column(col, justify="right" if col != "date" else "left", no_wrap=True)
    for d in days:
        t.add_row(
            d.date.isoformat(),
            str(d.activities) if d.activities else "",
            whole_cell(d.trimp, ""),
            whole_cell(d.rtss, ""),
            f"{d.pmc.ctl:.1f}",
            f"{d.pmc.atl:.1f}",
            f"{d.pmc.tsb:+.1f}",
        )
    con.print(t)
    for note in report.notes:
        con.print(f"[dim]{note}[/dim]")
    if report.weeks:
        w = Table(title="weekly volume", title_justify="left", box=box.SIMPLE_HEAD)
        for col in ("week", unit, "time", "runs", "progressive"):
            w.add_column(col, justify="right" if col != "week" else "left")
        for wk in report.weeks[-8:]:
            w.add_row(
                wk.week_start.isoformat(),
                distance_cell(wk.distance_m, unit),
                duration_cell(wk.moving_s),
                str(wk.runs),
                str(wk.progressive),
            )
        con.print(w)
    if report.days:
        last = report.days[-1].pmc
        con.print(
            f"today: fitness (CTL) {last.ctl:.0f}, fatigue (ATL) {last.atl:.0f}, form (TSB) {last.tsb:+.0f}"
        )
