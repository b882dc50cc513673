"""Where the ladder lies in a run: laid from a plan, or the block found (coach.search) shown in a unit.

The found block is decided on segments the run suggests, whatever the display unit; here it is laid as
whole units of the runner's unit inside it, at the offset where the pace is steadiest inside each
unit, so the same run shows as 6 levels in miles or 9 in km, never progressive in one and not the other.
Rules and figures: docs/coaching.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from progtempo.coach.search import (
    CHUNKS,
    MIN_BLOCK_M,
    MIN_GAIN_FRACTION,
    MIN_RUN_FRACTION,
    Found,
    Trend,
    _segments_at_offset,
    fade_rms_s,
    segments_at_offset,
    trim_edges,
)
from progtempo.units import Unit, convert_pace, format_pace, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis

#: Kept for callers of the old block module: chunks per unit the run is cut into to align segments.
CHUNKS_PER_UNIT = CHUNKS
#: A whole run whose pace line moved less than this, first to last, held about steady.
STEADY_FRACTION = 0.02


@dataclass(frozen=True)
class Block:
    """Where the ladder lies in the run: from a plan, or found; with what was trimmed around it."""

    progressive: bool
    source: Literal["plan", "found"]
    start_m: float
    end_m: float
    segments: int
    segment_m: float
    trimmed_warmup_m: float
    trimmed_cooldown_m: float
    note: str
    #: What the block was found on (`laps`, `km`, `mi`), or why a plan's ladder starts where it does.
    basis: str | None = None
    #: A plan by time: where its first level starts and how long each is, in seconds on `clock`
    #: (`elapsed` or `moving`); `start_m`/`end_m` are then where the run was at its first and last edge.
    start_s: float | None = None
    segment_s: float | None = None
    clock: str | None = None

    def boundaries_m(self) -> list[float]:
        """The segment edges, start to end."""
        return [self.start_m + k * self.segment_m for k in range(self.segments + 1)]

    def to_json(self) -> dict[str, Any]:
        return {
            "progressive": self.progressive,
            "source": self.source,
            "start_m": round(self.start_m, 3),
            "end_m": round(self.end_m, 3),
            "segments": self.segments,
            "segment_m": self.segment_m,
            "trimmed_warmup_m": round(self.trimmed_warmup_m, 3),
            "trimmed_cooldown_m": round(self.trimmed_cooldown_m, 3),
            "basis": self.basis,
            "note": self.note,
            "start_s": self.start_s,
            "segment_s": self.segment_s,
            "clock": self.clock,
        }


def lay_found(analysis: Analysis, found: Found, unit: Unit) -> Block:
    """The found block as whole units of `unit`, at the steadiest offset inside it."""
    from progtempo.analysis.splits import paces_at

    per = unit_m(unit)
    length = found.end_m - found.start_m
    n = max(1, int((length + 1.0) / per))  # a block ending millimetres short of a unit ran it
    slack = max(0.0, length - n * per)
    start = found.start_m
    step = per / CHUNKS
    if slack >= step:
        edges = np.arange(found.start_m, found.end_m + 1e-6, step)
        pace, gap = paces_at(analysis.stream, edges, "km")
        p = np.where(np.isfinite(gap), gap, pace)
        finite = p[np.isfinite(p)]
        p = np.where(np.isfinite(p), p, float(np.median(finite)) if finite.size else 0.0)
        lengths = np.diff(edges)
        offsets = [o for o in range(int(slack / step + 1e-9) + 1) if (p.shape[0] - o) // CHUNKS >= n]
        if offsets:
            best = min(offsets, key=lambda o: (_segments_at_offset(lengths, p, o, CHUNKS)[1], o))
            start = float(edges[best])
    end = start + n * per
    first = format_pace(convert_pace(found.first_pace_s_per_km, "km", unit))
    last = format_pace(convert_pace(found.last_pace_s_per_km, "km", unit))
    note = (
        f"{n} whole {unit} getting faster, {first} to {last} /{unit} (grade-adjusted, on the "
        f"{_basis_words(found.basis)}), from {start / per:.2f} to {end / per:.2f} {unit}"
    )
    return Block(
        True, "found", start, end, n, per, start, max(0.0, analysis.distance_m - end), note, found.basis
    )


def _basis_words(basis: str) -> str:
    return {"laps": "device's laps", "km": "run's kilometres", "mi": "run's miles"}.get(basis, basis)


def not_progressive(why: str, segment_m: float) -> Block:
    """The block of a run with none: no segments, and why."""
    return Block(False, "found", 0.0, 0.0, 0, segment_m, 0.0, 0.0, f"not a progressive run: {why}")


def why_not(trend: Trend | None, unit: Unit) -> str:
    """Why no block was found, in the runner's unit and plainly, with what the whole run did."""
    per = unit_m(unit)

    def length(m: float, decimals: int = 2, up: bool = True) -> str:  # a need rounds up
        scale = 10**decimals
        x = (math.ceil(m / per * scale - 1e-6) if up else round(m / per * scale)) / scale
        return f"{x:.{decimals}f}".rstrip("0").removesuffix(".") + f" {unit}"

    if trend is None:
        return (
            f"no part of it, {length(MIN_BLOCK_M)} or longer, started easy and got faster step by step "
            f"(by {MIN_GAIN_FRACTION * 100:.0f} % or more)"
        )
    need_m = max(MIN_BLOCK_M, MIN_RUN_FRACTION * trend.run_m)
    if trend.run_m < MIN_BLOCK_M - 1.0:
        # the run's length as the header rounds it, unless that reads as the need: never "3 mi < 3 mi"
        d = 2 if length(trend.run_m, up=False) != length(MIN_BLOCK_M) else 3
        why = (
            f"at {length(trend.run_m, d, up=False)} it is too short to show a ladder, which needs "
            f"{length(MIN_BLOCK_M, d)} or more of getting faster step by step"
        )
    else:
        why = (
            f"no part of it, {length(need_m)} or longer, started easy and got faster step by step "
            f"(by {MIN_GAIN_FRACTION * 100:.0f} % or more)"
        )
    first, last = trend.first_s_per_km, trend.last_s_per_km
    if first is None or last is None:
        return why
    a = format_pace(convert_pace(first, "km", unit), unit)
    b = format_pace(convert_pace(last, "km", unit), unit)
    pace = "grade-adjusted pace" if trend.graded else "pace"
    if abs(first - last) < STEADY_FRACTION * first:
        return f"{why}; over the whole run your {pace} held about steady, near {a}"
    how = "faster" if last < first else "slower"
    return (
        f"{why}; over the whole run your {pace} got {how}, from about {a} in its first third to {b} in "
        "its last"
    )


def plan_block(
    start_m: float, segments: int, segment_m: float, run_end_m: float, warmup_m: float, why: str | None = None
) -> Block:
    """The block a plan lays out: `segments` × `segment_m` from `start_m` (`why` it starts there)."""
    end_m = start_m + segments * segment_m
    reason = why or (
        f"after the plan's {warmup_m:.0f} m warm-up" if warmup_m else "from the start of the run"
    )
    note = f"laid from the plan at {start_m:.0f} m, {reason}"
    return Block(
        True, "plan", start_m, end_m, segments, segment_m, start_m, max(0.0, run_end_m - end_m), note, reason
    )


__all__ = [
    "CHUNKS_PER_UNIT",
    "Block",
    "fade_rms_s",
    "lay_found",
    "not_progressive",
    "plan_block",
    "segments_at_offset",
    "trim_edges",
    "why_not",
]
