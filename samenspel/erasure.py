"""Erasing one person: their answers, invitations, their id in every round's audience and where the
Teams bot can reach them; then the storage is rewritten so the bytes do not linger in the files."""

from __future__ import annotations

from bot.teams.references import ConversationStore
from infra.database import Database
from surveys.service import SurveyService

ERASED_TABLES = ["survey_answers", "survey_deliveries", "survey_rounds", "teams_conversations"]


def erase_person(db: Database, service: SurveyService, channel: str, user_id: str) -> int:
    """Returns the number of answers erased."""
    removed = service.forget(channel, user_id)
    if channel == "teams":
        ConversationStore(db).forget(user_id)
    db.scrub(ERASED_TABLES)
    return removed
