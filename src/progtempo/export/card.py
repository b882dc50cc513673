"""A printable pace card (PDF or PNG): one big row per segment, to tape to a wrist or a bottle.

Each row shows the segment, its target pace (largest), the window (slow-fast), the split time and
the clock time at its end, shaded by talk-test effort. A ladder by time shows each segment's minutes
(TIME) instead of its split; one by effort shows the heart-rate target (in bpm once the runner's is
known, else % of max) and the RPE instead of the pace and window, with the talk test under each row.
The card is narrow (about 9 cm) so it can be cut out and folded round a wrist. matplotlib is imported
here only, with the Agg backend.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

from progtempo.export.steps import Step, steps, title, total_text
from progtempo.plan.effort import whole_pct
from progtempo.plan.ladder import Session
from progtempo.units import format_distance, format_duration, format_pace, format_step

WIDTH_IN = 4.4
ROW_IN = 0.62
HEAD_IN = 1.25
FOOT_IN = 0.45
# light fills by talk-test level, easy first: readable in black and white print too
SHADES = {
    None: "#ffffff",
    "conversational": "#e3f2e1",
    "a_few_sentences": "#fdf3d0",
    "a_few_words": "#fbe0c8",
    "single_word": "#f6cccc",
}
COLUMNS = (  # (header, x centre as a fraction of the width, alignment)
    ("#", 0.07, "center"),
    ("PACE", 0.245, "center"),
    ("WINDOW", 0.505, "center"),
    ("SPLIT", 0.72, "center"),
    ("AT", 0.88, "center"),
)
#: the same places by effort: the heart-rate target where the pace is, the RPE where the window is
EFFORT_HEADS = ("#", "HR", "RPE", "TIME", "AT")


def _pace(pace_s: float) -> str:
    """`5:30`, or `5:27.5` when half-second steps make the target fractional (the window stays whole)."""
    whole = abs(pace_s - round(pace_s)) < 0.05
    return format_pace(pace_s) if whole else format_pace(pace_s, decimals=1)


def _row_cells(step: Step, session: Session) -> tuple[str, str, str, str, str]:
    if step.kind == "active":
        label = str(step.index)
        window = f"{format_pace(step.slow_pace_s or 0)}–{format_pace(step.fast_pace_s or 0)}"
    else:
        label = "WU" if step.kind == "warmup" else "CD"
        window = "easy"
    at = format_duration(step.cumulative_time_s) if math.isfinite(step.cumulative_time_s) else ""
    split = format_duration(step.split_time_s) if math.isfinite(step.split_time_s) else ""
    if session.by_effort:
        return label, _hr_cell(step), step.effort.rpe if step.effort else "1-2", split, at
    return (label, _pace(step.target_pace_s), window, split, at)


def _hr_cell(step: Step) -> str:
    """`127-136` bpm, or `68-72%` of max; `easy` for the warm-up and cool-down."""
    hr = step.hr_range()
    if hr is None:
        return "easy"
    lo, hi, scale = hr
    return f"{lo}–{hi}" + ("%" if scale == "%" else "")


def _subtitle(session: Session) -> str:
    """`1 mi each · 30 s steps · window ±5 s · paces /mi`; by effort `8:00 each · HR 70-96% of max`."""
    unit = session.unit
    if session.segment_m is None:
        seg = format_duration(session.segment_s or 0.0)
    else:
        seg = format_distance(session.segment_m, unit, decimals=2).replace(".00 ", " ")
    if session.by_effort:
        lo, hi = whole_pct(session.effort_range_pct())
        scale = "HR in bpm" if session.hr is not None else f"HR {lo}-{hi}% of max"
        return f"{seg} each · by effort · {scale}"
    sub = f"{seg} each · {format_step(session.step_s)} steps · window ±{session.tolerance_s:g} s"
    return sub + f" · paces /{unit}"


def _fit_width(fig: Any, text: Any, share: float) -> None:
    """Shrink `text` until it spans at most `share` of the figure's width (measured, not guessed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas: Any = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    limit = share * fig.bbox.width
    for _ in range(4):  # text width is near-linear in the font size: converges in a step or two
        width = text.get_window_extent(renderer).width
        if width <= limit:
            return
        text.set_fontsize(text.get_fontsize() * limit / width * 0.98)


def pace_card(
    session: Session, *, kind: str = "pdf", name: str | None = None, day: dt.date | None = None
) -> bytes:
    """The card as PDF or PNG bytes (`kind` "pdf" or "png")."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    rows = steps(session)
    height = HEAD_IN + ROW_IN * (len(rows) + 0.55) + FOOT_IN
    fig = Figure(figsize=(WIDTH_IN, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(height, 0)  # inches from the top
    ax.axis("off")

    unit = session.unit
    heading = name or title(session)
    top_line = ax.text(0.05, 0.42, heading, fontsize=17.0, fontweight="bold", va="center", ha="left")
    _fit_width(fig, top_line, 0.90)  # a long name shrinks to the card's width
    sub = _subtitle(session)
    if day is not None:
        sub = f"{day.strftime('%a %d %b')} · {sub}"
    line = ax.text(0.05, 0.82, sub, fontsize=10.5, va="center", ha="left", color="#333333")
    _fit_width(fig, line, 0.90)  # a date in front must not push the end off the card

    y = HEAD_IN
    heads = EFFORT_HEADS if session.by_effort else tuple(h for h, _, _ in COLUMNS)
    if session.by_time and not session.by_effort:
        heads = (*heads[:3], "TIME", heads[4])
    for head, (_, x, align) in zip(heads, COLUMNS, strict=True):
        ax.text(x, y, head, fontsize=9.5, fontweight="bold", va="center", ha=align, color="#444444")
    y += 0.55 * ROW_IN / 2 + 0.08

    for st in rows:
        top = y
        effort_key = st.effort.key if st.effort else None
        ax.add_patch(
            Rectangle(
                (0.02, top),
                0.96,
                ROW_IN,
                facecolor=SHADES.get(effort_key, "#ffffff"),
                edgecolor="#999999",
                linewidth=0.6,
            )
        )
        cells = _row_cells(st, session)
        mid = top + ROW_IN * 0.42
        sizes = (15, 19 if session.by_effort else 22, 12, 13, 13)
        weights = ("bold", "bold", "normal", "normal", "normal")
        for (_, x, align), text, size, weight in zip(COLUMNS, cells, sizes, weights, strict=True):
            ax.text(x, mid, text, fontsize=size, fontweight=weight, va="center", ha=align)
        if st.kind == "active":
            cue = f"talk test: {st.cue}"
            if not session.by_effort and session.hr is not None and st.effort is not None:
                lo, hi = session.hr.zone_bpm(st.effort)  # the runner's own zone
                cue += f" · {lo}-{hi} bpm"
        else:
            howfar = (
                format_distance(st.distance_m, unit) if st.distance_m else format_duration(st.split_time_s)
            )
            cue = f"{howfar} by feel"
        ax.text(0.135, top + ROW_IN * 0.85, cue, fontsize=8, va="center", ha="left", color="#444444")
        y += ROW_IN

    total = total_text(session).replace(" in ", " · ")
    ax.text(
        0.05, y + FOOT_IN * 0.55, f"Total {total}", fontsize=11, fontweight="bold", va="center", ha="left"
    )
    ax.text(0.95, y + FOOT_IN * 0.55, "progtempo", fontsize=8, va="center", ha="right", color="#777777")

    buf = io.BytesIO()
    if kind == "png":
        fig.savefig(buf, format="png", dpi=200)
    else:
        fig.savefig(buf, format="pdf", metadata={"Title": name or title(session), "Creator": "progtempo"})
    return buf.getvalue()
