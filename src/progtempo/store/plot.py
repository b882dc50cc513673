"""The charts of the log: the history (end pace, end GAP and score of every progressive session, and the
threshold estimate over weeks) and the training load (daily load, CTL, ATL, TSB and weekly volume)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from progtempo.errors import ProgtempoError
from progtempo.units import Unit, convert_pace, format_pace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progtempo.fitness.trend import ThresholdWeek
    from progtempo.store.records import HistoryEntry
    from progtempo.store.training import LoadReport


def plot_history(
    entries: list[HistoryEntry],
    unit: Unit,
    path: str | Path,
    *,
    title: str = "",
    threshold: Sequence[ThresholdWeek] = (),
) -> None:
    """Write a two-panel chart (end pace on top, faster up; score below) to `path` (.png, .svg or .pdf).

    `threshold`: the running threshold estimate, drawn on the pace panel at the end of each week with its
    uncertainty (one standard deviation) as a band.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    out = Path(path)
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise ProgtempoError(f"{path}: name a .png, .svg or .pdf file for the chart")
    dates = [e.start_time for e in entries]

    def paces(vals: list[float | None]) -> list[float]:
        return [convert_pace(v, "km", unit) if v is not None else float("nan") for v in vals]

    end = paces([e.end_pace_s_per_km for e in entries])
    gap = paces([e.end_gap_s_per_km for e in entries])
    score = [e.score if e.score is not None else float("nan") for e in entries]

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    ax1.plot(dates, end, "o-", color="tab:blue", label="end pace")
    if any(g == g for g in gap):
        ax1.plot(dates, gap, "s--", color="tab:green", alpha=0.7, label="end GAP")
    if threshold:
        import datetime as dt

        ends = [dt.datetime.combine(w.week_start + dt.timedelta(days=6), dt.time(23)) for w in threshold]
        mid = [w.pace_s(unit) for w in threshold]
        sd = [convert_pace(w.sd_s_per_km, "km", unit) for w in threshold]
        lo = [m - d for m, d in zip(mid, sd, strict=True)]
        hi = [m + d for m, d in zip(mid, sd, strict=True)]
        ax1.fill_between(ends, lo, hi, color="tab:red", alpha=0.15, step="post")
        ax1.step(ends, mid, where="post", color="tab:red", lw=1.5, label="threshold (estimate ± 1 sd)")
    ax1.invert_yaxis()  # faster is up
    ax1.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_pace(v)))
    ax1.set_ylabel(f"pace /{unit} (faster up)")
    ax1.grid(alpha=0.3)
    ax1.legend(loc="lower right")
    ax2.bar(dates, score, width=2.5, color="tab:orange")
    ax2.set_ylim(0, 100)
    ax2.set_ylabel("score /100")
    ax2.grid(alpha=0.3, axis="y")
    if not entries:
        ax1.text(0.5, 0.5, "no progressive sessions yet", transform=ax1.transAxes, ha="center")
    fig.suptitle(title or "progressive sessions")
    fig.autofmt_xdate()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_load(report: LoadReport, unit: Unit, path: str | Path, *, title: str = "") -> None:
    """Write the load chart to `path`: daily load with CTL and ATL on top, TSB below, weekly volume last."""
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from progtempo.units import unit_m

    out = Path(path)
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise ProgtempoError(f"{path}: name a .png, .svg or .pdf file for the chart")
    days = report.days
    dates = [d.date for d in days]
    fig, (ax1, ax2, ax3) = plt.subplots(
        3, 1, figsize=(9, 7.5), sharex=True, gridspec_kw={"height_ratios": [3, 1.6, 1.6]}
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
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
