"""Ladders by time and by effort over the weeks: volume adds a segment (or a minute per segment),
intensity lifts every pace or every heart-rate target, holds and deloads as for distance ladders."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo.errors import ProgtempoError
from progtempo.fitness.effort import EFFORTS
from progtempo.plan.day import plan_day
from progtempo.plan.effort import EFFORT_FROM_MAX_PCT, EFFORT_LIFT_PCT
from progtempo.plan.ladder import Session
from progtempo.plan.progression import deload, next_level, progress
from progtempo.plan.request import SessionRequest
from progtempo.plan.spec import parse_plan

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

WED = dt.date(2026, 3, 4)
ORDER = [e.key for e in EFFORTS]


def _levels(s: Session) -> list[int]:
    return [ORDER.index(k) for k in s.efforts()]


def test_intensity_lifts_every_target_a_few_beats_and_keeps_the_boss() -> None:
    s = parse_plan("6x8min by effort", "km")
    up = next_level(s, "intensity")
    before, after = s.effort_targets_pct(), up.effort_targets_pct()
    assert after[0] == before[0] + EFFORT_LIFT_PCT and after[-1] == before[-1]
    assert all(a >= b for a, b in zip(after, before, strict=True))
    # every segment stays as hard or moves up the talk test, and the ladder still climbs
    assert all(a >= b for a, b in zip(_levels(up), _levels(s), strict=True))
    assert all(a < b for a, b in itertools.pairwise(after))
    assert up.segments == s.segments and up.segment_s == s.segment_s


def test_volume_adds_a_segment_or_a_minute() -> None:
    s = parse_plan("6x8min by effort", "km")
    more = next_level(s, "volume")
    assert (more.segments, more.segment_s, more.effort_range_pct()) == (7, 480, s.effort_range_pct())
    longer = next_level(s, "volume", "time")
    assert (longer.segments, longer.segment_s) == (6, 540) and longer.total_time_s == 6 * 540
    paced = parse_plan("5x10min 5:40-4:40/km", "km")
    grown = next_level(paced, "volume", "time")
    assert grown.target_paces_s() == paced.target_paces_s() and grown.segment_s == 660
    # by segments, as the article's miles: start half a step slower, end half a step faster
    article = parse_plan("6x10min 10:00-7:30", "mi")
    assert next_level(article, "volume").spec() == "7x10min 10:15 step 30"
    assert next_level(next_level(article, "volume"), "intensity").spec() == "7x10min 10:00 step 30"


def test_deload_keeps_the_start_and_half_the_climb() -> None:
    easy = deload(parse_plan("6x8min by effort", "km"))
    assert easy.segments == 4 and easy.effort_range_pct() == (70, 83)
    assert easy.efforts()[-1] == "a_few_sentences"  # no single word in a deload week


def test_a_schedule_by_effort_over_twenty_weeks() -> None:
    sched = progress(parse_plan("6x8min by effort", "km"), weeks=20, start_date=WED, deload_every=4)
    changes = [w.change for w in sched.weeks]
    assert changes[:3] == ["start", "hold", "volume"] and changes[3] == "deload"
    starts = [w.session.effort_range_pct()[0] for w in sched.weeks if w.change != "deload"]
    assert starts == sorted(starts) and max(starts) <= EFFORT_FROM_MAX_PCT
    # once the first segment would stop being conversational, intensity gives way to volume
    capped = [w for w in sched.weeks if w.cap == "effort_start"]
    assert capped and all(w.change == "volume" for w in capped)
    assert any("no longer be conversational" in n for w in capped for n in w.notes)
    intensity = next(w for w in sched.weeks if w.change == "intensity")
    assert "a few beats" in intensity.notes[0]
    assert json.loads(json.dumps(sched.to_json(), default=str))["grow"] == "segments"
    for w in sched.weeks:  # every week's session is a ladder: each level harder than the last
        t = w.session.effort_targets_pct()
        assert all(a < b for a, b in itertools.pairwise(t))


def test_grow_time_over_weeks_and_its_limits() -> None:
    sched = progress(parse_plan("5x10min 5:40-4:40/km", "km"), weeks=8, start_date=WED, grow="time")
    seg = [w.session.segment_s for w in sched.weeks]
    assert seg == sorted(seg) and seg[0] == 600 and seg[-1] == 720
    assert sched.grow == "time"
    with pytest.raises(ProgtempoError, match="--grow time adds a minute to each segment"):
        progress(parse_plan("6x1mi 10:00-7:30", "mi"), weeks=4, start_date=WED, grow="time")
    # a ladder grown past a midweek session is held, and the week says why
    long = progress(parse_plan("6x28min by effort", "km"), weeks=12, start_date=WED, grow="time")
    assert max(w.session.ladder_time_s for w in long.weeks) <= 3 * 3600
    assert any(w.cap == "long" for w in long.weeks)


def test_on_the_day_by_effort() -> None:
    jaded = plan_day(SessionRequest(spec="6x8min by effort", unit="km"), feel="jaded").session
    assert jaded.effort_range_pct() == (70, 83) and jaded.segments == 6
    assert jaded.efforts()[0] == "conversational" and "single_word" not in jaded.efforts()
    strong = plan_day(SessionRequest(spec="6x8min by effort", unit="km"), feel="strong")
    assert strong.room_to_go_further is False
    assert "top of the talk test" in strong.session.notes[-1]


def test_progression_command(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROGTEMPO_UNIT", raising=False)
    code, out, err = cli(
        "--unit", "km", "progression", "6x8min by effort", "--grow", "time", "--weeks", "6",
        "--start-date", "2026-03-04", "--json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["grow"] == "time"
    assert [w["session"]["segment_s"] for w in doc["weeks"]] == [480, 480, 540, 540, 540, 540]
    code, out, err = cli("progression", "6x1mi 10:00-7:30", "--grow", "time")
    assert code == 2 and "segments are distances" in err


def test_the_progression_table_climbs_in_the_runners_beats(cli: Cli) -> None:
    """Without the runner's heart rate the climb is in % of max; with it, in bpm, and an intensity week
    moves the bottom up a few beats."""
    args = ("--unit", "km", "progression", "6x8min by effort", "--weeks", "6", "--start-date", "2026-03-04")
    code, out, err = cli(*args)
    assert code == 0, err
    assert "HR 70-96%" in out and "bpm" not in out
    code, out, err = cli(*args, "--hr-max", "188")
    assert code == 0, err
    rows = [line for line in out.splitlines() if "by effort" in line]
    assert "HR 132-180" in rows[0] and "%" not in out
    intensity = next(r for r in rows if "intensity" in r)
    low = int(intensity.split("HR ")[1].split("-")[0])
    assert 132 < low <= 132 + 5


def test_a_schedule_by_time_is_kept_in_the_log(tmp_path: Path) -> None:
    from progtempo.store import open_store

    sched = progress(parse_plan("6x8min by effort", "km"), weeks=6, start_date=WED, grow="time")
    with open_store(f"sqlite:///{tmp_path / 'log.sqlite'}") as log:
        log.save_schedule([(w.week, w.date, w.change, w.session) for w in sched.weeks], unit="km")
        kept = log.schedule(since=WED, today=WED)
    assert [p.session.spec() for p in kept] == [w.session.spec() for w in sched.weeks]
    assert [p.session.segment_s for p in kept] == [480, 480, 540, 540, 540, 540]
    assert kept[0].spec == "6x8min by effort"
