"""The Store's methods for the runner and what the runs say: the profile, the threshold over weeks, the
training load, and the schedule adapted to the runs (issue 14). `Store` (store/db.py) extends this class,
so that module keeps to opening the log and its core queries; each method is a thin call into `training`,
`writes` or `adapt`, on the open log (`store/log.py`) it extends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from progtempo.config import DEFAULT_ATHLETE
from progtempo.plan.adapt import Rules
from progtempo.plan.request import build_schedule
from progtempo.store import training, writes
from progtempo.store.adapt import adapt_schedule
from progtempo.store.log import Log
from progtempo.store.queries import find_athlete
from progtempo.store.training import LoadReport, Metric, Threshold
from progtempo.store.writes import SavedSchedule

if TYPE_CHECKING:
    from progtempo.fitness.profile import Profile
    from progtempo.fitness.trend import ThresholdWeek
    from progtempo.plan.ladder import Session as PlanSession
    from progtempo.plan.progression import Schedule
    from progtempo.plan.request import ScheduleRequest, SessionRequest
    from progtempo.units import Unit


class TrainingQueries(Log):
    """The open log with the runner's queries; `Store` extends it: see the module doc."""

    def profile(self, *, athlete: str = DEFAULT_ATHLETE) -> Profile:
        """The athlete's own numbers (heart rates, sex, threshold); empty when none were set."""
        return training.profile(self, athlete)

    def set_profile(
        self, given: Profile, *, athlete: str = DEFAULT_ATHLETE, clear: Sequence[str] = ()
    ) -> Profile:
        """Set what `given` knows, forget the fields named in `clear` (hr-rest, hr-max, sex, threshold,
        threshold-hr); the profile as saved."""
        return training.set_profile(self, athlete, given, clear)

    def threshold(self, *, athlete: str = DEFAULT_ATHLETE, today: dt.date) -> Threshold | None:
        """The threshold to plan with: the profile's, else this week's estimate from the runs; or None."""
        return training.current_threshold(self, athlete, today=today)

    def threshold_weeks(
        self, *, athlete: str = DEFAULT_ATHLETE, today: dt.date, since: dt.date | None = None
    ) -> list[ThresholdWeek]:
        """The running threshold estimate at the end of each week up to `today` (from `since`), from
        heart-rate deflections where the runs show them, else from the levels held."""
        return training.threshold_weeks(self, athlete, today=today, since=since)

    def load(
        self,
        *,
        athlete: str = DEFAULT_ATHLETE,
        today: dt.date,
        since: dt.date | None = None,
        until: dt.date | None = None,
        metric: Metric | None = None,
    ) -> LoadReport:
        """Training load per day (TRIMP, rTSS), CTL/ATL/TSB and the weeks' volume."""
        return training.load_report(self, athlete, today=today, since=since, until=until, metric=metric)

    def save_progression(
        self,
        request: SessionRequest,
        weeks: ScheduleRequest,
        *,
        athlete: str = DEFAULT_ATHLETE,
        unit: Unit = "mi",
        today: dt.date,
    ) -> tuple[Schedule, SavedSchedule, Threshold | None]:
        """`progtempo schedule SPEC` (and the web's POST /api/schedule): progress the session over the
        weeks, its end capped at the athlete's threshold unless `weeks.limit_end` says otherwise, and
        save it with its rules; the schedule, what saving did, and the threshold that capped it."""
        if request.hr_max is None and request.threshold_hr is None and request.profile is None:
            # the runner's own heart rate from their profile (`athlete set`): targets by effort in bpm
            own = training.profile(self, athlete)
            request = replace(request, hr_max=own.hr_max_bpm, threshold_hr=own.threshold_hr_bpm)
        threshold = (
            None if weeks.limit_end is not None else training.current_threshold(self, athlete, today=today)
        )
        if threshold is not None:
            weeks = replace(weeks, threshold_s_per_km=threshold.pace_s_per_km)
        sched = build_schedule(request, weeks, today=today, command="schedule")
        rules = Rules(weeks.hold, weeks.deload_every, weeks.max_segments, sched.limit_end_pace_s)
        saved = writes.save_schedule(
            self,
            athlete,
            [(w.week, w.date, w.change, w.session) for w in sched.weeks],
            unit=unit,
            rules=rules,
            today=today,
        )
        return sched, saved, threshold

    def set_planned(
        self,
        day: dt.date,
        session: PlanSession,
        *,
        athlete: str = DEFAULT_ATHLETE,
        unit: Unit = "mi",
        today: dt.date | None = None,
    ) -> int:
        """A coach's override: `session` is due on `day` and never rewritten by the runs' advice."""
        return writes.set_planned(self, athlete, day, session, unit=unit, today=today)

    def adapt_schedule(self, *, athlete: str = DEFAULT_ATHLETE, unit: Unit = "mi", today: dt.date) -> int:
        """Bring the planned sessions up to date with the runs and the days missed before `today`; how
        many runs were re-scored against the session now due on their day."""
        aid = find_athlete(self, athlete)
        return adapt_schedule(self, aid, unit, today=today) if aid is not None else 0
