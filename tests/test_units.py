"""Paces, distances and durations as runners type them, and the nonsense that must be refused."""

from __future__ import annotations

import pytest

from progtempo.errors import ProgtempoError
from progtempo.units import (
    check_human_pace,
    convert_pace,
    format_distance,
    format_duration,
    format_pace,
    parse_distance,
    parse_duration,
    parse_pace,
)


@pytest.mark.parametrize(
    ("text", "unit", "seconds"),
    [
        ("7:30", "mi", 450.0),
        ("7:30/mi", "mi", 450.0),
        ("7:30 min/mi", "mi", 450.0),
        ("7:30 /mi", "mi", 450.0),
        ("450s", "mi", 450.0),
        ("4:40/km", "km", 280.0),
        ("4:40", "km", 280.0),
        ("10:00", "mi", 600.0),
        ("9:39.4", "mi", 579.4),
        # a pace with another unit is converted: 5:00/km is 8:02.8/mi
        ("5:00/km", "mi", 300.0 * 1.609344),
        ("8:02.8/mi", "km", 482.8 / 1.609344),
    ],
)
def test_parse_pace(text: str, unit: str, seconds: float) -> None:
    assert parse_pace(text, unit) == pytest.approx(seconds)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["7:75", "-5:00", "fast", "0:00", "", "7:30/furlong", "7::30", "0s", "1:60"])
def test_parse_pace_nonsense(text: str) -> None:
    with pytest.raises(ProgtempoError, match="not a pace"):
        parse_pace(text, "mi")


@pytest.mark.parametrize(
    ("text", "unit", "metres"),
    [
        ("5mi", "km", 5 * 1609.344),
        ("8k", "mi", 8000.0),
        ("8km", "mi", 8000.0),
        ("800m", "mi", 800.0),
        ("10000", "mi", 10000.0),
        ("5", "mi", 5 * 1609.344),
        ("5", "km", 5000.0),
        ("half", "mi", 21097.5),
        ("marathon", "km", 42195.0),
        ("mile", "km", 1609.344),
        ("1500m", "km", 1500.0),
        ("8.2km", "km", 8200.0),
    ],
)
def test_parse_distance(text: str, unit: str, metres: float) -> None:
    assert parse_distance(text, unit) == pytest.approx(metres)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["far", "-5mi", "0", "5 parsecs", ""])
def test_parse_distance_nonsense(text: str) -> None:
    with pytest.raises(ProgtempoError, match="distance"):
        parse_distance(text, "mi")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45:00", 2700.0),
        ("1:02:30", 3750.0),
        ("90s", 90.0),
        ("20min", 1200.0),
        ("1h", 3600.0),
        ("3:10:49", 11449.0),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["soon", "45:75", "-1:00", "0:00", "1:2:3:4"])
def test_parse_duration_nonsense(text: str) -> None:
    with pytest.raises(ProgtempoError, match="duration"):
        parse_duration(text)


def test_format_round_trips() -> None:
    assert format_pace(450.0, "mi") == "7:30/mi"
    assert format_pace(579.44, decimals=1) == "9:39.4"
    assert format_duration(3150.0) == "52:30"
    assert format_duration(3750.0) == "1:02:30"
    assert format_distance(9656.064, "mi") == "6.00 mi"
    assert format_distance(800.0, "mi") == "0.50 mi"
    assert format_distance(100.0, "mi") == "100 m"
    for pace in (270.0, 450.0, 600.0, 1199.0):
        assert parse_pace(format_pace(pace, "mi"), "mi") == pace


def test_convert_pace_mile_km() -> None:
    assert convert_pace(600.0, "mi", "km") == pytest.approx(372.82, abs=0.01)  # 10:00/mi = 6:12.8/km
    assert convert_pace(convert_pace(450.0, "mi", "km"), "km", "mi") == pytest.approx(450.0)


def test_human_range() -> None:
    check_human_pace(150.0, "km")  # 2:30/km, the fastest accepted
    check_human_pace(1200.0, "km")  # 20:00/km, the slowest
    with pytest.raises(ProgtempoError, match="outside what humans run"):
        check_human_pace(149.0, "km")
    with pytest.raises(ProgtempoError, match="outside what humans run"):
        check_human_pace(1201.0 * 1.609344, "mi")
