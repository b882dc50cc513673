"""Tables and CSV for the training log: the log, one stored run, the history, the schedule, an import.

Every renderer takes the store's typed records (`progtempo.store.records`) and the unit to show; it
converts paces from the stored seconds per km here, at the edge. rich is imported inside each function.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from progtempo.cli._common import (
    distance_cell,
    duration_cell,
    grade_cell,
    pace_cell,
    signed_cell,
    verdict_words,
    whole_cell,
)
from progtempo.finite import finite

if TYPE_CHECKING:
    from rich.console import Console

    from progtempo.fitness.trend import ThresholdWeek
    from progtempo.store import ActivitySummary, History, ImportReport, PlannedEntry, StoredActivity
    from progtempo.units import Unit


def render_log(con: Console, rows: Sequence[ActivitySummary], unit: Unit, *, title: str) -> None:
    """The log as a table; activities other than runs are dimmed and name their sport."""
    from rich import box
    from rich.table import Table

    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    t.add_column("id", justify="right", style="dim")
    t.add_column("date", no_wrap=True)
    t.add_column("name", overflow="fold", min_width=14, max_width=30)
    t.add_column(unit, justify="right")
    t.add_column("time", justify="right", no_wrap=True)
    t.add_column(f"/{unit}", justify="right", no_wrap=True)
    t.add_column("score", justify="right")
    t.add_column("boss · insight", overflow="fold", min_width=12)
    for a in rows:
        name = a.name or ""
        if not a.is_running:
            name = f"[dim]{name} ({a.sport}, not running)[/dim]"
        verdict = " · ".join(verdict_words(x) for x in (a.boss, a.insight) if x) if a.progressive else ""
        t.add_row(
            str(a.id),
            a.date.isoformat(),
            name,
            distance_cell(a.distance_m, unit),
            duration_cell(a.moving_s if a.moving_s is not None else a.elapsed_s),
            pace_cell(a.pace_s(unit)) if a.is_running else "",
            whole_cell(a.score, ""),
            verdict,
        )
    con.print(t)


def write_log_csv(rows: Sequence[ActivitySummary], unit: Unit) -> None:
    """The log as CSV on stdout, newest first: raw SI numbers plus the pace in the unit as m:ss."""
    from progtempo.activity import iso_utc
    from progtempo.units import format_pace, unit_m

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["id", "date", "start_time", "name", "sport", "is_running", "distance_m", f"distance_{unit}",
                "elapsed_s", "moving_s", f"pace_per_{unit}", f"pace_s_per_{unit}", "elev_gain_m", "avg_hr",
                "progressive", "score", "boss", "insight", "planned", "format", "source"])  # fmt: skip
    for a in rows:
        pace = a.pace_s(unit)
        d = iso_utc(a.start_time)
        w.writerow([
            a.id, a.date.isoformat(), d, a.name or "", a.sport, int(a.is_running), _num(a.distance_m),
            _num(a.distance_m / unit_m(unit) if a.distance_m else None, 3),
            _num(a.elapsed_s), _num(a.moving_s), format_pace(pace) if pace else "", _num(pace, 1),
            _num(a.elev_gain_m), _num(a.avg_hr, 0), int(a.progressive), _num(a.score, 0), a.boss or "",
            a.insight or "", a.planned or "", a.format, a.source,
        ])  # fmt: skip


def _num(x: float | None, digits: int = 2) -> str:
    return f"{x:.{digits}f}" if finite(x) else ""


def render_run(con: Console, run: StoredActivity, unit: Unit) -> None:
    """One stored activity: its splits, the levels against the targets, the score, boss and advice."""
    from rich.table import Table

    a = run.summary
    title = f"#{a.id} {a.local_start:%Y-%m-%d %H:%M} {a.name or ''} · {a.sport}"
    if run.planned is not None:
        title += f" · planned {run.planned.spec}"
    t = Table(title=title, title_justify="left")
    power = any(s.avg_power_w is not None for s in run.splits)
    cadence = any(s.avg_cadence_spm is not None for s in run.splits)
    cols = ["split", unit, "time", f"pace /{unit}", f"GAP /{unit}", "grade %", "HR"]
    cols += ["W"] * power + ["spm"] * cadence
    for col in cols:
        t.add_column(col, justify="right")
    for s in run.splits:
        cells = [
            f"{s.index}{'*' if s.partial else ''}",
            distance_cell(s.distance_m, unit),
            duration_cell(s.moving_s),
            pace_cell(s.pace_s(unit)),
            pace_cell(s.gap_s(unit)),
            grade_cell(s.avg_grade) if finite(s.avg_grade) else "-",
            whole_cell(s.avg_hr),
        ]
        cells += [whole_cell(s.avg_power_w)] * power + [whole_cell(s.avg_cadence_spm)] * cadence
        t.add_row(*cells)
    con.print(t)
    con.print(
        f"distance [bold]{distance_cell(a.distance_m, unit)} {unit}[/bold]  "
        f"moving [bold]{duration_cell(a.moving_s)}[/bold]  elapsed {duration_cell(a.elapsed_s)}"
    )
    res = run.result
    if res is None:
        if not a.is_running:
            con.print(f"not running ({a.sport}): kept in the log, not judged as a progressive run")
        return
    if res.levels:
        lt = Table(title="levels", title_justify="left")
        for col in ("level", f"target /{unit}", f"actual /{unit}", "off s", "verdict"):
            lt.add_column(col, justify="right")
        for lv in res.levels:
            lt.add_row(
                str(lv.index) + (" (boss)" if lv is res.levels[-1] else ""),
                pace_cell(lv.target_pace_s(unit)),
                pace_cell(lv.actual_pace_s(unit)),
                signed_cell(lv.off_s(unit)),
                verdict_words(lv.verdict),
            )
        con.print(lt)
    line = []
    if res.score is not None:
        line.append(f"score [bold]{whole_cell(res.score, '')}[/bold]/100")
    if res.boss:
        line.append(f"boss [bold]{verdict_words(res.boss)}[/bold]")
    if res.levels_cleared is not None and res.levels:
        line.append(f"levels cleared {res.levels_cleared}/{len(res.levels)}")
    if line:
        con.print("  ".join(line))
    if res.message and res.insight in ("not_progressive", "not_running"):
        con.print(res.message)  # it says plainly what the run was: no heading repeating it
    elif res.message:
        con.print(f"[bold]{verdict_words(res.insight)}[/bold]: {res.message}")
    elif res.insight:
        con.print(f"[bold]{verdict_words(res.insight)}[/bold]")
    if res.next_session is not None:
        con.print(f"next session: {res.next_session.describe()}")


def render_history(con: Console, history: History, unit: Unit, athlete: str) -> None:
    """The history table, the change in end pace, the weekly volume and the consistency line."""
    from rich import box
    from rich.table import Table

    rows = history.sessions
    if not rows:
        con.print(f"no progressive sessions in {athlete}'s log yet: import some runs with `progtempo import`")
        return
    t = Table(
        title=f"{athlete}: progressive sessions", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    t.add_column("date", no_wrap=True)
    t.add_column("segs", justify="right")
    t.add_column(f"end /{unit}", justify="right")
    t.add_column("end GAP", justify="right")
    t.add_column("step s", justify="right")
    t.add_column("score", justify="right")
    t.add_column("levels", justify="right")
    t.add_column("boss", overflow="fold", min_width=10)
    from progtempo.store.records import in_unit

    for r in rows:
        n = r.segments
        t.add_row(
            r.date.isoformat(),
            f"{n}" if n else "",
            pace_cell(in_unit(r.end_pace_s_per_km, unit)),
            pace_cell(in_unit(r.end_gap_s_per_km, unit)),
            whole_cell(in_unit(r.step_s_per_km, unit)),
            whole_cell(r.score, ""),
            f"{r.levels_cleared}/{n}" if r.levels_cleared is not None and n else "",
            verdict_words(r.boss),
        )
    con.print(t)
    ch = history.end_change()
    if ch is not None:
        delta = round(ch.faster_s(unit))
        change = "no faster" if delta == 0 else f"{abs(delta)} s/{unit} {'faster' if delta > 0 else 'slower'}"
        con.print(
            f"{ch.what} {pace_cell(ch.first_s(unit))} → {pace_cell(ch.last_s(unit))}/{unit}: {change} "
            f"over {ch.sessions} sessions"
        )
    st = history.streaks
    con.print(
        f"consistency: {st.current_weeks} week(s) in a row now, longest {st.longest_weeks} "
        f"({st.weeks_with_sessions} weeks with a progressive session)"
    )


def render_threshold(con: Console, weeks: Sequence[ThresholdWeek], unit: Unit) -> None:
    """The threshold estimate at the end of each week: pace ± one standard deviation, heart rate, runs."""
    from rich import box
    from rich.table import Table

    from progtempo.units import convert_pace

    if not weeks:
        con.print("threshold: no estimate yet (progressive sessions with heart rate give one)")
        return
    t = Table(title="threshold, week by week", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("week", f"pace /{unit}", "± s", "HR", "runs", "from"):
        t.add_column(col, justify="left" if col in ("week", "from") else "right", no_wrap=True)
    for w in weeks:
        t.add_row(
            w.week_start.isoformat(),
            pace_cell(w.pace_s(unit)),
            whole_cell(convert_pace(w.sd_s_per_km, "km", unit)),
            whole_cell(w.hr_bpm, ""),
            str(w.runs),
            f"{w.deflections} deflection(s)" if w.deflections else "levels held",
        )
    con.print(t)


def write_history_csv(history: History, unit: Unit) -> None:
    """The progressive sessions as CSV on stdout, oldest first, paces per `unit` (m:ss and seconds)."""
    from progtempo.store.records import in_unit
    from progtempo.units import format_pace

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["date", "week", "activity_id", "name", "distance_m", "segments", f"end_pace_per_{unit}",
                f"end_pace_s_per_{unit}", f"end_gap_per_{unit}", f"end_gap_s_per_{unit}",
                f"step_s_per_{unit}", "score", "levels_cleared", "boss", "planned"])  # fmt: skip
    for r in history.sessions:
        end, gap = in_unit(r.end_pace_s_per_km, unit), in_unit(r.end_gap_s_per_km, unit)
        w.writerow([
            r.date.isoformat(), r.week, r.activity_id, r.name or "", _num(r.distance_m), r.segments or "",
            format_pace(end) if finite(end) else "", _num(end, 1), format_pace(gap) if finite(gap) else "",
            _num(gap, 1), _num(in_unit(r.step_s_per_km, unit), 1), _num(r.score, 0),
            "" if r.levels_cleared is None else r.levels_cleared, r.boss or "", r.planned or "",
        ])  # fmt: skip


def render_planned(con: Console, entries: Sequence[PlannedEntry], *, title: str) -> None:
    """The planned sessions: week, date, change, session, done/missed/due and the score of the run."""
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    for col in ("week", "date", "day", "change", "session", "status", "score"):
        t.add_column(col, justify="right" if col in ("week", "score") else "left")
    style = {"done": "green", "missed": "red", "due": "bold"}
    for e in entries:
        session = e.spec
        if e.override:
            session += "\n[dim]set by hand[/dim]"
        elif e.adapted is not None:
            session += f"\n[dim]was {e.adapted.from_spec} ({verdict_words(e.adapted.because)})[/dim]"
        t.add_row(
            str(e.week),
            e.date.isoformat(),
            e.date.strftime("%a"),
            e.change,
            session,
            f"[{style[e.status]}]{e.status}[/{style[e.status]}]",
            whole_cell(e.score, ""),
        )
    con.print(t)
    adapted = [e for e in entries if e.adapted is not None and not e.override]
    if adapted:  # the last session a run rewrote, and why (not always the newest run's advice)
        last = adapted[-1].adapted
        assert last is not None
        run = f" after run {last.activity_id}" if last.activity_id else ""
        con.print(f"[dim]adapted to the runs; {adapted[-1].date.isoformat()} changed{run}: {last.why}[/dim]")


def import_summary(r: ImportReport, athlete: str, where: str = "listed above") -> str:
    """One line saying what an import did."""
    parts = []
    rate = r.done / r.elapsed_s if r.elapsed_s > 0 else 0.0
    if r.imported:
        extra = []
        if r.not_running:
            extra.append(f"{r.not_running} not running, kept but not analysed as progressions")
        if r.linked:
            extra.append(f"{r.linked} matched to planned sessions")
        parts.append(
            f"imported {r.imported} new activities for {athlete}"
            + (f" ({'; '.join(extra)})" if extra else "")
        )
    elif r.duplicates:
        parts.append(f"nothing new: all {r.duplicates} activity files are already in {athlete}'s log")
    else:
        parts.append("nothing imported")
    others = len(r.duplicate_of)
    if r.imported and r.duplicates - others:
        parts.append(f"{r.duplicates - others} already in the log")
    if others:
        rec = "another recording" if others == 1 else "other recordings"
        parts.append(f"{others} {rec} of a run stored once (below)")
    if r.failed:
        parts.append(f"{len(r.failed)} failed ({where})")
    if r.skipped:
        parts.append(f"{r.skipped} manual {'entry' if r.skipped == 1 else 'entries'} without a file skipped")
    if r.ignored:
        parts.append(f"{r.ignored} other {'file' if r.ignored == 1 else 'files'} ignored")
    return "; ".join(parts) + f". {r.elapsed_s:.1f} s, {rate:.1f} files/s."


def duplicate_lines(r: ImportReport) -> list[str]:
    """One line per recording not kept: which activity it duplicates and which recording was kept."""
    return [f"  same run as #{d.activity_id}: {d.file} (kept {d.kept})" for d in r.duplicate_of]
