"""The Slack channel: Bolt listeners that turn mentions, DMs, the slash command, buttons and files
into one call of the assistant each, and render the result with bot.slack.blocks.

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

from assistant.core import Assistant, IngestBusy, NotAllowed, NothingToIngest, Person, is_supported
from bot.slack import blocks as render
from bot.slack import survey_blocks as survey_ui
from bot.slack.files import DownloadError, fetch_file
from bot.texts import text
from infra.database import DatabaseUnavailable
from infra.settings import Settings
from surveys.service import RoundClosed, SurveyError, SurveyService
from text.language import detect_language

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
) -> AsyncApp:
    """The Bolt app; `client` and `authorize` let tests and operators point it elsewhere."""
    client = client or AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    app = AsyncApp(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        authorize=authorize,
        raise_error_for_unhandled_request=False,
    )
    SlackBot(assistant, settings, surveys).register(app)
    return app


class SlackBot:
    def __init__(self, assistant: Assistant, settings: Settings, surveys: SurveyService | None = None) -> None:
        self.assistant = assistant
        self.settings = settings
        self.surveys = surveys
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
        return Person("slack", user_id, user_id in self.settings.slack_admin_user_ids)

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
        """Post 'even zoeken…' at once, then replace it with the answer (or a friendly error)."""
        language = detect_language(question) if question else "nl"
        fallback, blocks = render.working(language)
        placeholder = await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fallback, blocks=blocks)
        try:
            reply = await asyncio.to_thread(self.assistant.ask, question, self.person(user), conversation)
            fallback, blocks = render.reply_message(reply, self.settings.contact_in(reply.language))
        except Exception:
            log.exception("answering a question in %s failed", channel)
            fallback, blocks = render.plain(text("error", language))
        await client.chat_update(channel=placeholder["channel"], ts=placeholder["ts"], text=fallback, blocks=blocks)

    async def on_command(self, ack, command: dict, client: AsyncWebClient, respond) -> None:
        words = command.get("text", "").strip()
        first = words.split()[0].lower() if words else ""
        user = command["user_id"]
        if first in ("", "help", "hulp"):
            overview = await asyncio.to_thread(self.assistant.overview)
            fallback, blocks = render.help_message(overview)
            await ack(text=fallback, blocks=blocks)
            return
        if first in ("ingest", "inlezen"):
            await self.command_ingest(ack, client, user, prune=any(w in words for w in ("--prune", "opschonen")))
            return
        language = detect_language(words)
        await ack(text=text("working", language))
        try:
            reply = await asyncio.to_thread(self.assistant.ask, words, self.person(user), None)
            fallback, blocks = render.reply_message(reply, self.settings.contact_in(reply.language), shareable=True)
        except Exception:
            log.exception("answering a slash command failed")
            fallback, blocks = render.plain(text("error", language))
        try:
            await client.chat_postEphemeral(channel=command["channel_id"], user=user, text=fallback, blocks=blocks)
        except SlackApiError as exc:  # e.g. a channel the bot is not in: the response URL always works
            log.info("chat.postEphemeral failed (%s); answering through the response URL", _slack_error(exc))
            await respond(text=fallback, blocks=blocks, response_type="ephemeral")

    # --- feedback and sharing -----------------------------------------------------------------
    async def on_vote(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        vote = 1 if action["action_id"] == "feedback_up" else -1
        language = "nl"
        stored = False
        try:
            answer_id = int(action["value"])
            stored = await asyncio.to_thread(self.assistant.vote, answer_id, self.person(user), vote)
            message = text("thanks_up" if vote > 0 else "thanks_down", language) if stored else text("vote_gone", language)
        except (ValueError, DatabaseUnavailable):
            log.exception("storing a vote failed")
            message = text("error", language)
        channel = _channel_of(body)
        thread_ts = (body.get("message") or {}).get("thread_ts")
        if vote < 0 and stored and body.get("trigger_id"):
            # Ask what was missing; the thank-you follows the answer (or nothing, if they close it).
            await client.views_open(trigger_id=body["trigger_id"], view=render.why_modal(answer_id, channel, thread_ts))
            return
        if channel:
            await client.chat_postEphemeral(channel=channel, user=user, text=message, thread_ts=thread_ts)

    async def on_why_not_helpful(self, ack, body: dict, view: dict, client: AsyncWebClient) -> None:
        await ack()
        meta = json.loads(view["private_metadata"])
        comment = view["state"]["values"]["why"]["text"].get("value") or ""
        user = body["user"]["id"]
        try:
            if comment.strip():
                await asyncio.to_thread(self.assistant.comment, int(meta["a"]), self.person(user), comment)
            message = text("thanks_down")
        except DatabaseUnavailable:
            log.exception("storing a feedback comment failed")
            message = text("error")
        if meta.get("c"):
            await client.chat_postEphemeral(channel=meta["c"], user=user, text=message, thread_ts=meta.get("t"))

    async def on_share(self, ack, body: dict, action: dict, client: AsyncWebClient, respond) -> None:
        """Post a privately given answer in the channel, for everyone, with its own feedback buttons."""
        await ack()
        user = body["user"]["id"]
        answer_id = int(action["value"])
        stored = await asyncio.to_thread(self.assistant.stored_answer, answer_id)
        if stored is None:
            await respond(text=text("vote_gone"), response_type="ephemeral", replace_original=False)
            return
        question, answer = stored
        intro = text("shared_by", answer.language, user=user, question=render.escape(question))
        fallback, blocks = render.answer_message(answer, answer_id, self.settings.contact_in(answer.language), intro=intro)
        try:
            await client.chat_postMessage(channel=_channel_of(body), text=fallback, blocks=blocks)
        except SlackApiError as exc:
            log.info("sharing failed: %s", _slack_error(exc))
            message = "Ik kan hier niet posten. Nodig me eerst uit met `/invite @Samenspel`."
            await respond(text=message, response_type="ephemeral", replace_original=False)
            return
        await respond(delete_original=True)

    # --- knowledge management -----------------------------------------------------------------
    async def command_ingest(self, ack, client: AsyncWebClient, user: str, *, prune: bool) -> None:
        person = self.person(user)
        if not person.is_admin:
            await ack(text=text("not_admin"))
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
        if not person.is_admin:
            await client.chat_postMessage(channel=channel, text=text("not_admin"))
            return
        status = await client.chat_postMessage(channel=channel, text=text("ingest_started"))
        try:
            info = (await client.files_info(file=event["file_id"]))["file"]
            name = info.get("name") or event["file_id"]
            problem = self._refuse_file(name, int(info.get("size") or 0))
            if problem:
                await client.chat_update(channel=status["channel"], ts=status["ts"], text=problem, blocks=render.plain(problem)[1])
                return
            data = await fetch_file(info, client.token, self.settings.max_file_bytes)
            path = await asyncio.to_thread(self.assistant.save_upload, person, name, data)
        except (DownloadError, SlackApiError) as exc:
            reason = _slack_error(exc) if isinstance(exc, SlackApiError) else str(exc)
            message = text("file_download_failed", name=event.get("file_id"), reason=reason)
            await client.chat_update(channel=status["channel"], ts=status["ts"], text=message, blocks=render.plain(message)[1])
            return
        await self.run_ingest(client, status["channel"], status["ts"], person, [path], prune=False)

    def _refuse_file(self, name: str, size: int) -> str | None:
        if not is_supported(name):
            return text("file_unsupported", name=name)
        if size > self.settings.max_file_bytes:
            return text("file_too_large", name=name, limit=f"{self.settings.max_file_mb:g}")
        return None

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

        try:
            report = await asyncio.to_thread(self.assistant.ingest, person, paths, prune=prune, progress=progress)
            fallback, blocks = render.ingest_report(report)
        except NotAllowed:
            fallback, blocks = render.plain(text("not_admin"))
        except IngestBusy:
            fallback, blocks = render.plain(text("ingest_busy"))
        except NothingToIngest:
            fallback, blocks = render.plain(text("nothing_to_ingest"))
        except Exception:
            log.exception("ingest from Slack failed")
            fallback, blocks = render.plain(text("ingest_failed"))
        # A progress update still on its way must not land after (and over) the report.
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending), return_exceptions=True)
        await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)

    async def on_home_opened(self, event: dict, client: AsyncWebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        overview = await asyncio.to_thread(self.assistant.overview)
        rounds = await asyncio.to_thread(self.surveys.rounds, "open") if self.surveys else []
        await client.views_publish(user_id=event["user"], view=render.home_view(overview, rounds))

    # --- reflection rounds ----------------------------------------------------------------------
    async def on_survey_answer(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        round_id, item_id, value = survey_ui.parse_value(action["value"])
        await self._store_survey_answer(client, body["user"]["id"], round_id, item_id, _message_of(body), value=value)

    async def on_survey_open(self, ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await ack()
        round_id, item_id, _ = survey_ui.parse_value(action["value"])
        user = body["user"]["id"]
        info = await asyncio.to_thread(self.surveys.round, round_id)
        answers = await asyncio.to_thread(self.surveys.answers_of, round_id, "slack", user)
        channel, ts = _message_of(body)
        modal = survey_ui.open_question_modal(info, item_id, str(answers.get(item_id, "")), channel, ts)
        await client.views_open(trigger_id=body["trigger_id"], view=modal)

    async def on_survey_text(self, ack, body: dict, view: dict, client: AsyncWebClient) -> None:
        await ack()  # closes the modal; what happened next is shown in the survey message itself
        meta = json.loads(view["private_metadata"])
        text_value = view["state"]["values"]["answer"]["text"].get("value") or ""
        await self._store_survey_answer(client, body["user"]["id"], int(meta["r"]), meta["i"], (meta["c"], meta["t"]), written=text_value)

    async def _store_survey_answer(self, client: AsyncWebClient, user: str, round_id: int, item_id: str, message, *, value=None, written=None) -> None:
        """Store first, then show: the message reflects what the database holds."""
        channel, ts = message
        try:
            progress = await asyncio.to_thread(self.surveys.answer, round_id, "slack", user, item_id, value=value, text=written)
        except SurveyError as exc:
            await client.chat_postEphemeral(channel=channel, user=user, text=str(exc))
            if isinstance(exc, RoundClosed):
                info = await asyncio.to_thread(self.surveys.round, round_id)
                fallback, blocks = survey_ui.survey_message(info, {}, closed=True)
                await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
            return
        except Exception:
            log.exception("storing a survey answer failed")
            await client.chat_postEphemeral(channel=channel, user=user, text=text("error"))
            return
        info = await asyncio.to_thread(self.surveys.round, round_id)
        answers = await asyncio.to_thread(self.surveys.answers_of, round_id, "slack", user)
        fallback, blocks = survey_ui.survey_message(info, answers)
        await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
        if progress.just_completed:
            await client.chat_postMessage(channel=channel, text=survey_ui.thanks(info))

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


def _channel_of(body: dict) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
