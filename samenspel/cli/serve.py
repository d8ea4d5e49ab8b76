"""`samenspel slack | teams | teams-package | slack-manifest`: serving the chat channels (and the scheduler)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from infra.settings import Settings
from samenspel.cli import common
from samenspel.cli.common import app, fail, load_settings, out


@app.command()
def slack(
    socket: Annotated[bool, typer.Option("--socket", help="Socket Mode (SLACK_APP_TOKEN) in plaats van HTTP")] = False,
    host: Annotated[Optional[str], typer.Option("--adres", "--host", help="Adres om op te luisteren (standaard SLACK_HOST)")] = None,
    port: Annotated[Optional[int], typer.Option("--poort", "--port", help="Poort (standaard SLACK_PORT)")] = None,
    teams: Annotated[bool, typer.Option("--teams", help="Start in hetzelfde proces ook de Teams-bot")] = False,
) -> None:
    """Start de Slack-bot: HTTP (events, commando's en knoppen op /slack/events) of Socket Mode."""
    _serve(slack_on=True, socket=socket, slack_host=host, slack_port=port, teams_on=teams)


@app.command("teams")
def teams_command(
    host: Annotated[Optional[str], typer.Option("--adres", "--host", help="Adres om op te luisteren (standaard TEAMS_HOST)")] = None,
    port: Annotated[Optional[int], typer.Option("--poort", "--port", help="Poort (standaard TEAMS_PORT)")] = None,
    slack_too: Annotated[bool, typer.Option("--slack", help="Start in hetzelfde proces ook de Slack-bot (HTTP)")] = False,
) -> None:
    """Start de Teams-bot: /api/messages (Microsoft 365 Agents SDK)."""
    _serve(slack_on=slack_too, socket=False, teams_on=True, teams_host=host, teams_port=port)


def _serve(*, slack_on: bool, socket: bool, teams_on: bool, slack_host=None, slack_port=None, teams_host=None, teams_port=None) -> None:
    """One process owns the store and runs every chat channel asked for, plus the scheduler."""
    settings = load_settings()
    if slack_on:
        problem = _slack_settings_problem(settings, socket)
        if problem:
            fail(problem)
    from infra.database import DatabaseUnavailable
    from samenspel.serve import BotProcess
    from samenspel.wiring import open_services

    auth = None
    if teams_on:
        from bot.teams.auth import TeamsConfigError, teams_auth

        try:
            auth = teams_auth(settings)
        except TeamsConfigError as exc:
            fail(str(exc))
    with common.open_core(settings) as knowledge:
        try:
            services = open_services(settings, knowledge)
        except (DatabaseUnavailable, ValueError) as exc:
            fail(str(exc))
        knowledge.retriever.warm_up()  # index and sentence model ready before the first question
        process = BotProcess(settings, services.assistant, services.surveys, services.rounds)
        if slack_on:
            process.add_slack(socket=socket, host=slack_host or settings.slack_host, port=slack_port or settings.slack_port)
        if teams_on:
            process.add_teams(host=teams_host or settings.teams_host, port=teams_port or settings.teams_port, auth=auth)
        try:
            endpoints = process.start()
        except ValueError as exc:  # e.g. a cron expression that does not parse
            process.stop()
            fail(str(exc))
        out.print(f"Samenspel draait: {'; '.join(endpoints)}. Stoppen: Ctrl-C.")
        try:
            _wait_for_stop()
        finally:
            process.stop()
            services.close()


@app.command("teams-package")
def teams_package(
    out_file: Annotated[Path, typer.Option("--naar", "--out", help="Het zip-bestand")] = Path("samenspel-teams.zip"),
    app_id: Annotated[Optional[str], typer.Option("--app-id", help="App-id (GUID) van de botregistratie (standaard TEAMS_APP_ID)")] = None,
    website: Annotated[Optional[str], typer.Option("--website", help="https-adres van jullie website (standaard TEAMS_APP_WEBSITE)")] = None,
    version: Annotated[str, typer.Option("--versie", "--version", help="Versie van het app-pakket")] = "1.0.0",
) -> None:
    """Maak het Teams-app-pakket (manifest.json en iconen, gezipt) om in Teams te uploaden."""
    from bot.teams.package import PackageError, build_package

    settings = load_settings()
    try:
        path = build_package(
            app_id or settings.teams_app_id or "", out_file, website=website or settings.teams_app_website,
            privacy_url=settings.teams_app_privacy_url, terms_url=settings.teams_app_terms_url, version=version,
        )
    except PackageError as exc:
        fail(str(exc))
    out.print(f"Teams-app-pakket geschreven: {path}")


def _slack_settings_problem(settings: Settings, socket: bool) -> str | None:
    if not settings.slack_bot_token:
        return "zet SLACK_BOT_TOKEN (xoxb-…), zie README: Slack installeren"
    if socket and not settings.slack_app_token:
        return "Socket Mode heeft SLACK_APP_TOKEN nodig (xapp-…, met de scope connections:write)"
    if not socket and not settings.slack_signing_secret:
        return "zet SLACK_SIGNING_SECRET: zonder handtekeningcontrole neemt de bot geen verzoeken aan"
    return None


def _wait_for_stop() -> None:
    import signal
    import threading

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass


@app.command("slack-manifest")
def slack_manifest(
    url: Annotated[Optional[str], typer.Option("--url", help="Publiek adres van de bot, bv. https://samenspel.example.nl")] = None,
    socket: Annotated[bool, typer.Option("--socket", help="Manifest voor Socket Mode (geen publiek adres nodig)")] = False,
) -> None:
    """Print het Slack-app-manifest, klaar om te plakken bij 'Create New App → From an app manifest'."""
    from bot.slack.manifest import render_manifest

    if not socket and not url:
        fail("geef --url https://… (het publieke adres van de bot) of --socket")
    sys.stdout.write(render_manifest(url, socket))
