"""The bot process: owns the knowledge store, serves Slack and/or Teams, and runs the one
scheduler (reflection and kleur-bekennen rounds, nightly re-ingest) with deliverers per channel."""

from __future__ import annotations

import logging

from assistant.core import Assistant, NothingToIngest, Person
from bot.index_follower import IndexFollower
from infra.local_time import use_timezone
from infra.settings import Settings
from registry.rounds import DeclarationRounds
from samenspel.scheduler import Scheduler, build_runtime
from surveys.service import SurveyService

log = logging.getLogger(__name__)
SCHEDULER = Person("schedule", "scheduler", is_admin=True)


class BotProcess:
    def __init__(self, settings: Settings, assistant: Assistant, surveys: SurveyService, rounds: DeclarationRounds | None = None) -> None:
        use_timezone(settings.timezone)  # every time shown in chat is in the collaboration's zone
        self.settings = settings
        self.assistant = assistant
        self.surveys = surveys
        self.rounds = rounds
        self.servers: list = []
        self.deliverers: list = []
        self.kleur_deliverers: list = []
        self.overview_deliverers: list = []
        self.endpoints: list[str] = []
        self.scheduler: Scheduler | None = None
        self.follower: IndexFollower | None = None

    def add_slack(self, *, socket: bool, host: str, port: int) -> None:
        from slack_sdk import WebClient

        from bot.slack.app import build_slack_app
        from bot.slack.kleur_delivery import SlackKleurDeliverer
        from bot.slack.overview_delivery import SlackOverviewDeliverer
        from bot.slack.server import EVENTS_PATH, SlackHttpServer, SlackSocketClient
        from bot.slack.survey_delivery import SlackDeliverer

        app = build_slack_app(self.assistant, self.settings, surveys=self.surveys, rounds=self.rounds)
        server = SlackSocketClient(app, self.settings.slack_app_token) if socket else SlackHttpServer(app, host, port)
        self.servers.append(("Slack (Socket Mode)" if socket else f"Slack http://{host}:{{port}}{EVENTS_PATH}", server))
        client = WebClient(token=self.settings.slack_bot_token, base_url=self.settings.slack_api_url)
        self.deliverers.append(SlackDeliverer(client, self.surveys, self.settings.survey_report_slack_channel))
        if self.rounds is not None:
            self.kleur_deliverers.append(SlackKleurDeliverer(client, self.rounds, self.settings.registry_report_slack_channel))
        self.overview_deliverers.append(SlackOverviewDeliverer(client, self.settings.overview_slack_channel))

    def add_teams(self, *, host: str, port: int, auth=None) -> None:
        from bot.teams.app import TeamsBot
        from bot.teams.auth import teams_auth
        from bot.teams.kleur_delivery import TeamsKleurDeliverer
        from bot.teams.overview_delivery import TeamsOverviewDeliverer
        from bot.teams.references import ConversationStore
        from bot.teams.server import MESSAGES_PATH, TeamsServer, build_adapter
        from bot.teams.survey_delivery import TeamsDeliverer, TeamsSender

        auth = auth or teams_auth(self.settings)
        conversations = ConversationStore(self.assistant.db)
        agent = TeamsBot(self.assistant, self.settings, conversations, self.surveys, self.rounds, app_id=auth.app_id).build(auth.connections)
        adapter = build_adapter(auth)
        server = TeamsServer(agent, adapter, auth, host, port)
        self.servers.append((f"Teams http://{host}:{{port}}{MESSAGES_PATH}", server))
        self.deliverers.append(TeamsDeliverer(adapter, auth.app_id, server.loop, conversations, self.surveys,
                                              self.settings.survey_report_teams_conversation))
        sender = TeamsSender(adapter, auth.app_id, server.loop, conversations)
        if self.assistant.audiences is not None:
            from bot.teams.membership import TeamsMembership

            self.assistant.audiences.memberships["teams"] = TeamsMembership(adapter, auth.app_id, server.loop, conversations)
        if self.rounds is not None:
            self.kleur_deliverers.append(TeamsKleurDeliverer(sender, self.rounds, self.settings.registry_report_teams_conversation))
        self.overview_deliverers.append(TeamsOverviewDeliverer(sender, self.settings.overview_teams_conversation))

    def start(self) -> list[str]:
        """Start following the store, the servers, then the scheduler; returns where each one listens."""
        self.follower = IndexFollower(self.assistant.knowledge.retriever, self.settings.index_follow_seconds)
        self.follower.start()
        for label, server in self.servers:
            port = server.start()
            self.endpoints.append(label.format(port=port))
        if self.settings.scheduler_enabled and self.deliverers:
            runtime = build_runtime(self.settings, self.surveys, self.deliverers, self.reingest,
                                    rounds=self.rounds, kleur_deliverers=self.kleur_deliverers, overview=self.send_overview)
            self.scheduler = Scheduler(runtime, self.settings.sql_url, survey_schedules=self.settings.survey_schedules,
                                       kleur_schedules=self.settings.registry_round_schedules,
                                       overview_schedules=self.settings.overview_schedules,
                                       reingest_schedule=self.settings.reingest_schedule, tick_seconds=self.settings.scheduler_tick_seconds)
            self.scheduler.start()
        return self.endpoints

    def stop(self) -> None:
        if self.scheduler:
            self.scheduler.stop()
        for _label, server in reversed(self.servers):
            server.stop()
        if self.follower:
            self.follower.stop()

    def send_overview(self, now) -> None:
        """The scheduled regiekamer overview: the last OVERVIEW_PERIOD_DAYS whole days, to every channel."""
        from overview.service import period_ending
        from samenspel.wiring import open_overview

        start, end = period_ending(now, self.settings.overview_period_days)
        maker = open_overview(self.settings, self.assistant.db, lambda: self.assistant.overview().documents)
        files = maker.make_and_deliver(start, end, self.overview_deliverers)
        log.info("regiekamer overview written: %s", files.pdf)

    def reingest(self) -> None:
        """The nightly re-ingest of the configured folders and earlier uploads."""
        try:
            report = self.assistant.ingest(SCHEDULER)
        except NothingToIngest:
            return
        log.info("nightly re-ingest: %s", report.as_json()["summary"])
