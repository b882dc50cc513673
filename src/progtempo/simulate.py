"""A training block simulated through the log: the schedule adapting to a synthetic runner, week by week.

`simulate_block(store, ...)` saves a progression, then for each week: looks at the schedule as the runner
would on the day (`Store.adapt_schedule` with that day as today, so a missed week holds the level), runs
the session due with a `synth.runner.Runner` whose fitness follows a `Scenario` (a bad day, a missed
week, getting fitter), and imports the run. The default scenario is the issue's: the article's session
for 12 weeks, a fade in week 3, week 5 missed, fitter from week 6. `docs/adaptive.md` walks through it
(made by `scripts/adaptive_walkthrough.py`), a test checks it, and `progtempo demo` shows its schedule.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from progtempo.synth.runner import Runner

if TYPE_CHECKING:
    from progtempo.plan.adapt import Rules
    from progtempo.plan.ladder import Session
    from progtempo.plan.progression import Schedule
    from progtempo.store import Store
    from progtempo.synth.runs import SynthRun
    from progtempo.units import Unit

BLOCK_SPEC = "6x1mi 10:00-7:30"
BLOCK_WEEKS = 12
#: The runner of the default scenario: threshold at 7:25/mi, so the article's 7:30 end is comfortably hard.
THRESHOLD_0_M_S = 1609.344 / 445.0


@dataclass(frozen=True)
class Scenario:
    """Who runs which week: the runner of each week (None: the week is missed)."""

    runner: Callable[[int], Runner | None]
    name: str = ""


def default_runner(week: int) -> Runner | None:
    """Fades in week 3, misses week 5, 6 % fitter at week 6 and 1 % more each week after."""
    base = Runner(THRESHOLD_0_M_S)
    if week == 5:
        return None
    if week == 3:
        return Runner(THRESHOLD_0_M_S, fade=True)
    if week >= 6:
        return base.fitter(0.06 + 0.01 * (week - 6))
    return base


DEFAULT_SCENARIO = Scenario(default_runner, "fades in week 3, misses week 5, fitter from week 6")


@dataclass(frozen=True)
class BlockWeek:
    """One week of the block: what the progression planned, what was due on the day, what came of it."""

    week: int
    date: dt.date
    original_spec: str
    due_spec: str
    change: str
    adapted: dict[str, Any] | None
    ran: bool
    threshold_m_s: float | None
    activity_id: int | None = None
    boss: str | None = None
    insight: str | None = None
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "date": self.date.isoformat(),
            "original_spec": self.original_spec,
            "due_spec": self.due_spec,
            "change": self.change,
            "adapted": self.adapted,
            "ran": self.ran,
            "runner_threshold_m_s": self.threshold_m_s,
            "activity_id": self.activity_id,
            "boss": self.boss,
            "insight": self.insight,
            "score": self.score,
        }


@dataclass
class Block:
    """The simulated block: each week as it went, and the run files (to import again elsewhere)."""

    athlete: str
    weeks: list[BlockWeek] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def simulate_block(
    store: Store,
    folder: str | Path,
    *,
    start: dt.date,
    athlete: str = "block",
    spec: str = BLOCK_SPEC,
    weeks: int = BLOCK_WEEKS,
    scenario: Scenario = DEFAULT_SCENARIO,
    unit: Unit = "mi",
    seed: int = 14,
) -> Block:
    """Save the progression from `start` (its weekday), then run and import each week (files in `folder`)."""
    from progtempo.plan.adapt import Rules
    from progtempo.plan.progression import progress
    from progtempo.plan.spec import parse_plan
    from progtempo.synth import write_fit
    from progtempo.synth.runner import run_session

    plan = progress(parse_plan(spec, unit), weeks=weeks, start_date=start)
    store.save_schedule(
        [(w.week, w.date, w.change, w.session) for w in plan.weeks], athlete=athlete, unit=unit, rules=Rules()
    )
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    block = Block(athlete)
    for w in plan.weeks:
        store.adapt_schedule(athlete=athlete, unit=unit, today=w.date)
        entry = next(e for e in store.schedule(athlete=athlete, today=w.date) if e.date == w.date)
        runner = scenario.runner(w.week)
        if runner is not None:
            start_time = dt.datetime.combine(w.date, dt.time(18), tzinfo=dt.UTC)
            run = run_session(entry.session, runner, start_time, seed=seed * 100 + w.week)
            path = out / f"week{w.week:02d}.fit"
            write_fit(run, path)
            block.files.append(path)
            store.import_paths([path], athlete=athlete, unit=unit, jobs=1)
        block.weeks.append(
            BlockWeek(
                week=w.week,
                date=w.date,
                original_spec=entry.original_spec or entry.spec,
                due_spec=entry.spec,
                change=entry.change,
                adapted=entry.adapted.to_json() if entry.adapted else None,
                ran=runner is not None,
                threshold_m_s=runner.threshold_speed_m_s if runner else None,
            )
        )
    end = plan.weeks[-1].date + dt.timedelta(days=1)
    store.adapt_schedule(athlete=athlete, unit=unit, today=end)
    results = {e.date: e for e in store.schedule(athlete=athlete, today=end)}
    for i, bw in enumerate(block.weeks):
        e = results[bw.date]
        stored = store.activity(e.activity_id, athlete=athlete) if e.activity_id is not None else None
        r = stored.result if stored is not None else None
        if r is not None:
            block.weeks[i] = replace(
                bw, activity_id=e.activity_id, boss=r.boss, insight=r.insight, score=r.score
            )
    return block


def replay_runs(
    schedule: Schedule,
    make: Callable[[int, Session], tuple[SynthRun, str] | None],
    *,
    rules: Rules | None = None,
) -> list[Any]:
    """Each week's run of `schedule`, made by `make(week index, session due)` as the runner would on the
    day, without a log: the run is read back from its file bytes (`fmt`: fit, gpx or tcx) and judged by
    the coach as an import would, and its advice adapts the weeks after (`plan.adapt.Replay`). Returns
    `make`'s (run, format) per week, or None for a week missed. A log that imports the runs replays them
    to the same sessions."""
    from progtempo import synth
    from progtempo.analysis import analyze
    from progtempo.coach import evaluate
    from progtempo.io import read_activity
    from progtempo.plan.adapt import Outcome, Replay, Rules, Slot

    replay = Replay(rules or Rules())
    out: list[Any] = []
    for i, w in enumerate(schedule.weeks):
        slot = Slot(w.week, w.date, w.session, w.change)
        due = replay.due(slot)
        made = make(i, due.session)
        outcome = None
        if made is not None:
            run, fmt = made
            data = {"fit": synth.fit_bytes, "gpx": synth.gpx_bytes, "tcx": synth.tcx_bytes}[fmt](run)
            activity = read_activity(f"week{w.week}.{fmt}", data=data)
            report = evaluate(
                analyze(activity, unit=due.session.unit), due.session, cleared_before=due.cleared_before
            )
            a = report.advice
            boss = report.boss.verdict if report.boss is not None else None
            nxt = a.next_session or due.session  # no advice on a session: the level stands
            outcome = Outcome(0, boss == "cleared", a.insight, nxt, a.change, a.why)
        replay.record(slot, due, outcome, missed=made is None)
        out.append(made)
    return out


def simulate_in_temp(store: Store, **kwargs: Any) -> Block:
    """`simulate_block` with the run files in a temporary folder (deleted after)."""
    with tempfile.TemporaryDirectory(prefix="progtempo-block-") as tmp:
        return simulate_block(store, tmp, **kwargs)


__all__ = ["BLOCK_SPEC", "DEFAULT_SCENARIO", "Block", "BlockWeek", "Scenario", "simulate_block"]


def markdown_table(block: Block) -> str:
    """The block week by week as a Markdown table (the walk-through in docs/adaptive.md)."""
    from progtempo.units import format_pace

    rows = [
        "| week | date | planned | due on the day | change | why it changed | run | coach |",
        "|---:|---|---|---|---|---|---|---|",
    ]
    for w in block.weeks:
        why = "" if w.adapted is None else str(w.adapted["because"]).replace("_", " ")
        ran = "missed" if not w.ran else f"threshold {format_pace(1609.344 / (w.threshold_m_s or 1.0))}/mi"
        coach = " · ".join(x.replace("_", " ") for x in (w.boss, w.insight) if x)
        if w.score is not None:
            coach += f" · {w.score:.0f}"
        rows.append(
            f"| {w.week} | {w.date.isoformat()} | {w.original_spec} | {w.due_spec} | {w.change} | {why} | "
            f"{ran} | {coach} |"
        )
    return "\n".join(rows) + "\n"


def draw_block(block: Block, store: Store, *, unit: Unit = "mi") -> Any:
    """The block in one chart (a matplotlib Figure): end pace planned and due (faster up) with what came
    of each week; the runner's true threshold against the log's estimate; fitness, fatigue and form."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from progtempo.charts.log_plot import draw_threshold
    from progtempo.plan.spec import parse_plan
    from progtempo.units import format_pace, unit_m

    weeks = block.weeks
    dates = [w.date for w in weeks]
    end = weeks[-1].date + dt.timedelta(days=7)

    def end_pace(spec: str) -> float:
        return parse_plan(spec, unit).end_pace_s

    fig, (ax1, ax2, ax3) = plt.subplots(
        3, 1, figsize=(9, 9), dpi=100, sharex=True, gridspec_kw={"height_ratios": [3, 2, 2]}
    )
    ax1.plot(
        dates, [end_pace(w.original_spec) for w in weeks], "o--", color="tab:gray", label="planned (as saved)"
    )
    ax1.plot(
        dates, [end_pace(w.due_spec) for w in weeks], "o-", color="tab:blue", lw=2, label="due on the day"
    )
    colours = {"cleared": "tab:green", "too_slow": "tab:red", None: "white"}
    for w in weeks:
        y = end_pace(w.due_spec)
        segs = parse_plan(w.due_spec, unit).segments
        ax1.annotate(
            f"{segs}×", (w.date, y), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=8
        )
        if not w.ran:
            ax1.annotate(
                "missed",
                (w.date, y),
                textcoords="offset points",
                xytext=(0, -16),
                ha="center",
                fontsize=8,
                color="tab:red",
            )
        else:
            ax1.plot([w.date], [y], "o", ms=11, mfc="none", mec=colours.get(w.boss, "tab:orange"), mew=2)
            if w.insight in ("faded", "plenty_left"):
                ax1.annotate(
                    w.insight.replace("_", " "),
                    (w.date, y),
                    textcoords="offset points",
                    xytext=(0, -16),
                    ha="center",
                    fontsize=8,
                )
    ax1.invert_yaxis()
    ax1.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_pace(v)))
    ax1.set_ylabel(f"end pace /{unit} (faster up)")
    ax1.legend(loc="upper left", fontsize=8)
    ax1.grid(alpha=0.3)
    ax1.set_title("the session each week: green ring cleared, red ring not", fontsize=9)

    truth = [(w.date, unit_m(unit) / w.threshold_m_s) for w in weeks if w.threshold_m_s]
    ax2.plot(
        [d for d, _ in truth],
        [p for _, p in truth],
        "x",
        color="black",
        label="the runner's threshold (true)",
    )
    est = store.threshold_weeks(athlete=block.athlete, today=end)
    if est:
        draw_threshold(ax2, est, unit, "the log's estimate ± 1 sd")
    ax2.invert_yaxis()
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_pace(v)))
    ax2.set_ylabel(f"threshold /{unit}")
    ax2.legend(loc="upper left", fontsize=8)
    ax2.grid(alpha=0.3)

    load = store.load(athlete=block.athlete, today=end)
    days = [d.date for d in load.days]
    ax3.bar(days, [d.pmc.load for d in load.days], color="tab:gray", alpha=0.5, width=0.8, label="daily rTSS")
    ax3.plot(days, [d.pmc.ctl for d in load.days], color="tab:blue", label="fitness (CTL)")
    ax3.plot(days, [d.pmc.atl for d in load.days], color="tab:purple", label="fatigue (ATL)")
    ax3.plot(days, [d.pmc.tsb for d in load.days], color="tab:green", label="form (TSB)")
    ax3.axhline(0, color="black", lw=0.5)
    ax3.set_ylabel("rTSS")
    ax3.legend(loc="upper left", fontsize=8, ncol=2)
    ax3.grid(alpha=0.3)
    fig.suptitle("12 weeks adapting: fades in week 3, misses week 5, fitter from week 6")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
