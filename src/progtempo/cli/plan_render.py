"""How `plan`, `progression` and `fitness` show a session: the ladder table, its totals and notes.

A ladder by distance shows each segment's pace, window and split; a ladder by time shows each segment's
time and, with paces, the distance it covers at its target. By effort the table leads with the talk test,
RPE and each segment's heart-rate target. Under 100 columns the pace window gives way (the caption
states it). rich is imported inside the functions, only when a table is printed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from progtempo.plan.autoregulate import Replan
    from progtempo.plan.effort import HrScale
    from progtempo.plan.ladder import Session
    from progtempo.plan.rungs import Easy, Segment
    from progtempo.units import Unit


def console() -> Any:
    """A rich console on stdout; 110 columns when piped, so the ladder table is never squeezed."""
    from rich.console import Console

    con = Console(highlight=False)
    if not con.is_terminal:
        con = Console(width=110, highlight=False)
    return con


def effort_cells(seg: Segment) -> tuple[str, str, str]:
    """The talk test, RPE and heart-rate cell of a segment: `Z3`; by effort `Z3 73-78%`, or in bpm
    `Z3 139-148` once the runner's heart rate is known."""
    from progtempo.fitness.effort import EFFORT_BY_KEY
    from progtempo.plan.effort import whole_pct

    e = EFFORT_BY_KEY[seg.effort]
    hr = f"Z{e.hr_zone}"
    if seg.hr_target_bpm is not None:
        hr += f" {seg.hr_target_bpm[0]}-{seg.hr_target_bpm[1]}"
    elif seg.hr_target_pct is not None:
        lo, hi = whole_pct(seg.hr_target_pct)
        hr += f" {lo}-{hi}%"
    return e.talk, e.rpe, hr


def zone_legend(keys: list[str], by_effort: bool = False, hr: HrScale | None = None) -> str:
    """`HR zones (% of max): Z2 60-75, Z3 75-85`, or in bpm: the zones a table used."""
    from progtempo.fitness.effort import EFFORTS

    used = [e for e in EFFORTS if e.key in keys]
    if hr is not None:
        bands = [hr.zone_bpm(e) for e in used]
        return "HR in bpm: " + ", ".join(
            f"Z{e.hr_zone} {lo}-{hi}" for e, (lo, hi) in zip(used, bands, strict=True)
        )
    head = "HR in % of max" if by_effort else "HR zones (% of max HR)"
    return f"{head}: " + ", ".join(f"Z{e.hr_zone} {e.hr_pct_max_low}-{e.hr_pct_max_high}" for e in used)


def dist_text(distance_m: float, unit: Unit) -> str:
    """A segment's distance: `1 mi`, `800 m`, `1.25 km`."""
    from progtempo.units import unit_m

    n = distance_m / unit_m(unit)
    if abs(n - round(n, 2)) < 1e-9 and n >= 0.1:
        return f"{n:g} {unit}"
    return f"{distance_m:.0f} m" if n < 0.1 or distance_m == round(distance_m) else f"{n:.2f} {unit}"


def _about(distance_m: float, unit: Unit) -> str:
    """`1.76 km`: how far a segment by time goes at its target pace."""
    from progtempo.units import unit_m

    return f"{distance_m / unit_m(unit):.2f} {unit}" if math.isfinite(distance_m) else ""


def session_table(
    session: Session,
    segs: list[Segment] | None = None,
    actual: list[float | None] | None = None,
    title: str | None = None,
    width: int = 110,
) -> Any:
    """The ladder as a rich table; `actual` adds the splits run so far (mid-run re-plan)."""
    from rich import box
    from rich.table import Table

    from progtempo.units import format_duration, format_pace

    u = session.unit
    by_effort, by_time, has_paces = session.by_effort, session.by_time, session.paced
    narrow = width < 100
    show_window = not by_effort and not narrow
    # At 80 columns the talk test keeps its one line: the split (or the distance of a segment by time)
    # gives way beside the actual splits and beside the effort columns.
    show_about = has_paces and not (narrow and (actual is not None or (by_time and by_effort)))
    rows = session.ladder() if segs is None else segs
    caption = zone_legend([s.effort for s in rows], by_effort, session.hr)
    if session.efforts_from_zones and session.pace_zones is not None:
        from progtempo.units import convert_pace

        t = format_pace(convert_pace(session.pace_zones.threshold_s, "km", u), u)
        caption += f"; talk test from your pace zones (threshold {t})"
    if narrow and not by_effort and has_paces:
        caption = f"window ±{session.tolerance_s:g} s/{u}; " + caption
    table = Table(
        title=title or session.describe(),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        caption=caption,
        caption_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True, min_width=2)
    table.add_column("time" if by_time else "dist", justify="right", no_wrap=True)
    if by_effort:
        table.add_column("effort (talk test)", min_width=12)
        table.add_column("RPE", justify="center", no_wrap=True)
        table.add_column("HR", no_wrap=True)
        if has_paces:
            table.add_column(f"guide/{u}", justify="right", no_wrap=True)
    else:
        table.add_column(f"pace/{u}", justify="right", no_wrap=True)
        if show_window:
            table.add_column("window", justify="right", no_wrap=True)
    if actual is not None:
        table.add_column("actual", justify="right", no_wrap=True)
    if show_about:
        about_head = (u if narrow else "about") if by_time else "split"
        table.add_column(about_head, justify="right", no_wrap=True)
    if has_paces or by_time:
        table.add_column("total", justify="right", no_wrap=True)
    if not by_effort:
        table.add_column("talk test", min_width=12)
        table.add_column("RPE", justify="center", no_wrap=True)
        table.add_column("HR" if narrow else "HR zone", no_wrap=True)

    def about(distance_m: float) -> str:
        txt = _about(distance_m, u)
        return txt.split()[0] if narrow and txt else txt

    def easy_row(label: str, e: Easy) -> None:
        how = format_duration(e.time_s(u)) if by_time or not has_paces else dist_text(e.length_m(u), u)
        cells = [label, how]
        if by_effort:
            cells += ["easy jog", "1-2", "Z1-2"] + ([format_pace(e.pace_s)] if has_paces else [])
        else:
            cells += [format_pace(e.pace_s)] + (["easy"] if show_window else [])
        if actual is not None:
            cells.append("")
        if show_about:
            cells.append(about(e.length_m(u)) if by_time else format_duration(e.time_s(u)))
        if has_paces or by_time:
            done_by = e.time_s(u) if e is session.warmup else session.total_time_s
            cells.append(format_duration(done_by))
        if not by_effort:
            cells += ["easy jog", "1-2", "Z1-2"]
        table.add_row(*cells, style="dim")

    if session.warmup:
        easy_row("WU" if narrow else "warm-up", session.warmup)
    for i, seg in enumerate(rows):
        talk, rpe, hr = effort_cells(seg)
        length = format_duration(seg.duration_s) if seg.duration_s is not None else None
        cells = [str(seg.index), length or dist_text(seg.distance_m or 0.0, u)]
        if by_effort:
            cells += [talk, rpe, hr] + ([format_pace(seg.target_pace_s)] if has_paces else [])
        else:
            decimals = 0 if session.converted else 1  # a converted pace in whole seconds
            cells.append(format_pace(seg.target_pace_s, decimals=decimals).removesuffix(".0"))
            if show_window:
                cells.append(f"{format_pace(seg.slow_pace_s)}-{format_pace(seg.fast_pace_s)}")
        style = None
        if actual is not None:
            a = actual[i] if i < len(actual) else None
            cells.append(format_pace(a) if a is not None else "")
            style = "green" if a is not None else None
        if show_about:
            ran = actual[i] if actual is not None and i < len(actual) else None
            pace = ran if ran is not None else seg.target_pace_s
            cells.append(about(session.length_m(pace)) if by_time else format_duration(seg.split_time_s))
        if has_paces or by_time:
            cells.append(format_duration(seg.cumulative_time_s))
        if not by_effort:
            cells += [talk, rpe, hr]
        table.add_row(*cells, style=style)
    if session.cooldown:
        easy_row("CD" if narrow else "cool-down", session.cooldown)
    return table


def level_cell(session: Session) -> str:
    """A level in a schedule: `6x1mi 10:00-7:30/mi`, `6x8min by effort` (its climb in `step_cell`)."""
    from progtempo.units import format_pace

    head = f"{session.segments}x{session.segment_text()}"
    if session.paced:
        return f"{head} {format_pace(session.start_pace_s)}-{format_pace(session.end_pace_s, session.unit)}"
    return f"{head} by effort"


def step_cell(session: Session) -> str:
    """A level's step in a schedule: `30 s`, or by effort the heart-rate climb `HR 70-96%`, in the
    runner's own beats once their heart rate is known (`HR 132-180`: an intensity week moves it up a few
    beats)."""
    from progtempo.units import format_step

    if session.by_effort:
        lo, hi = session.effort_range_pct()
        if session.hr is not None:
            return f"HR {session.hr.bpm(lo):.0f}-{session.hr.bpm(hi):.0f}"
        return f"HR {lo:.0f}-{hi:.0f}%"
    return format_step(session.step_s)


def totals_line(session: Session, total_time_s: float) -> str:
    """`Total 6.00 mi in 52:30, average 8:45/mi`; by time `Total 48:00, about 8.9-9.2 km on the flat`."""
    from progtempo.units import format_distance, format_duration, format_pace, unit_m

    u = session.unit
    if session.by_time:
        rng = session.distance_range_m
        if rng is None:
            return (
                f"Total {format_duration(total_time_s)}; no paces, so no distance estimate "
                "(give --start or --from-race)"
            )
        lo, hi = (format_distance(x, u) for x in rng)
        span = lo if lo == hi else f"{lo.split()[0]}-{hi}"
        return f"Total {format_duration(total_time_s)}, about {span} at the planned paces (less on hills)"
    distance = session.total_distance_m or math.nan
    if math.isfinite(total_time_s):
        avg = total_time_s / (distance / unit_m(u))
        return (
            f"Total {format_distance(distance, u)} in {format_duration(total_time_s)}, "
            f"average {format_pace(avg, u)}"
        )
    return f"Total {format_distance(distance, u)}, run by effort"


def footer(
    con: Any, session: Session, total_time_s: float, warnings: tuple[str, ...] | list[str], notes: Any
) -> None:
    """The totals, then the notes and the warnings."""
    con.print(totals_line(session, total_time_s))
    for n in notes:
        con.print(n)
    for w in warnings:
        con.print(f"[yellow]warning:[/yellow] {w}")


def session_title(session: Session) -> str:
    """The table's title: the compact form, how the runner felt, and whether it is run by effort."""
    title = session.describe() + (f" (feeling {session.feel})" if session.feel else "")
    if session.by_effort and session.paced:
        title += ", by effort"
    return title


def print_session(session: Session) -> None:
    """The session as the planner shows it: the ladder table, totals, warnings and notes."""
    con = console()
    con.print(session_table(session, title=session_title(session), width=con.width))
    footer(con, session, session.total_time_s, session.warnings, session.notes)


def print_replan(r: Replan) -> None:
    """A mid-run re-plan: the splits run so far beside the plan, and the segments left."""
    from progtempo.units import format_duration, format_pace

    con = console()
    segs = r.segments()
    actual: list[float | None] = [a for _, a in segs]
    p = r.planned
    title = f"{p.describe()}: {r.done} run, {p.segments - r.done} left (feeling {r.feel})"
    con.print(session_table(p, [s for s, _ in segs], actual=actual, title=title, width=con.width))
    pace = r.ran_pace_s
    con.print(
        f"Run so far: {r.done} segment{'s' if r.done != 1 else ''} in {format_duration(r.ran_time_s)}"
        + (f", average {format_pace(pace, p.unit)}" if pace else "")
    )
    footer(con, p, r.total_time_s, r.warnings, r.notes)
