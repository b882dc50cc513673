"""The typed store API the CLI and the web use: activities, activity, history, schedule, uploads."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from progtempo import synth
from progtempo.store import ActivitySummary, StoredActivity, Upload, open_store

START = dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC)
KM = 1000.0


def ladder(day: int, paces: list[float], *, sport: str = "running") -> synth.SynthRun:
    legs = [synth.Leg(KM, p, hr_bpm=135.0 + 6 * k) for k, p in enumerate(paces)]
    return synth.make_run(legs, start_time=START + dt.timedelta(days=day), sport=sport)


def test_uploads_go_in_from_memory_with_their_ids(db_url: str) -> None:
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("activities/2.fit.gz", gzip.compress(synth.fit_bytes(ladder(2, [350, 335, 320]))))
    ups = [
        Upload("C:\\Users\\me\\run one.fit", synth.fit_bytes(ladder(0, [375, 360, 345, 330, 315]))),
        Upload("../../etc/ride.gpx", synth.gpx_bytes(ladder(1, [130, 130], sport="cycling"))),
        Upload("junk.fit", b"\x00" * 200),
        Upload("export.zip", zbuf.getvalue()),
    ]
    with open_store(db_url) as store:
        r = store.import_uploads(ups, unit="km")
        assert (r.imported, len(r.failed), r.not_running) == (3, 1, 1)
        assert r.failed[0][0] == "junk.fit" and r.failed[0][1]
        assert r.to_json()["activities"] == r.activities and len(r.activities) == 3
        listed = store.activities()
        assert sorted(a.id for a in listed) == sorted(r.activities)
        assert {a.source for a in listed} == {"run one.fit", "ride.gpx", "export.zip:activities/2.fit.gz"}
        again = store.import_uploads(ups, unit="km")
        assert (again.imported, again.duplicates, again.activities) == (0, 3, [])


def test_staged_uploads_are_read_in_place(db_url: str, tmp_path: Path) -> None:
    staged = tmp_path / "staged-1"
    staged.write_bytes(synth.fit_bytes(ladder(0, [360, 345, 330])))
    zpath = tmp_path / "staged-2"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("activities/3.gpx", synth.gpx_bytes(ladder(3, [350, 335, 320])))
    with open_store(db_url) as store:
        r = store.import_uploads([Upload("morning.fit", path=staged), Upload("export.zip", path=zpath)])
        assert r.imported == 2 and not r.failed
        assert {a.source for a in store.activities()} == {"morning.fit", "export.zip:activities/3.gpx"}
    with pytest.raises(ValueError):
        Upload("x.fit")


def test_activity_is_typed_whole_and_private_to_its_athlete(db_url: str, tmp_path: Path) -> None:
    synth.write_fit(ladder(0, [375, 360, 345, 330, 315]), tmp_path / "a.fit")
    with open_store(db_url) as store:
        r = store.import_paths([tmp_path], athlete="ana", jobs=1, unit="km")
        (aid,) = r.activities
        run = store.activity(aid, athlete="ana")
        assert isinstance(run, StoredActivity) and isinstance(run.summary, ActivitySummary)
        assert store.activity(aid, athlete="ben") is None and store.activity(aid + 99, athlete="ana") is None
        assert run.split_m == KM and [s.index for s in run.splits] == [1, 2, 3, 4, 5]
        assert [round(s.pace_s_per_km or 0) for s in run.splits] == [375, 360, 345, 330, 315]
        assert run.splits[0].pace_s("mi") == pytest.approx(375 * 1.609344, abs=2)
        res = run.result
        assert res is not None and res.progressive and res.score is not None and res.boss == "cleared"
        assert [lv.verdict for lv in res.levels] == ["cleared"] * 5
        assert res.levels[-1].actual_pace_s("km") == pytest.approx(315, abs=1)
        assert res.next_session is not None and res.next_session.unit == "km"
        doc = run.to_json("mi")
        assert doc["result"]["levels"][0]["target_pace_s"] == pytest.approx(
            res.levels[0].target_pace_s_per_km * 1.609344
        )
        original = store.original(aid, athlete="ana")
        assert original is not None and len(original) > 100 and original.format == "fit"


def test_days_are_local_in_the_stores_zone(db_url: str, tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    synth.write_fit(ladder(0, [375, 360, 345, 330, 315]), tmp_path / "late.fit")  # 23:30 UTC on 4 March
    with open_store(db_url, tz=ZoneInfo("Europe/Paris")) as store:
        store.import_paths([tmp_path], jobs=1, unit="km")
        (a,) = store.activities()
        assert a.start_time.hour == 23 and a.date == dt.date(2026, 3, 5)  # 00:30 in Paris
        assert store.activities(since=dt.date(2026, 3, 5), until=dt.date(2026, 3, 5)) == [a]
        assert store.activities(until=dt.date(2026, 3, 4)) == []
    with open_store(db_url) as utc:
        assert utc.activities()[0].date == dt.date(2026, 3, 4)


def test_history_has_sessions_streaks_and_weekly_volume(db_url: str, tmp_path: Path) -> None:
    synth.write_fit(ladder(0, [375, 360, 345, 330, 315]), tmp_path / "a.fit")
    synth.write_fit(ladder(1, [350, 350, 350]), tmp_path / "b.fit")
    synth.write_fit(ladder(8, [370, 355, 340, 325, 310]), tmp_path / "c.fit")
    synth.write_fit(ladder(9, [130, 130], sport="cycling"), tmp_path / "ride.fit")
    with open_store(db_url) as store:
        store.import_paths([tmp_path], jobs=1, unit="km")
        h = store.history(today=dt.date(2026, 3, 16))
    assert [e.date for e in h.sessions] == [dt.date(2026, 3, 4), dt.date(2026, 3, 12)]
    assert (h.streaks.current_weeks, h.streaks.longest_weeks) == (2, 2)
    assert [(w.week_start, w.runs, w.progressive) for w in h.weeks] == [
        (dt.date(2026, 3, 2), 2, 1),
        (dt.date(2026, 3, 9), 1, 1),
    ]
    assert h.weeks[0].distance_m == pytest.approx(8 * KM, abs=2)


def test_activities_frame(db_url: str, tmp_path: Path) -> None:
    import pandas as pd

    synth.write_fit(ladder(0, [375, 360, 345, 330, 315]), tmp_path / "a.fit")
    synth.write_fit(ladder(1, [130, 130], sport="cycling"), tmp_path / "ride.fit")
    with open_store(db_url) as store:
        store.import_paths([tmp_path], jobs=1, unit="km")
        frame = store.activities_frame()
    assert list(frame["sport"]) == ["running", "cycling"]  # oldest first
    assert isinstance(frame["start_time"].dtype, pd.DatetimeTZDtype)
    assert frame["pace_s_per_km"].iloc[0] == pytest.approx((375 + 360 + 345 + 330 + 315) / 5, abs=1)
    assert frame["score"].isna().iloc[1]


def test_pandas_is_imported_only_by_the_frame() -> None:
    import subprocess
    import sys

    code = (
        "import sys, progtempo.store, progtempo.cli.log, progtempo.store.queries; "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
