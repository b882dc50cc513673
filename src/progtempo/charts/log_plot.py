"""The charts of the log: the history (end pace, end GAP and score of every progressive session, and the
threshold estimate over weeks) and the training load (daily load, CTL, ATL, TSB and weekly volume).

The history:

A long log is shown by week (over half a year) or by month (over three years): the median end pace and
the mean score of each, so years of runs read as a trend, not a comb. Pace ticks fall on whole m:ss
steps (0:05, 0:10, 0:15, 0:30, 1:00, 2:00, 5:00), score bars are as wide as their period (and never
thinner than a few pixels), and an end pace no runner holds (a misread file) is left out, not drawn
as a 0:00 spike.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from progtempo.units import FASTEST_PACE_S_PER_KM, Unit, convert_pace, format_pace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progtempo.fitness.trend import ThresholdWeek
    from progtempo.store.history_records import HistoryEntry
    from progtempo.store.training import LoadReport

Period = Literal["session", "week", "month"]
#: Over this many days the chart shows weeks; over the second, months.
WEEKLY_AFTER_DAYS = 183
MONTHLY_AFTER_DAYS = 3 * 365
#: Whole m:ss tick steps, seconds.
TICK_STEPS_S = (5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0)
#: The charts' resolution in a PNG (dots per inch).
DPI = 110
#: A score bar is at least this share of the time axis wide (about 4 px on the 9-inch chart).
MIN_BAR_SHARE = 0.006


@dataclass(frozen=True)
class Series:
    """What the chart draws: one point per session, week or month."""

    period: Period
    dates: list[dt.datetime]
    end_pace_s: list[float]
    end_gap_s: list[float]
    score: list[float]
    width_days: float


def _median(xs: list[float]) -> float:
    xs = sorted(x for x in xs if math.isfinite(x))
    if not xs:
        return math.nan
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def _plausible(pace_s_per_km: float | None) -> float:
    """The pace, or NaN when there is none or no runner holds it (a misread file's 0:00)."""
    if pace_s_per_km is None or not math.isfinite(pace_s_per_km) or pace_s_per_km < FASTEST_PACE_S_PER_KM:
        return math.nan
    return pace_s_per_km


def _period_start(t: dt.datetime, period: Period) -> dt.datetime:
    d = t.date()
    if period == "week":
        d -= dt.timedelta(days=d.weekday())
    elif period == "month":
        d = d.replace(day=1)
    return dt.datetime.combine(d, dt.time(0), tzinfo=t.tzinfo)


def series(entries: list[HistoryEntry], unit: Unit) -> Series:
    """The points to draw: sessions, or weeks or months for a long log (paces per `unit`)."""
    times = [e.start_time for e in entries]
    span = (max(times) - min(times)).days if times else 0
    period: Period = (
        "month" if span > MONTHLY_AFTER_DAYS else "week" if span > WEEKLY_AFTER_DAYS else "session"
    )

    def per_unit(v: float) -> float:
        return convert_pace(v, "km", unit) if math.isfinite(v) else math.nan

    if period == "session":
        width = max(0.8, MIN_BAR_SHARE * max(span, 1))
        return Series(
            period,
            times,
            [per_unit(_plausible(e.end_pace_s_per_km)) for e in entries],
            [per_unit(_plausible(e.end_gap_s_per_km)) for e in entries],
            [e.score if e.score is not None else math.nan for e in entries],
            width,
        )
    groups: dict[dt.datetime, list[HistoryEntry]] = {}
    for e in entries:
        groups.setdefault(_period_start(e.start_time, period), []).append(e)
    starts = sorted(groups)
    days = 7.0 if period == "week" else 30.4
    mid = dt.timedelta(days=days / 2)
    return Series(
        period,
        [s + mid for s in starts],
        [per_unit(_median([_plausible(e.end_pace_s_per_km) for e in groups[s]])) for s in starts],
        [per_unit(_median([_plausible(e.end_gap_s_per_km) for e in groups[s]])) for s in starts],
        [_mean([e.score for e in groups[s] if e.score is not None]) for s in starts],
        max(0.8 * days, MIN_BAR_SHARE * span),
    )


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else math.nan


def _finite(dates: list[dt.datetime], paces: list[float]) -> tuple[list[dt.datetime], list[float]]:
    """The points with a pace: a session without one leaves no gap in the line."""
    kept = [(d, p) for d, p in zip(dates, paces, strict=True) if math.isfinite(p)]
    return [d for d, _ in kept], [p for _, p in kept]


def tick_step_s(span_s: float) -> float:
    """The whole m:ss tick step giving at most about seven ticks over `span_s`."""
    for step in TICK_STEPS_S:
        if span_s / step <= 7:
            return step
    return TICK_STEPS_S[-1]


def draw_threshold(ax: Any, weeks: Sequence[ThresholdWeek], unit: Unit, label: str) -> list[float]:
    """The threshold estimate at the end of each week, a step line with its ± one sd band; the band's
    paces (for the axis limits)."""
    ends = [dt.datetime.combine(w.week_start + dt.timedelta(days=6), dt.time(23)) for w in weeks]
    mid = [w.pace_s(unit) for w in weeks]
    sd = [convert_pace(w.sd_s_per_km, "km", unit) for w in weeks]
    lo = [m - d for m, d in zip(mid, sd, strict=True)]
    hi = [m + d for m, d in zip(mid, sd, strict=True)]
    ax.fill_between(ends, lo, hi, color="tab:red", alpha=0.15, step="post")
    ax.step(ends, mid, where="post", color="tab:red", lw=1.5, label=label)
    return [p for p in lo + hi if math.isfinite(p)]


def draw_history(
    entries: list[HistoryEntry], unit: Unit, *, title: str = "", threshold: Sequence[ThresholdWeek] = ()
) -> Any:
    """The chart as a matplotlib Figure: end pace on top (faster up), score below.

    `threshold`: the running threshold estimate, drawn on the pace panel at the end of each week with its
    uncertainty (one standard deviation) as a band.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    s = series(entries, unit)
    fig, (ax1, ax2) = plt.subplots(
        2, 1, figsize=(9, 6), dpi=DPI, sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    by = {"session": "", "week": " (median of each week)", "month": " (median of each month)"}[s.period]
    marker = "o-" if len(s.dates) <= 60 else ".-"
    ax1.plot(*_finite(s.dates, s.end_pace_s), marker, color="tab:blue", label="end pace" + by)
    if any(math.isfinite(g) for g in s.end_gap_s):
        ax1.plot(*_finite(s.dates, s.end_gap_s), "s--" if len(s.dates) <= 60 else "--", color="tab:green",
                 alpha=0.7, label="end GAP")  # fmt: skip
    finite = [p for p in s.end_pace_s + s.end_gap_s if math.isfinite(p)]
    if threshold:
        finite += draw_threshold(ax1, threshold, unit, "threshold (estimate ± 1 sd)")
    if finite:
        lo, hi = min(finite), max(finite)
        pad = max(5.0, 0.08 * (hi - lo))
        ax1.set_ylim(hi + pad, lo - pad)  # faster is up
        ax1.yaxis.set_major_locator(MultipleLocator(tick_step_s(hi - lo + 2 * pad)))
    else:
        ax1.invert_yaxis()
    ax1.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_pace(v)))
    ax1.set_ylabel(f"pace /{unit} (faster up)")
    ax1.grid(alpha=0.3)
    if s.dates or threshold:
        ax1.legend(loc="best", fontsize=9)
    ax2.bar(s.dates, s.score, width=s.width_days, color="tab:orange")
    ax2.set_ylim(0, 100)
    ax2.set_ylabel("score /100" + (" (mean)" if s.period != "session" else ""))
    ax2.grid(alpha=0.3, axis="y")
    if not entries:
        ax1.text(0.5, 0.5, "no progressive sessions yet", transform=ax1.transAxes, ha="center")
    fig.suptitle(title or "progressive sessions")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def draw_load(report: LoadReport, unit: Unit, *, title: str = "") -> Any:
    """The load chart (a matplotlib Figure): daily load with CTL and ATL on top, TSB below, weekly
    volume last."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from progtempo.units import unit_m

    days = report.days
    dates = [d.date for d in days]
    fig, (ax1, ax2, ax3) = plt.subplots(
        3, 1, figsize=(9, 7.5), dpi=DPI, sharex=True, gridspec_kw={"height_ratios": [3, 1.6, 1.6]}
    )
    name = {"rtss": "rTSS", "trimp": "TRIMP"}[report.metric]
    loads = [d.pmc.load for d in days]
    ax1.bar(dates, loads, width=0.8, color="tab:gray", alpha=0.5, label=f"daily {name}")
    ax1.plot(dates, [d.pmc.ctl for d in days], color="tab:blue", lw=2, label="fitness (CTL, 42 d)")
    ax1.plot(dates, [d.pmc.atl for d in days], color="tab:purple", lw=1.5, label="fatigue (ATL, 7 d)")
    ax1.set_ylabel(name)
    ax1.grid(alpha=0.3)
    ax1.legend(loc="upper left", fontsize=8)
    tsb = [d.pmc.tsb for d in days]
    ax2.fill_between(dates, tsb, 0, where=[v >= 0 for v in tsb], color="tab:green", alpha=0.4, step="mid")
    ax2.fill_between(dates, tsb, 0, where=[v < 0 for v in tsb], color="tab:red", alpha=0.4, step="mid")
    ax2.axhline(0, color="black", lw=0.6)
    ax2.set_ylabel("form (TSB)")
    ax2.grid(alpha=0.3)
    weeks = [w for w in report.weeks if not dates or w.week_start + dt.timedelta(days=6) >= dates[0]]
    ax3.bar(
        [w.week_start + dt.timedelta(days=3) for w in weeks],
        [w.distance_m / unit_m(unit) for w in weeks],
        width=5.5,
        color="tab:orange",
    )
    ax3.set_ylabel(f"{unit} per week")
    ax3.grid(alpha=0.3, axis="y")
    if not days:
        ax1.text(0.5, 0.5, "no activities yet", transform=ax1.transAxes, ha="center")
    fig.suptitle(title or "training load")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


__all__ = [
    "DPI",
    "Series",
    "draw_history",
    "draw_load",
    "draw_threshold",
    "series",
    "tick_step_s",
]
