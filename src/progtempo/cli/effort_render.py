"""`analyze --plan` for a ladder by effort: each level's talk test, heart rate against its zone, GAP and
verdict, in a table that fits 80 columns. rich is imported inside, only when it is printed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from progtempo.cli._common import duration_cell, pace_cell, verdict_words, whole_cell

if TYPE_CHECKING:
    from rich.console import Console

    from progtempo.coach import CoachReport


def effort_table(rep: CoachReport) -> object:
    """The levels of a ladder by effort as a rich table."""
    from rich import box
    from rich.table import Table

    from progtempo.fitness.effort import EFFORT_BY_KEY
    from progtempo.units import unit_m

    assert rep.effort is not None
    unit = rep.unit
    by = {"hr_zone": "heart rate in its zone", "hr": "heart rate", "gap": "GAP", "pace": "pace"}
    t = Table(
        title=f"levels by effort (judged by {by[rep.effort.measure]})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for col, just in (("level", "right"), ("time", "right"), ("talk test", "left"), ("HR", "right"),
                      ("zone", "left"), (f"GAP/{unit}", "right"), ("verdict", "left")):  # fmt: skip
        t.add_column(col, justify=just, no_wrap=col != "talk test")  # type: ignore[arg-type]
    last = len(rep.levels) - 1
    for k, (lv, ej) in enumerate(zip(rep.levels, rep.effort.levels, strict=True)):
        e = EFFORT_BY_KEY.get(ej.effort)
        time = lv.pace_s * lv.distance_m / unit_m(unit) if lv.pace_s is not None else None
        zone = f"Z{e.hr_zone}" if e else ""
        if ej.zone_bpm is not None:
            zone += f" {ej.zone_bpm[0]}-{ej.zone_bpm[1]}"
        t.add_row(
            f"{lv.index}{' boss' if k == last else ''}",
            duration_cell(time),
            e.talk if e else ej.effort,
            whole_cell(lv.avg_hr if ej.measure not in ("hr_zone", "hr") else ej.value),
            zone,
            pace_cell(lv.gap_s if lv.gap_s is not None else lv.pace_s),
            verdict_words(ej.verdict),
        )
    return t


def render_effort(con: Console, rep: CoachReport) -> None:
    """The table, then each level that missed and why, and how the judging was done."""
    assert rep.effort is not None
    con.print(effort_table(rep))
    for ej in rep.effort.levels:
        if ej.verdict not in ("cleared", "not_run"):
            con.print(f"  level {ej.index} {verdict_words(ej.verdict)}: {ej.why}")
    con.print(f"[dim]{rep.effort.note}[/dim]")
