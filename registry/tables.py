"""The registry tables (migrations 0006, 0007 and 0008). Participation and roles are never overwritten: a change is
a new row, so the state on any date and what changed since can always be read back."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infra.tables import Base


class OrganisationRow(Base):
    __tablename__ = "registry_organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # gemeente | provincie | waterschap | bedrijf | kennisinstelling | overig
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # removed from the registry (0008); history kept
    removed_by: Mapped[str | None] = mapped_column(String(200))


class ThemeRow(Base):
    __tablename__ = "registry_themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # removed from the registry (0008); history kept
    removed_by: Mapped[str | None] = mapped_column(String(200))


class ProjectRow(Base):
    __tablename__ = "registry_projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("registry_themes.id"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("registry_organisations.id"))  # the trekker
    status: Mapped[str] = mapped_column(String(20))  # idee | lopend | afgerond | gestopt
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(Text, default="")  # the decision that set it up: document title or link
    decision_page: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # removed from the registry (0008); history kept
    removed_by: Mapped[str | None] = mapped_column(String(200))


class ParticipationRow(Base):
    """One declaration. `seq` counts per project and organisation; the unique key makes two writers
    that read the same latest declaration collide instead of both landing."""

    __tablename__ = "registry_participation"
    __table_args__ = (UniqueConstraint("project_id", "organisation_id", "seq", name="uq_registry_participation_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("registry_projects.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("registry_organisations.id"))
    seq: Mapped[int] = mapped_column(Integer)
    variant: Mapped[str] = mapped_column(String(20))
    since: Mapped[date | None] = mapped_column(Date)
    contribution: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(200))  # who: "slack:U123", "cli:naam", "import:bestand.xlsx"
    via: Mapped[str] = mapped_column(String(20))  # cli | slack | teams | import | ronde
    round_id: Mapped[int | None] = mapped_column(Integer)


class RoleRow(Base):
    """Who holds a role in a body since when; ending a role sets `until`, it is not deleted."""

    __tablename__ = "registry_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person: Mapped[str] = mapped_column(String(200))  # the name as they want it shown
    role: Mapped[str] = mapped_column(String(80))  # voorzitter | lid | trekker | portefeuillehouder | secretaris …
    body: Mapped[str] = mapped_column(String(200))  # bestuurlijke regiekamer, a tafel, a project
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("registry_organisations.id"))
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(200))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # when `until` was set, and by whom
    ended_by: Mapped[str | None] = mapped_column(String(200))
    account: Mapped[str | None] = mapped_column(String(200))  # the holder's chat account ("slack:U123"), for reader groups


class RepresentativeRow(Base):
    """A chat user who may declare for an organisation (managed by administrators)."""

    __tablename__ = "registry_representatives"
    __table_args__ = (UniqueConstraint("organisation_id", "channel", "user_id", name="uq_registry_representatives"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("registry_organisations.id"))
    channel: Mapped[str] = mapped_column(String(20))  # slack | teams
    user_id: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    added_by: Mapped[str] = mapped_column(String(200))


class DeclarationRoundRow(Base):
    """A kleur-bekennen round (migration 0007): the projects it asks about are a snapshot, so a
    project added later does not change what was asked."""

    __tablename__ = "registry_rounds"
    __table_args__ = (UniqueConstraint("schedule_key", name="uq_registry_rounds_schedule_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str | None] = mapped_column(String(200))
    projects: Mapped[list] = mapped_column(JSON)  # [{"id": 1, "name": "…"}]
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reminders: Mapped[list] = mapped_column(JSON)  # ISO datetimes
    status: Mapped[str] = mapped_column(String(12))  # scheduled | open | closed
    schedule_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeclarationDeliveryRow(Base):
    """Who was asked to declare for which organisation, and where the message is (to update it)."""

    __tablename__ = "registry_round_deliveries"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id", "channel", "address", name="uq_registry_round_deliveries"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("registry_rounds.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("registry_organisations.id"))
    channel: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(400))
    message_ref: Mapped[dict | None] = mapped_column(JSON)
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
