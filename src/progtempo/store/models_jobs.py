"""The jobs' tables: uploads waiting to be imported, claimed by workers, and their files' bytes.

A job is claimed with `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite's write lock does the
same for one machine) and held by a lease its worker keeps renewing: a worker killed mid-job stops
renewing, and the next worker takes the job again once the lease has run out. The uploaded files live
in `job_files` (in chunks, so a large export zip never has to fit one value), so a worker on another
machine that shares the database can run the job; they are deleted when the job ends.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from progtempo.store.base import Base, utc_now

#: queued (waiting, or taken again after its worker died), running, done, failed
JOB_STATES = ("queued", "running", "done", "failed")


class Job(Base):
    """One upload to import into an athlete's log, with its progress and outcome."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_created_at", "state", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    #: who uploaded it (None: the local single-runner server or the command line)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    unit: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    files: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    #: how many times a worker took it (a job whose workers keep dying fails after a few)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    #: the import's document so far (`ImportReport.to_json`), None before it starts
    report: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class JobFile(Base):
    """A piece of one uploaded file: the file is its chunks in `seq` order (name on each)."""

    __tablename__ = "job_files"
    __table_args__ = (UniqueConstraint("job_id", "file_index", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    file_index: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
