"""Responses that nothing links to an invitation: no answer times, no row ids in answer order, and no
completion or reminder marks on the invitations (who finished is derived with the pseudonym key).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_answers",
        sa.Column("round_id", sa.Integer, sa.ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("respondent", sa.String(64), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("value", sa.Integer, nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sqlite_with_rowid=False,  # no hidden rowid that counts up in the order people answered
    )
    op.execute(
        "INSERT INTO survey_answers (round_id, respondent, item_id, value, text) "
        "SELECT round_id, respondent, item_id, value, text FROM survey_responses ORDER BY round_id, respondent, item_id"
    )
    op.drop_table("survey_responses")
    op.create_index("ix_survey_answers_round_item", "survey_answers", ["round_id", "item_id"])
    with op.batch_alter_table("survey_deliveries") as batch:
        batch.drop_column("completed_at")
        batch.drop_column("reminded")


def downgrade() -> None:
    with op.batch_alter_table("survey_deliveries") as batch:
        batch.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reminded", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("survey_rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("respondent", sa.String(64), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer, nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("round_id", "respondent", "item_id", name="uq_survey_responses_once"),
    )
    op.execute("INSERT INTO survey_responses (round_id, respondent, item_id, value, text) SELECT round_id, respondent, item_id, value, text FROM survey_answers")
    op.drop_table("survey_answers")
    op.create_index("ix_survey_responses_round", "survey_responses", ["round_id", "item_id"])
