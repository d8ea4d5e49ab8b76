"""An organisation, project or theme can be removed from the registry: it is marked, not deleted,
so its history stays readable (and exported); saving the name again brings it back.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("registry_organisations", "registry_projects", "registry_themes")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column("removed_by", sa.String(200), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("removed_by")
            batch.drop_column("removed_at")
