"""The first schema: athletes, activities (with the original file), splits, planned sessions, results.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from progtempo.store.models import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table of the training log."""
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_athletes"),
        sa.UniqueConstraint("name", name="uq_athletes_name"),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(500), nullable=True),
        sa.Column("sport", sa.String(64), nullable=False),
        sa.Column("is_running", sa.Boolean(), nullable=False),
        sa.Column("start_time", UtcDateTime(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("elapsed_s", sa.Float(), nullable=True),
        sa.Column("moving_s", sa.Float(), nullable=True),
        sa.Column("elev_gain_m", sa.Float(), nullable=True),
        sa.Column("avg_hr", sa.Float(), nullable=True),
        sa.Column("max_hr", sa.Float(), nullable=True),
        sa.Column("device", sa.String(200), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=True),
        sa.Column("split_m", sa.Float(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("file_gz", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"], ["athletes.id"], name="fk_activities_athlete_id_athletes", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
        sa.UniqueConstraint("athlete_id", "sha256", name="uq_activities_athlete_id_sha256"),
    )
    op.create_index("ix_activities_athlete_id_start_time", "activities", ["athlete_id", "start_time"])
    op.create_table(
        "splits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("start_m", sa.Float(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("elapsed_s", sa.Float(), nullable=False),
        sa.Column("moving_s", sa.Float(), nullable=True),
        sa.Column("pace_s_per_km", sa.Float(), nullable=True),
        sa.Column("gap_s_per_km", sa.Float(), nullable=True),
        sa.Column("elev_gain_m", sa.Float(), nullable=True),
        sa.Column("elev_loss_m", sa.Float(), nullable=True),
        sa.Column("avg_grade", sa.Float(), nullable=True),
        sa.Column("avg_hr", sa.Float(), nullable=True),
        sa.Column("max_hr", sa.Float(), nullable=True),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name="fk_splits_activity_id_activities", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_splits"),
        sa.UniqueConstraint("activity_id", "index", name="uq_splits_activity_id_index"),
    )
    op.create_table(
        "planned_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(64), nullable=False),
        sa.Column("spec", sa.String(200), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_planned_sessions_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_planned_sessions"),
        sa.UniqueConstraint("athlete_id", "date", name="uq_planned_sessions_athlete_id_date"),
    )
    op.create_table(
        "results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("planned_session_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("progressive", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("boss", sa.String(200), nullable=True),
        sa.Column("insight", sa.Text(), nullable=True),
        sa.Column("end_pace_s_per_km", sa.Float(), nullable=True),
        sa.Column("end_gap_s_per_km", sa.Float(), nullable=True),
        sa.Column("step_s_per_km", sa.Float(), nullable=True),
        sa.Column("segments", sa.Integer(), nullable=True),
        sa.Column("levels_cleared", sa.Integer(), nullable=True),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("advice", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name="fk_results_activity_id_activities", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["planned_session_id"],
            ["planned_sessions.id"],
            name="fk_results_planned_session_id_planned_sessions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_results"),
        sa.UniqueConstraint("activity_id", name="uq_results_activity_id"),
    )
    op.create_index("ix_results_planned_session_id", "results", ["planned_session_id"])


def downgrade() -> None:
    """Drop every table (the log is gone)."""
    op.drop_index("ix_results_planned_session_id", table_name="results")
    op.drop_table("results")
    op.drop_table("planned_sessions")
    op.drop_table("splits")
    op.drop_index("ix_activities_athlete_id_start_time", table_name="activities")
    op.drop_table("activities")
    op.drop_table("athletes")
