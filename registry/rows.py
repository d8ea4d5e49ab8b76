"""Reading and checking the registry's rows by name: shared by the portfolio, participation and the
people in it (registry.service, registry.people)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.spreadsheets import formula_like
from registry.records import RegistryError, UnknownName, close_names
from registry.tables import OrganisationRow, ParticipationRow, ProjectRow
from registry.variants import fold


def valid_name(value: str | None, kind: str) -> str:
    """A name as kept: whitespace tidied; RegistryError when empty or when Excel would read it as a formula."""
    value = " ".join((value or "").split())
    if not value:
        raise RegistryError(f"een {kind} heeft een naam nodig")
    if formula_like(value):
        raise RegistryError(f"de naam '{value}' begint met '{value[0]}'; een naam mag niet met =, +, - of @ beginnen "
                            "(Excel leest zo'n cel als formule)")
    return value


def by_name(session: Session, table, name: str):
    """The row whose name matches, ignoring case, accents and punctuation. The names of a table are
    read once per session and kept (an import of ten thousand rows asks thousands of times)."""
    names = session.info.setdefault("registry_names", {})
    if table not in names:
        names[table] = {fold(r.name): r for r in session.scalars(select(table))}
    return names[table].get(fold(name))


def remember(session: Session, row) -> None:
    """A row just added, for the names this session has read."""
    session.flush()  # its id, for the rows that will refer to it
    names = session.info.get("registry_names", {})
    if type(row) in names:
        names[type(row)][fold(row.name)] = row


def known(session: Session, table, name: str, kind: str):
    """The row of a name in the registry now (a removed one is unknown, as if it never was)."""
    row = by_name(session, table, name)
    if row is None or row.removed_at is not None:
        raise UnknownName(kind, name, close_names(name, list(session.scalars(select(table.name).where(active(table))))))
    return row


def active(table):
    return table.removed_at.is_(None)


def of_active(query):
    """Only declarations of projects and organisations still in the registry."""
    return query.where(ParticipationRow.project_id.in_(select(ProjectRow.id).where(active(ProjectRow))),
                       ParticipationRow.organisation_id.in_(select(OrganisationRow.id).where(active(OrganisationRow))))


def chat_account(value: str | None) -> str | None:
    """'slack:U123' or 'teams:…' as kept (None when empty); RegistryError when it is not one."""
    if value is None or not str(value).strip():
        return None
    platform, _, ident = str(value).strip().partition(":")
    if platform.lower() not in ("slack", "teams") or not ident.strip():
        raise RegistryError(f"'{value}' is geen chataccount: schrijf slack:U0123ABC of teams:<AAD-id>")
    return f"{platform.lower()}:{ident.strip()}"
