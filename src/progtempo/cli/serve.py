"""`progtempo serve`: the web app on this machine, on the same log as the other commands.

Thin: resolve the options, build the app (`progtempo.web`), bind the socket, hand it to uvicorn. The web
stack is imported inside the command, so `progtempo --help` stays fast and works without the extra.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from progtempo.cli._common import config
from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    from progtempo.web.settings import WebSettings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only: localhost, 127.0.0.0/8 or ::1."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def data_dir(db_url: str | None) -> Path:
    """Where the app keeps its files: beside a SQLite log, else the user's progtempo data dir."""
    from sqlalchemy.engine import make_url

    from progtempo.config import default_data_dir
    from progtempo.store.urls import resolve_url

    url = make_url(resolve_url(db_url))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent
    return default_data_dir()


def port_is_free(port: int, host: str = DEFAULT_HOST) -> bool:
    """Whether nothing listens on `host:port` yet."""
    try:
        _listen(host, port).close()
    except ProgtempoError:
        return False
    return True


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ProgtempoError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}): "
            "pick another --port, or stop what uses it"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@click.command("serve")
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on: this machine only, unless the log has accounts (`progtempo user`).",
)
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free one).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the default browser.")
@click.option(
    "--athlete",
    default=None,
    metavar="NAME",
    help="Whose log the app shows without accounts (default: PROGTEMPO_ATHLETE, else me); the demo's is "
    "'demo'.",
)
@click.option(
    "--upload-limit",
    default=1024,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="MB",
    help="Largest upload the app takes, in MB (a Strava bulk export can be hundreds).",
)
@click.option(
    "--tile-url",
    default=None,
    metavar="URL",
    help="Map tiles for the route, e.g. https://tile.example/{z}/{x}/{y}.png (default: none, a plain line; "
    "with one, the browser fetches tiles from that host).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (PostgreSQL only; a SQLite log is served by one).",
)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="IPS",
    help="Behind a reverse proxy: the proxies' addresses (comma-separated, e.g. 127.0.0.1) trusted to "
    "say the client's address and https (X-Forwarded-For, X-Forwarded-Proto). Then everyone logs in.",
)
@click.option(
    "--jobs/--no-jobs",
    "run_jobs",
    default=True,
    show_default=True,
    help="Run the upload jobs in this server, or leave them to `progtempo worker` processes.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    open_browser: bool,
    athlete: str | None,
    upload_limit: int,
    tile_url: str | None,
    workers: int,
    forwarded_allow_ips: str | None,
    run_jobs: bool,
) -> None:
    """Serve the web app: plan, import, see and follow your runs in the browser.

    Listens on 127.0.0.1 (this machine) and prints the URL to open; Ctrl-C stops it. It reads and
    writes the same log as `progtempo import` and `log` (the global --db), in the global --unit.
    Without accounts nobody logs in, so it serves this machine only. With accounts (`progtempo user
    add`) everyone logs in, and it may listen beyond (--host 0.0.0.0), or behind a proxy that
    terminates TLS (--forwarded-allow-ips); on PostgreSQL with --workers processes (see docs/deploy.md).
    """
    try:
        import uvicorn

        from progtempo.web import create_app
    except ModuleNotFoundError as exc:
        raise ProgtempoError(
            f"the web app needs the web extra ({exc.name} is missing): pip install 'progtempo[web]'"
        ) from None
    public = not is_loopback(host) or forwarded_allow_ips is not None
    settings = _settings(ctx, athlete, upload_limit, tile_url, public=public, run_jobs=run_jobs)
    _check_can_serve(settings, host, workers, forwarded_allow_ips)
    sock = _listen(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}"
    common: dict[str, Any] = {"log_level": "warning", "access_log": False, "lifespan": "on",
                              "proxy_headers": forwarded_allow_ips is not None,
                              "forwarded_allow_ips": forwarded_allow_ips}  # fmt: skip
    click.echo(f"serving on {url}")
    click.echo("press Ctrl-C to stop", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        if workers > 1:
            import os

            from uvicorn.supervisors import Multiprocess

            from progtempo.web.factory import ENV, to_env

            os.environ[ENV] = to_env(settings)
            cfg = uvicorn.Config(
                "progtempo.web.factory:app_from_env", factory=True, workers=workers, **common
            )
            Multiprocess(cfg, sockets=[sock]).run()
        else:
            uvicorn.Server(uvicorn.Config(create_app(settings), **common)).run(sockets=[sock])
    finally:
        sock.close()


def _check_can_serve(settings: WebSettings, host: str, workers: int, proxies: str | None) -> None:
    """Refuse, before listening, what would serve the log wrongly: beyond this machine without any
    account, or several processes on one SQLite file."""
    from progtempo.store import open_store
    from progtempo.store.accounts import has_accounts

    with open_store(settings.db_url, tz=settings.tz) as store:
        dialect = store.dialect
        accounts = has_accounts(store)
    if workers > 1 and dialect != "postgresql":
        raise ProgtempoError(
            f"--workers {workers} needs PostgreSQL: a {dialect} log is served by one process "
            "(use --db postgresql+psycopg://…, or --workers 1)"
        )
    if settings.public and not accounts:
        where = (
            f"--host {host} serves beyond this machine"
            if not is_loopback(host)
            else (f"--forwarded-allow-ips {proxies} serves through a proxy")
        )
        raise ProgtempoError(
            f"{where}, and the log has no accounts: add a coach first: "
            "progtempo user add NAME --role coach --password-stdin"
        )


def _settings(
    ctx: click.Context,
    athlete: str | None,
    upload_limit_mb: int,
    tile_url: str | None,
    *,
    public: bool = False,
    run_jobs: bool = True,
) -> WebSettings:
    from progtempo.web.settings import WebSettings

    cfg = config(ctx, athlete=athlete)
    return WebSettings(
        unit=cfg.unit,
        db_url=cfg.db_url,
        data_dir=data_dir(cfg.db_url),
        athlete=cfg.athlete,
        unit_explicit=cfg.unit_explicit,
        upload_max_bytes=upload_limit_mb * 1024 * 1024,
        tile_url=tile_url,
        tz=cfg.tz,
        public=public,
        run_jobs=run_jobs,
        limits=cfg.limits,
    )
