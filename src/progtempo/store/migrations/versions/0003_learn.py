"""The loop that learns: the runner's profile, what each run says about fitness and load, adapted plans.

- athletes: resting and maximum heart rate, sex, threshold pace (s per km) and threshold heart rate;
- activities: the moving time spent at each heart rate (for TRIMP, whatever the profile later says), the
  average GAP (for rTSS) and `fitness_version` (NULL: imported before this revision, filled on demand);
- results: the run's step test (`fitness`, JSON) and its threshold estimate, typed;
- planned_sessions: the progression as it was saved (`original_spec`, `original_plan`,
  `original_change`), what the coach's advice made of it (`adapted`), a coach's hand edit (`override`)
  and the rules it was progressed by (`rules`: hold, deload, caps).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns; existing plans keep their sessions as the original progression."""
    with op.batch_alter_table("athletes") as batch:
        batch.add_column(sa.Column("hr_rest_bpm", sa.Float(), nullable=True))
        batch.add_column(sa.Column("hr_max_bpm", sa.Float(), nullable=True))
        batch.add_column(sa.Column("sex", sa.String(1), nullable=True))
        batch.add_column(sa.Column("threshold_pace_s_per_km", sa.Float(), nullable=True))
        batch.add_column(sa.Column("threshold_hr_bpm", sa.Float(), nullable=True))
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("hr_time", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("gap_s_per_km", sa.Float(), nullable=True))
        batch.add_column(sa.Column("fitness_version", sa.Integer(), nullable=True))
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("fitness", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("threshold_pace_s_per_km", sa.Float(), nullable=True))
        batch.add_column(sa.Column("threshold_sd_s_per_km", sa.Float(), nullable=True))
        batch.add_column(sa.Column("threshold_hr_bpm", sa.Float(), nullable=True))
        batch.add_column(sa.Column("threshold_source", sa.String(16), nullable=True))
    with op.batch_alter_table("planned_sessions") as batch:
        batch.add_column(sa.Column("original_spec", sa.String(200), nullable=True))
        batch.add_column(sa.Column("original_plan", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("original_change", sa.String(64), nullable=True))
        batch.add_column(sa.Column("adapted", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("override", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("rules", sa.JSON(), nullable=True))
    op.execute(
        "UPDATE planned_sessions SET original_spec = spec, original_plan = plan, original_change = change"
    )


def downgrade() -> None:
    """Drop them again (adapted sessions stay as they were last written)."""
    with op.batch_alter_table("planned_sessions") as batch:
        for name in ("rules", "override", "adapted", "original_change", "original_plan", "original_spec"):
            batch.drop_column(name)
    with op.batch_alter_table("results") as batch:
        for name in ("threshold_source", "threshold_hr_bpm", "threshold_sd_s_per_km"):
            batch.drop_column(name)
        for name in ("threshold_pace_s_per_km", "fitness"):
            batch.drop_column(name)
    with op.batch_alter_table("activities") as batch:
        for name in ("fitness_version", "gap_s_per_km", "hr_time"):
            batch.drop_column(name)
    with op.batch_alter_table("athletes") as batch:
        for name in ("threshold_hr_bpm", "threshold_pace_s_per_km", "sex", "hr_max_bpm", "hr_rest_bpm"):
            batch.drop_column(name)
