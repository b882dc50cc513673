"""A run analysed and judged, as one document: `analyze --json` for a file, and for a stored activity.

`RunReport(analysis, report)` is what `progtempo analyze FILE` computes; `to_json()` is its `--json`
document (the analysis' keys, then the coach's). The web's `GET /api/activities/{id}` serves the same
document for an activity of the log, re-analysed from its original file (`Store.analyze`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.coach import CoachReport


@dataclass(frozen=True)
class RunReport:
    """An analysed run and the coach's report on it (None for what is not a run)."""

    analysis: Analysis
    report: CoachReport | None

    @property
    def progressive(self) -> bool:
        """Whether the coach judged levels: the run was a progressive session (planned or found)."""
        r = self.report
        return r is not None and bool(r.levels) and r.progression is not None

    def to_json(self) -> dict[str, Any]:
        """The `analyze --json` document: the analysis' keys, then the coach's (the analysis wins a tie)."""
        doc = self.analysis.to_json()
        if self.report is not None:
            for key, value in self.report.to_json().items():
                doc.setdefault(key, value)
        return doc
