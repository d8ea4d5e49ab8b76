"""Kleur-bekennen rounds: a round asks each organisation's representatives how they take part in
each project of a theme (or the whole portfolio), with reminders and a final matrix.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("theme", sa.String(200), nullable=True),
        sa.Column("projects", sa.JSON, nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminders", sa.JSON, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("schedule_key", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("schedule_key", name="uq_registry_rounds_schedule_key"),
    )
    op.create_table(
        "registry_round_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("registry_rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("registry_organisations.id"), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("address", sa.String(400), nullable=False),
        sa.Column("message_ref", sa.JSON, nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("round_id", "organisation_id", "channel", "address", name="uq_registry_round_deliveries"),
    )


def downgrade() -> None:
    op.drop_table("registry_round_deliveries")
    op.drop_table("registry_rounds")
