"""Export a session or a whole progression for the watch, the calendar and paper.

`export_session(session, "fit", "w.fit")` writes one workout file (and, with `with_fallback=True`, the
"jaded" half-step variant beside it as `w-jaded.fit`); `export_progression(schedule, folder, fmt)`
writes one file per week plus a `progression.ics`. Every format is rendered in memory first
(`render`: bytes, nothing written) and then written all-or-nothing, so bad input never leaves a
partial file behind. The format writers import their heavy libraries (matplotlib, icalendar) only
when used.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING

from progtempo.errors import ProgtempoError
from progtempo.export.ics import Entry
from progtempo.export.steps import STEP_CAP, workout_name
from progtempo.plan.ladder import Session
from progtempo.units import format_pace

if TYPE_CHECKING:
    from progtempo.plan.progression import Schedule


FORMATS: tuple[str, ...] = ("fit", "intervals", "zwo", "tcx", "ics", "card")


#: the file name ending each format gets in a progression folder
EXTENSIONS: dict[str, str] = {
    "fit": ".fit",
    "intervals": ".txt",
    "zwo": ".zwo",
    "tcx": ".tcx",
    "ics": ".ics",
    "card": ".pdf",
}


DEFAULT_START = dt.time(7, 0)


def check_session(session: Session, fmt: str) -> None:
    """Refuse what a watch or calendar cannot take: no paces (except by effort), too many steps, or a
    window that inverts the speeds."""
    if not session.by_effort and (
        not math.isfinite(session.start_pace_s) or not math.isfinite(session.step_s)
    ):
        raise ProgtempoError(
            f"this session has no paces, and a {fmt} file needs paces or efforts: give a start and an end "
            "pace (or a race to take them from), or run it by effort (--by effort)"
        )
    n_steps = session.segments + (1 if session.warmup else 0) + (1 if session.cooldown else 0)
    if n_steps > STEP_CAP:
        extra = n_steps - session.segments
        max_segments = STEP_CAP - extra
        raise ProgtempoError(
            f"the session has {n_steps} steps ({session.segments} segments"
            + (" plus warm-up/cool-down" if extra else "")
            + f"), more than the {STEP_CAP} a watch workout holds: use at most {max_segments} segments, "
            "or fewer, longer ones"
        )
    fastest = min(session.target_paces_s())
    if session.tolerance_s >= fastest:
        raise ProgtempoError(
            f"the pace window ±{session.tolerance_s:g} s is as wide as the fastest pace "
            f"{format_pace(fastest, session.unit)}: its fast end would be 0:00 or less, which inverts the "
            f"speed range; use a tolerance under {math.ceil(fastest) - 1:g} s (5 to 10 s is usual: `tol 5`)"
        )


def _check_format(fmt: str) -> str:
    key = fmt.strip().lower()
    if key not in FORMATS:
        raise ProgtempoError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return key


def _card_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".png"):
        raise ProgtempoError(
            f"a pace card is written as PDF or PNG: name the file {path.stem}.pdf or {path.stem}.png"
        )
    return suffix[1:]


def jaded_variant(session: Session) -> Session:
    """The article's on-the-day option for a tired runner: the same start, half the step."""
    from progtempo.plan.autoregulate import adjust

    return adjust(session, "jaded")


def fallback_path(path: Path) -> Path:
    """`w.fit` -> `w-jaded.fit`."""
    return path.with_name(f"{path.stem}-jaded{path.suffix}")


def render(
    session: Session,
    fmt: str,
    *,
    name: str | None = None,
    day: dt.date | None = None,
    at: dt.time | None = None,
    created: dt.datetime | None = None,
    card_kind: str = "pdf",
    zwift_reference: str = "half",
    zwift_reference_pace_s: float | None = None,
    fallback: Session | None = None,
) -> bytes:
    """One session in one format, as bytes (nothing written); an ics event also describes `fallback`."""
    fmt = _check_format(fmt)
    check_session(session, fmt)
    name = name or workout_name(session)
    if fmt == "fit":
        from progtempo.export.fit_workout import fit_workout

        return fit_workout(session, name=name, created=_made_at(created, "FIT workout"))
    if fmt == "intervals":
        from progtempo.export.intervals import intervals_text

        return intervals_text(session).encode("utf-8")
    if fmt == "zwo":
        from progtempo.export.zwo import zwo_workout

        return zwo_workout(
            session, name=name, reference=zwift_reference, reference_pace_s=zwift_reference_pace_s
        )
    if fmt == "tcx":
        from progtempo.export.tcx_workout import tcx_workout

        return tcx_workout(session, name=name, day=day)
    if fmt == "ics":
        from progtempo.export.ics import calendar

        if day is None:
            raise ProgtempoError(
                "a calendar event needs its day: pass day= (the CLI's --date, tomorrow by default)"
            )
        entry = Entry(session, day, at or DEFAULT_START, name, fallback=fallback)
        return calendar([entry], created=_made_at(created, "calendar"))
    from progtempo.export.card import pace_card

    return pace_card(session, kind=card_kind, name=name, day=day)


def export_session(
    session: Session,
    fmt: str,
    path: str | Path,
    *,
    with_fallback: bool = False,
    name: str | None = None,
    day: dt.date | None = None,
    at: dt.time | None = None,
    created: dt.datetime | None = None,
    zwift_reference: str = "half",
    zwift_reference_pace_s: float | None = None,
) -> list[Path]:
    """Write `session` as `fmt` to `path` (plus `<name>-jaded.<ext>` with `with_fallback`); return the paths.

    With `with_fallback`, a calendar (ics) describes the jaded variant in the same event instead.

    `day`/`at` place the session in a calendar (ics: `day` needed, at 07:00 by default) or on a TCX
    schedule. `created` is when the file was made (needed for fit and ics: the caller's clock, as the
    library reads none).
    Bad input raises ProgtempoError before anything is written.
    """
    from progtempo.export._atomic import write_all

    fmt = _check_format(fmt)
    target = Path(path)
    card_kind = _card_kind(target) if fmt == "card" else "pdf"
    variants: list[tuple[Path, Session, str]] = [(target, session, name or workout_name(session))]
    tired = jaded_variant(session) if with_fallback else None
    if tired is not None and fmt != "ics":  # a calendar gets the jaded ladder in the same event
        variants.append(
            (fallback_path(target), tired, f"{name} (jaded)" if name else workout_name(tired, jaded=True))
        )
    files: dict[Path, bytes] = {}
    for out, sess, wname in variants:
        files[out] = render(
            sess,
            fmt,
            name=wname,
            day=day,
            at=at,
            created=created,
            card_kind=card_kind,
            zwift_reference=zwift_reference,
            zwift_reference_pace_s=zwift_reference_pace_s,
            fallback=tired,
        )
    return write_all(files)


def export_progression(
    schedule: Schedule,
    folder: str | Path,
    fmt: str,
    *,
    with_fallback: bool = False,
    at: dt.time | None = None,
    created: dt.datetime,
) -> list[Path]:
    """Write a whole progression: one `week-NN-YYYY-MM-DD.<ext>` per session plus `progression.ics`.

    With `fmt="ics"` only the calendar is written. The folder is created if its parent exists.
    """
    from progtempo.export._atomic import check_writable_folder, write_all

    fmt = _check_format(fmt)
    out_dir = Path(folder)
    if out_dir.exists() and not out_dir.is_dir():
        raise ProgtempoError(
            f"cannot write the progression into {out_dir}: it is a file (give a folder with -o)"
        )
    weeks = list(schedule.weeks)
    if not weeks:
        raise ProgtempoError("the progression has no weeks: give --weeks 1 or more")
    start = at or DEFAULT_START
    files: dict[Path, bytes] = {}
    entries: list[Entry] = []
    for wk in weeks:
        name = workout_name(wk.session, week=wk.week)
        stem = f"week-{wk.week:02d}-{wk.date.isoformat()}"
        tired = jaded_variant(wk.session) if with_fallback else None
        change = "; ".join(getattr(wk, "notes", ())) or wk.change
        entries.append(Entry(wk.session, wk.date, start, name, wk.week, change, tired))
        if fmt != "ics":
            ext = EXTENSIONS[fmt]
            files[out_dir / f"{stem}{ext}"] = render(
                wk.session, fmt, name=name, day=wk.date, at=start, created=created
            )
            if tired is not None:
                files[out_dir / f"{stem}-jaded{ext}"] = render(
                    tired,
                    fmt,
                    name=workout_name(tired, week=wk.week, jaded=True),
                    day=wk.date,
                    at=start,
                    created=created,
                )
        else:
            check_session(wk.session, fmt)
    from progtempo.export.ics import calendar

    files[out_dir / "progression.ics"] = calendar(entries, created=created)
    if not out_dir.exists():
        check_writable_folder(out_dir.parent, out_dir)
        try:
            out_dir.mkdir()
        except OSError as exc:
            raise ProgtempoError(f"cannot create the folder {out_dir}: {exc.strerror or exc}") from None
    return write_all(files)


def _made_at(created: dt.datetime | None, what: str) -> dt.datetime:
    """`created`, which a FIT workout and a calendar record; the library reads no clock of its own."""
    if created is None:
        raise ProgtempoError(f"a {what} records when it was made: pass created= (e.g. datetime.now(UTC))")
    return created
