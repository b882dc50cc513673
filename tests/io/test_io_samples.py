"""Every real device file in ../shared/samples reads (or fails cleanly) as its README describes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from progtempo.io import ActivityReadError, read_activity

SAMPLES = Path(__file__).parents[3] / "shared" / "samples"
pytestmark = pytest.mark.samples

KM, MILE = 1000.0, 1609.34
# file -> what the README says (and what the file holds): sport, device, laps, streams, pauses, warnings
EXPECT: dict[str, dict[str, Any]] = {
    "fit/fitparse__2013-02-06-12-11-14.fit": dict(
        sport="running", device="Garmin Forerunner 110", laps=["distance"] * 4 + ["manual"], lap_m=KM,
        streams={"lat", "alt", "hr", "dist"}, altitude_source="gps", duration_s=2624),
    "fit/fitparse__compressed-speed-distance.fit": dict(
        sport="running", device="Garmin Forerunner 70", laps=["distance"] * 10 + ["session_end"], lap_m=KM,
        streams={"hr", "dist", "cad"}, altitude_source="none", pauses=1, warn="power-on",
        start="2012-02-13T11:16:16+00:00"),
    "fit/fitparse__developer-types-sample.fit": dict(
        sport="running", device="Stryd", laps=["session_end"], streams={"lat", "alt", "hr", "dist", "power"}),
    "fit/fitparse__nick.fit": dict(
        sport="cycling", device="Sigma Sport product 46", streams={"lat", "alt", "hr", "dist", "power"},
        pauses=8, warn="cut short or damaged at byte"),
    "fit/fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit": dict(
        sport="cycling", device="Wahoo ELEMNT", laps=1, streams={"lat", "alt", "hr", "dist", "power"},
        altitude_source="barometric", paused_s=(23595 - 13471, 0.01)),
    "fit/sportslib__20171011_run_2088390344.fit": dict(
        sport="running", device="Garmin vivoactive HR", laps=["distance", "distance", "session_end"],
        lap_m=MILE, altitude_source="barometric"),
    "fit/sportslib__broken_empty_header.fit": dict(warn="data size 0", device="Zwift", repair=True),
    "fit/gc__10kUNLP2014-Garmin15.fit": dict(
        sport="running", device="Garmin Forerunner 15", laps=["distance"] * 10 + ["session_end"], lap_m=KM,
        streams={"lat", "dist"}, altitude_source="none"),
    "fit/gc__suunto_Move_2019_03_17_10_24_32_Running.fit": dict(
        sport="running", laps=["distance"] * 21, lap_m=KM, gaps={"lat", "dist"},
        device="Suunto product 23"),
    "fit/gc__fr955_long_run_14211916346_ACTIVITY.fit": dict(
        sport="running", device="Garmin Forerunner 955", laps=["manual"] * 4 + ["session_end"],
        streams={"lat", "alt", "hr", "dist", "cad", "power"}, altitude_source="barometric"),
    "tcx/runpandas__basic_fr410.tcx": dict(
        sport="running", device="Forerunner 410", laps=["distance", "distance", "manual"], lap_m=MILE),
    "tcx/runpandas__stopped_example.tcx": dict(sport="running", device=None, laps=3),
    "tcx/runpandas__malformed.tcx": dict(
        sport="running", laps=["distance", "distance", "manual"], lap_m=MILE, warn="not valid XML"),
    "tcx/sportslib__polar_v800.tcx": dict(
        sport="running", device="Polar V800", laps=["manual", "manual"], total_m=(10821.0, 0.005)),
    "tcx/gc__10kUNLP2014-Garmin15.tcx": dict(
        sport="running", device="Forerunner 15", laps=["distance"] * 10 + ["manual"], lap_m=KM,
        warn="marked Manual", altitude_source="none"),
    "gpx/runpandas__nike_run.gpx": dict(gaps={"alt", "hr"}),
    "gpx/runpandas__stopped_example_strava.gpx": dict(sport="running", device="StravaGPX"),
    "gpx/sportslib__20171008_run_2067489619_garmin_connect.gpx": dict(
        sport="running", device="Garmin Connect", streams={"lat", "alt", "hr", "cad"}),
    "gpx/gpxpy__cerknicko-jezero-without-elevations.gpx": dict(
        streams={"lat"}, altitude_source="none", warn="tracks in the file"),
}  # fmt: skip


def _files() -> list[str]:
    if not SAMPLES.is_dir():
        return sorted(EXPECT)
    found = sorted(
        str(p.relative_to(SAMPLES)) for p in SAMPLES.glob("*/*") if p.suffix in (".fit", ".gpx", ".tcx")
    )
    return sorted(set(found) | set(EXPECT))


def _path(sub: str) -> Path:
    path = SAMPLES / sub
    if not path.is_file():
        pytest.skip(f"sample {sub} not found ({SAMPLES} holds the real device files beside the project)")
    return path


@pytest.mark.parametrize("sub", _files())
def test_sample_reads_as_described(sub: str) -> None:
    path = _path(sub)
    want = EXPECT.get(sub)
    assert want is not None, f"{sub}: a new sample without expectations here"
    a = read_activity(path, repair=bool(want.get("repair")))
    assert len(a) >= 2 and np.all(np.diff(a.time_s) > 0) and a.time_s[0] == 0.0
    streams = {
        "lat": a.lat, "alt": a.altitude_m, "hr": a.heart_rate, "dist": a.distance_m, "cad": a.cadence,
        "power": a.power,
    }  # fmt: skip
    if "sport" in want:
        assert a.sport == want["sport"]
    if "device" in want:
        assert a.device == want["device"]
    if "laps" in want:
        if isinstance(want["laps"], int):
            assert len(a.laps) == want["laps"]
        else:
            assert [lap.trigger for lap in a.laps] == want["laps"]
    if "lap_m" in want:
        auto = [lap for lap in a.laps[:-1] if lap.trigger == "distance"]  # the last lap ends the run
        assert auto and all(
            abs((lap.distance_m or 0) - want["lap_m"]) < 0.005 * want["lap_m"] for lap in auto
        )
    if "streams" in want:
        have = {k for k, v in streams.items() if v is not None}
        assert want["streams"] <= have, have
        if "alt" not in want["streams"]:
            assert a.altitude_m is None
    for key in want.get("gaps", ()):
        col = streams[key]
        assert col is not None and np.isnan(col).any() and np.isfinite(col).any(), key
    if "altitude_source" in want:
        assert a.altitude_source == want["altitude_source"]
    if "pauses" in want:
        assert len(a.pauses) == want["pauses"]
    if "paused_s" in want:
        total, rel = want["paused_s"]
        assert sum(b - s for s, b in a.pauses) == pytest.approx(total, rel=rel)
    if "warn" in want:
        assert any(want["warn"] in w for w in a.warnings), a.warnings
    if "duration_s" in want:
        assert a.time_s[-1] == pytest.approx(want["duration_s"], abs=2)
    if "start" in want:
        assert a.start_time.isoformat() == want["start"]
    if "total_m" in want:
        total, rel = want["total_m"]
        assert sum(lap.distance_m or 0 for lap in a.laps) == pytest.approx(total, rel=rel)
    for lap in a.laps:
        assert lap.elapsed_s >= 0 and (
            lap.timer_s is None or lap.timer_s <= lap.elapsed_s + 1.5
        )  # FR110: 704.01 vs 703.0


def test_unfinalised_fit_is_refused_without_repair() -> None:
    with pytest.raises(ActivityReadError, match=r"data size 0.*--repair"):
        read_activity(_path("fit/sportslib__broken_empty_header.fit"))


def test_fit_and_tcx_of_the_same_run_agree() -> None:
    fit = read_activity(_path("fit/gc__10kUNLP2014-Garmin15.fit"))
    tcx = read_activity(_path("tcx/gc__10kUNLP2014-Garmin15.tcx"))
    assert fit.start_time == tcx.start_time
    assert len(fit.laps) == len(tcx.laps) == 11
    for f, t in zip(fit.laps, tcx.laps, strict=True):
        assert t.distance_m == pytest.approx(f.distance_m, rel=0.01)
        assert abs((t.start_time - f.start_time).total_seconds()) <= 1.0
        assert t.timer_s == pytest.approx(f.timer_s, abs=0.01)
    assert fit.distance_m is not None and tcx.distance_m is not None
    assert np.nanmax(tcx.distance_m) == pytest.approx(np.nanmax(fit.distance_m), rel=0.005)
    assert len(fit) == len(tcx) and np.allclose(fit.time_s, tcx.time_s)
    assert fit.lat is not None and tcx.lat is not None and np.allclose(fit.lat, tcx.lat, atol=1e-6)


def test_strava_gpx_and_tcx_of_the_same_run_agree() -> None:
    gpx = read_activity(_path("gpx/runpandas__stopped_example_strava.gpx"))
    tcx = read_activity(_path("tcx/runpandas__stopped_example.tcx"))
    assert gpx.start_time == tcx.start_time
    assert gpx.time_s[-1] == pytest.approx(tcx.time_s[-1], abs=1.0)
    assert len(gpx) == len(tcx)


def test_truncated_nick_keeps_the_records_before_the_damage() -> None:
    a = read_activity(_path("fit/fitparse__nick.fit"))
    (warning,) = [w for w in a.warnings if "cut short" in w]
    offset = int(warning.split("byte ")[1].split(":")[0].replace(",", ""))
    assert 400_000 < offset <= 403_456
    assert len(a) > 14_000
