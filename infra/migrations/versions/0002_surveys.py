"""Reflection surveys: rounds, deliveries, responses, and claims on scheduled work.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("template_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("template", sa.JSON, nullable=False),
        sa.Column("audience", sa.JSON, nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminders", sa.JSON, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("schedule_key", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("schedule_key", name="uq_survey_rounds_schedule_key"),
    )
    op.create_table(
        "survey_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("survey_rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("address", sa.String(400), nullable=False),
        sa.Column("message_ref", sa.JSON, nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("round_id", "channel", "address", name="uq_survey_deliveries_person"),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("survey_rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("respondent", sa.String(64), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer, nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("round_id", "respondent", "item_id", name="uq_survey_responses_once"),
    )
    op.create_index("ix_survey_responses_round", "survey_responses", ["round_id", "item_id"])
    op.create_table(
        "scheduler_claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("claimed_by", sa.String(100), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "key", name="uq_scheduler_claims_work"),
    )


def downgrade() -> None:
    op.drop_table("scheduler_claims")
    op.drop_index("ix_survey_responses_round", "survey_responses")
    op.drop_table("survey_responses")
    op.drop_table("survey_deliveries")
    op.drop_table("survey_rounds")
