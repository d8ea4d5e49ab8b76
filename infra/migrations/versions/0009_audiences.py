"""Who may read what: named groups of people (chat accounts, members of a channel or team, holders
of a role in a body), and with every stored answer the audiences of the documents it quotes, so
lists of answers keep to the same rule as the answers.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audience_groups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(60), nullable=False, unique=True),
        sa.Column("members", sa.JSON, nullable=False),  # ["slack:U123", "teams:29:1ab…"]
        sa.Column("places", sa.JSON, nullable=False),  # ["slack:C0123"]: everyone in that channel or team
        sa.Column("bodies", sa.JSON, nullable=False),  # ["bestuurlijke regiekamer"]: everyone holding a role in it
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("audiences", sa.JSON, nullable=True))  # per cited document meant for some groups: those groups
    with op.batch_alter_table("registry_roles") as batch:
        batch.add_column(sa.Column("account", sa.String(200), nullable=True))  # the holder's chat account: "slack:U123"


def downgrade() -> None:
    with op.batch_alter_table("registry_roles") as batch:
        batch.drop_column("account")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("audiences")
    op.drop_table("audience_groups")
