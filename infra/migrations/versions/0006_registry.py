"""Kleur bekennen: organisations, themes, projects, participation (append-only), roles and
representatives.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "registry_organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "registry_themes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        _when("created_at"),
    )
    op.create_table(
        "registry_projects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("theme_id", sa.Integer, sa.ForeignKey("registry_themes.id"), nullable=True),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("registry_organisations.id"), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=True),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("decision", sa.Text, nullable=False, server_default=""),
        sa.Column("decision_page", sa.Integer, nullable=True),
        _when("created_at"),
        _when("updated_at"),
    )
    op.create_table(
        "registry_participation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("registry_projects.id"), nullable=False),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("registry_organisations.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("variant", sa.String(20), nullable=False),
        sa.Column("since", sa.Date, nullable=True),
        sa.Column("contribution", sa.String(200), nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        _when("recorded_at"),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("via", sa.String(20), nullable=False),
        sa.Column("round_id", sa.Integer, nullable=True),
        sa.UniqueConstraint("project_id", "organisation_id", "seq", name="uq_registry_participation_seq"),
    )
    op.create_index("ix_registry_participation_recorded", "registry_participation", ["recorded_at"])
    op.create_table(
        "registry_roles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("role", sa.String(80), nullable=False),
        sa.Column("body", sa.String(200), nullable=False),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("registry_organisations.id"), nullable=True),
        sa.Column("since", sa.Date, nullable=True),
        sa.Column("until", sa.Date, nullable=True),
        _when("recorded_at"),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        _when("ended_at", nullable=True),
        sa.Column("ended_by", sa.String(200), nullable=True),
    )
    op.create_table(
        "registry_representatives",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("registry_organisations.id"), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("user_id", sa.String(200), nullable=False),
        _when("added_at"),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("organisation_id", "channel", "user_id", name="uq_registry_representatives"),
    )


def downgrade() -> None:
    for table in ("registry_representatives", "registry_roles", "registry_participation", "registry_projects",
                  "registry_themes", "registry_organisations"):
        op.drop_table(table)
