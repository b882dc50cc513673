"""Analysis of a recorded run: cleaned streams, splits, Grade Adjusted Pace and heart rate.

`analyze(activity, unit=…)` (in `run`) cleans the streams (`clean`), computes the grade-adjusted
distance (`gap`), heart rate (`hr`) and the splits (`splits`). Pure: no I/O, no printing.
"""

from progtempo.analysis.gap import gap_factor
from progtempo.analysis.run import MIN_SPLIT_M, Analysis, analyze
from progtempo.analysis.splits import Split, Stream, boundaries, splits_at

__all__ = [
    "MIN_SPLIT_M",
    "Analysis",
    "Split",
    "Stream",
    "analyze",
    "boundaries",
    "gap_factor",
    "splits_at",
]
