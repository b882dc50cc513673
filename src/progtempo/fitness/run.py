"""What one analysed run says about fitness and load: the step test of its levels, and TRIMP and rTSS.

`read_run(analysis, level_bounds_m, profile)` is the one call `analyze --json` and the training log make:
`fitness_estimate` (see `steptest`) and `load` (see `load`). The levels are the coach's (planned or found
in the run: `CoachReport.level_bounds_m`); a run with no progressive block has no step test, but its
aerobic decoupling and efficiency factor are read over the whole run, the steady run TrainingPeaks meant
them for. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from progtempo.fitness.load import HrTime, RunLoad, hr_time, run_load
from progtempo.fitness.profile import Profile
from progtempo.fitness.steptest import StepTest, aerobic_efficiency, estimate
from progtempo.units import convert_pace

if TYPE_CHECKING:
    from progtempo.analysis import Analysis


@dataclass(frozen=True)
class RunFitness:
    """The step test and the load of one run, and the heart-rate time the log keeps for the load."""

    estimate: StepTest
    load: RunLoad
    hr_time: HrTime | None
    gap_s_per_km: float | None

    def to_json(self) -> dict[str, Any]:
        """The two keys `analyze --json` gains: `fitness_estimate` and `load`."""
        return {"fitness_estimate": self.estimate.to_json(), "load": self.load.to_json()}


def read_run(
    analysis: Analysis,
    level_bounds_m: Sequence[tuple[float, float]],
    profile: Profile | None = None,
    *,
    threshold_s_per_km: float | None = None,
) -> RunFitness:
    """Fitness and load of `analysis`; `threshold_s_per_km` scores rTSS when the profile has no threshold."""
    profile = profile or Profile()
    unit = analysis.unit
    stream = analysis.stream
    est = estimate(stream, list(level_bounds_m), unit)
    if not level_bounds_m:
        dec, ef, note = aerobic_efficiency(stream, 0.0, analysis.distance_m, progressive=False)
        why = "no heart rate in this run" if stream.heart_rate is None else "no progressive block in this run"
        est = replace(
            est,
            note=f"{why}: no levels to read as a step test",
            decoupling_pct=dec,
            efficiency_factor=ef,
            aerobic_note=note,
        )
    gap = analysis.gap_s
    gap_km = convert_pace(gap, unit, "km") if math.isfinite(gap) and gap > 0 else None
    time = hr_time(stream)
    load = run_load(time, analysis.moving_s if gap_km else None, gap_km, profile, threshold_s_per_km)
    return RunFitness(est, load, time, gap_km)


__all__ = ["RunFitness", "read_run"]
