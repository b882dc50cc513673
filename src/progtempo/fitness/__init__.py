"""Fitness: from a race (`race`: VDOT, equivalents, training paces; `vdot`, `zones`), and from the runs
themselves (`run`, `steptest`, `load`, `trend`, `profile`). Pure: no I/O."""

from progtempo.fitness.race import Fitness, assess, parse_race, race_vdot

__all__ = ["Fitness", "assess", "parse_race", "race_vdot"]
