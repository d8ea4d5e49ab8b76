"""Erasing one person: their answers, invitations, their id in every round's audience, where the
Teams bot can reach them, and their id in the registry (representative, who declared); then the storage is rewritten so the bytes do not linger in the files."""

from __future__ import annotations

from bot.teams.references import ConversationStore
from infra.database import Database
from registry.service import Registry
from surveys.service import SurveyService

ERASED_TABLES = ["survey_answers", "survey_deliveries", "survey_rounds", "teams_conversations", "registry_participation",
                 "registry_roles", "registry_representatives", "registry_round_deliveries", "registry_rounds"]


def erase_person(db: Database, service: SurveyService, channel: str, user_id: str) -> int:
    """Returns the number of answers erased. The registry keeps what was declared (an organisation's
    choice is not the person's), but not who declared it."""
    removed = service.forget(channel, user_id)
    Registry(db).forget_person(channel, user_id)
    if channel == "teams":
        ConversationStore(db).forget(user_id)
    db.scrub(ERASED_TABLES)
    return removed
