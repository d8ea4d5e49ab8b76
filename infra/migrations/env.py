"""Alembic environment: always called from infra.database.migrate with an open connection. The
migrations are written by hand, each with its own table definitions, so no layer's tables are
imported here."""

from alembic import context

from infra.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
