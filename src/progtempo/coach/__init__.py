"""The coach: turn an analysed run into levels, a boss, a score, badges, energy emphasis and advice.

`evaluate(analysis, plan)` (coach.evaluate) is the whole job; the modules hold its parts:
`sport` (what the recording is), `search` (the progressive block, whatever the unit), `block` (where the
ladder lies, in the runner's unit), `start` (where a planned ladder starts), `score` (levels, boss,
progression, score, badges), `advice` (the insight and the next session), `bounds` (advice that can't
hurt), `energy` (energy-system emphasis), `report` (the typed report) and `plot` (the figure).
Pure: no I/O, no printing. Rules and the score formula: docs/coaching.md; energy model: docs/energy.md.
"""

from __future__ import annotations

from progtempo.coach.advice import INSIGHTS, Advice, Insight
from progtempo.coach.block import Block
from progtempo.coach.bounds import Evidence
from progtempo.coach.energy import EnergyReport
from progtempo.coach.evaluate import evaluate, fitted_session
from progtempo.coach.levels import Boss, Level, SegmentData, segment_data
from progtempo.coach.report import CoachReport
from progtempo.coach.score import BADGES, Progression, Score
from progtempo.coach.sport import SportCheck

__all__ = [
    "BADGES",
    "INSIGHTS",
    "Advice",
    "Block",
    "Boss",
    "CoachReport",
    "EnergyReport",
    "Evidence",
    "Insight",
    "Level",
    "Progression",
    "Score",
    "SegmentData",
    "SportCheck",
    "evaluate",
    "fitted_session",
    "segment_data",
]
