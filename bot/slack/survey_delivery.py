"""Reflection rounds in Slack: invitations, reminders and the report, sent by the scheduler
(a plain synchronous WebClient: the scheduler runs in its own threads)."""

from __future__ import annotations

import logging
from pathlib import Path

from slack_sdk import WebClient

from bot.slack.survey_blocks import survey_message
from surveys.report import Report
from surveys.service import Delivery, RoundInfo, SurveyService

log = logging.getLogger(__name__)


class SlackDeliverer:
    channel = "slack"

    def __init__(self, client: WebClient, surveys: SurveyService, report_channel: str = "") -> None:
        self._client = client
        self._surveys = surveys
        self._report_channel = report_channel
        self._bot_user: str | None = None

    def audience(self, info: RoundInfo) -> list[str]:
        """The configured people, plus the members of the configured channel (without the bot)."""
        spec = info.audience.get("slack", {})
        people = list(spec.get("users", []))
        if spec.get("channel"):
            cursor = None
            while True:
                page = self._client.conversations_members(channel=spec["channel"], cursor=cursor, limit=200)
                people.extend(page["members"])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        bot = self._bot_user_id()
        return [p for p in dict.fromkeys(people) if p != bot]

    def invite(self, info: RoundInfo, delivery: Delivery) -> dict:
        answers = self._surveys.answers_of(info.id, self.channel, delivery.address)
        fallback, blocks = survey_message(info, answers)
        sent = self._client.chat_postMessage(channel=delivery.address, text=fallback, blocks=blocks)
        return {"channel": sent["channel"], "ts": sent["ts"]}

    def remind(self, info: RoundInfo, delivery: Delivery) -> None:
        answers = self._surveys.answers_of(info.id, self.channel, delivery.address)
        fallback, blocks = survey_message(info, answers, reminder=True)
        self._client.chat_postMessage(channel=delivery.address, text=fallback, blocks=blocks)

    def post_report(self, report: Report, files: list[Path]) -> None:
        if not self._report_channel:
            log.info("no SURVEY_REPORT_SLACK_CHANNEL: the report of round %s stays in the data dir", report.info.id)
            return
        uploads = [{"file": str(p), "filename": p.name, "title": _title(p)} for p in files if p.suffix in (".png", ".csv")]
        self._client.files_upload_v2(channel=self._report_channel, file_uploads=uploads, initial_comment=report.summary())

    def _bot_user_id(self) -> str | None:
        if self._bot_user is None:
            self._bot_user = self._client.auth_test().get("user_id")
        return self._bot_user


def _title(path: Path) -> str:
    return {"stellingen.png": "Resultaten per stelling", "trend.png": "Verloop over de rondes", "resultaten.csv": "Resultaten (CSV)"}.get(path.name, path.name)
