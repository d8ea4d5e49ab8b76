"""Who is in a Teams conversation (a channel's team, a group chat), asked of the Bot Connector in
the stored conversation, for the rule that an answer there comes only from what every member may read."""

from __future__ import annotations

import asyncio

from microsoft_agents.activity import ConversationReference

from assistant.audiences import MembershipUnavailable
from bot.teams.references import ConversationStore

TIMEOUT_SECONDS = 15


class TeamsMembership:
    def __init__(self, adapter, app_id: str, loop: asyncio.AbstractEventLoop, conversations: ConversationStore) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._loop = loop
        self._conversations = conversations

    def members(self, place: str) -> frozenset[str]:
        conversation = place.split(":", 1)[1]
        reference = self._conversations.get(conversation)
        if reference is None:
            raise MembershipUnavailable(f"de bot kent Teams-gesprek {conversation} nog niet (hij moet er eerst een bericht krijgen)")
        try:
            found = asyncio.run_coroutine_threadsafe(self._members(reference, conversation), self._loop).result(TIMEOUT_SECONDS)
        except Exception as exc:  # the connector down, no access, a timeout: nothing restricted is used
            raise MembershipUnavailable(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        return frozenset(f"teams:{m}" for m in found)

    async def _members(self, reference: dict, conversation: str) -> list[str]:
        found: list[str] = []

        async def ask(context) -> None:
            client = context.turn_state.get(self._adapter._AGENT_CONNECTOR_CLIENT_KEY)
            bot = context.activity.recipient.id if context.activity.recipient else None
            for member in await client.conversations.get_conversation_members(conversation.split(";messageid=")[0]):
                if member.id != bot:  # the bot reads along, but is no reader
                    found.append(getattr(member, "aad_object_id", None) or member.id)

        continuation = ConversationReference.model_validate(reference).get_continuation_activity()
        await self._adapter.continue_conversation(self._app_id, continuation, ask)
        return found
