"""TCX workout: structure and types checked with lxml against the workout part of the TCX v2 schema.

`WORKOUT_XSD` below restates, in our own words, the TCX v2 rules a workout file must follow (element
order, xsi:type choices, names of 1-15 characters, at most 20 steps, whole metres/seconds as unsigned
16-bit integers, positive speeds). Set PROGTEMPO_TCX_XSD to Garmin's full TrainingCenterDatabasev2.xsd
to validate against it too (it is not shipped with the project).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from lxml import etree

from progtempo.errors import ProgtempoError
from progtempo.export import render
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import solve

NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
N = {"t": NS}
MI = 1609.344

WORKOUT_XSD = f"""<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="{NS}" targetNamespace="{NS}"
            elementFormDefault="qualified">
  <xsd:element name="TrainingCenterDatabase">
    <xsd:complexType><xsd:sequence>
      <xsd:element name="Workouts"><xsd:complexType><xsd:sequence>
        <xsd:element name="Workout" type="Workout_t" maxOccurs="unbounded"/>
      </xsd:sequence></xsd:complexType></xsd:element>
    </xsd:sequence></xsd:complexType>
  </xsd:element>
  <xsd:simpleType name="Name_t"><xsd:restriction base="xsd:token">
    <xsd:minLength value="1"/><xsd:maxLength value="15"/></xsd:restriction></xsd:simpleType>
  <xsd:complexType name="Workout_t"><xsd:sequence>
    <xsd:element name="Name" type="Name_t"/>
    <xsd:element name="Step" type="AbstractStep_t" maxOccurs="20"/>
    <xsd:element name="ScheduledOn" type="xsd:date" minOccurs="0" maxOccurs="unbounded"/>
    <xsd:element name="Notes" type="xsd:string" minOccurs="0"/>
  </xsd:sequence>
  <xsd:attribute name="Sport" use="required"><xsd:simpleType><xsd:restriction base="xsd:token">
    <xsd:enumeration value="Running"/><xsd:enumeration value="Biking"/><xsd:enumeration value="Other"/>
  </xsd:restriction></xsd:simpleType></xsd:attribute></xsd:complexType>
  <xsd:complexType name="AbstractStep_t" abstract="true"><xsd:sequence>
    <xsd:element name="StepId"><xsd:simpleType><xsd:restriction base="xsd:positiveInteger">
      <xsd:maxInclusive value="20"/></xsd:restriction></xsd:simpleType></xsd:element>
  </xsd:sequence></xsd:complexType>
  <xsd:complexType name="Step_t"><xsd:complexContent><xsd:extension base="AbstractStep_t"><xsd:sequence>
    <xsd:element name="Name" type="Name_t" minOccurs="0"/>
    <xsd:element name="Duration" type="Duration_t"/>
    <xsd:element name="Intensity"><xsd:simpleType><xsd:restriction base="xsd:token">
      <xsd:enumeration value="Active"/><xsd:enumeration value="Resting"/></xsd:restriction></xsd:simpleType>
    </xsd:element>
    <xsd:element name="Target" type="Target_t"/>
  </xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>
  <xsd:complexType name="Duration_t" abstract="true"/>
  <xsd:complexType name="Distance_t"><xsd:complexContent><xsd:extension base="Duration_t"><xsd:sequence>
    <xsd:element name="Meters" type="xsd:unsignedShort"/></xsd:sequence></xsd:extension></xsd:complexContent>
  </xsd:complexType>
  <xsd:complexType name="Time_t"><xsd:complexContent><xsd:extension base="Duration_t"><xsd:sequence>
    <xsd:element name="Seconds" type="xsd:unsignedShort"/></xsd:sequence></xsd:extension></xsd:complexContent>
  </xsd:complexType>
  <xsd:complexType name="UserInitiated_t"><xsd:complexContent><xsd:extension base="Duration_t"/>
  </xsd:complexContent></xsd:complexType>
  <xsd:complexType name="Target_t" abstract="true"/>
  <xsd:complexType name="None_t"><xsd:complexContent><xsd:extension base="Target_t"/></xsd:complexContent>
  </xsd:complexType>
  <xsd:complexType name="Speed_t"><xsd:complexContent><xsd:extension base="Target_t"><xsd:sequence>
    <xsd:element name="SpeedZone" type="Zone_t"/></xsd:sequence></xsd:extension></xsd:complexContent>
  </xsd:complexType>
  <xsd:complexType name="Zone_t" abstract="true"/>
  <xsd:simpleType name="Speed_mps"><xsd:restriction base="xsd:double"><xsd:minExclusive value="0"/>
  </xsd:restriction></xsd:simpleType>
  <xsd:complexType name="CustomSpeedZone_t"><xsd:complexContent><xsd:extension base="Zone_t"><xsd:sequence>
    <xsd:element name="ViewAs"><xsd:simpleType><xsd:restriction base="xsd:token">
      <xsd:enumeration value="Pace"/><xsd:enumeration value="Speed"/></xsd:restriction></xsd:simpleType>
    </xsd:element>
    <xsd:element name="LowInMetersPerSecond" type="Speed_mps"/>
    <xsd:element name="HighInMetersPerSecond" type="Speed_mps"/>
  </xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>
  <xsd:complexType name="HeartRate_t"><xsd:complexContent><xsd:extension base="Target_t"><xsd:sequence>
    <xsd:element name="HeartRateZone" type="Zone_t"/></xsd:sequence></xsd:extension></xsd:complexContent>
  </xsd:complexType>
  <xsd:complexType name="CustomHeartRateZone_t"><xsd:complexContent><xsd:extension base="Zone_t">
    <xsd:sequence>
      <xsd:element name="Low" type="HeartRateValue_t"/><xsd:element name="High" type="HeartRateValue_t"/>
  </xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>
  <xsd:complexType name="HeartRateValue_t" abstract="true"/>
  <xsd:simpleType name="positiveByte"><xsd:restriction base="xsd:unsignedByte"><xsd:minInclusive value="1"/>
  </xsd:restriction></xsd:simpleType>
  <xsd:complexType name="HeartRateInBeatsPerMinute_t"><xsd:complexContent>
    <xsd:extension base="HeartRateValue_t"><xsd:sequence>
      <xsd:element name="Value" type="positiveByte"/>
    </xsd:sequence></xsd:extension>
  </xsd:complexContent></xsd:complexType>
</xsd:schema>
"""


@pytest.fixture(scope="module")
def schemas() -> list[etree.XMLSchema]:
    out = [etree.XMLSchema(etree.fromstring(WORKOUT_XSD.encode()))]
    full = os.environ.get("PROGTEMPO_TCX_XSD")
    if full and Path(full).is_file():
        out.append(etree.XMLSchema(etree.parse(full)))
    return out


def validate(data: bytes, schemas: list[etree.XMLSchema]) -> etree._Element:
    doc = etree.fromstring(data)
    for schema in schemas:
        assert schema.validate(doc), schema.error_log
    return doc


def session_with_easy() -> Session:
    return solve(
        unit="mi",
        segments=6,
        start_pace_s=600.0,
        end_pace_s=450.0,
        warmup=Easy(pace_s=660.0, distance_m=MI),
        cooldown=Easy(pace_s=660.0, duration_s=600.0),
    )


def test_article_session_validates_with_speed_zones(schemas: list[etree.XMLSchema]) -> None:
    doc = validate(render(session_with_easy(), "tcx", day=dt.date(2026, 3, 2)), schemas)
    (workout,) = doc.findall("t:Workouts/t:Workout", N)
    assert workout.get("Sport") == "Running"
    assert workout.findtext("t:Name", namespaces=N) == "6x1mi>7:30"  # the full name is 19 > 15 characters
    assert workout.findtext("t:ScheduledOn", namespaces=N) == "2026-03-02"
    assert (workout.findtext("t:Notes", namespaces=N) or "").startswith(
        "6x1mi 10:00-7:30/mi\nWarm-up: 1.00 mi easy"
    )
    steps = workout.findall("t:Step", N)
    assert [s.findtext("t:StepId", namespaces=N) for s in steps] == [str(i) for i in range(1, 9)]
    assert [s.findtext("t:Name", namespaces=N) for s in steps] == [
        "Warm-up",
        *(f"Mile {i}" for i in range(1, 7)),
        "Cool-down",
    ]
    xsi_type = "{http://www.w3.org/2001/XMLSchema-instance}type"
    for step, pace in zip(steps[1:-1], (600, 570, 540, 510, 480, 450), strict=True):
        assert step.find("t:Duration", N).get(xsi_type) == "Distance_t"  # type: ignore[union-attr]
        assert step.findtext("t:Duration/t:Meters", namespaces=N) == "1609"
        zone = step.find("t:Target/t:SpeedZone", N)
        assert zone is not None and zone.get(xsi_type) == "CustomSpeedZone_t"
        assert zone.findtext("t:ViewAs", namespaces=N) == "Pace"
        low = float(zone.findtext("t:LowInMetersPerSecond", namespaces=N) or "nan")
        high = float(zone.findtext("t:HighInMetersPerSecond", namespaces=N) or "nan")
        assert low == pytest.approx(MI / (pace + 5), abs=1e-3)
        assert high == pytest.approx(MI / (pace - 5), abs=1e-3)
    cool = steps[-1]
    assert cool.find("t:Duration", N).get(xsi_type) == "Time_t"  # type: ignore[union-attr]
    assert cool.findtext("t:Duration/t:Seconds", namespaces=N) == "600"
    assert cool.find("t:Target", N).get(xsi_type) == "None_t"  # type: ignore[union-attr]


def test_names_fit_fifteen_characters(schemas: list[etree.XMLSchema]) -> None:
    session = solve(unit="km", segments=12, start_pace_s=420.0, step_s=10.0, segment_m=800.0)
    doc = validate(render(session, "tcx", name="W12 12x800m 7:00-5:10/km (jaded)"), schemas)
    assert doc.findtext("t:Workouts/t:Workout/t:Name", namespaces=N) == "W12 12x800m J"


def test_more_than_twenty_steps_is_refused() -> None:
    session = solve(unit="km", segments=21, start_pace_s=420.0, step_s=5.0, segment_m=400.0)
    with pytest.raises(ProgtempoError, match="at most 20 steps"):
        render(session, "tcx")


@pytest.mark.parametrize("hr_max", [None, 188.0])
def test_sessions_by_time_and_effort_validate(schemas: list[etree.XMLSchema], hr_max: float | None) -> None:
    """Time steps, and heart-rate targets in bpm when the runner's maximum is known, follow the schema."""
    from progtempo.plan.request import SessionRequest, build_session

    session, _ = build_session(
        SessionRequest(spec="6x8min by effort", unit="km", warmup="10min", hr_max=hr_max)
    )
    doc = validate(render(session, "tcx", name="trail"), schemas)
    assert len(doc.findall(".//t:Duration/t:Seconds", N)) == 7
    values = [int(v.text or 0) for v in doc.findall(".//t:HeartRateZone/t:Low/t:Value", N)]
    assert len(values) == (6 if hr_max else 0) and values == sorted(values)
    paced, _ = build_session(SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"))
    assert len(validate(render(paced, "tcx", name="paced"), schemas).findall(".//t:SpeedZone", N)) == 5
