"""A synthetic runner who runs the session they are given, as well as their fitness allows.

The runner has a threshold speed (where their heart rate bends, `heart.HeartModel`) and can hold a little
more than it at the end of a session (`capacity`). Given a planned session they run each level:

- at its target (with a couple of seconds of noise) while the target is within their capacity;
- slower than their capacity when the target is beyond it (the pace they can't hold falls away);
- on a day they `fade`, the last two levels well off the target (the legs go);
- with plenty left (the session ends well inside their capacity), the last two levels faster than
  the target: they had plenty left in the tank and could have set off faster.

`run_session` returns the `SynthRun`, with the runner's heart, ready for `synth.write_fit`. Deterministic
for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from progtempo.plan.ladder import Session
from progtempo.synth.heart import HeartModel, with_heart
from progtempo.synth.runs import Leg, SynthRun, make_run
from progtempo.units import unit_m

#: The last levels of a session that ends inside this fraction of capacity are run with effort to spare.
PLENTY_LEFT_FRACTION = 0.96
#: How much faster than target (seconds per km) a runner with plenty left runs the last two levels.
PLENTY_LEFT_S_PER_KM = 6.0
#: On a day the runner fades, the last two levels go at this fraction of the target speed.
FADE_FRACTION = 0.93


@dataclass(frozen=True)
class Runner:
    """A runner's fitness on the day: threshold speed, how much faster they can hold, their heart."""

    threshold_speed_m_s: float
    capacity_fraction: float = 1.02
    heart: HeartModel = field(
        default_factory=lambda: HeartModel(creep_bpm_per_min_per_m_s=8.0, noise_bpm=2.0)
    )
    pace_noise_s_per_km: float = 1.2
    fade: bool = False

    @property
    def capacity_m_s(self) -> float:
        """The fastest speed they can hold at the end of a session."""
        return self.threshold_speed_m_s * self.capacity_fraction

    def fitter(self, fraction: float) -> Runner:
        """The same runner `fraction` faster at threshold (0.04: 4 %)."""
        return replace(self, threshold_speed_m_s=self.threshold_speed_m_s * (1.0 + fraction))


def level_speeds(session: Session, runner: Runner, rng: random.Random) -> list[float]:
    """The speed (m/s) the runner holds on each level of `session`."""
    per = unit_m(session.unit)
    targets = [per / p for p in session.target_paces_s()]
    cap = runner.capacity_m_s
    plenty = targets[-1] < PLENTY_LEFT_FRACTION * cap
    out = []
    n = len(targets)
    for k, v in enumerate(targets):
        pace_km = 1000.0 / v + rng.gauss(0.0, runner.pace_noise_s_per_km)
        if runner.fade and k >= n - 2:
            out.append(v * FADE_FRACTION)
        elif v > cap:
            out.append(cap - (v - cap))
        elif plenty and k >= n - 2:
            out.append(1000.0 / (pace_km - PLENTY_LEFT_S_PER_KM))
        else:
            out.append(1000.0 / pace_km)
    return out


def run_session(session: Session, runner: Runner, start: dt.datetime, *, seed: int = 0) -> SynthRun:
    """The run of `session` by `runner`, starting at `start` with its first level (its easy start)."""
    rng = random.Random(seed)
    speeds = level_speeds(session, runner, rng)
    legs = [
        Leg(session.length_m(pace), 1000.0 / v)
        for pace, v in zip(session.target_paces_s(), speeds, strict=True)
    ]
    run = make_run(legs, start_time=start, seed=seed, name="Progressive tempo")
    heart = replace(runner.heart, bend_speed_m_s=runner.threshold_speed_m_s)
    return with_heart(run, heart, seed)


__all__ = ["FADE_FRACTION", "PLENTY_LEFT_FRACTION", "Runner", "level_speeds", "run_session"]
