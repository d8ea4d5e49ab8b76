"""The Teams channel on the Microsoft 365 Agents SDK: messages and @mentions become one call of the
assistant each and come back as Adaptive Cards; card actions (feedback, reflection rounds) arrive
as Action.Execute invokes; installs and first messages store the conversation reference for
proactive sends.

Thin like the Slack adapter: the core is the same Assistant and SurveyService, only the rendering
(bot/teams/cards.py) is Teams' own.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta
from http import HTTPStatus

from microsoft_agents.activity import Activity, ActivityTypes, AdaptiveCardInvokeResponse
from microsoft_agents.hosting.core import AgentApplication, CardFactory, MemoryStorage, MessageFactory, TurnContext, TurnState

from assistant.core import Assistant, IngestBusy, NotAllowed, NothingToIngest, Person, is_supported
from bot.downloads import DownloadError, download
from bot.teams import cards
from bot.teams.references import ConversationStore
from bot.texts import text
from infra.database import DatabaseUnavailable
from infra.settings import Settings
from surveys.service import RoundClosed, SurveyError, SurveyService
from text.language import detect_language

log = logging.getLogger(__name__)

FILE_DOWNLOAD = "application/vnd.microsoft.teams.file.download.info"
_AT_TAG = re.compile(r"<at>[^<]*</at>")
CHAT_CONTEXT_WINDOW = timedelta(minutes=30)  # in a chat without threads, a follow-up comes soon after


class TeamsBot:
    def __init__(self, assistant: Assistant, settings: Settings, conversations: ConversationStore, surveys: SurveyService | None = None) -> None:
        self.assistant = assistant
        self.settings = settings
        self.conversations = conversations
        self.surveys = surveys

    def build(self, connection_manager) -> AgentApplication:
        app = AgentApplication[TurnState](storage=MemoryStorage(), connection_manager=connection_manager)
        app.conversation_update("membersAdded")(self.on_members_added)
        app.activity(ActivityTypes.message)(self.on_message)
        app.adaptive_card.action_execute(cards.FEEDBACK_VERB)(self.on_feedback)
        app.adaptive_card.action_execute(cards.SURVEY_VERB)(self.on_survey)
        app.error(self.on_error)
        return app

    def person(self, activity: Activity) -> Person:
        user = activity.from_property
        user_id = (user.aad_object_id or user.id) if user else ""
        return Person("teams", user_id, user_id in self.settings.teams_admin_aad_ids)

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
            overview = await asyncio.to_thread(self.assistant.overview)
            await context.send_activity(_card_message(cards.help_card(overview)))

    # --- messages ----------------------------------------------------------------------------
    async def on_message(self, context: TurnContext, _state: TurnState) -> None:
        activity = context.activity
        await asyncio.to_thread(self.remember, context)
        files = [a for a in activity.attachments or [] if a.content_type == FILE_DOWNLOAD]
        if files:
            await self.ingest_files(context, files)
            return
        question = " ".join(_AT_TAG.sub("", activity.text or "").split())
        word = question.lower()
        if word in ("help", "hulp"):
            overview = await asyncio.to_thread(self.assistant.overview)
            await context.send_activity(_card_message(cards.help_card(overview)))
            return
        if word in ("ingest", "inlezen", "opnieuw inlezen"):
            await self.reingest(context)
            return
        await context.send_activity(Activity(type=ActivityTypes.typing))
        language = detect_language(question) if question else "nl"
        try:
            threaded = ";messageid=" in (activity.conversation.id or "")  # a reply thread in a channel
            reply = await asyncio.to_thread(self.assistant.ask, question, self.person(activity), f"teams:{activity.conversation.id}",
                                            None if threaded else CHAT_CONTEXT_WINDOW)
        except Exception:
            log.exception("answering a Teams message failed")
            await context.send_activity(_card_message(cards.notice_card(text("error", language))))
            return
        if reply.kind != "answer":
            await context.send_activity(_card_message(cards.notice_card(text(reply.kind, reply.language).replace("_", ""))))
            return
        await context.send_activity(_card_message(cards.answer_card(reply.answer, reply.answer_id, self.settings.contact_in(reply.language))))

    async def reingest(self, context: TurnContext) -> None:
        person = self.person(context.activity)
        if not person.is_admin:
            await context.send_activity(_card_message(cards.notice_card(text("not_admin"))))
            return
        await context.send_activity(MessageFactory.text(text("ingest_started")))
        await self._ingest(context, person, None)

    async def ingest_files(self, context: TurnContext, files) -> None:
        person = self.person(context.activity)
        if not person.is_admin:
            await context.send_activity(_card_message(cards.notice_card(text("not_admin"))))
            return
        paths, problems = [], []
        for attachment in files:
            name = attachment.name or "document"
            if not is_supported(name):
                problems.append(text("file_unsupported", name=name))
                continue
            try:
                data, _ = await download((attachment.content or {}).get("downloadUrl", ""), self.settings.max_file_bytes)
            except DownloadError as exc:
                problems.append(text("file_download_failed", name=name, reason=str(exc)))
                continue
            paths.append(await asyncio.to_thread(self.assistant.save_upload, person, name, data))
        for problem in problems:
            await context.send_activity(_card_message(cards.notice_card(problem)))
        if paths:
            await context.send_activity(MessageFactory.text(text("ingest_started")))
            await self._ingest(context, person, paths)

    async def _ingest(self, context: TurnContext, person: Person, paths) -> None:
        try:
            report = await asyncio.to_thread(self.assistant.ingest, person, paths)
            message = _card_message(cards.ingest_report_card(report))
        except NotAllowed:
            message = _card_message(cards.notice_card(text("not_admin")))
        except IngestBusy:
            message = _card_message(cards.notice_card(text("ingest_busy")))
        except NothingToIngest:
            message = _card_message(cards.notice_card(text("nothing_to_ingest")))
        except Exception:
            log.exception("ingest from Teams failed")
            message = _card_message(cards.notice_card(text("ingest_failed")))
        await context.send_activity(message)

    # --- card actions --------------------------------------------------------------------------
    async def on_feedback(self, context: TurnContext, _state: TurnState, data: dict) -> AdaptiveCardInvokeResponse:
        try:
            vote = 1 if int(data.get("vote", 0)) > 0 else -1
            stored = await asyncio.to_thread(self.assistant.vote, int(data["answer"]), self.person(context.activity), vote)
            message = text("thanks_up" if vote > 0 else "thanks_down") if stored else text("vote_gone")
        except (KeyError, TypeError, ValueError):
            return _message_response(text("vote_gone"), HTTPStatus.BAD_REQUEST)
        except DatabaseUnavailable:
            log.exception("storing a Teams vote failed")
            message = text("error")
        return _message_response(message.replace(":+1:", "👍"))

    async def on_survey(self, context: TurnContext, _state: TurnState, data: dict) -> AdaptiveCardInvokeResponse:
        """Store every answer on the card, then return the card as it is stored."""
        user = self.person(context.activity).user_id
        try:
            round_id = int(data["round"])
            info = await asyncio.to_thread(self.surveys.round, round_id)
        except (KeyError, TypeError, ValueError, SurveyError):
            return _message_response("Deze reflectieronde bestaat niet (meer).", HTTPStatus.BAD_REQUEST)
        completed_now = False
        try:
            for item in info.template.items:
                raw = data.get(item.id)
                if raw in (None, ""):
                    continue
                if item.on_scale:
                    progress = await asyncio.to_thread(self.surveys.answer, round_id, "teams", user, item.id, value=int(raw))
                else:
                    progress = await asyncio.to_thread(self.surveys.answer, round_id, "teams", user, item.id, text=str(raw))
                completed_now = completed_now or progress.just_completed
        except RoundClosed:
            return _card_response(cards.survey_card(info, {}, closed=True))
        except (SurveyError, ValueError) as exc:
            return _message_response(str(exc), HTTPStatus.BAD_REQUEST)
        answers = await asyncio.to_thread(self.surveys.answers_of, round_id, "teams", user)
        required = [i.id for i in info.template.statements]
        done = sum(1 for i in required if i in answers)
        status = (f"Dank je wel! Al je antwoorden zijn opgeslagen ({done} van {len(required)})." if done == len(required)
                  else f"Opgeslagen: {done} van {len(required)} stellingen beantwoord.")
        return _card_response(cards.survey_card(info, answers, status=status))

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
