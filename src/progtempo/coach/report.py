"""The coach's report on one run: what it was, where the ladder lay, the levels, the score, the advice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from progtempo.coach.advice import Advice
from progtempo.coach.block import Block
from progtempo.coach.bounds import Evidence
from progtempo.coach.effort import EffortReport
from progtempo.coach.energy import EnergyReport
from progtempo.coach.levels import Boss, Level
from progtempo.coach.score import Progression, Score
from progtempo.coach.sport import SportCheck
from progtempo.plan.ladder import Session
from progtempo.units import Unit


@dataclass(frozen=True)
class CoachReport:
    """Everything the coach found in one run; `to_json()` is what `analyze --json` adds.

    A run that was not judged as a progressive session (not a run, or no plan and no progressive
    block) has no levels, no boss, no score and no badges: `score`, `boss` and `progression` are None.
    """

    unit: Unit
    block: Block
    session: Session | None
    session_source: Literal["plan", "fitted"] | None
    levels: list[Level]
    boss: Boss | None
    progression: Progression | None
    score: Score | None
    badges: list[str]
    energy: EnergyReport
    advice: Advice
    rpe: float | None = None
    cleared_before: int = 0
    warnings: list[str] = field(default_factory=list)
    sport: SportCheck | None = None
    evidence: Evidence | None = None
    #: A ladder by effort: each level judged by heart rate or GAP (coach.effort); None by pace.
    effort: EffortReport | None = None

    @property
    def judged(self) -> bool:
        """Whether the run was judged as a progressive session (levels, boss, score)."""
        return self.score is not None

    @property
    def level_bounds_m(self) -> list[tuple[float, float]]:
        """The start and end (metres) of every level judged that the run covered: the stretches
        `fitness.run.read_run` reads as a step test."""
        covered = [lv for lv in self.levels if lv.actual_pace_s is not None]
        return [(lv.start_m, lv.start_m + lv.distance_m) for lv in covered]

    @property
    def total_score(self) -> int | None:
        """The 0-100 score, or None for a run that was not a progressive session."""
        return self.score.total if self.score else None

    def to_json(self) -> dict[str, Any]:
        """sport, block, target, progression, levels, boss, score, badges, energy and advice
        (docs/coaching.md); null and empty where the run was not judged as a progressive session."""
        return {
            "unit": self.unit,
            "sport_check": self.sport.to_json() if self.sport else None,
            "block": self.block.to_json(),
            "target": self.session.to_json() if self.session else None,
            "target_source": self.session_source,
            "progression": self.progression.to_json() if self.progression else None,
            "levels": [lv.to_json() for lv in self.levels],
            "boss": self.boss.to_json() if self.boss else None,
            "score": self.total_score,
            "score_parts": self.score.to_json() if self.score else None,
            "badges": list(self.badges),
            "energy": self.energy.to_json(),
            "advice": self.advice.to_json(),
            "evidence": self.evidence.to_json() if self.evidence else None,
            "effort": self.effort.to_json() if self.effort else None,
            "rpe": self.rpe,
            "cleared_before": self.cleared_before,
            "coach_warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Judgement:
    """What judging the levels of a ladder gives, by pace (coach.evaluate) or by effort (coach.effort):
    the part of a `CoachReport` that depends on how the levels were judged."""

    levels: list[Level]
    boss: Boss
    progression: Progression
    score: Score
    badges: list[str]
    energy: EnergyReport
    advice: Advice
    effort: EffortReport | None = None


__all__ = ["CoachReport", "Judgement"]
