"""`progtempo demo`: a few weeks of progressive runs, made by the synthetic generator, imported and shown.

The runs follow the article's session (6 x 1 mi from 10:00 down to 7:30) progressed over six weeks, one
session a week on Wednesdays with an easy run on Saturdays and one bike ride, with realistic noise:
one week goes out too fast, one fades at the end. They are written as a Strava-like bulk export (names
from its activities.csv); two broken files show that a bad file is refused and the rest go in.
Everything is deterministic, so running the demo again imports nothing new.
"""

from __future__ import annotations

import datetime as dt
import gzip
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from progtempo.units import Unit, unit_m

if TYPE_CHECKING:
    from progtempo.fitness.trend import ThresholdWeek
    from progtempo.plan.progression import Schedule
    from progtempo.store import ActivitySummary, History, ImportReport, PlannedEntry, Store, StoredActivity
    from progtempo.store.importer import ProgressFn

DEMO_SPEC = "6x1mi 10:00-7:30"
DEMO_WEEKS = 6
DEMO_WEEKDAY = "wed"
SEED = 20260301
KM_PER_MI = 1.609344


@dataclass
class DemoResult:
    """What the demo did and what it shows."""

    athlete: str
    weeks: int
    report: ImportReport
    log: list[ActivitySummary]
    history: History
    plot_path: Path
    run: StoredActivity | None
    #: the planned sessions as the runs adapted them, and the threshold the runs show over the weeks
    planned: list[PlannedEntry] = field(default_factory=list)
    threshold: list[ThresholdWeek] = field(default_factory=list)

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "unit": unit,
            "athlete": self.athlete,
            "weeks": self.weeks,
            "import": self.report.to_json(),
            "activities": [e.to_json(unit) for e in self.log],
            "history": [e.to_json(unit) for e in self.history.sessions],
            "streaks": self.history.streaks.to_json(),
            "plot": str(self.plot_path),
            "run": self.run.to_json(unit) if self.run else None,
            "planned": [e.to_json() for e in self.planned],
            "threshold_trend": [w.to_json(unit) for w in self.threshold],
        }


def first_session_date(today: dt.date, weeks: int = DEMO_WEEKS) -> dt.date:
    """The Monday `weeks` weeks before this week's, so the demo's last session falls in last week."""
    return today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks)


def demo_schedule(start: dt.date) -> Schedule:
    """The article's session progressed over the demo's weeks."""
    from progtempo.plan.progression import progress
    from progtempo.plan.spec import parse_plan

    return progress(parse_plan(DEMO_SPEC, "mi"), weeks=DEMO_WEEKS, start_date=start, weekday=DEMO_WEEKDAY)


def write_demo_files(folder: Path, schedule: Schedule, seed: int = SEED) -> Path:
    """Write the demo as a Strava-like bulk export zip in `folder`; same input, same bytes.

    Like Strava's: `activities.csv` (with its duplicate column names) names each activity and points at
    its file, FIT and TCX gzipped, GPX plain; a manual entry has no file; a photo sits in `media/`. Two
    files are broken on purpose.
    """
    import csv
    import io
    import zipfile

    from progtempo import synth

    rng = random.Random(seed + 1)  # the easy runs
    rows: list[tuple[str, dt.datetime, str, str, str]] = []  # (id, start, name, type, member)
    zpath = folder / "export_demo.zip"
    with zipfile.ZipFile(zpath, "w", compression=zipfile.ZIP_STORED) as z:

        def add(run: Any, name: str, typ: str, fmt: str) -> None:
            aid = str(9_100_000_000 + len(rows))
            member = f"activities/{aid}.{fmt}" + ("" if fmt == "gpx" else ".gz")
            data = {"fit": synth.fit_bytes, "gpx": synth.gpx_bytes, "tcx": synth.tcx_bytes}[fmt](run)
            _writestr(z, member, data if fmt == "gpx" else gzip.compress(data, compresslevel=6, mtime=0))
            rows.append((aid, run.start_time, name, typ, member))

        tempo = _tempo_runs(schedule, seed)
        for i, w in enumerate(schedule.weeks):
            start = dt.datetime.combine(w.date, dt.time(12, 0), tzinfo=dt.UTC)
            run, fmt = tempo[i]
            add(run, f"Progressive tempo, week {w.week}", "Run", fmt)

            easy_pace = 630.0 + rng.gauss(0.0, 4.0)
            easy = [
                synth.Leg(1609.344, (easy_pace + rng.gauss(0.0, 3.0)) / KM_PER_MI, hr_bpm=132.0)
                for _ in range(4)
            ]
            sat = start + dt.timedelta(days=3, hours=-3)
            add(synth.make_run(easy, start_time=sat), "Easy Saturday miles", "Run", "fit")
            if i == 1:
                sun = sat + dt.timedelta(days=1)
                ride = synth.make_run(
                    [synth.Leg(30000.0, 120.0, hr_bpm=125.0)], start_time=sun, sport="cycling"
                )
                add(ride, "Sunday ride", "Ride", "fit")

        last = schedule.weeks[-1].date
        # a watch that died before saving (a header, then nothing) and notes saved under an activity's name
        _writestr(
            z,
            "activities/9199999998.fit.gz",
            gzip.compress(b"\x0e\x10\x43\x08\x00\x00\x00\x00.FIT\x00\x00", mtime=0),
        )
        rows.append(("9199999998", _at(last, 18), "Watch died", "Run", "activities/9199999998.fit.gz"))
        _writestr(
            z, "activities/9199999999.gpx", b"not a GPX file: my training notes, saved with the wrong name\n"
        )
        rows.append(("9199999999", _at(last, 19), "Notes", "Run", "activities/9199999999.gpx"))
        rows.append(
            ("9199999997", _at(last + dt.timedelta(days=1), 7), "Treadmill (manual entry)", "Run", "")
        )
        _writestr(z, "media/demo-photo.jpg", b"\xff\xd8\xff\xe0 not an activity")
        _writestr(z, "profile.csv", b"Athlete ID,First Name\n1,Demo\n")

        buf = io.StringIO()
        w_csv = csv.writer(buf)
        header = ["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
                  "Elapsed Time", "Distance", "Filename", "Elapsed Time", "Distance"]  # fmt: skip
        w_csv.writerow(header)
        for aid, start_time, name, typ, member in sorted(rows, key=lambda r: r[1]):
            date = strava_date(start_time)
            w_csv.writerow([aid, date, name, typ, "", "", "", member, "", ""])
        _writestr(z, "activities.csv", buf.getvalue().encode())
    return zpath


#: The demo runner's heart rate bends at their threshold, 7:25/mi, just past the ladder's 7:30 end
#: ("comfortably hard"): no run has two levels above it to show the bend, so the threshold is read
#: from the fastest level held at a sustainable heart rate (a lower bound, a step wide).
DEMO_BEND_M_S = 1609.344 / 445.0
#: The file format of each week's progressive run (a watch's FIT, a Strava GPX, a TCX).
TEMPO_FORMATS = ("fit", "fit", "gpx", "fit", "tcx", "fit")


def _tempo_runs(schedule: Schedule, seed: int) -> list[tuple[Any, str]]:
    """Each week's progressive run (and its file format), run as the schedule stood on the day: the
    coach's advice on each run adapts the weeks after it (`simulate.replay_runs`), as the log will."""
    import numpy as np

    from progtempo import synth
    from progtempo.analysis.gap import gap_factor
    from progtempo.simulate import replay_runs
    from progtempo.synth.heart import HeartModel, with_heart

    rng = random.Random(seed)
    hills = [0.0, 0.012, -0.01, 0.02, -0.015, 0.0, 0.01, -0.012]
    heart = HeartModel(base_bpm=30.0, slope_bpm_per_m_s=42.0, bend_speed_m_s=DEMO_BEND_M_S,
                       slope_after_bend=0.35, noise_bpm=2.0)  # fmt: skip

    def make(i: int, due: Any) -> tuple[Any, str]:
        per_km = unit_m(due.unit) / 1000.0
        legs = []
        for k, target in enumerate(due.target_paces_s()):
            grade = hills[(i + k) % len(hills)]
            gap = target + rng.gauss(0.0, 2.5)
            if i == 2 and k == 0:
                gap -= 25.0  # week 3: out too fast, the classic mistake
            if i == 4 and k == due.segments - 1:
                gap += 14.0  # week 5: faded at the end
            # the runner holds the effort on hills: the watch shows the GAP slowed (uphill) or sped
            # up (downhill) by the ground, and the coach judges a hilly segment by its GAP
            pace = gap * float(gap_factor(np.array([grade]), "strava")[0])
            legs.append(synth.Leg(due.length_m(target), pace / per_km, grade=grade))
        start = dt.datetime.combine(schedule.weeks[i].date, dt.time(12, 0), tzinfo=dt.UTC)
        return with_heart(synth.make_run(legs, start_time=start), heart, seed + i), TEMPO_FORMATS[i % 6]

    return replay_runs(schedule, make)


def strava_date(t: dt.datetime) -> str:
    """A time as Strava's activities.csv writes it: `Mar 1, 2026, 8:00:00 AM` (UTC)."""
    t = t.astimezone(dt.UTC)
    hour12 = t.hour % 12 or 12
    return f"{t:%b} {t.day}, {t.year}, {hour12}:{t:%M:%S} {'AM' if t.hour < 12 else 'PM'}"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _writestr(z: Any, member: str, data: bytes) -> None:
    import zipfile

    info = zipfile.ZipInfo(member, date_time=(2026, 1, 1, 0, 0, 0))  # fixed: the same zip every time
    z.writestr(info, data)


def run_demo(
    store: Store,
    *,
    today: dt.date,
    plot_path: str | Path,
    athlete: str = "demo",
    fresh: bool = False,
    unit: Unit = "mi",
    jobs: int | None = None,
    on_start: ProgressFn | None = None,
    on_progress: ProgressFn | None = None,
) -> DemoResult:
    """Schedule, generate, import and gather what the demo shows; idempotent unless `fresh`.

    `today` places the six weeks (the last session falls in last week); the history chart goes to
    `plot_path`.
    """
    from progtempo.charts.figure import figure_bytes, figure_format
    from progtempo.charts.log_plot import draw_history

    if fresh:
        store.delete_athlete(athlete)
    planned = store.schedule(athlete=athlete, today=today)
    start = planned[0].date if planned else first_session_date(today)
    schedule = demo_schedule(start)
    from progtempo.plan.adapt import Rules

    store.save_schedule(
        [(w.week, w.date, w.change, w.session) for w in schedule.weeks],
        athlete=athlete,
        unit=unit,
        rules=Rules(),
    )
    with tempfile.TemporaryDirectory(prefix="progtempo-demo-") as tmp:
        export = write_demo_files(Path(tmp), schedule)
        report = store.import_paths(
            [export], athlete=athlete, unit=unit, jobs=jobs, on_start=on_start, on_progress=on_progress
        )
    store.adapt_schedule(athlete=athlete, unit=unit, today=today)
    planned = store.schedule(athlete=athlete, today=today)
    threshold = store.threshold_weeks(athlete=athlete, today=today)
    log = store.activities(athlete=athlete, limit=12)
    history = store.history(athlete=athlete, today=today)
    out = Path(plot_path)
    fmt, title = figure_format(out), f"{athlete}: progressive sessions (progtempo demo)"
    chart = figure_bytes(draw_history(list(history.sessions), unit, title=title, threshold=threshold), fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(chart)
    best = max(
        (h for h in history.sessions if h.score is not None),
        key=lambda h: (h.start_time, h.activity_id),
        default=None,
    )
    run = store.activity(best.activity_id, athlete=athlete) if best else None
    return DemoResult(athlete, len(schedule.weeks), report, log, history, out, run, planned, threshold)
