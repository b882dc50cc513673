"""A stored activity analysed again from its original file: `analyze --json` for an activity of the log.

The log keeps each activity's original bytes. `analyze_stored` reads them back, analyses the run as
`progtempo analyze` does, and judges it against the plan it met (the planned session of its day, with
the count of sessions cleared at that level before it, as the import judged it) or against another plan
the runner names, at another split length if asked. Nothing is written: the log's own verdict stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from progtempo.errors import ProgtempoError
from progtempo.run_report import RunReport
from progtempo.store import queries

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.coach import CoachReport
    from progtempo.plan.ladder import Session as PlanSession
    from progtempo.store.log import Log
    from progtempo.store.records import StoredActivity
    from progtempo.units import Unit

PlanSource = Literal["linked", "given"]


@dataclass(frozen=True)
class StoredRun:
    """A stored activity re-analysed: the log's record of it, the analysis and the coach's report.

    `report` is None for what is not a run (a ride, a swim). `plan` is the ladder it was judged
    against: the planned session it met (`plan_source` "linked"), one the caller gave ("given"), or
    None (the coach looked for a ladder in the run itself).
    """

    stored: StoredActivity
    run: RunReport
    plan: PlanSession | None
    plan_source: PlanSource | None

    @property
    def analysis(self) -> Analysis:
        return self.run.analysis

    @property
    def report(self) -> CoachReport | None:
        return self.run.report

    @property
    def unit(self) -> Unit:
        """The unit of every pace in the document: the plan's when there is one, else the analysis'."""
        return self.report.unit if self.report is not None else self.analysis.unit

    def to_json(self) -> dict[str, Any]:
        """The `analyze --json` document of the original file, with the log's id and planned session."""
        doc = self.run.to_json()
        doc["activity_id"] = self.stored.id
        doc["plan_source"] = self.plan_source
        doc["planned"] = self.stored.planned.to_json() if self.stored.planned else None
        return doc


def analyze_stored(
    store: Log,
    athlete: str,
    activity_id: int,
    *,
    unit: Unit,
    split_m: float | None = None,
    plan: PlanSession | None = None,
    gap_model: str = "strava",
) -> StoredRun | None:
    """The athlete's activity re-analysed (None when it is not theirs or absent).

    `plan` replaces the planned session the run met; the document's paces are in the plan's unit when
    there is one (as `analyze --plan` gives them), else in `unit`. Raises ProgtempoError for a split
    length or a recording the analysis cannot use.
    """
    from progtempo.analysis import analyze
    from progtempo.coach import evaluate
    from progtempo.store.progress import cleared_before, longest_recent_m

    stored = queries.activity(store, athlete, activity_id)
    if stored is None:
        return None
    activity = queries.original(store, athlete, activity_id)
    if activity is None:  # removed between the two reads
        return None
    source: PlanSource | None = "given" if plan is not None else None
    if plan is None and stored.planned is not None and stored.summary.is_running:
        plan, source = stored.planned.session, "linked"
    if plan is not None:
        unit = plan.unit
    analysis = analyze(activity, unit=unit, split_m=split_m, gap_model=gap_model)
    report = None
    if stored.summary.is_running:
        count = 0
        longest = None
        aid = queries.find_athlete(store, athlete)
        if plan is not None and aid is not None:
            day = stored.planned.date if source == "linked" and stored.planned else stored.summary.date
            count = cleared_before(store, aid, plan, day)
        if aid is not None:
            longest = longest_recent_m(store, aid, stored.summary.start_time, activity_id)
        report = evaluate(analysis, plan, cleared_before=count, longest_run_m=longest)
    elif plan is not None:
        raise ProgtempoError(
            f"activity {activity_id} is {stored.summary.sport}, not a run: there is no ladder to judge"
        )
    from progtempo.store.training import profile, week_threshold

    own = profile(store, athlete)  # the load as `progtempo load` scores it: the profile, else the log's
    fallback = None
    if stored.summary.is_running and own.threshold_pace_s_per_km is None:
        fallback = week_threshold(store, athlete, stored.summary.date)
    run = RunReport(analysis, report, own, threshold_s_per_km=fallback)
    return StoredRun(stored=stored, run=run, plan=plan, plan_source=source)
