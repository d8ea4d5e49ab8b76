"""Kleur-bekennen rounds in Slack: a variant chosen from a project's menu, contribution and note in a
modal, "keep the rest as it was" in one click; the message is then redrawn as the database holds it."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.conversation import Conversation, DeclarationState
from bot.slack import kleur_blocks as ui

log = logging.getLogger(__name__)


class KleurHandlers:
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    def register(self, app: AsyncApp) -> None:
        app.action(ui.CHOICE_ACTION)(self.on_choice)
        app.action(ui.DETAILS_ACTION)(self.on_details)
        app.action(ui.KEEP_ACTION)(self.on_keep)
        app.view(ui.DETAILS_CALLBACK)(self.on_details_saved)

    async def on_choice(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        round_id, organisation_id, project_id, variant = ui.parse_value(action["selected_option"]["value"])
        person = self.conversation.person("slack", body["user"]["id"])
        state = await asyncio.to_thread(self.conversation.declare, round_id, organisation_id, person, {project_id: {"variant": variant}})
        await self._redraw(client, _message_of(body), state, body["user"]["id"])

    async def on_keep(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        round_id, organisation_id, _, _ = ui.parse_value(action["value"])
        person = self.conversation.person("slack", body["user"]["id"])
        state = await asyncio.to_thread(self.conversation.confirm_unchanged, round_id, organisation_id, person)
        await self._redraw(client, _message_of(body), state, body["user"]["id"])

    async def on_details(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        round_id, organisation_id, project_id, _ = ui.parse_value(action["value"])
        state = await asyncio.to_thread(self.conversation.declaration, round_id, organisation_id)
        if state.info is None:
            return
        channel, ts = _message_of(body)
        await client.views_open(trigger_id=body["trigger_id"], view=ui.details_modal(state, project_id, channel, ts))

    async def on_details_saved(self, ack, body: dict, view: dict, client: AsyncWebClient) -> None:
        meta, answer = ui.modal_answer(view)
        if not answer["variant"]:
            await ack(response_action="errors", errors={"variant": "Kies een vorm van deelname."})
            return
        await ack()
        person = self.conversation.person("slack", body["user"]["id"])
        state = await asyncio.to_thread(self.conversation.declare, meta["r"], meta["o"], person, {int(meta["p"]): answer})
        await self._redraw(client, (meta["c"], meta["t"]), state, body["user"]["id"])

    async def _redraw(self, client: AsyncWebClient, message: tuple[str, str], state: DeclarationState, user: str) -> None:
        """The message as the database holds it; a refusal is told to the one who clicked, privately,
        never drawn into a message that others (the representative) read."""
        channel, ts = message
        if state.problem:
            await client.chat_postEphemeral(channel=channel, user=user, text=state.problem)
            if state.info is None:
                return
            state = dataclasses.replace(state, problem=None)
        fallback, blocks = ui.declaration_message(state)
        await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
        if state.stored:
            await self._redraw_fellows(client, state, user)
        if state.just_completed:
            await client.chat_postMessage(channel=channel, text=ui.thanks(state))

    async def _redraw_fellows(self, client: AsyncWebClient, state: DeclarationState, user: str) -> None:
        """Another representative of the same organisation sees the choice as it now stands, and by
        whom; a message that cannot be updated any more (deleted) is logged, not fatal."""
        fellows = await asyncio.to_thread(self.conversation.fellow_messages, state, "slack", user)
        fallback, blocks = ui.declaration_message(state, changed_by=user)
        for invitation in fellows:
            try:
                await client.chat_update(channel=invitation.message_ref["channel"], ts=invitation.message_ref["ts"], text=fallback, blocks=blocks)
            except SlackApiError:
                log.warning("could not update the kleur-bekennen message of invitation %s", invitation.id, exc_info=True)


def _message_of(body: dict) -> tuple[str, str]:
    container = body.get("container") or {}
    return container.get("channel_id") or (body.get("channel") or {}).get("id"), container.get("message_ts") or (body.get("message") or {}).get("ts")
