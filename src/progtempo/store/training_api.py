"""The Store's methods for the runner and what the runs say: the profile, the threshold over weeks, the
training load, and the schedule adapted to the runs (issue 14). A mixin of `Store` (store/db.py), so that
module keeps to opening the log and its core queries; each method is a thin call into `training`,
`writes` or `adapt`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from progtempo.config import DEFAULT_ATHLETE

if TYPE_CHECKING:
    from progtempo.fitness.profile import Profile
    from progtempo.fitness.trend import ThresholdWeek
    from progtempo.plan.ladder import Session as PlanSession
    from progtempo.plan.progression import Schedule
    from progtempo.plan.request import ScheduleRequest, SessionRequest
    from progtempo.store.db import Store
    from progtempo.store.training import LoadReport, Metric, Threshold
    from progtempo.store.writes import SavedSchedule
    from progtempo.units import Unit


class TrainingQueries:
    """Mixed into `Store`: see the module doc."""

    def _store(self) -> Store:
        return cast("Store", self)

    def profile(self, *, athlete: str = DEFAULT_ATHLETE) -> Profile:
        """The athlete's own numbers (heart rates, sex, threshold); empty when none were set."""
        from progtempo.store import training

        return training.profile(self._store(), athlete)

    def set_profile(
        self, given: Profile, *, athlete: str = DEFAULT_ATHLETE, clear: Sequence[str] = ()
    ) -> Profile:
        """Set what `given` knows, forget the fields named in `clear` (hr-rest, hr-max, sex, threshold,
        threshold-hr); the profile as saved."""
        from progtempo.store import training

        return training.set_profile(self._store(), athlete, given, clear)

    def threshold(self, *, athlete: str = DEFAULT_ATHLETE, today: dt.date) -> Threshold | None:
        """The threshold to plan with: the profile's, else this week's estimate from the runs; or None."""
        from progtempo.store import training

        return training.current_threshold(self._store(), athlete, today=today)

    def threshold_weeks(
        self, *, athlete: str = DEFAULT_ATHLETE, today: dt.date, since: dt.date | None = None
    ) -> list[ThresholdWeek]:
        """The running threshold estimate at the end of each week up to `today` (from `since`), from
        heart-rate deflections where the runs show them, else from the levels held."""
        from progtempo.store import training

        return training.threshold_weeks(self._store(), athlete, today=today, since=since)

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
        from progtempo.store import training

        return training.load_report(
            self._store(), athlete, today=today, since=since, until=until, metric=metric
        )

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
        from dataclasses import replace

        from progtempo.plan.adapt import Rules
        from progtempo.plan.request import build_schedule

        store = self._store()
        if request.hr_max is None and request.threshold_hr is None and request.profile is None:
            # the runner's own heart rate from their profile (`athlete set`): targets by effort in bpm
            own = store.profile(athlete=athlete)
            request = replace(request, hr_max=own.hr_max_bpm, threshold_hr=own.threshold_hr_bpm)
        threshold = store.threshold(athlete=athlete, today=today) if weeks.limit_end is None else None
        if threshold is not None:
            weeks = replace(weeks, threshold_s_per_km=threshold.pace_s_per_km)
        sched = build_schedule(request, weeks, today=today, command="schedule")
        rules = Rules(weeks.hold, weeks.deload_every, weeks.max_segments, sched.limit_end_pace_s)
        saved = store.save_schedule(
            [(w.week, w.date, w.change, w.session) for w in sched.weeks],
            athlete=athlete,
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
        from progtempo.store import writes

        return writes.set_planned(self._store(), athlete, day, session, unit=unit, today=today)

    def adapt_schedule(self, *, athlete: str = DEFAULT_ATHLETE, unit: Unit = "mi", today: dt.date) -> int:
        """Bring the planned sessions up to date with the runs and the days missed before `today`; how
        many runs were re-scored against the session now due on their day."""
        from progtempo.store.adapt import adapt_schedule
        from progtempo.store.queries import find_athlete

        aid = find_athlete(self._store(), athlete)
        return adapt_schedule(self._store(), aid, unit, today=today) if aid is not None else 0
