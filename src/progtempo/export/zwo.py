"""A session as a Zwift run workout (`.zwo`), for the treadmill.

Zwift has no absolute pace target. A run block's `Power` is a fraction of the speed of a reference
pace from the runner's Zwift profile, and its `pace` attribute names which one (as Zwift's own
workout editor and the zwo-editor project write it: 0 mile, 1 5 km, 2 10 km, 3 half marathon,
4 marathon). With `<durationType>distance</durationType>` a block's `Duration` is metres. So the
file says: run this block at (reference pace / segment pace) of your reference speed; the speeds
come out right when the profile's reference pace is the one assumed here (by default the session's
end pace as the half-marathon pace). Each block also carries a text message with the absolute pace,
and the description lists the whole ladder.

A session by time is written with durations in seconds (no `durationType`, Zwift's default). A
session by effort without paces has no speed to set: each level is a `FreeRide` block (the runner sets
the treadmill) whose message is its talk test and heart-rate target.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from progtempo.errors import ProgtempoError
from progtempo.export.steps import Step, describe_ladder, steps, window_text
from progtempo.plan.ladder import Session
from progtempo.units import format_pace, unit_m

#: Zwift's reference paces, by the `pace` attribute's value
REFERENCES: dict[str, int] = {"mile": 0, "5k": 1, "10k": 2, "half": 3, "marathon": 4}
REFERENCE_NAMES: dict[str, str] = {
    "mile": "1 mile",
    "5k": "5 km",
    "10k": "10 km",
    "half": "half-marathon",
    "marathon": "marathon",
}


def _num(x: float, decimals: int) -> str:
    txt = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return txt or "0"


def zwo_workout(
    session: Session, *, name: str, reference: str = "half", reference_pace_s: float | None = None
) -> bytes:
    """The session as a distance-based Zwift run workout; `reference_pace_s` defaults to the end pace."""
    ref = reference.strip().lower()
    if ref not in REFERENCES:
        raise ProgtempoError(
            f"unknown Zwift reference pace {reference!r}: use one of {', '.join(REFERENCES)}"
        )
    ref_pace = reference_pace_s if reference_pace_s is not None else session.end_pace_s
    if session.paced and ref_pace <= 0:
        raise ProgtempoError("the Zwift reference pace must be more than 0:00, e.g. --zwift-ref-pace 7:30")
    unit = session.unit
    root = ET.Element("workout_file")
    ET.SubElement(root, "author").text = "progtempo"
    ET.SubElement(root, "name").text = name
    if session.paced:
        about = (
            f"Zwift sets each block as a share of the {REFERENCE_NAMES[ref]} pace in your Zwift profile; "
            f"these shares assume it is {format_pace(ref_pace, unit)}: set it so, or every speed scales "
            "with it."
        )
    else:
        about = "Run by effort: set the treadmill so each level feels as its talk test says."
    ET.SubElement(root, "description").text = (
        f"Progressive tempo {session.describe()}. {about}\n" + "\n".join(describe_ladder(session))
    )
    ET.SubElement(root, "sportType").text = "run"
    if not session.by_time:
        ET.SubElement(root, "durationType").text = "distance"
    tags = ET.SubElement(root, "tags")
    ET.SubElement(tags, "tag", name="progtempo")
    workout = ET.SubElement(root, "workout")
    for st in steps(session):
        duration = _num(_length(st, session), 3)
        offset = {"timeoffset": "0"} if session.by_time else {"distoffset": "0"}
        if not st.paced:
            block = ET.SubElement(workout, "FreeRide", Duration=duration)
            cue = ", ".join(x for x in (st.cue, st.hr_text()) if x) if st.kind == "active" else "easy"
            ET.SubElement(block, "textevent", {**offset, "message": f"{st.label}: {cue}"})
            continue
        share = _num(ref_pace / st.target_pace_s, 4)
        if st.kind == "active":
            block = ET.SubElement(
                workout, "SteadyState", Duration=duration, Power=share, pace=str(REFERENCES[ref])
            )
            message = f"{st.label}: {format_pace(st.target_pace_s, unit)} ({window_text(st, unit)}), {st.cue}"
        else:
            tag = "Warmup" if st.kind == "warmup" else "Cooldown"
            block = ET.SubElement(
                workout, tag, Duration=duration, PowerLow=share, PowerHigh=share, pace=str(REFERENCES[ref])
            )
            message = f"{st.label}: easy, about {format_pace(st.target_pace_s, unit)}"
        ET.SubElement(block, "textevent", {**offset, "message": message})
    ET.indent(root, space="  ")
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return xml.encode("utf-8")


def _length(st: Step, session: Session) -> float:
    """A block's Duration: seconds for a session by time, metres for one by distance (a step given
    the other way round becomes what it takes, or covers, at its pace)."""
    u = unit_m(session.unit)
    if session.by_time:
        return st.duration_s or (st.distance_m or 0.0) / u * st.target_pace_s
    return st.distance_m or (st.duration_s or 0.0) / st.target_pace_s * u
