"""The SQL database (feedback, ingest history, surveys): SQLite under the data dir by default,
PostgreSQL via DATABASE_URL. The schema is created and upgraded by Alembic migrations only."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from infra.errors import DatabaseUnavailable  # noqa: F401 - raised here, caught at the edges

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = 0x5A4D5350  # PostgreSQL advisory lock held while the schema is migrated


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise DatabaseUnavailable(f"De database is niet bereikbaar ({_short(exc)}).") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    def scrub(self, tables: list[str]) -> None:
        """After an erasure: rewrite the storage so deleted rows cannot be read back from the files.
        SQLite already zeroes deleted content (secure_delete); VACUUM rebuilds the file and the WAL is
        emptied. PostgreSQL rewrites the tables (VACUUM FULL); its WAL and backups age out on their own."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if self.engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.exec_driver_sql("VACUUM")
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            elif self.engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f"VACUUM FULL {', '.join(tables)}")


def create_db_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:  # several threads and processes share the file
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")  # erased answers and ids are overwritten, not left in free pages
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (from empty, or from any earlier one)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas that start together on a new database take turns: the second finds the schema made.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str) -> Database:
    """Connect and migrate; a database that is down, a malformed DATABASE_URL or a missing driver
    gives DatabaseUnavailable with one clear line (never a password, nor part of one)."""
    address = url.split("?", 1)[0].split("://", 1)[-1].split("/", 1)[0]
    if address.count("@") > 1:  # the driver would read part of the password as the host, and print it
        raise DatabaseUnavailable("DATABASE_URL heeft meer dan één @ vóór de host; schrijf een @ in het wachtwoord als %40")
    try:
        engine = create_db_engine(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUnavailable(
            f"DATABASE_URL klopt niet ({_short(exc)}); bijvoorbeeld postgresql+psycopg://gebruiker:wachtwoord@host:5432/samenspel"
        ) from exc
    except OSError as exc:
        raise DatabaseUnavailable(f"de map voor de database kan niet gemaakt worden ({exc.strerror}: {exc.filename})") from exc
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(
            f"Voor DATABASE_URL ontbreekt het databasestuurprogramma ({_short(exc)}); "
            "gebruik postgresql+psycopg://… (meegeleverd) of sqlite:///…"
        ) from exc
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        where = make_url(url).render_as_string(hide_password=True)
        raise DatabaseUnavailable(f"De database {where} is niet bereikbaar: {_short(exc)}") from exc
    return Database(engine)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _short(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
