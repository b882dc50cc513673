"""A session as intervals.icu workout text: one `- ` line per step with an absolute pace range.

    Warmup
    - Warm-up 1mi 11:00/mi Pace

    Main set
    - Mile 1 1mi 10:05-9:55/mi Pace
    - Mile 2 1mi 9:35-9:25/mi Pace

In that syntax the text before the length is the step's cue, `m` means minutes, and metres are
written `mtr`: a segment that isn't a whole number of miles or km is given in metres (`800mtr`).
A range is written slow-fast, as intervals.icu shows it; intervals.icu pushes the workout to Garmin,
Suunto, COROS and Zwift with the range as the target.

A session by effort gives each step its heart-rate band as a share of maximum heart rate, which
intervals.icu reads against the athlete's own maximum (it has no absolute-bpm form), and the talk test
as the cue; a segment by time is its minutes (`8m`)::

    Main set
    - Level 1 could recite Shakespeare 8m 68-72% HR
    - Level 2 a few sentences 8m 73-78% HR

An easy step without a pace is `Z1-Z2 HR`. (`Z2 HR` alone would give two neighbouring levels the same
target, since a zone holds more than one level.)
"""

from __future__ import annotations

from progtempo.export.steps import Step, steps, window_text
from progtempo.plan.effort import whole_pct
from progtempo.plan.ladder import Session
from progtempo.units import KM_M, MILE_M, Unit


def length_token(distance_m: float, unit: Unit) -> str:
    """`1mi`, `2km`, or `800mtr`: a whole number of the session's unit (or the other one), else metres."""
    order: tuple[tuple[str, float], ...] = (("mi", MILE_M), ("km", KM_M))
    if unit == "km":
        order = order[::-1]
    for name, metres in order:
        n = distance_m / metres
        if abs(n - round(n)) < 1e-6 and round(n) >= 1:
            return f"{round(n)}{name}"
    return f"{round(distance_m)}mtr"


def duration_token(seconds: float) -> str:
    """`10m`, `12m30s`, `1h5m`: a time the intervals.icu syntax reads."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    out = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    return out or "0s"


def step_line(step: Step, unit: Unit) -> str:
    """`- Mile 1 1mi 10:05-9:55/mi Pace`; by effort `- Level 2 a few sentences 8m 73-78% HR`."""
    if step.distance_m is not None and step.distance_m > 0:
        length = length_token(step.distance_m, unit)
    else:
        length = duration_token(step.duration_s or 0.0)
    cue = step.label.replace("-", " ")  # "Warm up": keep hyphens for ranges only
    if step.by_effort and step.hr_target_pct is not None:
        lo, hi = whole_pct(step.hr_target_pct)
        return f"- {cue} {step.cue} {length} {lo}-{hi}% HR"
    if not step.paced:
        return f"- {cue} {length} Z1-Z2 HR"
    target = window_text(step, unit)  # slow-fast for segments, the easy pace for warm-up and cool-down
    return f"- {cue} {length} {target} Pace"


def intervals_text(session: Session) -> str:
    """The whole workout as intervals.icu text, with Warmup / Main set / Cooldown sections."""
    blocks: list[list[str]] = []
    all_steps = steps(session)
    for section, kind in (("Warmup", "warmup"), ("Main set", "active"), ("Cooldown", "cooldown")):
        lines = [step_line(st, session.unit) for st in all_steps if st.kind == kind]
        if lines:
            blocks.append([section, *lines])
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"
