"""Alembic environment: always called from samenspel.database.migrate with an open connection."""

from alembic import context

from samenspel.tables import Base
import bot.teams.references  # noqa: F401  (their tables belong to the same metadata)
import surveys.tables  # noqa: F401

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
