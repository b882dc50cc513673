"""Accounts: coaches and athletes, how an athlete's account is their log, passwords, tokens, sessions,
the login limits, and the `progtempo user` commands (a password never shows anywhere)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text

from progtempo import synth
from progtempo.errors import ProgtempoError
from progtempo.store import Upload, accounts, logins, open_store
from progtempo.store.models_accounts import ApiToken, User, WebSession

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

NOW = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
SECRET = "correct horse battery staple"


def _run_file(day: int) -> bytes:
    legs = [synth.Leg(1000.0, 360.0 - 15 * k, hr_bpm=140.0 + 5 * k) for k in range(3)]
    return synth.fit_bytes(synth.make_run(legs, start_time=NOW - dt.timedelta(days=day)))


def test_an_athlete_account_is_the_log_athlete_of_that_name(db_url: str) -> None:
    with open_store(db_url) as store:
        store.import_uploads([Upload("a.fit", _run_file(3))], athlete="bob")
        accounts.add_user(store, "anna", "coach", SECRET)
        info = accounts.add_user(store, "bob", "athlete", SECRET, coach="anna")
        assert (info.role, info.coach) == ("athlete", "anna")
        accounts.add_user(store, "cleo", "athlete", SECRET)
        assert store.athletes() == ["bob", "cleo"]  # bob's log kept, cleo's made; no log for the coach
        assert len(store.activities(athlete="bob")) == 1
        listed = {u.name: u for u in accounts.users(store)}
        assert listed["anna"].athletes == ("bob",) and listed["cleo"].coach is None
        assert [u.role for u in accounts.users(store)] == ["coach", "athlete", "athlete"]


def test_bad_accounts_are_refused_with_one_clear_message(db_url: str) -> None:
    with open_store(db_url) as store:
        accounts.add_user(store, "anna", "coach", SECRET)
        accounts.add_user(store, "bob", "athlete", SECRET)
        cases = [
            (("anna", "athlete", SECRET), {}, "already a user"),
            (("cleo", "athlete", SECRET), {"coach": "bob"}, "no coach of that name"),
            (("cleo", "athlete", SECRET), {"coach": "zed"}, "no coach of that name"),
            (("dan", "coach", SECRET), {"coach": "anna"}, "a coach has no coach"),
            (("dan", "admin", SECRET), {}, "give coach or athlete"),
            (("  ", "coach", SECRET), {}, "empty"),
            (("x\ny", "coach", SECRET), {}, "printable"),
            (("dan", "coach", "short"), {}, "shorter than 8"),
        ]
        for args, kw, words in cases:
            with pytest.raises(ProgtempoError, match=words):
                accounts.add_user(store, *args, **kw)  # type: ignore[arg-type]
        assert [u.name for u in accounts.users(store)] == ["anna", "bob"]  # nothing half-made


def test_passwords_are_argon2_hashes_and_logins_check_them(db_url: str) -> None:
    with open_store(db_url) as store:
        accounts.add_user(store, "bob", "athlete", SECRET)
        with store.session() as s:
            stored = s.scalar(select(User.password_hash))
        assert stored is not None and stored.startswith("$argon2id$") and SECRET not in stored
        who = accounts.check_login(store, "bob", SECRET)
        assert who is not None and (who.name, who.role, who.athlete) == ("bob", "athlete", "bob")
        assert accounts.check_login(store, "bob", SECRET + "x") is None
        assert accounts.check_login(store, "nobody", SECRET) is None
        assert accounts.check_login(store, "", SECRET) is None
        accounts.set_password(store, "bob", "another good one")
        assert accounts.check_login(store, "bob", SECRET) is None
        assert accounts.check_login(store, "bob", "another good one") is not None


def test_tokens_are_shown_once_stored_hashed_and_revocable(db_url: str) -> None:
    with open_store(db_url) as store:
        accounts.add_user(store, "anna", "coach", SECRET)
        t1, t2 = accounts.new_token(store, "anna"), accounts.new_token(store, "anna")
        assert t1 != t2 and t1.startswith("pt_") and len(t1) > 40
        with store.session() as s:
            kept = list(s.scalars(select(ApiToken.token_sha256)))
        assert len(kept) == 2 and t1 not in kept and t2 not in kept
        who = accounts.token_principal(store, t1, now=NOW)
        assert who is not None and (who.name, who.role, who.athlete) == ("anna", "coach", None)
        assert accounts.token_principal(store, t1[:-1] + "x", now=NOW) is None
        assert accounts.token_principal(store, "not a token", now=NOW) is None
        assert accounts.revoke_tokens(store, "anna") == 2
        assert accounts.token_principal(store, t1, now=NOW) is None
        with pytest.raises(ProgtempoError, match="no user"):
            accounts.new_token(store, "zed")


def test_sessions_end_on_logout_expiry_password_change_and_removal(db_url: str) -> None:
    with open_store(db_url) as store:
        accounts.add_user(store, "bob", "athlete", SECRET)
        who = accounts.check_login(store, "bob", SECRET)
        assert who is not None
        s1 = logins.start_session(store, who, now=NOW)
        assert s1.token is not None and s1.csrf_token != s1.token
        found = logins.find_session(store, s1.token, now=NOW)
        assert found is not None and found.principal == who and found.csrf_token == s1.csrf_token
        assert found.token is None  # the cookie's value is never read back
        assert logins.find_session(store, s1.token, now=NOW + logins.SESSION_TTL) is None
        logins.end_session(store, s1.token)
        assert logins.find_session(store, s1.token, now=NOW) is None
        s2 = logins.start_session(store, who, now=NOW)
        accounts.set_password(store, "bob", "another good one")
        assert s2.token is not None and logins.find_session(store, s2.token, now=NOW) is None
        s3 = logins.start_session(store, who, now=NOW)
        accounts.remove_user(store, "bob")
        assert s3.token is not None and logins.find_session(store, s3.token, now=NOW) is None
        with store.session() as s:
            assert s.scalar(select(WebSession.id)) is None
        assert store.athletes() == ["bob"]  # the account went, the log stays


def test_removing_a_log_removes_its_account_and_a_coach_leaves_athletes_uncoached(db_url: str) -> None:
    with open_store(db_url) as store:
        accounts.add_user(store, "anna", "coach", SECRET)
        accounts.add_user(store, "bob", "athlete", SECRET, coach="anna")
        accounts.add_user(store, "cleo", "athlete", SECRET, coach="anna")
        assert store.delete_athlete("bob")
        assert [u.name for u in accounts.users(store)] == ["anna", "cleo"]
        accounts.remove_user(store, "anna")
        assert [(u.name, u.coach) for u in accounts.users(store)] == [("cleo", None)]
        with pytest.raises(ProgtempoError, match="no user"):
            accounts.remove_user(store, "anna")


def test_login_limits_count_failures_per_name_and_tries_per_address(db_url: str) -> None:
    with open_store(db_url) as store:
        for k in range(logins.MAX_FAILED_PER_NAME):
            assert logins.refused(store, "bob", f"10.0.0.{k}", now=NOW) is None
            logins.record_attempt(store, "bob", f"10.0.0.{k}", False, now=NOW)
        assert "name" in (logins.refused(store, "bob", "10.9.9.9", now=NOW) or "")
        assert logins.refused(store, "cleo", "10.9.9.9", now=NOW) is None
        assert logins.refused(store, "bob", "10.9.9.9", now=NOW + logins.WINDOW) is None
        for k in range(logins.MAX_TRIES_PER_ADDRESS):
            logins.record_attempt(store, f"u{k}", "10.1.1.1", True, now=NOW)
        assert "address" in (logins.refused(store, "zed", "10.1.1.1", now=NOW) or "")
        assert logins.refused(store, "zed", "10.1.1.2", now=NOW) is None
        logins.record_attempt(store, "x", "10.2.2.2", True, now=NOW + dt.timedelta(days=2))
        with store.session() as s:
            assert s.execute(text("SELECT count(*) FROM login_attempts")).scalar() == 1  # old ones gone


def test_user_commands_never_show_the_password(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import io

    db = str(tmp_path / "log.sqlite")

    def with_stdin(text: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        return cli("--db", db, "user", *args)

    code, out, err = with_stdin(SECRET + "\n", "add", "anna", "--role", "coach", "--password-stdin")
    assert (code, out.strip(), err) == (0, "added coach anna", "")
    code, out, err = with_stdin(SECRET + "\r\n", "add", "bob", "--role", "athlete", "--coach", "anna",
                                "--password-stdin")  # fmt: skip
    assert (code, out.strip()) == (0, "added athlete bob, coached by anna")
    code, out, err = with_stdin("short\n", "add", "cleo", "--role", "athlete", "--password-stdin")
    assert code == 2 and err.startswith("progtempo: ") and "short" not in err.replace("shorter", "")
    code, out, err = with_stdin("", "add", "cleo", "--role", "athlete")
    assert code == 2 and "--password-stdin" in err
    code, token, err = cli("--db", db, "user", "token", "bob")
    assert code == 0 and token.strip().startswith("pt_") and "once" in err
    code, out, _ = cli("--db", db, "user", "list")
    assert code == 0 and "anna" in out and "athletes: bob" in out and "tokens: 1" in out
    code, out, _ = with_stdin("another good one\n", "passwd", "bob", "--password-stdin")
    assert code == 0 and "another" not in out
    with open_store(db) as store:
        assert accounts.check_login(store, "bob", "another good one") is not None
        assert accounts.check_login(store, "bob", SECRET) is None
    assert cli("--db", db, "user", "token", "bob", "--revoke")[1].strip() == "revoked 1 token of bob"
    assert cli("--db", db, "user", "remove", "anna")[0] == 0
    code, _, err = cli("--db", db, "user", "remove", "anna")
    assert code == 2 and err.strip() == "progtempo: no user 'anna': see them with `progtempo user list`"
    raw = Path(db).read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("log.sqlite-*"))
    assert SECRET.encode() not in raw and b"another good one" not in raw
