"""Kleur-bekennen rounds sent by the scheduler to Teams: a proactive card to every representative
(on their stored conversation), reminders, and the result to the regiekamer's conversation."""

from __future__ import annotations

from bot.conversation import declaration_state
from bot.teams.cards import card, text_block
from bot.teams.kleur_cards import declaration_card
from bot.teams.survey_delivery import TeamsSender
from registry.round_runner import RoundResult
from registry.rounds import DeclarationRound, DeclarationRounds, Invitation


class TeamsKleurDeliverer:
    channel = "teams"

    def __init__(self, sender: TeamsSender, rounds: DeclarationRounds, result_conversation: str = "") -> None:
        self._sender = sender
        self._rounds = rounds
        self._result_conversation = result_conversation

    def invite(self, info: DeclarationRound, invitation: Invitation) -> dict | None:
        sent = self._sender.send(invitation.address, declaration_card(declaration_state(self._rounds, info.id, invitation.organisation_id)))
        return {"activity_id": sent} if sent else None

    def remind(self, info: DeclarationRound, invitation: Invitation) -> None:
        state = declaration_state(self._rounds, info.id, invitation.organisation_id)
        self._sender.send(invitation.address, declaration_card(state, reminder=True))

    def close(self, info: DeclarationRound, invitation: Invitation) -> None:
        state = declaration_state(self._rounds, info.id, invitation.organisation_id)
        self._sender.update(invitation.address, invitation.message_ref["activity_id"], declaration_card(state))

    def post_result(self, result: RoundResult) -> None:
        """The summary as text (Teams caps a message near 28 KB: the chart stays with the report files)."""
        if self._result_conversation:
            self._sender.send(self._result_conversation, card([text_block(result.summary)]))
