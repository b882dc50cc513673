"""A session as a TCX workout (Garmin Training Center Database v2), for tools that take TCX workouts.

`Workouts/Workout Sport="Running"` with one `Step` per step: a `Distance_t` duration in whole metres
(or `Time_t` in whole seconds for a segment by time) and, for ladder segments, a `Speed_t` target with
a `CustomSpeedZone_t` (`ViewAs` Pace, low and high speeds in m/s; low is the slow end of the window).
By effort a segment has a `HeartRate_t` target with a `CustomHeartRateZone_t` in bpm
(`HeartRateInBeatsPerMinute_t`) when the runner's heart rate is known, and a `None_t` target otherwise
(the talk test in the notes). Warm-up and cool-down have a `None_t` target.
The v2 schema limits what fits: names are 1-15 characters, at most 20 steps (`StepId` <= 20),
metres and seconds are unsigned 16-bit integers, and intensity is only Active or Resting.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from progtempo.errors import ProgtempoError
from progtempo.export.steps import describe_ladder, steps
from progtempo.plan.ladder import Session
from progtempo.units import format_pace, unit_m

NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"
MAX_STEPS = 20
MAX_NAME = 15
MAX_USHORT = 65535


def _t(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def tcx_name(session: Session, name: str) -> str:
    """`name` if it fits the schema's 15 characters, else `W3 6x1mi>7:30 J` (week, ladder, end, jaded)."""
    if len(name) <= MAX_NAME:
        return name
    if session.segment_m is None:
        seg_txt = session.segment_text()
    else:
        seg = session.segment_m / unit_m(session.unit)
        seg_txt = f"{seg:g}{session.unit}" if abs(seg - round(seg)) < 1e-9 else f"{session.segment_m:.0f}m"
    ladder = f"{session.segments}x{seg_txt}"
    week = re.match(r"W(\d+) ", name)
    prefix = f"W{week.group(1)} " if week else ""
    suffix = " J" if "jaded" in name.lower() else ""
    end = f">{format_pace(session.end_pace_s)}"
    for candidate in (prefix + ladder + end + suffix, prefix + ladder + suffix, ladder + end + suffix):
        if len(candidate) <= MAX_NAME:
            return candidate
    return (prefix + ladder + suffix)[:MAX_NAME].strip()


def _whole(value: float, what: str) -> str:
    n = round(value)
    if not 0 < n <= MAX_USHORT:
        raise ProgtempoError(
            f"a TCX step holds 1 to {MAX_USHORT} {what}, not {n}: use the fit format instead"
        )
    return str(n)


def tcx_workout(session: Session, *, name: str, day: dt.date | None = None) -> bytes:
    """The session as the bytes of a TCX file holding one running workout, scheduled on `day` if given."""
    all_steps = steps(session)
    if len(all_steps) > MAX_STEPS:
        raise ProgtempoError(
            f"a TCX workout holds at most {MAX_STEPS} steps and this session has {len(all_steps)}: "
            "use --format fit (up to 50 steps), or fewer, longer segments"
        )
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_t("TrainingCenterDatabase"), {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    workout = ET.SubElement(ET.SubElement(root, _t("Workouts")), _t("Workout"), Sport="Running")
    ET.SubElement(workout, _t("Name")).text = tcx_name(session, name)
    for i, st in enumerate(all_steps, start=1):
        step = ET.SubElement(workout, _t("Step"), {f"{{{XSI}}}type": "Step_t"})
        ET.SubElement(step, _t("StepId")).text = str(i)
        ET.SubElement(step, _t("Name")).text = st.label[:MAX_NAME]
        if st.distance_m:
            duration = ET.SubElement(step, _t("Duration"), {f"{{{XSI}}}type": "Distance_t"})
            ET.SubElement(duration, _t("Meters")).text = _whole(st.distance_m, "metres")
        elif st.duration_s:
            duration = ET.SubElement(step, _t("Duration"), {f"{{{XSI}}}type": "Time_t"})
            ET.SubElement(duration, _t("Seconds")).text = _whole(st.duration_s, "seconds")
        else:
            ET.SubElement(step, _t("Duration"), {f"{{{XSI}}}type": "UserInitiated_t"})
        ET.SubElement(step, _t("Intensity")).text = "Active"
        if st.by_effort and st.hr_target_bpm is not None:
            target = ET.SubElement(step, _t("Target"), {f"{{{XSI}}}type": "HeartRate_t"})
            zone = ET.SubElement(target, _t("HeartRateZone"), {f"{{{XSI}}}type": "CustomHeartRateZone_t"})
            for tag, bpm in zip(("Low", "High"), st.hr_target_bpm, strict=True):
                value = ET.SubElement(zone, _t(tag), {f"{{{XSI}}}type": "HeartRateInBeatsPerMinute_t"})
                ET.SubElement(value, _t("Value")).text = str(bpm)
        elif st.slow_pace_s is not None and st.fast_pace_s is not None and not st.by_effort:
            target = ET.SubElement(step, _t("Target"), {f"{{{XSI}}}type": "Speed_t"})
            zone = ET.SubElement(target, _t("SpeedZone"), {f"{{{XSI}}}type": "CustomSpeedZone_t"})
            ET.SubElement(zone, _t("ViewAs")).text = "Pace"
            ET.SubElement(
                zone, _t("LowInMetersPerSecond")
            ).text = f"{unit_m(session.unit) / st.slow_pace_s:.4f}"
            ET.SubElement(
                zone, _t("HighInMetersPerSecond")
            ).text = f"{unit_m(session.unit) / st.fast_pace_s:.4f}"
        else:
            ET.SubElement(step, _t("Target"), {f"{{{XSI}}}type": "None_t"})
    if day is not None:
        ET.SubElement(workout, _t("ScheduledOn")).text = day.isoformat()
    ET.SubElement(workout, _t("Notes")).text = "\n".join([name, *describe_ladder(session)])
    ET.indent(root, space="  ")
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return xml.encode("utf-8")
