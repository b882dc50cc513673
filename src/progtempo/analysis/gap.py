"""Grade Adjusted Pace: how much flat distance a step on a grade is worth.

A model is a factor f(grade) >= 0 applied to each distance step: grade-adjusted distance is
Σ Δd·f(g), and a split's GAP is its time over its grade-adjusted distance. The factor depends on grade
only (not speed), and a split's net grade is never used: a rolling mile is judged step by step.

- `strava` (default): the factors Strava's 2017 heart-rate-based model yields, as measured by
  A. Schroeder (aaron-schroeder/specialsauce, MIT) by uploading constant-grade spoofed runs to Strava;
  linear between the measured grades. See docs/algorithms.md.
- `minetti`: the energy cost of running at a grade (Minetti et al. 2002, J Appl Physiol 93:1039),
  divided by its cost on the flat.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from progtempo.errors import ProgtempoError

GapModel = Literal["strava", "minetti"]
GAP_MODELS: tuple[GapModel, ...] = ("strava", "minetti")

#: Both models are defined for grades between -45 % and +45 %; steeper grades are clamped.
MAX_GRADE = 0.45

#: Grade (fraction) -> factor (grade-adjusted speed / horizontal speed), Strava's 2017 model as measured.
STRAVA_GRADES = np.array(
    [-0.45, -0.30, -0.25, -0.20, -0.15, -0.10, -0.08, -0.06, -0.04, -0.02, 0.0,
     0.02, 0.04, 0.06, 0.08, 0.10, 0.15, 0.20, 0.25, 0.30, 0.45]
)  # fmt: skip
STRAVA_FACTORS = np.array(
    [2.096, 1.495, 1.273, 1.081, 0.941, 0.876, 0.876, 0.891, 0.918, 0.960, 1.0,
     1.055, 1.135, 1.228, 1.337, 1.459, 1.846, 2.297, 2.727, 3.158, 4.286]
)  # fmt: skip

#: Minetti 2002, cost of running in J/kg/m: 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6.
MINETTI_COEFFS = (155.4, -30.4, -43.3, 46.3, 19.5, 3.6)  # highest power first
MINETTI_FLAT_J_KG_M = 3.6


def gap_factor(grade: npt.ArrayLike, model: GapModel = "strava") -> npt.NDArray[np.float64]:
    """f(grade): flat-equivalent distance per metre run at `grade` (a fraction), clamped to ±45 %."""
    g = np.clip(np.asarray(grade, dtype=np.float64), -MAX_GRADE, MAX_GRADE)
    if model == "strava":
        return np.asarray(np.interp(g, STRAVA_GRADES, STRAVA_FACTORS), dtype=np.float64)
    if model == "minetti":
        return np.asarray(np.polyval(MINETTI_COEFFS, g) / MINETTI_FLAT_J_KG_M, dtype=np.float64)
    raise ProgtempoError(f"unknown GAP model {model!r}: use strava or minetti")


def check_model(model: str) -> GapModel:
    """The model name, or an error listing the models there are."""
    if model not in GAP_MODELS:
        raise ProgtempoError(f"unknown GAP model {model!r}: use {' or '.join(GAP_MODELS)}")
    return model


def gap_distance_m(
    step_m: npt.NDArray[np.float64], step_grade: npt.NDArray[np.float64], model: GapModel
) -> npt.NDArray[np.float64]:
    """Cumulative grade-adjusted distance, starting at 0, from distance steps and their grades."""
    out = np.zeros(step_m.shape[0] + 1)
    np.cumsum(step_m * gap_factor(step_grade, model), out=out[1:])
    return out
