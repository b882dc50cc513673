"""Multisport events, several activities per file, recording richness, split power and cadence.

A multisport FIT (swim, bike, run) is one `multisport_events` row and one activity per leg, so the
uniqueness of a file per athlete becomes that of (file, leg). `channels` ranks two recordings of one
run (the richer is kept), with `track_m`, the length of the GPS track, to know one run in two files whose
distances were measured differently. Splits gain average power and cadence.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from progtempo.store.models import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the events table, the leg columns and the split channels."""
    op.create_table(
        "multisport_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("start_time", UtcDateTime(), nullable=False),
        sa.Column("legs", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_multisport_events_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_multisport_events"),
        sa.UniqueConstraint("athlete_id", "sha256", name="uq_multisport_events_athlete_id_sha256"),
    )
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("session_index", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("channels", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("track_m", sa.Float(), nullable=True))
        batch.drop_constraint("uq_activities_athlete_id_sha256", type_="unique")
        batch.create_unique_constraint(
            "uq_activities_athlete_id_sha256_session_index", ["athlete_id", "sha256", "session_index"]
        )
        batch.create_foreign_key(
            "fk_activities_event_id_multisport_events",
            "multisport_events",
            ["event_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_activities_event_id", ["event_id"])
    with op.batch_alter_table("splits") as batch:
        batch.add_column(sa.Column("avg_power_w", sa.Float(), nullable=True))
        batch.add_column(sa.Column("avg_cadence_spm", sa.Float(), nullable=True))


def downgrade() -> None:
    """Back to one activity per file."""
    with op.batch_alter_table("splits") as batch:
        batch.drop_column("avg_cadence_spm")
        batch.drop_column("avg_power_w")
    with op.batch_alter_table("activities") as batch:
        batch.drop_index("ix_activities_event_id")
        batch.drop_constraint("fk_activities_event_id_multisport_events", type_="foreignkey")
        batch.drop_constraint("uq_activities_athlete_id_sha256_session_index", type_="unique")
        batch.create_unique_constraint("uq_activities_athlete_id_sha256", ["athlete_id", "sha256"])
        batch.drop_column("track_m")
        batch.drop_column("channels")
        batch.drop_column("event_id")
        batch.drop_column("session_index")
    op.drop_table("multisport_events")
