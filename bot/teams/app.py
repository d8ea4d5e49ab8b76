"""The Teams channel on the Microsoft 365 Agents SDK: messages and @mentions become one call of the
assistant each and come back as Adaptive Cards; card actions (feedback, reflection rounds) arrive
as Action.Execute invokes; installs and first messages store the conversation reference for
proactive sends.

Thin like the Slack adapter: every decision is the conversation core's (bot.conversation), only
the rendering (bot/teams/cards.py) and Teams' own plumbing (conversation references, typing, invoke
responses) are here.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta
from http import HTTPStatus

from microsoft_agents.activity import Activity, ActivityTypes, AdaptiveCardInvokeResponse
from microsoft_agents.hosting.core import AgentApplication, CardFactory, MemoryStorage, MessageFactory, TurnContext, TurnState

from assistant.core import Assistant, Person
from bot.conversation import Conversation, Ingested
from bot.downloads import DownloadError, download
from bot.teams import cards, kleur_cards
from bot.teams.references import ConversationStore
from bot.teams.survey_delivery import update_card
from bot.texts import text
from infra.database import DatabaseUnavailable
from infra.settings import Settings
from registry.rounds import DeclarationRounds
from surveys.service import SurveyService

log = logging.getLogger(__name__)

FILE_DOWNLOAD = "application/vnd.microsoft.teams.file.download.info"
_AT_TAG = re.compile(r"<at>[^<]*</at>")
CHAT_CONTEXT_WINDOW = timedelta(minutes=30)  # in a chat without threads, a follow-up comes soon after


class TeamsBot:
    def __init__(self, assistant: Assistant, settings: Settings, conversations: ConversationStore, surveys: SurveyService | None = None,
                 rounds: DeclarationRounds | None = None, app_id: str = "") -> None:
        self.conversation = Conversation(assistant, settings, surveys, rounds)
        self.conversations = conversations  # where each person or channel can be reached (Teams' own)
        self.app_id = app_id  # for cards sent to other conversations than the one of the turn

    def build(self, connection_manager) -> AgentApplication:
        app = AgentApplication[TurnState](storage=MemoryStorage(), connection_manager=connection_manager)
        app.conversation_update("membersAdded")(self.on_members_added)
        app.activity(ActivityTypes.message)(self.on_message)
        app.adaptive_card.action_execute(cards.FEEDBACK_VERB)(self.on_feedback)
        app.adaptive_card.action_execute(cards.SURVEY_VERB)(self.on_survey)
        app.adaptive_card.action_execute(kleur_cards.KLEUR_VERB)(self.on_kleur)
        app.error(self.on_error)
        return app

    def person(self, activity: Activity) -> Person:
        user = activity.from_property
        return self.conversation.person("teams", (user.aad_object_id or user.id) if user else "")

    # --- installs and references ---------------------------------------------------------------
    def remember(self, context: TurnContext) -> None:
        """Keep where this person (or this channel) can be reached, for reflection rounds."""
        activity = context.activity
        reference = activity.get_conversation_reference().model_dump(mode="json", by_alias=True, exclude_none=True)
        kind = activity.conversation.conversation_type or "personal"
        key = self.person(activity).user_id if kind == "personal" else activity.conversation.id
        if key:
            try:
                self.conversations.save(key, kind, reference)
            except DatabaseUnavailable:
                log.exception("conversation reference not stored")

    async def on_members_added(self, context: TurnContext, _state: TurnState) -> None:
        await asyncio.to_thread(self.remember, context)
        bot_id = context.activity.recipient.id if context.activity.recipient else None
        joined = [m.id for m in context.activity.members_added or []]
        if bot_id in joined and (context.activity.conversation.conversation_type or "personal") == "personal":
            overview = await asyncio.to_thread(self.conversation.help, self.person(context.activity))
            await context.send_activity(_card_message(cards.help_card(overview)))

    # --- messages ----------------------------------------------------------------------------
    async def on_message(self, context: TurnContext, _state: TurnState) -> None:
        activity = context.activity
        await asyncio.to_thread(self.remember, context)
        files = [a for a in activity.attachments or [] if a.content_type == FILE_DOWNLOAD]
        if files:
            said = self.conversation.command_of(" ".join(_AT_TAG.sub("", activity.text or "").split()))
            if said and said.name == "audience" and not said.document:  # "alleen voor regiekamer" with the files
                notice = await asyncio.to_thread(self.conversation.set_audience, self.person(activity), said)
                await context.send_activity(_card_message(cards.notice_card(notice.text)))
            await self.ingest_files(context, files)
            return
        question = " ".join(_AT_TAG.sub("", activity.text or "").split())
        asked = self.conversation.command_of(question)
        if asked and asked.name == "help":
            overview = await asyncio.to_thread(self.conversation.help, self.person(activity), _place(activity))
            await context.send_activity(_card_message(cards.help_card(overview)))
            return
        if asked and asked.name == "ingest":
            await self.reingest(context, prune=asked.prune)
            return
        if asked and asked.name == "audience":
            notice = await asyncio.to_thread(self.conversation.set_audience, self.person(activity), asked)
            await context.send_activity(_card_message(cards.notice_card(notice.text)))
            return
        if asked and asked.name == "participation":
            shown = await asyncio.to_thread(self.conversation.participation, asked.argument, asked.language)
            await context.send_activity(_card_message(cards.participation_card(shown)))
            return
        await context.send_activity(Activity(type=ActivityTypes.typing))
        threaded = ";messageid=" in (activity.conversation.id or "")  # a reply thread in a channel
        turn = await asyncio.to_thread(self.conversation.ask, question, self.person(activity), f"teams:{activity.conversation.id}",
                                       None if threaded else CHAT_CONTEXT_WINDOW, _place(activity))
        await context.send_activity(_card_message(cards.turn_card(turn)))

    async def reingest(self, context: TurnContext, *, prune: bool = False) -> None:
        person = self.person(context.activity)
        refused = self.conversation.refuse_change(person)
        if refused:
            await context.send_activity(_card_message(cards.notice_card(refused.text)))
            return
        await context.send_activity(MessageFactory.text(text("ingest_started")))
        await self._ingest(context, person, None, prune=prune)

    async def ingest_files(self, context: TurnContext, files) -> None:
        person = self.person(context.activity)
        refused = self.conversation.refuse_change(person)
        if refused:
            await context.send_activity(_card_message(cards.notice_card(refused.text)))
            return
        paths, problems = [], []
        for attachment in files:
            name = attachment.name or "document"
            refused = self.conversation.refuse_file(person, name)  # Teams says the size only by downloading
            if refused:
                problems.append(refused)
                continue
            try:
                data, _ = await download((attachment.content or {}).get("downloadUrl", ""), self.conversation.settings.max_file_bytes)
            except DownloadError as exc:
                problems.append(self.conversation.download_failed(name, str(exc)))
                continue
            paths.append(await asyncio.to_thread(self.conversation.save_upload, person, name, data))
        for problem in problems:
            await context.send_activity(_card_message(cards.notice_card(problem.text)))
        if paths:
            await context.send_activity(MessageFactory.text(text("ingest_started")))
            await self._ingest(context, person, paths)

    async def _ingest(self, context: TurnContext, person: Person, paths, *, prune: bool = False) -> None:
        done = await asyncio.to_thread(self.conversation.ingest, person, paths, prune=prune)
        card = cards.ingest_report_card(done.report) if isinstance(done, Ingested) else cards.notice_card(done.text)
        await context.send_activity(_card_message(card))

    # --- card actions --------------------------------------------------------------------------
    async def on_feedback(self, context: TurnContext, _state: TurnState, data: dict) -> AdaptiveCardInvokeResponse:
        try:
            up = int(data.get("vote", 0)) > 0
            answer_id = int(data["answer"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return _message_response(text("vote_gone"), HTTPStatus.BAD_REQUEST)
        voted = await asyncio.to_thread(self.conversation.vote, answer_id, self.person(context.activity), up)
        return _message_response(voted.notice.text)

    async def on_survey(self, context: TurnContext, _state: TurnState, data: dict) -> AdaptiveCardInvokeResponse:
        """Store every answer on the card, then return the card as it is stored."""
        state = await asyncio.to_thread(self.conversation.answer_survey, (data or {}).get("round"), self.person(context.activity), data or {})
        if state.closed:
            return _card_response(cards.survey_card(state.info, {}, closed=True))
        if state.problem:
            return _message_response(state.problem, HTTPStatus.BAD_REQUEST)
        saved = "survey_saved_all" if state.answered == state.required else "survey_saved_some"
        return _card_response(cards.survey_card(state.info, state.answers, status=text(saved, done=state.answered, total=state.required)))

    async def on_kleur(self, context: TurnContext, _state: TurnState, data: dict) -> AdaptiveCardInvokeResponse:
        """A kleur-bekennen card sent back: every project's choice (and contribution, note) at once."""
        person = self.person(context.activity)
        round_id, organisation_id, answers = kleur_cards.answers_of(data)
        if data.get("keep"):
            state = await asyncio.to_thread(self.conversation.confirm_unchanged, round_id, organisation_id, person)
        else:
            state = await asyncio.to_thread(self.conversation.declare, round_id, organisation_id, person, answers)
        if state.problem:  # told to the sender only; the card stays as the database holds it
            return _message_response(state.problem, HTTPStatus.BAD_REQUEST)
        if state.stored:
            name = context.activity.from_property.name if context.activity.from_property else None
            await self._redraw_fellows(context, state, person.user_id, name or "een collega")
        if state.just_completed:
            await context.send_activity(_card_message(kleur_cards.thanks_card(state)))
        return _card_response(kleur_cards.declaration_card(state))

    async def _redraw_fellows(self, context: TurnContext, state, user_id: str, name: str) -> None:
        """The organisation's other representatives see its choices as they now stand, and by whom."""
        fellows = await asyncio.to_thread(self.conversation.fellow_messages, state, "teams", user_id)
        card = kleur_cards.declaration_card(state, changed_by=name)
        for invitation in fellows:
            reference = await asyncio.to_thread(self.conversations.get, invitation.address)
            if reference is None or not invitation.message_ref.get("activity_id"):
                continue
            try:
                await update_card(context.adapter, self.app_id, reference, invitation.message_ref["activity_id"], card)
            except Exception:  # one colleague's card that cannot be updated must not fail this turn
                log.warning("could not update the kleur-bekennen card of invitation %s", invitation.id, exc_info=True)

    async def on_error(self, context: TurnContext, error: Exception) -> None:
        log.error("unhandled error in a Teams turn", exc_info=error)


async def friendly_turn_error(context: TurnContext, error: Exception) -> None:
    """Replaces the SDK's default, which would show the exception text to the user."""
    log.error("Teams turn failed", exc_info=error)
    if context.activity is not None and context.activity.type == ActivityTypes.message:
        await context.send_activity(_card_message(cards.notice_card(text("error"))))


def _card_message(content: dict) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(content))


def _card_response(content: dict) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type="application/vnd.microsoft.card.adaptive", value=content)


def _message_response(message: str, status: int = HTTPStatus.OK) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=status, type="application/vnd.microsoft.activity.message", value=message)


def _place(activity: Activity) -> str | None:
    """Where everyone reads the answer: a channel (its thread) or a group chat; None for a personal chat."""
    if (activity.conversation.conversation_type or "personal") == "personal":
        return None
    return f"teams:{activity.conversation.id}"
