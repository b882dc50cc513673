"""Draw an analysed run with the coach's verdict: one figure a runner reads without the table
(`analyze --plot`; `charts.figure.figure_bytes` renders it, the caller writes the file).

Four panels share the distance axis (in the runner's unit): split bars (pace and GAP) against the
target ladder and its window, faster up; the elevation profile; heart rate; and a strip of levels,
cleared or missed, ending with the boss. A ladder by time shares a time axis instead (minutes on the
clock its levels were laid on), and a ladder by effort shows each level's heart-rate zone. matplotlib
(Agg backend) is imported only when drawing.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from progtempo.coach._text import signed
from progtempo.units import Unit, convert_pace, format_pace, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.coach import CoachReport

#: Verdict colours (colour-blind safe: blue / orange / vermilion, grey for not run or outside the block).
COLOURS = {
    "cleared": "#0072B2",
    "too_fast": "#E69F00",
    "too_slow": "#D55E00",
    "not_run": "#BBBBBB",
    "outside": "#D9D9D9",
}
VERDICT_TEXT = {"cleared": "cleared", "too_fast": "too fast", "too_slow": "too slow", "not_run": "not run"}


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def draw_run(analysis: Analysis, report: CoachReport | None) -> Any:
    """The figure (a matplotlib Figure): only the panels the run has data for, the legend in its own row."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    unit: Unit = report.unit if report is not None else analysis.unit
    stream = analysis.stream
    levels = report.levels if report is not None else []
    # only the panels the run has data for: no empty elevation or heart-rate box
    panels = [("pace", 3.4)]
    panels += [("elev", 1.1)] * (stream.altitude_m is not None)
    panels += [("hr", 1.1)] * (stream.heart_rate is not None)
    panels += [("levels", 0.55)] * bool(levels)
    height = 3.2 + sum(h for _, h in panels) * 0.78
    fig = plt.figure(figsize=(11, height), dpi=110)
    grid = fig.add_gridspec(len(panels), 1, height_ratios=[h for _, h in panels], hspace=0.12)
    axes: dict[str, Any] = {}
    for k, (name, _) in enumerate(panels):
        axes[name] = fig.add_subplot(grid[k], sharex=axes.get("pace"))
    ax_pace = axes["pace"]
    xm, x_run, x_label = _x_axis(analysis, report, unit)
    total_u = float(x_run[-1]) if len(x_run) else 0.0

    def span(a_m: float, z_m: float) -> tuple[float, float]:
        """A stretch of the run (metres) on the x axis: its start and its width."""
        x0 = xm(a_m)
        return x0, xm(z_m) - x0

    # --- pace panel -----------------------------------------------------------------------------
    block = report.block if report is not None and report.block.progressive else None
    paces: list[float] = []
    bars: list[tuple[float, float, float, float | None, str, str]] = []  # x0, width, pace, gap, colour, used
    lo_m, hi_m = (block.start_m, block.end_m) if block is not None and levels else (math.inf, -math.inf)
    for s in analysis.splits:
        pace = convert_pace(s.pace_s, analysis.unit, unit) if _finite(s.pace_s) else math.nan
        gap = convert_pace(s.gap_s, analysis.unit, unit) if _finite(s.gap_s) else None
        key = "outside" if levels else "cleared"
        # only the parts of a split outside the block: the levels stand for the rest
        for a, z in ((s.start_m, min(s.end_m, lo_m)), (max(s.start_m, hi_m), s.end_m)):
            if z - a > 1.0:
                bars.append((*span(a, z), pace, gap, key, "pace"))
            if not levels:
                break
    for lv in levels:
        if lv.pace_s is None or not _finite(lv.start_m):
            continue
        bars.append((*span(lv.start_m, lv.start_m + lv.distance_m), lv.pace_s, lv.gap_s, lv.verdict, lv.used))
    with_gap = analysis.has_elevation  # without elevation GAP is the pace: one bar, not two
    if not with_gap:
        bars = [(x0, w, p, None, key, used) for x0, w, p, _, key, used in bars]
    for _, _, p, g, _, _ in bars:
        paces += [v for v in (p, g) if v is not None and math.isfinite(v)]
    for lv in levels:
        if _finite(lv.target_pace_s):  # a ladder by effort may have no target paces
            paces += [lv.target_pace_s - lv.tolerance_s, lv.target_pace_s + lv.tolerance_s]
    if not paces:
        paces = [convert_pace(600.0, "mi", unit)]
    lo, hi = min(paces), max(paces)
    pad = max(10.0, 0.08 * (hi - lo))
    fast_edge, slow_edge = lo - pad, hi + pad
    for x0, w, p, g, key, used in bars:
        if not math.isfinite(p):
            continue
        colour = COLOURS.get(key, COLOURS["outside"])
        # the bar the verdict used is solid; the other one is faded
        ax_pace.bar(x0 + 0.04 * w, p - slow_edge, width=(0.55 if with_gap else 0.92) * w, bottom=slow_edge,
                    align="edge", color=colour, alpha=0.9 if used == "pace" else 0.3, zorder=2)  # fmt: skip
        if g is not None and math.isfinite(g):
            ax_pace.bar(x0 + 0.6 * w, g - slow_edge, width=0.36 * w, bottom=slow_edge, align="edge",
                        color=colour if used == "gap" else "white", edgecolor=colour, hatch="///",
                        alpha=1.0 if used == "gap" else 0.6, linewidth=1.2, zorder=2)  # fmt: skip
    many = len(levels) > 10
    for lv in levels:
        if not _finite(lv.start_m):
            continue
        x0, w = span(lv.start_m, lv.start_m + lv.distance_m)
        if not _finite(lv.target_pace_s):
            if lv.actual_pace_s is not None:
                hr = f"\n{lv.avg_hr:.0f} bpm" if lv.avg_hr is not None and not many else ""
                label = format_pace(lv.actual_pace_s) + (" GAP" if lv.used == "gap" else "") + hr
                ax_pace.annotate(label, (x0 + 0.5 * w, lv.actual_pace_s), xytext=(0, 3), ha="center",
                                 textcoords="offset points", va="bottom", fontsize=7 if many else 8,
                                 zorder=4)  # fmt: skip
            continue
        ax_pace.add_patch(
            Rectangle(
                (x0, lv.target_pace_s - lv.tolerance_s),
                w,
                2 * lv.tolerance_s,
                facecolor="#009E73",
                alpha=0.18,
                edgecolor="none",
                zorder=1,
            )
        )
        ax_pace.hlines(lv.target_pace_s, x0, x0 + w, colors="#009E73", linewidth=2.2, zorder=3)
        if lv.actual_pace_s is not None and lv.off_s is not None:
            off = round(lv.off_s) + 0  # no "-0"
            if many:
                label = signed(off) + ("\nGAP" if lv.used == "gap" else "")
            else:
                label = f"{format_pace(lv.actual_pace_s)}\n{signed(off)} s" + (
                    " by GAP" if lv.used == "gap" else ""
                )
            ax_pace.annotate(label, (x0 + 0.5 * w, min(lv.actual_pace_s, lv.target_pace_s - lv.tolerance_s)),
                             xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                             fontsize=7 if many else 8, zorder=4)  # fmt: skip
    if not levels and report is not None and report.session is None:
        what = "not a run" if report.advice.insight == "not_running" else "no progressive block found"
        ax_pace.text(0.5, 0.93, what, transform=ax_pace.transAxes, ha="center", fontsize=10)
    ax_pace.set_ylim(slow_edge, fast_edge - 0.12 * (slow_edge - fast_edge))  # faster up, room for labels
    ax_pace.yaxis.set_major_locator(MultipleLocator(_tick_s(slow_edge - fast_edge)))
    ax_pace.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_pace(v)))
    ax_pace.set_ylabel(f"pace /{unit}  (faster ↑)")
    ax_pace.grid(axis="y", alpha=0.3, zorder=0)
    keys = {b[4] for b in bars}
    handles = [Patch(color=COLOURS[k], label=VERDICT_TEXT.get(k, "split"))
               for k in ("cleared", "too_fast", "too_slow") if k in keys]  # fmt: skip
    if not levels and "cleared" in keys:  # no levels: the bars are the splits, nothing was judged
        handles = [Patch(color=COLOURS["cleared"], label="split pace")]
    if with_gap:
        handles += [
            Patch(facecolor="#777777", edgecolor="#555555", label="left: pace"),
            Patch(facecolor="white", edgecolor="#555555", hatch="///", label="right: GAP"),
        ]
    if any(_finite(lv.target_pace_s) for lv in levels):
        handles.append(Patch(color="#009E73", alpha=0.35, label="target ± window"))
    if any(lv.used == "gap" for lv in levels):
        handles.append(Patch(color="#777777", alpha=0.3, label="faded: not judged"))
    if "outside" in keys:
        handles.append(Patch(color=COLOURS["outside"], label="outside the block"))
    title, verdict = _title(analysis, report)
    inch = 1 / height  # one inch as a share of the figure's height
    fig.text(0.06, 1 - 0.12 * inch, title, fontsize=12, va="top", ha="left")
    top = 1 - 0.45 * inch
    if verdict:
        fig.text(0.06, top + 0.05 * inch, verdict, fontsize=10.5, va="top", ha="left", fontweight="bold")
        top -= 0.27 * inch
    message = _wrap(report.advice.message, 160) if report is not None else ""
    if message:
        fig.text(0.06, top, message, fontsize=8.5, va="top", ha="left", color="#333333")
        top -= (0.16 * (message.count("\n") + 1) + 0.08) * inch
    # the legend sits in its own row above the pace panel: it covers neither bars nor labels
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.075, top), fontsize=8,
               ncol=len(handles), frameon=False)  # fmt: skip
    top -= 0.32 * inch

    # --- elevation ---------------------------------------------------------------------------------
    if "elev" in axes and stream.altitude_m is not None:
        ax_elev, alt = axes["elev"], stream.altitude_m
        ax_elev.fill_between(x_run, alt, float(min(alt)) - 1, color="#8c6d46", alpha=0.45, linewidth=0)
        ax_elev.plot(x_run, alt, color="#6b4f2c", linewidth=1)
        ax_elev.set_ylim(float(min(alt)) - 1, float(max(alt)) + max(2.0, 0.1 * float(max(alt) - min(alt))))
        ax_elev.set_ylabel("elevation m")
        ax_elev.grid(alpha=0.3)

    # --- heart rate ----------------------------------------------------------------------------------
    if "hr" in axes and stream.heart_rate is not None:
        ax_hr = axes["hr"]
        ax_hr.plot(x_run, stream.heart_rate, color="#CC0033", linewidth=1)
        zones = report.effort.levels if report is not None and report.effort is not None else []
        for lv, ej in zip(levels, zones, strict=False):  # a ladder by effort: each level's zone in bpm
            if ej.zone_bpm is not None and _finite(lv.start_m):
                x0, w = span(lv.start_m, lv.start_m + lv.distance_m)
                lo, hi = ej.zone_bpm
                ax_hr.add_patch(Rectangle((x0, lo), w, hi - lo, facecolor="#009E73", alpha=0.18,
                                          edgecolor="none", zorder=1))  # fmt: skip
        for lv in levels:
            if lv.avg_hr is not None and _finite(lv.start_m):
                x0, w = span(lv.start_m, lv.start_m + lv.distance_m)
                ax_hr.hlines(lv.avg_hr, x0, x0 + w, colors="#660019", linewidth=2)
        ax_hr.set_ylabel("HR bpm")
        ax_hr.grid(alpha=0.3)

    # --- levels strip -------------------------------------------------------------------------------
    if "levels" in axes:
        ax_lv = axes["levels"]
        _strip(ax_lv, report, span, Rectangle)
        ax_lv.set_yticks([])
        ax_lv.set_ylim(0, 1)
    last = axes[panels[-1][0]]
    last.set_xlabel(x_label)
    planned_end = _planned_end(report)
    last.set_xlim(0, max(total_u, planned_end, 0.1))
    for ax in axes.values():
        if ax is not last:
            ax.tick_params(labelbottom=False)
    fig.subplots_adjust(left=0.08, right=0.98, top=top, bottom=0.75 * inch)
    return fig


def _planned_end(report: CoachReport | None) -> float:
    """Where a ladder by time would have ended (minutes), so levels not run still show; else 0."""
    if report is None or report.block.segment_s is None or report.block.start_s is None:
        return 0.0
    return (report.block.start_s + report.block.segments * report.block.segment_s) / 60.0


def _x_axis(analysis: Analysis, report: CoachReport | None, unit: Unit) -> tuple[Any, Any, str]:
    """(metres -> x, x of every record, the axis label): distance in `unit`, or for a ladder by time
    the minutes on the clock its levels were laid on."""
    import numpy as np

    stream = analysis.stream
    clock = report.block.clock if report is not None and report.block.segment_s is not None else None
    if clock not in ("elapsed", "moving") or len(stream) < 2:
        per = unit_m(unit)
        return (lambda m: m / per), stream.distance_m / per, f"distance ({unit})"
    from progtempo.analysis.timesplits import clock_s

    minutes = clock_s(stream, "moving" if clock == "moving" else "elapsed") / 60.0
    d = stream.distance_m

    def xm(m: float) -> float:
        return float(np.interp(m, d, minutes))

    return xm, minutes, f"{clock} time (min)"


def _strip(ax: Any, report: CoachReport | None, span: Any, rectangle: Any) -> None:
    """One box per level, coloured by verdict; the last is the boss (`span` places a stretch of the run,
    metres, on the x axis)."""
    if report is None or not report.levels:
        ax.text(0.5, 0.5, "no levels: no plan and no progressive block", transform=ax.transAxes,
                ha="center", va="center", fontsize=9)  # fmt: skip
        ax.set_ylabel("levels", rotation=0, ha="right", va="center")
        return
    levels = report.levels
    seg_m = report.block.segment_m
    for i, lv in enumerate(levels):
        if _finite(lv.start_m) and _finite(lv.distance_m):
            x0, w = span(lv.start_m, lv.start_m + lv.distance_m)
        elif report.block.segment_s is not None and report.block.start_s is not None:
            seg_min = report.block.segment_s / 60.0  # not run: where it would have been on the clock
            x0, w = report.block.start_s / 60.0 + i * seg_min, seg_min
        else:
            a = report.block.start_m + i * seg_m
            x0, w = span(a, a + seg_m)
        boss = i == len(levels) - 1
        colour = COLOURS.get(lv.verdict, COLOURS["not_run"])
        if boss and report.boss is not None and not report.boss.beaten:
            colour = COLOURS["too_slow"] if lv.verdict != "not_run" else COLOURS["not_run"]
        ax.add_patch(rectangle((x0 + 0.02 * w, 0.1), 0.96 * w, 0.8, facecolor=colour, edgecolor="black",
                               linewidth=2.0 if boss else 0.5))  # fmt: skip
        name = "BOSS" if boss else f"L{lv.index}"
        verdict = VERDICT_TEXT.get(lv.verdict, lv.verdict)
        if boss and report.boss is not None:
            verdict = "beaten" if report.boss.beaten else report.boss.verdict.replace("_", " ")
        mark = "✓" if (lv.cleared if not boss else report.boss is not None and report.boss.beaten) else "✗"
        ax.text(x0 + 0.5 * w, 0.5, f"{name} {mark}\n{verdict}" + (" ⚡surge" if lv.surge else ""),
                ha="center", va="center", fontsize=7.5, color="white" if lv.verdict != "not_run" else "black",
                fontweight="bold" if boss else "normal")  # fmt: skip
    ax.set_ylabel("levels", rotation=0, ha="right", va="center")


def _title(analysis: Analysis, report: CoachReport | None) -> tuple[str, str]:
    """The run and its ladder; the score, badges and insight."""
    name = Path(analysis.activity.source).name if analysis.activity.source else "run"
    if report is None:
        return name, ""
    if report.session is None:
        what = "not a run" if report.advice.insight == "not_running" else "not a progressive run"
        return f"{name} · {what}", ""
    spec = report.session.describe()
    if report.session_source == "fitted":
        spec = f"no plan: found {spec}"
    badges = ", ".join(b.replace("_", " ") for b in report.badges) or "no badges"
    return (
        f"{name} · {spec}",
        f"score {report.total_score}/100 · {report.advice.insight.replace('_', ' ')} · {badges}",
    )


def _tick_s(span_s: float) -> float:
    """A pace tick spacing in seconds giving about six ticks."""
    for step in (5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0):
        if span_s / step <= 7:
            return step
    return 600.0


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


__all__ = ["draw_run"]
