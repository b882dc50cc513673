"""A session as a FIT workout file (file type 5), the file a Garmin watch loads from `GARMIN/NewFiles`.

Messages: `file_id` (type workout), `workout` (sport running, step count, name) and one
`workout_step` per step. A ladder segment is a distance step (duration in cm, the profile's scale 100
for `duration_distance`) or a time step (duration in ms, scale 1000 for `duration_time`). By pace it
has a custom speed target: `target_value` 0 and `custom_target_value_low/high` in mm/s (scale 1000
for `custom_target_speed_low/high`); low is the speed of the slow end of the window (pace +
tolerance), high the fast end. By effort it has a custom heart-rate target when the runner's bpm are
known (`custom_target_heart_rate_low/high`: the profile writes bpm as bpm + 100, since 0-100 there
mean % of max), and otherwise an open target: the talk-test cue in the step's name carries it.
Warm-up and cool-down are steps with intensity warmup/cooldown and an open target: run by feel. Field
numbers, base types and enum values are those of the FIT profile (messages 0, 26 and 27).
"""

from __future__ import annotations

import datetime as dt
import zlib

from progtempo.export.steps import Step, speed_mm_s, steps, window_text
from progtempo.io.fit.encode import FieldDef, FitWriter, fit_timestamp
from progtempo.plan.ladder import Session

# global message numbers
MESG_FILE_ID = 0
MESG_WORKOUT = 26
MESG_WORKOUT_STEP = 27

# enum values (FIT profile types)
FILE_WORKOUT = 5
MANUFACTURER_DEVELOPMENT = 255
SPORT_RUNNING = 1
SUB_SPORT_GENERIC = 0
DURATION_TIME = 0  # duration_value is duration_time, ms (scale 1000)
DURATION_DISTANCE = 1  # duration_value is duration_distance, cm (scale 100)
DURATION_OPEN = 5
TARGET_SPEED = 0
TARGET_HEART_RATE = 1
TARGET_OPEN = 2
#: custom heart-rate targets above 100 are bpm + 100 (0-100 are % of max heart rate)
HR_BPM_OFFSET = 100
INTENSITY = {"active": 0, "warmup": 2, "cooldown": 3}

NAME_BYTES = 64  # room for `Mile 12 · could recite Shakespeare`; longer names are cut at a character
NOTES_BYTES = 200

_FILE_ID_FIELDS = (
    FieldDef(0, "enum"),  # type
    FieldDef(1, "uint16"),  # manufacturer
    FieldDef(2, "uint16"),  # product
    FieldDef(3, "uint32z"),  # serial_number
    FieldDef(4, "uint32"),  # time_created (date_time)
)
_WORKOUT_FIELDS = (
    FieldDef(4, "enum"),  # sport
    FieldDef(11, "enum"),  # sub_sport
    FieldDef(6, "uint16"),  # num_valid_steps
    FieldDef(8, "string", NAME_BYTES),  # wkt_name
)
_STEP_FIELDS = (
    FieldDef(254, "uint16"),  # message_index
    FieldDef(0, "string", NAME_BYTES),  # wkt_step_name
    FieldDef(1, "enum"),  # duration_type
    FieldDef(2, "uint32"),  # duration_value: selector duration_type comes first in the row
    FieldDef(3, "enum"),  # target_type
    FieldDef(4, "uint32"),  # target_value: 0 = custom range
    FieldDef(5, "uint32"),  # custom_target_value_low (custom_target_speed_low when target_type is speed)
    FieldDef(6, "uint32"),  # custom_target_value_high
    FieldDef(7, "enum"),  # intensity
    FieldDef(8, "string", NOTES_BYTES),  # notes
)


def fit_text(text: str, size: int) -> str:
    """`text` cut to fit a FIT string field of `size` bytes (UTF-8, NUL-terminated) at a character edge."""
    raw = text.encode("utf-8")[: size - 1]
    return raw.decode("utf-8", errors="ignore")


def step_notes(step: Step, session: Session) -> str:
    """The talk-test cue shown with the step: `Talk test: a few sentences. RPE 4-5, Z3 tempo. Window …`;
    with the runner's heart rate known, the zone in bpm (`Z3 tempo 143-161 bpm`)."""
    if step.effort is None:
        return (
            f"Easy, by feel: about {window_text(step, session.unit)}." if step.paced else "Easy jog, by feel."
        )
    e = step.effort
    if step.by_effort:
        hr = f" {step.hr_text()}." if step.hr_text() else ""
        guide = f" About {window_text(step, session.unit)} on the flat." if step.paced else ""
        return f"Talk test: {e.talk}. RPE {e.rpe}, {e.hr_zone_name}.{hr}{guide}"
    zone = e.hr_zone_name
    if session.hr is not None:  # the runner's own zones: the whole zone in bpm
        lo, hi = session.hr.zone_bpm(e)
        zone += f" {lo}-{hi} bpm"
    return f"Talk test: {e.talk}. RPE {e.rpe}, {zone}. Window {window_text(step, session.unit)}."


def step_row(step: Step, session: Session, index: int) -> list[int | float | str | None]:
    """One workout_step message's values, scaled to the profile's integers, in `_STEP_FIELDS` order."""
    if step.distance_m is not None and step.distance_m > 0:
        duration_type, duration_value = DURATION_DISTANCE, round(step.distance_m * 100)
    elif step.duration_s is not None and step.duration_s > 0:
        duration_type, duration_value = DURATION_TIME, round(step.duration_s * 1000)
    else:
        duration_type, duration_value = DURATION_OPEN, None
    if step.by_effort and step.hr_target_bpm is not None:
        target_type, target_value = TARGET_HEART_RATE, 0
        low, high = (HR_BPM_OFFSET + b for b in step.hr_target_bpm)
    elif step.by_effort:
        target_type, target_value, low, high = TARGET_OPEN, None, None, None
    elif step.slow_pace_s is not None and step.fast_pace_s is not None:
        target_type, target_value = TARGET_SPEED, 0
        low, high = speed_mm_s(step.slow_pace_s, session), speed_mm_s(step.fast_pace_s, session)
    else:
        target_type, target_value, low, high = TARGET_OPEN, None, None, None
    return [
        index,
        fit_text(step.name, NAME_BYTES),
        duration_type,
        duration_value,
        target_type,
        target_value,
        low,
        high,
        INTENSITY[step.kind],
        fit_text(step_notes(step, session), NOTES_BYTES),
    ]


def fit_workout(session: Session, *, name: str, created: dt.datetime) -> bytes:
    """The session as the bytes of a FIT workout file named `name`, made at `created` (the file's
    time_created: the caller's clock, so the same inputs give the same bytes)."""
    created_s = created.timestamp()
    w = FitWriter()
    w.define(0, MESG_FILE_ID, _FILE_ID_FIELDS)
    serial = zlib.crc32(f"{name}|{session.spec()}".encode()) or 1  # uint32z: 0 is invalid
    w.write(0, [FILE_WORKOUT, MANUFACTURER_DEVELOPMENT, 0, serial, fit_timestamp(created_s)])
    all_steps = steps(session)
    w.define(1, MESG_WORKOUT, _WORKOUT_FIELDS)
    w.write(1, [SPORT_RUNNING, SUB_SPORT_GENERIC, len(all_steps), fit_text(name, NAME_BYTES)])
    w.define(2, MESG_WORKOUT_STEP, _STEP_FIELDS)
    for i, st in enumerate(all_steps):
        w.write(2, step_row(st, session, i))
    return w.to_bytes()
