"""FIT workout export: every file decodes with fitdecode (CRC checked) and Garmin's SDK, step by step."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Stream
from hypothesis import given, settings
from hypothesis import strategies as st

from progtempo.errors import ProgtempoError
from progtempo.export import STEP_CAP, export_session, render
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import solve

MI = 1609.344
CREATED = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def article() -> Session:
    return solve(unit="mi", segments=6, start_pace_s=600.0, end_pace_s=450.0)


def decode_fitdecode(data: bytes) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as fr:
        for fm in fr:
            if isinstance(fm, fitdecode.FitDataMessage):
                out.setdefault(fm.name, []).append({f.name: f.value for f in fm.fields})
    return out


def decode_garmin(data: bytes) -> dict[str, list[dict[str, Any]]]:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def test_article_session_decodes_with_exact_steps() -> None:
    data = render(article(), "fit", created=CREATED)
    msgs = decode_fitdecode(data)
    (file_id,) = msgs["file_id"]
    assert file_id["type"] == "workout"
    assert file_id["manufacturer"] == "development"
    assert file_id["time_created"] == CREATED
    (workout,) = msgs["workout"]
    assert workout["sport"] == "running"
    assert workout["num_valid_steps"] == 6
    assert workout["wkt_name"] == "6x1mi 10:00-7:30/mi"
    steps = msgs["workout_step"]
    assert len(steps) == 6
    names = [s["wkt_step_name"] for s in steps]
    assert names == [
        "Mile 1 · could recite Shakespeare",
        "Mile 2 · could recite Shakespeare",
        "Mile 3 · a few sentences",
        "Mile 4 · a few sentences",
        "Mile 5 · a few words",
        "Mile 6 · a few words",
    ]
    for i, (s, pace) in enumerate(zip(steps, (600, 570, 540, 510, 480, 450), strict=True)):
        assert s["message_index"] == i
        assert s["duration_type"] == "distance"
        assert s["target_type"] == "speed"
        assert s["intensity"] == "active"
        assert abs(s["duration_distance"] - MI) <= 0.01  # 1 cm
        assert abs(s["custom_target_speed_low"] - MI / (pace + 5)) <= 0.001  # 1 mm/s: the slow end
        assert abs(s["custom_target_speed_high"] - MI / (pace - 5)) <= 0.001
        assert s["notes"].startswith("Talk test: ")
    assert (
        steps[0]["notes"]
        == "Talk test: could recite Shakespeare. RPE 2-3, Z2 endurance. Window 10:05-9:55/mi."
    )


def test_garmin_sdk_reads_raw_scaled_values() -> None:
    data = render(article(), "fit", created=CREATED)
    steps = decode_garmin(data)["workout_step_mesgs"]
    assert [s["duration_value"] for s in steps] == [160934] * 6  # cm, scale 100
    assert [s["target_value"] for s in steps] == [0] * 6  # custom range
    assert [s["custom_target_value_low"] for s in steps] == [2660, 2799, 2953, 3125, 3318, 3537]  # mm/s
    assert [s["custom_target_value_high"] for s in steps] == [2705, 2848, 3008, 3187, 3388, 3617]
    assert all(s["custom_target_speed_low"] < s["custom_target_speed_high"] for s in steps)


def test_warmup_and_cooldown_steps() -> None:
    session = solve(
        unit="km",
        segments=5,
        start_pace_s=360.0,
        step_s=20.0,
        segment_m=800.0,
        warmup=Easy(pace_s=390.0, distance_m=2000.0),
        cooldown=Easy(pace_s=400.0, duration_s=600.0),
    )
    data = render(session, "fit", created=CREATED)
    steps = decode_fitdecode(data)["workout_step"]
    assert decode_fitdecode(data)["workout"][0]["num_valid_steps"] == 7
    warm, *active, cool = steps
    assert warm["intensity"] == "warmup"
    assert warm["duration_type"] == "distance" and abs(warm["duration_distance"] - 2000.0) <= 0.01
    assert warm["target_type"] == "open"
    assert warm["wkt_step_name"] == "Warm-up · easy"
    assert cool["intensity"] == "cooldown"
    assert cool["duration_type"] == "time" and cool["duration_time"] == 600.0
    assert [s["intensity"] for s in active] == ["active"] * 5
    assert [s["wkt_step_name"].split(" · ")[0] for s in active] == [f"Segment {i}" for i in range(1, 6)]
    for s, pace in zip(active, (360, 340, 320, 300, 280), strict=True):
        assert abs(s["duration_distance"] - 800.0) <= 0.01
        assert abs(s["custom_target_speed_low"] - 1000 / (pace + 5)) <= 0.001
        assert abs(s["custom_target_speed_high"] - 1000 / (pace - 5)) <= 0.001
    garmin = decode_garmin(data)["workout_step_mesgs"]
    assert garmin[-1]["duration_value"] == 600_000  # ms, scale 1000


@settings(max_examples=25, deadline=None)
@given(
    unit=st.sampled_from(["mi", "km"]),
    segments=st.integers(1, 30),
    start=st.floats(300.0, 700.0),
    step=st.floats(2.0, 40.0),
    segment_units=st.sampled_from([0.25, 0.5, 1.0, 2.0]),
    tol=st.floats(0.0, 15.0),
)
def test_any_session_round_trips(
    unit: str, segments: int, start: float, step: float, segment_units: float, tol: float
) -> None:
    u_m = MI if unit == "mi" else 1000.0
    if start - (segments - 1) * step < 150.0 * u_m / 1000.0 + 1:  # keep the end pace human
        step = 1.0
    session = solve(
        unit=unit,  # type: ignore[arg-type]
        segments=segments,
        start_pace_s=start,
        step_s=step if segments > 1 else None,
        end_pace_s=start if segments == 1 else None,
        segment_m=segment_units * u_m,
        tolerance_s=tol,
    )
    data = render(session, "fit", created=CREATED)
    steps = decode_fitdecode(data)["workout_step"]
    decode_garmin(data)
    assert len(steps) == segments
    for s, seg in zip(steps, session.ladder(), strict=True):
        assert abs(s["duration_distance"] - seg.distance_m) <= 0.01
        assert abs(s["custom_target_speed_low"] - u_m / seg.slow_pace_s) <= 0.001
        assert abs(s["custom_target_speed_high"] - u_m / seg.fast_pace_s) <= 0.001
        assert s["custom_target_speed_low"] <= s["custom_target_speed_high"]


def test_step_cap_and_inverted_window_are_refused(tmp_path: Path) -> None:
    too_long = solve(unit="km", segments=STEP_CAP + 1, start_pace_s=600.0, step_s=1.0, segment_m=400.0)
    with pytest.raises(ProgtempoError, match="more than the 50"):
        export_session(too_long, "fit", tmp_path / "x.fit", created=CREATED)
    with_warmup = solve(
        unit="km",
        segments=STEP_CAP,
        start_pace_s=600.0,
        step_s=1.0,
        segment_m=400.0,
        warmup=Easy(pace_s=620.0, distance_m=1000.0),
    )
    with pytest.raises(ProgtempoError, match="use at most 49 segments"):
        export_session(with_warmup, "fit", tmp_path / "x.fit", created=CREATED)
    exactly = solve(unit="km", segments=STEP_CAP, start_pace_s=600.0, step_s=1.0, segment_m=400.0)
    assert len(decode_fitdecode(render(exactly, "fit", created=CREATED))["workout_step"]) == STEP_CAP
    wide = article().with_changes(tolerance_s=450.0)
    with pytest.raises(ProgtempoError, match="inverts the speed range"):
        export_session(wide, "fit", tmp_path / "x.fit", created=CREATED)
    assert list(tmp_path.iterdir()) == []


def test_fallback_writes_the_jaded_variant_as_a_second_file(tmp_path: Path) -> None:
    pytest.importorskip(
        "progtempo.plan.autoregulate", reason="the planner's autoregulate module is not there yet"
    )
    written = export_session(article(), "fit", tmp_path / "tempo.fit", with_fallback=True, created=CREATED)
    assert written == [tmp_path / "tempo.fit", tmp_path / "tempo-jaded.fit"]
    jaded = decode_fitdecode((tmp_path / "tempo-jaded.fit").read_bytes())
    assert jaded["workout"][0]["wkt_name"] == "6x1mi 10:00-8:45/mi (jaded)"
    steps = jaded["workout_step"]
    assert len(steps) == 6
    for s, pace in zip(steps, (600, 585, 570, 555, 540, 525), strict=True):  # same start, half the step
        assert abs(s["custom_target_speed_low"] - MI / (pace + 5)) <= 0.001
        assert abs(s["custom_target_speed_high"] - MI / (pace - 5)) <= 0.001


def test_long_step_names_are_cut_at_a_character() -> None:
    from progtempo.export.fit_workout import NAME_BYTES, fit_text

    cut = fit_text("Mile 1 · " + "é" * 100, NAME_BYTES)
    assert len(cut.encode("utf-8")) <= NAME_BYTES - 1
    assert cut.startswith("Mile 1 · é") and cut.endswith("é")
