"""Finding the progressive block without a plan, on plain pace sequences and chunked runs."""

from __future__ import annotations

import itertools

import pytest

from progtempo.coach.block import fade_rms_s, find_block, is_progressive, longest_progressive, trim_edges


def block_of(paces: list[float]) -> tuple[int, int] | None:
    span = longest_progressive(paces)
    return trim_edges(paces, *span) if span else None


def chunked(legs: list[tuple[float, float]], unit_m: float) -> tuple[list[float], list[float], float]:
    """Chunk edges every twentieth of a unit and the pace of each chunk, from (distance_m, pace_s) legs."""
    total = sum(d for d, _ in legs)
    step = unit_m / 20
    edges = [k * step for k in range(int(total / step + 1e-9) + 1)]
    paces = []
    for a, b in itertools.pairwise(edges):
        mid, start = (a + b) / 2, 0.0
        for d, p in legs:
            if mid < start + d:
                paces.append(p)
                break
            start += d
    return edges, paces, total


def test_fade_rms_is_zero_for_a_never_slowing_sequence() -> None:
    assert fade_rms_s([600, 570, 570, 540]) == 0.0
    # 540 then 560: pooled to 550, each 10 s off
    assert fade_rms_s([600, 540, 560]) == pytest.approx((200 / 3) ** 0.5)


def test_a_ladder_is_progressive_and_a_flat_run_is_not() -> None:
    assert is_progressive([600, 570, 540, 510, 480, 450])
    assert not is_progressive([600, 595, 590, 590, 588, 585])
    assert not is_progressive([600, 570])


def test_warm_up_and_cool_down_are_trimmed() -> None:
    assert block_of([660, 600, 570, 540, 510, 480, 450, 660]) == (1, 6)
    assert block_of([600, 600, 570, 540, 510, 480, 450]) == (1, 6)


def test_surge_run_keeps_its_start() -> None:
    assert block_of([600, 570, 490, 530, 525, 520]) == (0, 5)


def test_flat_run_has_no_block() -> None:
    assert block_of([600, 595, 590, 590, 588, 585]) is None


def test_find_block_aligns_to_an_off_unit_warm_up() -> None:
    legs = [(1500.0, 420.0)] + [(1000.0, p) for p in (360, 340, 320, 300, 280)] + [(1200.0, 420.0)]
    edges, paces, total = chunked(legs, 1000.0)
    b = find_block(edges, paces, 1000.0, total)
    assert b.progressive and b.source == "found"
    assert (b.start_m, b.end_m, b.segments) == pytest.approx((1500.0, 6500.0, 5))
    assert (b.trimmed_warmup_m, b.trimmed_cooldown_m) == pytest.approx((1500.0, 1200.0))


def test_find_block_says_why_not() -> None:
    edges, paces, total = chunked([(1000.0, p) for p in (360, 358, 361, 359, 360)], 1000.0)
    b = find_block(edges, paces, 1000.0, total)
    assert not b.progressive and b.segments == 0
    assert b.note.startswith("not a progressive run: no stretch of 3 or more whole units")


def test_a_run_ending_millimetres_short_of_a_whole_mile_keeps_its_last_mile() -> None:
    """Six miles in a FIT file (distance in whole cm) end 4 mm short: the last mile is still a level."""
    from progtempo.analysis import analyze
    from progtempo.coach import evaluate
    from progtempo.io import read_activity
    from progtempo.synth import Leg, fit_bytes, make_run

    mi = 1609.344
    legs = [Leg(mi, p / 1.609344, hr_bpm=130 + 6 * i) for i, p in enumerate((600, 570, 540, 510, 480, 450))]
    analysis = analyze(read_activity("six.fit", data=fit_bytes(make_run(legs))), unit="mi")
    assert 6 * mi - 0.01 < analysis.distance_m < 6 * mi
    report = evaluate(analysis).to_json()
    assert report["block"]["segments"] == 6 and report["boss"]["verdict"] == "cleared"
