"""Export a session or a whole progression for the watch, the calendar and paper.

`export_session(session, "fit", "w.fit")` writes one workout file (and, with `with_fallback=True`, the
"jaded" half-step variant beside it as `w-jaded.fit`); `export_progression(schedule, folder, fmt)`
writes one file per week plus a `progression.ics`. Every format is rendered in memory first and then
written all-or-nothing, so bad input never leaves a partial file behind. The format writers import
their heavy libraries (matplotlib, icalendar) only when used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from progtempo.errors import ProgtempoError
from progtempo.plan.effort import EFFORT_BY_KEY, Effort, whole_pct
from progtempo.plan.ladder import Easy, Session
from progtempo.units import Unit, format_pace, unit_m

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
#: Garmin watches take workouts of at most 50 steps; warm-up and cool-down count as steps.
STEP_CAP = 50
DEFAULT_START = dt.time(7, 0)

StepKind = Literal["warmup", "active", "cooldown"]


@dataclass(frozen=True)
class Step:
    """One step of an exported workout: a ladder segment, or the easy warm-up / cool-down.

    Warm-up and cool-down carry no pace window (`slow_pace_s`/`fast_pace_s` are None): they are run
    easy, by feel. A time-based warm-up has `duration_s` and no `distance_m`.
    """

    kind: StepKind
    index: int  # 1-based among the ladder segments; 0 for warm-up and cool-down
    label: str  # "Mile 3", "Km 2", "Segment 4", "Warm-up", "Cool-down"
    cue: str  # the talk-test text, or "easy"
    distance_m: float | None
    duration_s: float | None
    target_pace_s: float
    slow_pace_s: float | None
    fast_pace_s: float | None
    split_time_s: float
    cumulative_time_s: float
    effort: Effort | None
    #: by effort: the step's heart-rate band in % of max, and in bpm when the runner's heart rate is known
    hr_target_pct: tuple[float, float] | None = None
    hr_target_bpm: tuple[int, int] | None = None
    #: run by the talk test and heart rate, not by pace (paces, if any, are a flat-ground guide)
    by_effort: bool = False

    @property
    def name(self) -> str:
        """`Mile 3 · a few sentences`: what the watch shows for the step."""
        return f"{self.label} · {self.cue}"

    @property
    def paced(self) -> bool:
        """Whether the step has a pace to show (a session by effort may have none)."""
        return math.isfinite(self.target_pace_s)

    def hr_range(self) -> tuple[int, int, Literal["bpm", "%"]] | None:
        """The heart-rate target: whole bpm when the runner's are known, else whole % of max; None
        without one."""
        if self.hr_target_bpm is not None:
            return (*self.hr_target_bpm, "bpm")
        if self.hr_target_pct is not None:
            return (*whole_pct(self.hr_target_pct), "%")
        return None

    def hr_text(self) -> str:
        """`HR 139-148 bpm`, `HR 73-78% of max`, or empty without a heart-rate target."""
        hr = self.hr_range()
        if hr is None:
            return ""
        lo, hi, scale = hr
        return f"HR {lo}-{hi} bpm" if scale == "bpm" else f"HR {lo}-{hi}% of max"


def segment_label(session: Session, index: int) -> str:
    """`Mile 3` or `Km 3` when a segment is one unit long, else `Segment 3` (and `Level 3` by time)."""
    if session.segment_m is None:
        return f"Level {index}"
    if abs(session.segment_m - unit_m(session.unit)) < 1e-6:
        return f"{'Mile' if session.unit == 'mi' else 'Km'} {index}"
    return f"Segment {index}"


def steps(session: Session) -> list[Step]:
    """The session as workout steps: warm-up, one step per segment, cool-down."""
    out: list[Step] = []
    unit = session.unit
    if session.warmup:
        out.append(_easy_step("warmup", "Warm-up", session.warmup, unit, 0.0))
    for seg in session.ladder():
        effort = EFFORT_BY_KEY.get(seg.effort)
        out.append(
            Step(
                kind="active",
                index=seg.index,
                label=segment_label(session, seg.index),
                cue=effort.talk if effort else seg.effort,
                distance_m=seg.distance_m,
                duration_s=seg.duration_s,
                target_pace_s=seg.target_pace_s,
                slow_pace_s=seg.slow_pace_s if session.paced else None,
                fast_pace_s=seg.fast_pace_s if session.paced else None,
                split_time_s=seg.split_time_s,
                cumulative_time_s=seg.cumulative_time_s,
                effort=effort,
                hr_target_pct=seg.hr_target_pct,
                hr_target_bpm=seg.hr_target_bpm,
                by_effort=session.by_effort,
            )
        )
    if session.cooldown:
        before = out[-1].cumulative_time_s if out else 0.0
        out.append(_easy_step("cooldown", "Cool-down", session.cooldown, unit, before))
    return out


def _easy_step(kind: StepKind, label: str, easy: Easy, unit: Unit, before_s: float) -> Step:
    time_s = easy.time_s(unit)
    return Step(
        kind=kind,
        index=0,
        label=label,
        cue="easy",
        distance_m=easy.distance_m,
        duration_s=easy.duration_s if easy.distance_m is None else None,
        target_pace_s=easy.pace_s,
        slow_pace_s=None,
        fast_pace_s=None,
        split_time_s=time_s,
        cumulative_time_s=before_s + time_s,
        effort=None,
    )


def speed_mm_s(pace_s: float, session: Session) -> int:
    """A pace in seconds per the session's unit as a FIT speed: millimetres per second, rounded."""
    return round(1000.0 * unit_m(session.unit) / pace_s)


def title(session: Session) -> str:
    """`6x1mi 10:00-7:30/mi`: the session in one short line."""
    return session.describe().split(",")[0]


def workout_name(session: Session, *, jaded: bool = False, week: int | None = None) -> str:
    """The workout's name as the watch lists it: `W3 6x1mi 10:00-7:30/mi`, `… (jaded)`."""
    name = title(session)
    if week is not None:
        name = f"W{week} {name}"
    return f"{name} (jaded)" if jaded else name


def window_text(step: Step, unit: str) -> str:
    """`10:05-9:55/mi`: the slow and fast ends of a step's window."""
    if step.slow_pace_s is None or step.fast_pace_s is None:
        return f"{format_pace(step.target_pace_s)}/{unit}"
    return f"{format_pace(step.slow_pace_s)}-{format_pace(step.fast_pace_s)}/{unit}"


def total_text(session: Session) -> str:
    """`6.00 mi in 52:30`, or by time `48:00, about 8.29-8.54 km` (`48:00` without paces)."""
    from progtempo.units import format_distance, format_duration

    time = format_duration(session.total_time_s)
    if session.total_distance_m is not None:
        distance = format_distance(session.total_distance_m, session.unit)
        if not math.isfinite(session.total_time_s):
            return f"{distance}, run by effort"
        return f"{distance} in {time}"
    rng = session.distance_range_m
    if rng is None:
        return time
    lo, hi = (format_distance(x, session.unit) for x in rng)
    return f"{time}, about {lo if lo == hi else lo.split()[0] + '-' + hi}"


def event_uid(session: Session, day: dt.date, variant: str = "") -> str:
    """A calendar UID that stays the same when the same session is exported again for the same day."""
    key = f"{day.isoformat()}|{session.unit}|{session.spec()}|{variant}".encode()
    return f"{hashlib.sha1(key).hexdigest()[:24]}@progtempo"


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


@dataclass(frozen=True)
class _Entry:
    """One session placed in a calendar: its day, start time, week number and the change it brings."""

    session: Session
    day: dt.date
    at: dt.time
    name: str
    week: int | None = None
    change: str = ""
    fallback: Session | None = None  # the jaded variant, described in the event too


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

        return fit_workout(session, name=name, created=created)
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

        start_day = day or (dt.date.today() + dt.timedelta(days=1))
        entry = _Entry(session, start_day, at or DEFAULT_START, name, fallback=fallback)
        return calendar([entry], created=created)
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

    `day`/`at` place the session in a calendar (ics; default tomorrow at 07:00) or on a TCX schedule.
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
    created: dt.datetime | None = None,
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
    entries: list[_Entry] = []
    for wk in weeks:
        name = workout_name(wk.session, week=wk.week)
        stem = f"week-{wk.week:02d}-{wk.date.isoformat()}"
        tired = jaded_variant(wk.session) if with_fallback else None
        change = "; ".join(getattr(wk, "notes", ())) or wk.change
        entries.append(_Entry(wk.session, wk.date, start, name, wk.week, change, tired))
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


def describe_ladder(session: Session) -> list[str]:
    """The ladder as text, one line per step: `Mile 1: 10:00/mi (10:05-9:55/mi), split 10:00, at 10:00, …`."""
    from progtempo.units import format_distance, format_duration

    lines: list[str] = []
    u = session.unit
    for st in steps(session):
        if st.kind == "active" and st.by_effort:
            how = (
                format_duration(st.duration_s) if st.duration_s else format_distance(st.distance_m or 0.0, u)
            )
            effort = f"talk test: {st.cue}" + (f" (RPE {st.effort.rpe})" if st.effort else "")
            hr = f", {st.hr_text()}" if st.hr_text() else ""
            guide = f", about {format_pace(st.target_pace_s, u)} on the flat" if st.paced else ""
            at = (
                f", at {format_duration(st.cumulative_time_s)}" if math.isfinite(st.cumulative_time_s) else ""
            )
            lines.append(f"{st.label}: {how}, {effort}{hr}{guide}{at}")
        elif st.kind == "active":
            pace = format_pace(st.target_pace_s, u)
            split = (
                f"for {format_duration(st.duration_s)}"
                if st.duration_s
                else f"split {format_duration(st.split_time_s)}"
            )
            lines.append(
                f"{st.label}: {pace} ({window_text(st, u)}), "
                f"{split}, at {format_duration(st.cumulative_time_s)}, "
                f"talk test: {st.cue}"
            )
        else:
            about = f" (about {format_pace(st.target_pace_s, u)})" if st.paced else ", by feel"
            if st.distance_m:
                howfar = format_distance(st.distance_m, u)
                lines.append(f"{st.label}: {howfar} easy{about}, {format_duration(st.split_time_s)}")
            else:
                lines.append(f"{st.label}: {format_duration(st.split_time_s)} easy{about}")
    return lines


__all__: Sequence[str] = [
    "EXTENSIONS",
    "FORMATS",
    "STEP_CAP",
    "Step",
    "check_session",
    "export_progression",
    "export_session",
    "fallback_path",
    "render",
    "steps",
]
