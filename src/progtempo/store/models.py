"""The training log's tables: athletes, activities (with the original file), splits, plans, results.

Every timestamp is stored in UTC (`UtcDateTime`); paces are seconds per km in the database and are
converted to the reader's unit only when shown. The original file is kept gzip-compressed so any
activity can be re-analysed later; its sha256 (of the uncompressed bytes) de-duplicates imports per athlete.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

# the accounts' and the jobs' tables share Base's metadata (the migrations must equal all of it)
from progtempo.store import models_accounts, models_jobs  # noqa: F401
from progtempo.store.base import Base as Base  # re-exported: every table module registers on it
from progtempo.store.base import UtcDateTime as UtcDateTime  # the migrations' timestamp column type
from progtempo.store.base import utc_now


class Athlete(Base):
    """A runner; a coach keeps many, each with their own activities and plans (`--athlete NAME`)."""

    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    #: the runner's own numbers (`progtempo athlete set`), None where unknown; pace in s per km
    hr_rest_bpm: Mapped[float | None] = mapped_column(Float)
    hr_max_bpm: Mapped[float | None] = mapped_column(Float)
    sex: Mapped[str | None] = mapped_column(String(1))
    threshold_pace_s_per_km: Mapped[float | None] = mapped_column(Float)
    threshold_hr_bpm: Mapped[float | None] = mapped_column(Float)

    activities: Mapped[list[Activity]] = relationship(
        back_populates="athlete", cascade="all, delete-orphan", passive_deletes=True
    )
    planned_sessions: Mapped[list[PlannedSession]] = relationship(
        back_populates="athlete", cascade="all, delete-orphan", passive_deletes=True
    )


class Activity(Base):
    """One imported activity file: summary, the original bytes (gzip) and where it came from."""

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("athlete_id", "sha256", "session_index"),
        Index("ix_activities_athlete_id_start_time", "athlete_id", "start_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(500))
    sport: Mapped[str] = mapped_column(String(64))
    is_running: Mapped[bool] = mapped_column(Boolean)
    start_time: Mapped[datetime]
    distance_m: Mapped[float | None] = mapped_column(Float)
    elapsed_s: Mapped[float | None] = mapped_column(Float)
    moving_s: Mapped[float | None] = mapped_column(Float)
    elev_gain_m: Mapped[float | None] = mapped_column(Float)
    avg_hr: Mapped[float | None] = mapped_column(Float)
    max_hr: Mapped[float | None] = mapped_column(Float)
    device: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(8))
    external_id: Mapped[str | None] = mapped_column(String(64))
    split_m: Mapped[float | None] = mapped_column(Float)
    warnings: Mapped[list[Any]] = mapped_column(default=list)
    file_size: Mapped[int] = mapped_column(Integer)
    file_gz: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    imported_at: Mapped[datetime] = mapped_column(default=utc_now)
    #: the leg's place in its file (1-based): a multisport or chained file holds several activities
    session_index: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: the multisport event this leg belongs to (None for a single-sport file)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("multisport_events.id", ondelete="SET NULL"), index=True
    )
    #: how many data channels the recording has (position, distance, altitude, HR, cadence, power):
    #: of two recordings of one run, the richer is kept
    channels: Mapped[int | None] = mapped_column(Integer)
    #: the length of the GPS track (haversine), to know one run in two files whose distances were
    #: measured differently (a watch's wheel or foot pod against a GPX's positions)
    track_m: Mapped[float | None] = mapped_column(Float)
    #: moving seconds at each heart rate, [[bpm, s], ...] (fitness.load.HrTime): TRIMP for any profile
    hr_time: Mapped[list[Any] | None] = mapped_column(JSON)
    #: the run's average grade-adjusted pace, s per km (rTSS)
    gap_s_per_km: Mapped[float | None] = mapped_column(Float)
    #: 1 once hr_time and gap are filled (None: imported before they were kept; filled on demand)
    fitness_version: Mapped[int | None] = mapped_column(Integer)
    #: the upload job that stored it (`jobs.id`), so a job taken again after its worker died counts
    #: what it had already stored as its own, not as duplicates
    job_id: Mapped[str | None] = mapped_column(String(32))

    athlete: Mapped[Athlete] = relationship(back_populates="activities")
    splits: Mapped[list[Split]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True, order_by="Split.index"
    )
    result: Mapped[Result | None] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True
    )


class Split(Base):
    """One split of a running activity, computed at exact boundaries of `activities.split_m`."""

    __tablename__ = "splits"
    __table_args__ = (UniqueConstraint("activity_id", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    start_m: Mapped[float] = mapped_column(Float)
    distance_m: Mapped[float] = mapped_column(Float)
    elapsed_s: Mapped[float] = mapped_column(Float)
    moving_s: Mapped[float | None] = mapped_column(Float)
    pace_s_per_km: Mapped[float | None] = mapped_column(Float)
    gap_s_per_km: Mapped[float | None] = mapped_column(Float)
    elev_gain_m: Mapped[float | None] = mapped_column(Float)
    elev_loss_m: Mapped[float | None] = mapped_column(Float)
    avg_grade: Mapped[float | None] = mapped_column(Float)
    avg_hr: Mapped[float | None] = mapped_column(Float)
    max_hr: Mapped[float | None] = mapped_column(Float)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    avg_power_w: Mapped[float | None] = mapped_column(Float)
    avg_cadence_spm: Mapped[float | None] = mapped_column(Float)

    activity: Mapped[Activity] = relationship(back_populates="splits")


class MultisportEvent(Base):
    """One multisport file (a triathlon: swim, bike, run): its legs are activities linked to it."""

    __tablename__ = "multisport_events"
    __table_args__ = (UniqueConstraint("athlete_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    start_time: Mapped[datetime]
    legs: Mapped[int] = mapped_column(Integer)


class PlannedSession(Base):
    """One week of a saved progression (`progtempo schedule`): the session due on `date`."""

    __tablename__ = "planned_sessions"
    __table_args__ = (UniqueConstraint("athlete_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    week: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(64))
    spec: Mapped[str] = mapped_column(String(200))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    #: the session as the progression saved it; `spec`/`plan` hold it as adapted to the runs so far
    original_spec: Mapped[str | None] = mapped_column(String(200))
    original_plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    original_change: Mapped[str | None] = mapped_column(String(64))
    #: why the session differs from the original ({from_spec, because, why, activity_id}), else None
    adapted: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: set by hand (`schedule --set`): never rewritten automatically
    override: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: how the progression was made (plan.adapt.Rules: hold, deload, caps)
    rules: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    athlete: Mapped[Athlete] = relationship(back_populates="planned_sessions")
    results: Mapped[list[Result]] = relationship(back_populates="planned_session")


class Result(Base):
    """What the coach made of a running activity: score, boss verdict, levels, advice.

    Linked to the planned session it fulfils when one was due that day. `progressive` says whether the
    run was a progressive session (planned, or found in the splits); history lists only those.
    """

    __tablename__ = "results"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), unique=True)
    planned_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_sessions.id", ondelete="SET NULL"), index=True
    )
    unit: Mapped[str] = mapped_column(String(2))
    progressive: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float | None] = mapped_column(Float)
    boss: Mapped[str | None] = mapped_column(String(200))
    insight: Mapped[str | None] = mapped_column(Text)
    end_pace_s_per_km: Mapped[float | None] = mapped_column(Float)
    end_gap_s_per_km: Mapped[float | None] = mapped_column(Float)
    step_s_per_km: Mapped[float | None] = mapped_column(Float)
    segments: Mapped[int | None] = mapped_column(Integer)
    levels_cleared: Mapped[int | None] = mapped_column(Integer)
    levels: Mapped[list[Any]] = mapped_column(default=list)
    advice: Mapped[dict[str, Any]] = mapped_column(default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: the run read as a step test (fitness.steptest.StepTest.to_json, paces per `unit`)
    fitness: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: the threshold this run shows (fitness.trend.RunThreshold): pace and σ in s per km, source
    threshold_pace_s_per_km: Mapped[float | None] = mapped_column(Float)
    threshold_sd_s_per_km: Mapped[float | None] = mapped_column(Float)
    threshold_hr_bpm: Mapped[float | None] = mapped_column(Float)
    threshold_source: Mapped[str | None] = mapped_column(String(16))

    activity: Mapped[Activity] = relationship(back_populates="result")
    planned_session: Mapped[PlannedSession | None] = relationship(back_populates="results")
