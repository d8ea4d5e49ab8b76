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

    def send(self, key: str, card: dict) -> str | None:
        """Send the card; the id Teams gave the message, to update it later."""
        return self._run(send_card(self._adapter, self._app_id, self._reference(key), card))

    def update(self, key: str, activity_id: str, card: dict) -> None:
        """Replace a card sent before (its menus gone when a round closes)."""
        self._run(update_card(self._adapter, self._app_id, self._reference(key), activity_id, card))

    def _reference(self, key: str) -> dict:
        reference = self._conversations.get(key)
        if reference is None:
            raise LookupError(f"no Teams conversation stored for {key}")
        return reference

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(SEND_TIMEOUT_SECONDS)


async def send_card(adapter, app_id: str, reference: dict, card: dict) -> str | None:
    """A card into a stored conversation (on the server's loop); the new message's id."""
    sent: list[str | None] = []

    async def send(context) -> None:
        response = await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))
        sent.append(getattr(response, "id", None))

    await adapter.continue_conversation(app_id, ConversationReference.model_validate(reference).get_continuation_activity(), send)
    return sent[0] if sent else None


async def update_card(adapter, app_id: str, reference: dict, activity_id: str, card: dict) -> None:
    """Replace the card of message `activity_id` in a stored conversation (on the server's loop)."""
    async def update(context) -> None:
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        activity.id = activity_id
        await context.update_activity(activity)

    await adapter.continue_conversation(app_id, ConversationReference.model_validate(reference).get_continuation_activity(), update)
