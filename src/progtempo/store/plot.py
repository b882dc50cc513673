"""The history chart: end pace (and end GAP) and score of every progressive session over time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from progtempo.errors import ProgtempoError
from progtempo.units import Unit, convert_pace, format_pace

if TYPE_CHECKING:
    from progtempo.store.records import HistoryEntry


def plot_history(entries: list[HistoryEntry], unit: Unit, path: str | Path, *, title: str = "") -> None:
    """Write a two-panel chart (end pace on top, faster up; score below) to `path` (.png, .svg or .pdf)."""
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
