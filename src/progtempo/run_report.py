"""A run analysed and judged, as one document: `analyze --json` for a file, and for a stored activity.

`RunReport(analysis, report)` is what `progtempo analyze FILE` computes; `to_json()` is its `--json`
document: the analysis' keys, then the coach's, then what the run says about fitness and load
(`fitness_estimate` and `load`, scored with the runner's `profile` when one is given). The web's
`GET /api/activities/{id}` serves the same document for an activity of the log, re-analysed from its
original file (`Store.analyze`), its load scored with the athlete's profile in the log (and, without a
threshold there, the log's estimate for that week), so it agrees with `progtempo load`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.coach import CoachReport
    from progtempo.fitness.profile import Profile


@dataclass(frozen=True)
class RunReport:
    """An analysed run and the coach's report on it (None for what is not a run)."""

    analysis: Analysis
    report: CoachReport | None
    profile: Profile | None = None
    #: the threshold pace (s/km) rTSS is scored against when the profile has none: for a stored run,
    #: the log's estimate for its week, as `progtempo load` scores it
    threshold_s_per_km: float | None = None

    @property
    def progressive(self) -> bool:
        """Whether the coach judged levels: the run was a progressive session (planned or found)."""
        r = self.report
        return r is not None and bool(r.levels) and r.progression is not None

    def to_json(self) -> dict[str, Any]:
        """The `analyze --json` document: the analysis' keys, then the coach's (the analysis wins a tie)."""
        from progtempo.fitness.run import read_run

        doc = self.analysis.to_json()
        if self.report is not None:
            for key, value in self.report.to_json().items():
                doc.setdefault(key, value)
        bounds = self.report.level_bounds_m if self.report is not None else []
        doc.update(
            read_run(
                self.analysis, bounds, self.profile, threshold_s_per_km=self.threshold_s_per_km
            ).to_json()
        )
        return doc
