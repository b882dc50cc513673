"""`progtempo user`: the accounts of a served log (coaches and athletes), their passwords and API tokens.

Thin: read the password from stdin (never from an option, so it stays out of the shell's history and
the process list), call `progtempo.store.accounts`, print the outcome. Nothing here prints or logs a
password; a token is printed once, on stdout alone, when it is made.
"""

from __future__ import annotations

import sys

import click

from progtempo.cli._common import config, echo_json, open_log
from progtempo.errors import ProgtempoError


def _password(from_stdin: bool) -> str:
    """The password: the first line of stdin with `--password-stdin`, else asked twice at a terminal."""
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        return password[:-1] if password.endswith("\r") else password
    if not sys.stdin.isatty():
        raise ProgtempoError("give the password on stdin with --password-stdin (it is never an option)")
    return str(click.prompt("password", hide_input=True, confirmation_prompt=True))


@click.group("user")
def user() -> None:
    """Accounts for serving the log beyond this machine: coaches and athletes.

    Once any account exists, the web app asks everyone to log in. An athlete's account IS the log's
    athlete of that name (`--athlete NAME` elsewhere): they read and write only their own runs,
    schedules and results. A coach reads the logs of their athletes and plans their schedules.
    """


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["coach", "athlete"]), required=True, help="coach or athlete.")
@click.option("--coach", metavar="COACH", help="The athlete's coach (an existing coach account).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, coach: str | None, password_stdin: bool) -> None:
    """Add an account NAME. An athlete's is the log's athlete NAME (made if new, runs kept if not).

    \b
    echo "$PASSWORD" | progtempo user add anna --role coach --password-stdin
    progtempo user add bob --role athlete --coach anna --password-stdin < bob.pass
    """
    from progtempo.store.accounts import add_user

    password = _password(password_stdin)
    with open_log(config(ctx)) as store:
        info = add_user(store, name, role, password, coach=coach)
    who = f"{info.role} {info.name}" + (f", coached by {info.coach}" if info.coach else "")
    click.echo(f"added {who}")


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of a table.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """The accounts: coaches first, each with their athletes; how many API tokens each has."""
    from progtempo.store.accounts import users

    with open_log(config(ctx)) as store:
        found = users(store)
    if as_json:
        echo_json({"users": [u.to_json() for u in found]})
        return
    if not found:
        click.echo("no accounts: the web app serves this machine only, without a login", err=True)
        return
    width = max(len(u.name) for u in found)
    for u in found:
        link = f"coach: {u.coach or '-'}"
        if u.role == "coach":
            link = f"athletes: {', '.join(u.athletes) or '-'}"
        click.echo(f"{u.name:<{width}}  {u.role:<7}  {link}  tokens: {u.tokens}")


@user.command("remove")
@click.argument("name")
@click.pass_context
def remove(ctx: click.Context, name: str) -> None:
    """Remove the account NAME, its tokens and sessions. An athlete's runs stay in the log."""
    from progtempo.store.accounts import remove_user

    with open_log(config(ctx)) as store:
        remove_user(store, name)
    click.echo(f"removed {name.strip()}")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of stdin.")
@click.pass_context
def passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Change NAME's password; their web sessions end (API tokens stay: `user token --revoke`)."""
    from progtempo.store.accounts import set_password

    password = _password(password_stdin)
    with open_log(config(ctx)) as store:
        set_password(store, name, password)
    click.echo(f"changed {name.strip()}'s password")


@user.command("token")
@click.argument("name")
@click.option("--revoke", is_flag=True, help="Revoke every API token of NAME instead.")
@click.pass_context
def token(ctx: click.Context, name: str, revoke: bool) -> None:
    """Print a new API token for NAME (shown once: it is stored hashed), or revoke them all.

    \b
    curl -H "Authorization: Bearer $(progtempo user token bob)" http://HOST/api/activities
    """
    from progtempo.store.accounts import new_token, revoke_tokens

    with open_log(config(ctx)) as store:
        if revoke:
            n = revoke_tokens(store, name)
            click.echo(f"revoked {n} token{'s' if n != 1 else ''} of {name.strip()}")
            return
        made = new_token(store, name)
    click.echo(made)
    click.echo("progtempo: the token is shown this once: keep it like a password", err=True)
