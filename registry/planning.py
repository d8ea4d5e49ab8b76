"""A kleur-bekennen round from the settings: its title, how long it stays open, its reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from infra.local_time import local
from infra.settings import Settings
from registry.records import Actor
from registry.rounds import DeclarationRounds, default_reminders


def plan_declaration_round(rounds: DeclarationRounds, settings: Settings, *, opens_at: datetime, actor: Actor,
                           theme: str | None = None, days: float | None = None, reminder_days: list[float] | None = None,
                           title: str | None = None, schedule_key: str | None = None) -> int | None:
    theme = theme if theme is not None else (settings.registry_round_theme or None)
    closes_at = opens_at + timedelta(days=days or settings.registry_round_days)
    reminders = default_reminders(opens_at, closes_at, reminder_days if reminder_days is not None else settings.registry_reminder_days())
    title = title or f"{theme or 'Projectportefeuille'} {local(opens_at):%m-%Y}"
    return rounds.create(title=title, theme=theme, opens_at=opens_at, closes_at=closes_at, reminders=reminders,
                         schedule_key=schedule_key, actor=actor)
