"""Kleur-bekennen rounds sent by the scheduler to Slack: a direct message to every representative,
reminders to organisations that have not answered every project, the final matrix to the regiekamer."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.conversation import declaration_state
from bot.slack.kleur_blocks import declaration_message
from registry.round_runner import RoundResult
from registry.rounds import DeclarationRound, DeclarationRounds, Invitation

log = logging.getLogger(__name__)


class SlackKleurDeliverer:
    channel = "slack"

    def __init__(self, client: WebClient, rounds: DeclarationRounds, result_channel: str = "") -> None:
        self._client = client
        self._rounds = rounds
        self._result_channel = result_channel

    def invite(self, info: DeclarationRound, invitation: Invitation) -> dict:
        fallback, blocks = declaration_message(declaration_state(self._rounds, info.id, invitation.organisation_id))
        sent = self._client.chat_postMessage(channel=invitation.address, text=fallback, blocks=blocks)
        return {"channel": sent["channel"], "ts": sent["ts"]}

    def remind(self, info: DeclarationRound, invitation: Invitation) -> None:
        fallback, blocks = declaration_message(declaration_state(self._rounds, info.id, invitation.organisation_id), reminder=True)
        self._client.chat_postMessage(channel=invitation.address, text=fallback, blocks=blocks)

    def close(self, info: DeclarationRound, invitation: Invitation) -> None:
        fallback, blocks = declaration_message(declaration_state(self._rounds, info.id, invitation.organisation_id))
        self._client.chat_update(channel=invitation.message_ref["channel"], ts=invitation.message_ref["ts"], text=fallback, blocks=blocks)

    def post_result(self, result: RoundResult) -> None:
        if not self._result_channel:
            log.info("no REGISTRY_REPORT_SLACK_CHANNEL: the result of round %s stays in the data dir", result.info.id)
            return
        uploads = [{"file": str(p), "filename": p.name, "title": p.name} for p in result.files]
        self._client.files_upload_v2(channel=self._result_channel, file_uploads=uploads, initial_comment=result.summary)
