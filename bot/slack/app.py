"""The Slack channel: Bolt listeners that turn mentions, DMs, the slash command, buttons and files
into one call of the conversation core (bot.conversation) each, and render the result with
bot.slack.blocks. What to answer, who may do what and what to say when something fails is decided
there, once for every channel; here only Slack's ways of showing it.

Every listener acknowledges at once (Bolt does so before the work for events; commands and actions
call ack() first) and does the work afterwards, so Slack always gets its answer within 3 seconds.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from assistant.core import Assistant, Person
from bot.conversation import Conversation, Ingested
from bot.slack import blocks as render
from bot.slack import survey_blocks as survey_ui
from bot.slack.files import DownloadError, fetch_file
from bot.slack.kleur import KleurHandlers
from bot.texts import text
from infra.settings import Settings
from registry.rounds import DeclarationRounds
from surveys.service import SurveyService

log = logging.getLogger(__name__)

COMMAND = "/samenspel"
PROGRESS_INTERVAL_SECONDS = 1.5


def build_slack_app(
    assistant: Assistant,
    settings: Settings,
    *,
    client: AsyncWebClient | None = None,
    authorize: Callable[..., Awaitable] | None = None,
    surveys: SurveyService | None = None,
    rounds: DeclarationRounds | None = None,
) -> AsyncApp:
    """The Bolt app; `client` and `authorize` let tests and operators point it elsewhere."""
    client = client or AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    app = AsyncApp(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        authorize=authorize,
        raise_error_for_unhandled_request=False,
    )
    conversation = Conversation(assistant, settings, surveys, rounds)
    if assistant.audiences is not None and "slack" not in assistant.audiences.memberships:
        from slack_sdk import WebClient

        from bot.slack.membership import SlackMembership

        assistant.audiences.memberships["slack"] = SlackMembership(WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url))
    SlackBot(conversation).register(app)
    KleurHandlers(conversation).register(app)
    return app


class SlackBot:
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self._seen_events = RecentIds()

    def register(self, app: AsyncApp) -> None:
        app.middleware(self.skip_redelivered_events)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("file_shared")(self.on_file_shared)
        app.event("app_home_opened")(self.on_home_opened)
        app.command(COMMAND)(self.on_command)
        app.action("feedback_up")(self.on_vote)
        app.action("feedback_down")(self.on_vote)
        app.action("share_answer")(self.on_share)
        app.action(survey_ui.ANSWER_ACTION)(self.on_survey_answer)
        app.action(survey_ui.OPEN_ACTION)(self.on_survey_open)
        app.view(survey_ui.OPEN_CALLBACK)(self.on_survey_text)
        app.view(render.WHY_CALLBACK)(self.on_why_not_helpful)
        app.error(self.on_error)

    async def skip_redelivered_events(self, body: dict, context, next) -> None:
        """Slack delivers an event again when it thinks the first delivery failed: answer once."""
        event_id = body.get("event_id")
        if event_id and not self._seen_events.add(event_id):
            log.info("event %s delivered again; already handled", event_id)
            return await context.ack()
        return await next()

    def person(self, user_id: str) -> Person:
        return self.conversation.person("slack", user_id)

    # --- asking -------------------------------------------------------------------------
    async def on_mention(self, event: dict, client: AsyncWebClient, context) -> None:
        if _from_a_bot(event):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        question = clean_question(event.get("text", ""), context.bot_user_id)
        await self.answer_in(client, event["channel"], thread_ts, question, event["user"], f"slack:{event['channel']}:{thread_ts}")

    async def on_message(self, event: dict, client: AsyncWebClient, context) -> None:
        """Direct messages only; edits, joins, file shares (see on_file_shared) and bots are skipped."""
        if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event):
            return
        thread_ts = event.get("thread_ts")
        conversation = f"slack:{event['channel']}:{thread_ts}" if thread_ts else None
        question = clean_question(event.get("text", ""), context.bot_user_id)
        await self.answer_in(client, event["channel"], thread_ts, question, event["user"], conversation)

    async def answer_in(
        self, client: AsyncWebClient, channel: str, thread_ts: str | None, question: str, user: str, conversation: str | None
    ) -> None:
        """Post 'even zoeken…' at once, then replace it with the answer (or a friendly error);
        "deelname …" shows the matrix here too, as in Teams."""
        asked = self.conversation.command_of(question)
        if asked and asked.name == "participation":
            fallback, blocks = render.participation_message(
                await asyncio.to_thread(self.conversation.participation, asked.argument, asked.language))
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fallback, blocks=blocks)
            return
        if asked and asked.name == "audience":
            notice = await asyncio.to_thread(self.conversation.set_audience, self.person(user), asked)
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=notice.text, blocks=render.plain(notice.text)[1])
            return
        fallback, blocks = render.working(self.conversation.language_of(question))
        placeholder = await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fallback, blocks=blocks)
        turn = await asyncio.to_thread(self.conversation.ask, question, self.person(user), conversation, None, _place(channel))
        fallback, blocks = render.turn_message(turn)
        await client.chat_update(channel=placeholder["channel"], ts=placeholder["ts"], text=fallback, blocks=blocks)

    async def on_command(self, ack, command: dict, client: AsyncWebClient, respond) -> None:
        words = command.get("text", "").strip()
        user = command["user_id"]
        asked = self.conversation.command_of(words)
        if not words or (asked and asked.name == "help"):  # the bare command shows the help too (only to the asker)
            overview = await asyncio.to_thread(self.conversation.help, self.person(user))
            fallback, blocks = render.help_message(overview)
            await ack(text=fallback, blocks=blocks)
            return
        if asked and asked.name == "ingest":
            await self.command_ingest(ack, client, user, prune=asked.prune)
            return
        if asked and asked.name == "audience":
            notice = await asyncio.to_thread(self.conversation.set_audience, self.person(user), asked)
            await ack(text=notice.text)
            return
        if asked and asked.name == "participation":
            fallback, blocks = render.participation_message(
                await asyncio.to_thread(self.conversation.participation, asked.argument, asked.language))
            await ack(text=fallback, blocks=blocks)
            return
        await ack(text=text("working", self.conversation.language_of(words)))
        turn = await asyncio.to_thread(self.conversation.ask, words, self.person(user), None)
        fallback, blocks = render.turn_message(turn, shareable=True)
        try:
            await client.chat_postEphemeral(channel=command["channel_id"], user=user, text=fallback, blocks=blocks)
        except SlackApiError as exc:  # e.g. a channel the bot is not in: the response URL always works
            log.info("chat.postEphemeral failed (%s); answering through the response URL", _slack_error(exc))
            await respond(text=fallback, blocks=blocks, response_type="ephemeral")

    # --- feedback and sharing -----------------------------------------------------------------
    async def on_vote(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        voted = await asyncio.to_thread(self.conversation.vote, action["value"], self.person(user), action["action_id"] == "feedback_up")
        channel = _channel_of(body)
        thread_ts = (body.get("message") or {}).get("thread_ts")
        if voted.ask_why and body.get("trigger_id"):
            # Ask what was missing; the thank-you follows the answer (or nothing, if they close it).
            await client.views_open(trigger_id=body["trigger_id"], view=render.why_modal(int(action["value"]), channel, thread_ts))
            return
        if channel:
            await client.chat_postEphemeral(channel=channel, user=user, text=voted.notice.text, thread_ts=thread_ts)

    async def on_why_not_helpful(self, ack, body: dict, view: dict, client: AsyncWebClient) -> None:
        await ack()
        meta = json.loads(view["private_metadata"])
        comment = view["state"]["values"]["why"]["text"].get("value") or ""
        user = body["user"]["id"]
        notice = await asyncio.to_thread(self.conversation.comment, meta["a"], self.person(user), comment)
        if meta.get("c"):
            await client.chat_postEphemeral(channel=meta["c"], user=user, text=notice.text, thread_ts=meta.get("t"))

    async def on_share(self, ack, body: dict, action: dict, client: AsyncWebClient, respond) -> None:
        """Post a privately given answer in the channel, for everyone, with its own feedback buttons."""
        await ack()
        user = body["user"]["id"]
        answer_id = int(action["value"])
        channel = _channel_of(body)
        stored = await asyncio.to_thread(self.conversation.assistant.stored_answer, answer_id)
        if stored is None:
            await respond(text=text("vote_gone"), response_type="ephemeral", replace_original=False)
            return
        allowed = await asyncio.to_thread(self.conversation.assistant.stored_answer, answer_id, self.person(user), _place(channel or ""))
        if allowed is None:  # it quotes a document not every member of the channel may read: told to the sharer only
            await respond(text=text("share_not_here", stored[1].language), response_type="ephemeral", replace_original=False)
            return
        question, answer = stored
        intro = render.shared_by(user, question, answer.language)
        fallback, blocks = render.answer_message(answer, answer_id, self.conversation.settings.contact_in(answer.language), intro=intro)
        try:
            await client.chat_postMessage(channel=channel, text=fallback, blocks=blocks)
        except SlackApiError as exc:
            log.info("sharing failed: %s", _slack_error(exc))
            message = "Ik kan hier niet posten. Nodig me eerst uit met `/invite @Samenspel`."
            await respond(text=message, response_type="ephemeral", replace_original=False)
            return
        await respond(delete_original=True)

    # --- knowledge management -----------------------------------------------------------------
    async def command_ingest(self, ack, client: AsyncWebClient, user: str, *, prune: bool) -> None:
        person = self.person(user)
        refused = self.conversation.refuse_change(person)
        if refused:
            await ack(text=refused.text)
            return
        await ack(text=text("ingest_started"))
        status = await client.chat_postMessage(channel=user, text=text("ingest_started"))
        await self.run_ingest(client, status["channel"], status["ts"], person, None, prune=prune)

    async def on_file_shared(self, event: dict, client: AsyncWebClient) -> None:
        """A file sent to the bot in a DM: administrators' files are fetched and ingested."""
        channel = event.get("channel_id", "")
        if not channel.startswith("D"):
            return  # files shared in channels are not meant for the knowledge base
        person = self.person(event.get("user_id", ""))
        refused = self.conversation.refuse_change(person)
        if refused:
            await client.chat_postMessage(channel=channel, text=refused.text)
            return
        status = await client.chat_postMessage(channel=channel, text=text("ingest_started"))
        try:
            info = (await client.files_info(file=event["file_id"]))["file"]
            name = info.get("name") or event["file_id"]
            refused = self.conversation.refuse_file(person, name, int(info.get("size") or 0))
            if refused:
                await client.chat_update(channel=status["channel"], ts=status["ts"], text=refused.text, blocks=render.plain(refused.text)[1])
                return
            data = await fetch_file(info, client.token, self.conversation.settings.max_file_bytes)
            path = await asyncio.to_thread(self.conversation.save_upload, person, name, data)
        except (DownloadError, SlackApiError) as exc:
            reason = _slack_error(exc) if isinstance(exc, SlackApiError) else str(exc)
            failed = self.conversation.download_failed(event.get("file_id"), reason)
            await client.chat_update(channel=status["channel"], ts=status["ts"], text=failed.text, blocks=render.plain(failed.text)[1])
            return
        await self.run_ingest(client, status["channel"], status["ts"], person, [path], prune=False)

    async def run_ingest(self, client: AsyncWebClient, channel: str, ts: str, person: Person, paths, *, prune: bool) -> None:
        """Ingest in a worker thread; the status message shows progress and then the report."""
        loop = asyncio.get_running_loop()
        last_update = [0.0]
        pending: list = []

        def progress(_name: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last_update[0] < PROGRESS_INTERVAL_SECONDS or done >= total:
                return
            last_update[0] = now
            fallback, blocks = render.ingest_progress(done, total)
            update = client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
            pending.append(asyncio.run_coroutine_threadsafe(update, loop))

        done = await asyncio.to_thread(self.conversation.ingest, person, paths, prune=prune, progress=progress)
        fallback, blocks = render.ingest_report(done.report) if isinstance(done, Ingested) else render.plain(done.text)
        # A progress update still on its way must not land after (and over) the report.
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending), return_exceptions=True)
        await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)

    async def on_home_opened(self, event: dict, client: AsyncWebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        overview = await asyncio.to_thread(self.conversation.help, self.person(event["user"]))
        surveys = self.conversation.surveys
        rounds = await asyncio.to_thread(surveys.rounds, "open") if surveys else []
        await client.views_publish(user_id=event["user"], view=render.home_view(overview, rounds))

    # --- reflection rounds ----------------------------------------------------------------------
    async def on_survey_answer(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        round_id, item_id, value = survey_ui.parse_value(action["value"])
        await self._store_survey_answer(client, body["user"]["id"], round_id, item_id, _message_of(body), value=value)

    async def on_survey_open(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        round_id, item_id, _ = survey_ui.parse_value(action["value"])
        state = await asyncio.to_thread(self.conversation.survey, round_id, self.person(body["user"]["id"]))
        channel, ts = _message_of(body)
        modal = survey_ui.open_question_modal(state.info, item_id, str(state.answers.get(item_id, "")), channel, ts)
        await client.views_open(trigger_id=body["trigger_id"], view=modal)

    async def on_survey_text(self, ack, body: dict, view: dict, client: AsyncWebClient) -> None:
        await ack()  # closes the modal; what happened next is shown in the survey message itself
        meta = json.loads(view["private_metadata"])
        text_value = view["state"]["values"]["answer"]["text"].get("value") or ""
        await self._store_survey_answer(client, body["user"]["id"], int(meta["r"]), meta["i"], (meta["c"], meta["t"]), written=text_value)

    async def _store_survey_answer(self, client: AsyncWebClient, user: str, round_id: int, item_id: str, message, *, value=None, written=None) -> None:
        """The message shows what the database holds after the answer; a problem is told privately."""
        channel, ts = message
        state = await asyncio.to_thread(self.conversation.answer_survey_item, round_id, self.person(user), item_id,
                                        value=value, written=written)
        if state.problem:
            await client.chat_postEphemeral(channel=channel, user=user, text=state.problem)
            if state.closed and state.info is not None:
                fallback, blocks = survey_ui.survey_message(state.info, {}, closed=True)
                await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
            return
        fallback, blocks = survey_ui.survey_message(state.info, state.answers)
        await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
        if state.just_completed:
            await client.chat_postMessage(channel=channel, text=survey_ui.thanks(state.info))

    async def on_error(self, error: Exception, body: dict) -> None:
        log.error("unhandled error in a Slack listener (%s)", body.get("type"), exc_info=error)


class RecentIds:
    """The ids seen in the last `keep` additions; enough to recognise Slack's retries."""

    def __init__(self, keep: int = 2000) -> None:
        self._order: deque[str] = deque()
        self._ids: set[str] = set()
        self._keep = keep

    def add(self, item: str) -> bool:
        """False when the id was seen before."""
        if item in self._ids:
            return False
        self._ids.add(item)
        self._order.append(item)
        if len(self._order) > self._keep:
            self._ids.discard(self._order.popleft())
        return True


_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def clean_question(raw: str, bot_user_id: str | None) -> str:
    """The question as typed: without the bot's own mention, Slack's escapes undone."""
    without_bot = _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), raw)
    return html.unescape(" ".join(without_bot.split()))


def _slack_error(exc: SlackApiError) -> str:
    try:
        return str(exc.response["error"])
    except (KeyError, TypeError):
        return f"HTTP {getattr(exc.response, 'status_code', '?')}"


def _from_a_bot(event: dict) -> bool:
    return bool(event.get("bot_id")) or event.get("subtype") == "bot_message" or not event.get("user")


def _message_of(body: dict) -> tuple[str, str]:
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    return channel, container.get("message_ts") or (body.get("message") or {}).get("ts")


def _place(channel: str) -> str | None:
    """Where everyone reads the answer: a channel or group chat; None for a direct message."""
    return None if not channel or channel.startswith("D") else f"slack:{channel}"


def _channel_of(body: dict) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
