"""`progtempo demo`: six weeks of synthetic progressive runs, imported and shown (README's first command).

Thin: resolve where things go (the log from --db, the chart in the user data dir), call
`progtempo.demo.run_demo`, render its typed result with the log's renderers.
"""

from __future__ import annotations

import click

from progtempo.cli._common import config, echo_json, open_log
from progtempo.cli.log import ImportProgress, json_option


@click.command("demo")
@click.option("--fresh", is_flag=True, help="Delete the demo athlete's data first and start again.")
@click.option(
    "--athlete", default="demo", show_default=True, metavar="NAME", help="Whose log the demo fills."
)
@click.option(
    "--plot", metavar="OUT", help="Where to write the history chart (default: in the user data dir)."
)
@click.option(
    "--serve",
    "serve_after",
    is_flag=True,
    help="Then serve the web app on the demo's log and print the URL to open (Ctrl-C stops it).",
)
@json_option
@click.pass_context
def demo(
    ctx: click.Context, fresh: bool, athlete: str, plot: str | None, serve_after: bool, as_json: bool
) -> None:
    """Generate a few weeks of progressive runs, import them, and show the log, the history and one run.

    Uses the project's own synthetic-run generator, into the default SQLite log (or --db), under the
    athlete 'demo' so your own runs stay apart. Running it again adds nothing: the import is idempotent.
    With --serve it then serves the web app (needs the web extra) on that log on this machine, on port
    8000 or, when that is taken, another, and prints the URL to open.
    """
    from progtempo.cli._common import console
    from progtempo.cli.log_render import (
        import_summary,
        render_history,
        render_log,
        render_planned,
        render_run,
        render_threshold,
    )
    from progtempo.config import default_data_dir
    from progtempo.demo import run_demo

    cfg = config(ctx, athlete=athlete)
    unit = cfg.unit
    out = plot or str(default_data_dir() / f"{cfg.athlete}-history.png")
    with open_log(cfg) as store, ImportProgress() as bar:
        result = run_demo(
            store,
            today=cfg.today,
            plot_path=out,
            athlete=cfg.athlete,
            fresh=fresh,
            unit=unit,
            on_start=bar.start,
            on_progress=bar.update,
        )
    if as_json:
        echo_json(result.to_json(unit))
        return
    con = console()
    rep = result.report
    con.print(
        f"[bold]progtempo demo[/bold]: {result.weeks} weeks of progressive runs for '{cfg.athlete}', "
        f"generated with progtempo's synthetic run generator"
    )
    con.print(import_summary(rep, cfg.athlete, "refused, as they should be"))
    for file, error in rep.failed:
        con.print(f"  [red]refused[/red] {file.rsplit('/', 1)[-1]}: {error}")
    render_log(con, result.log, unit, title=f"{cfg.athlete}'s log (newest first)")
    render_history(con, result.history, unit, cfg.athlete)
    render_threshold(con, result.threshold, unit)
    con.print(f"history chart: [bold]{result.plot_path}[/bold]")
    if result.planned:
        render_planned(con, result.planned, title=f"{cfg.athlete}'s schedule, adapted to the runs")
    if result.run is not None:
        con.print()
        render_run(con, result.run, unit)
    con.print(
        f"\nexplore: progtempo log --athlete {cfg.athlete} · progtempo history --athlete {cfg.athlete} · "
        f"progtempo schedule --list --all --athlete {cfg.athlete}"
        + ("" if serve_after else f" · in the browser: progtempo serve --athlete {cfg.athlete}")
    )
    if serve_after:
        from progtempo.cli.serve import DEFAULT_PORT, port_is_free, serve

        con.print("\nin the browser: the dashboard, each run's page, the history and the schedule")
        ctx.invoke(serve, athlete=cfg.athlete, port=DEFAULT_PORT if port_is_free(DEFAULT_PORT) else 0)
