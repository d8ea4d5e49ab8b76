"""`samenspel slack`: the bot process. It owns the knowledge store, serves Slack, and runs the
scheduler (reflection rounds, nightly re-ingest) beside it."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.slack.app import build_slack_app
from bot.slack.server import SlackHttpServer, SlackSocketClient
from bot.slack.survey_delivery import SlackDeliverer
from samenspel.assistant import Assistant, NothingToIngest, Person
from samenspel.scheduler import Scheduler, build_runtime
from samenspel.settings import Settings
from surveys.service import SurveyService

log = logging.getLogger(__name__)
SCHEDULER = Person("schedule", "scheduler", is_admin=True)


class SlackBotProcess:
    def __init__(self, settings: Settings, assistant: Assistant, surveys: SurveyService, *, socket: bool, host: str, port: int) -> None:
        self.settings = settings
        self.assistant = assistant
        app = build_slack_app(assistant, settings, surveys=surveys)
        self.server = SlackSocketClient(app, settings.slack_app_token) if socket else SlackHttpServer(app, host, port)
        self.scheduler: Scheduler | None = None
        if settings.scheduler_enabled:
            client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
            deliverer = SlackDeliverer(client, surveys, settings.survey_report_slack_channel)
            runtime = build_runtime(settings, surveys, [deliverer], self.reingest)
            self.scheduler = Scheduler(runtime, settings.sql_url, survey_schedules=settings.survey_schedules,
                                       reingest_schedule=settings.reingest_schedule, tick_seconds=settings.scheduler_tick_seconds)

    def start(self) -> int | None:
        port = self.server.start()
        if self.scheduler:
            self.scheduler.start()
        return port

    def stop(self) -> None:
        if self.scheduler:
            self.scheduler.stop()
        self.server.stop()

    def reingest(self) -> None:
        """The nightly re-ingest of the configured folders and earlier uploads."""
        try:
            report = self.assistant.ingest(SCHEDULER)
        except NothingToIngest:
            return
        log.info("nightly re-ingest: %s", report.as_json()["summary"])
