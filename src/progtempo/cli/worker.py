"""`progtempo worker`: run the web app's upload jobs, on this machine or any other sharing the database.

Thin: open the log, hand it to `progtempo.store.jobs.Worker`, print a line per job. SIGTERM and
Ctrl-C let the job in hand finish first (a second Ctrl-C stops at once: the job is then taken again
by another worker once its lease runs out, with nothing lost or doubled).
"""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Any

import click

from progtempo.cli._common import config, open_log

if TYPE_CHECKING:
    from progtempo.store.jobs import Claimed


@click.command("worker")
@click.option("--until-idle", is_flag=True, help="Exit once no job is waiting (default: wait for more).")
@click.option(
    "--lease",
    "lease_s",
    type=click.FloatRange(min=1.0),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="How long a job stays this worker's without news: past it, another worker takes it again.",
)
@click.option(
    "--jobs",
    "-j",
    "import_jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes for one job's files (a whole export zip); run more workers for more uploads.",
)
@click.pass_context
def worker(ctx: click.Context, until_idle: bool, lease_s: float, import_jobs: int) -> None:
    """Import the uploads the web app queued (served on PostgreSQL: `serve --no-jobs`).

    Each worker takes the oldest waiting job (`SELECT … FOR UPDATE SKIP LOCKED`: workers never wait for
    each other), imports its files into the athlete's log and records the outcome the upload page
    shows. Start as many as the machines have cores, here or on other machines with the same --db.
    A worker killed mid-job loses nothing: its job is taken again once its lease runs out.
    """
    from progtempo.store.jobs import Worker

    cfg = config(ctx)
    stop = threading.Event()

    def on_job(c: Claimed, kept: bool) -> None:
        from progtempo.store.jobs import job

        status = job(store, c.id)
        if status is None or not kept:
            click.echo(f"job {c.id}: taken over by another worker", err=True)
            return
        n = status.counts
        what = f"imported {n.imported}, duplicates {n.duplicates}, failed {n.failed}"
        why = f": {status.error}" if status.error else ""
        click.echo(f"job {c.id} ({c.athlete}): {status.state}: {what}{why}")

    def on_signal(signum: int, _frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("progtempo: stopping after the job in hand (again to stop now)", err=True)

    with open_log(cfg) as store:
        w = Worker(store, import_jobs=import_jobs, lease_s=lease_s, on_job=on_job, limits=cfg.limits)
        previous = signal.signal(signal.SIGTERM, on_signal), signal.signal(signal.SIGINT, on_signal)
        click.echo(f"worker {w.name} on {store.dialect}: waiting for jobs", err=True)
        try:
            w.run(stop, until_idle=until_idle)
        finally:
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])
