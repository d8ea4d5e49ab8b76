"""Reflection rounds in Teams: proactive survey cards (continue_conversation on the stored
references), reminders, and the report to the steering conversation. The scheduler calls from its
own threads; the sends run on the Teams server's event loop."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.core import CardFactory, MessageFactory

from bot.teams import cards
from bot.teams.references import ConversationStore
from surveys.report import Report
from surveys.service import Delivery, RoundInfo, SurveyService

log = logging.getLogger(__name__)
SEND_TIMEOUT_SECONDS = 60


class TeamsDeliverer:
    channel = "teams"

    def __init__(self, adapter, app_id: str, loop: asyncio.AbstractEventLoop, conversations: ConversationStore,
                 surveys: SurveyService, report_conversation: str = "") -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._loop = loop
        self._conversations = conversations
        self._surveys = surveys
        self._report_conversation = report_conversation
        self._sender = TeamsSender(adapter, app_id, loop, conversations)

    def audience(self, info: RoundInfo) -> list[str]:
        """Everyone with the bot installed, or the listed people who have it (others cannot be reached)."""
        spec = info.audience.get("teams", {})
        reachable = self._conversations.personal_keys()
        if spec.get("all"):
            return reachable
        wanted = spec.get("users", [])
        missing = [u for u in wanted if u not in reachable]
        if missing:
            log.warning("round %s: %d Teams user(s) have not installed the bot and cannot be invited", info.id, len(missing))
        return [u for u in wanted if u in reachable]

    def invite(self, info: RoundInfo, delivery: Delivery) -> dict | None:
        self._send(delivery.address, cards.survey_card(info, self._answers(info, delivery)))
        return None

    def remind(self, info: RoundInfo, delivery: Delivery) -> None:
        self._send(delivery.address, cards.survey_card(info, self._answers(info, delivery), reminder=True))

    def post_report(self, report: Report, files: list[Path]) -> None:
        """A card with the summary and the figures as text: Teams caps a message near 28 KB, too
        small for the charts, which stay with the report files (and go to Slack where configured)."""
        if not self._report_conversation:
            return
        folder = files[0].parent if files else None
        self._send(self._report_conversation, cards.report_card(report, folder))

    def _answers(self, info: RoundInfo, delivery: Delivery) -> dict:
        return self._surveys.answers_of(info.id, self.channel, delivery.address)

    def _send(self, key: str, card: dict) -> None:
        self._sender.send(key, card)


class TeamsSender:
    """A proactive card to a stored conversation, from the scheduler's thread onto the server's loop."""

    def __init__(self, adapter, app_id: str, loop: asyncio.AbstractEventLoop, conversations: ConversationStore) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._loop = loop
        self._conversations = conversations

    def send(self, key: str, card: dict) -> None:
        reference = self._conversations.get(key)
        if reference is None:
            raise LookupError(f"no Teams conversation stored for {key}")
        ref = ConversationReference.model_validate(reference)

        async def send(context) -> None:
            await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

        coroutine = self._adapter.continue_conversation(self._app_id, ref.get_continuation_activity(), send)
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(SEND_TIMEOUT_SECONDS)
