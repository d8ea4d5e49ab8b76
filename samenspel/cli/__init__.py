"""The terminal channel: `samenspel ingest | ask | retrieve | sources | remove | demo`.

Thin: each command opens the knowledge core, makes one call and renders the result.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.render_terminal import render_answer, render_passages
from infra.errors import DatabaseUnavailable
from infra.local_time import shown, use_timezone, zone
from infra.locking import StoreBusyError
from infra.settings import Settings
from ingest.report import IngestReport, Outcome
from knowledge.errors import StoreMismatchError
from samenspel.batch import BatchError, read_batch

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Samenspel: vragen over de samenwerking, met bronnen.")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
DEMO_QUESTION = "Wat is de rol van de regiekamer?"


def _settings() -> Settings:
    from infra.logsafety import install

    settings = Settings()
    install(settings.log_level)
    use_timezone(settings.timezone)
    return settings


def _open(settings: Settings, *, fresh: bool = False):
    if not settings.uses_chroma_server:  # a busy store is refused before the slow imports, not after
        from infra.locking import StoreLock

        StoreLock(settings.lock_file, settings.store_lock_wait_seconds).ensure_free()
    from samenspel.wiring import open_knowledge

    return open_knowledge(settings, fresh=fresh)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]Fout:[/red] {message}")
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Bestanden of mappen (standaard: SAMENSPEL_DOCUMENT_DIRS)")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Verwijder documenten die niet meer in de opgegeven mappen staan")] = False,
    force: Annotated[bool, typer.Option("--force", help="Sta toe dat --prune meer dan INGEST_PRUNE_MAX_SHARE van de kennisbank verwijdert")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Gooi de kennisbank leeg en lees alles opnieuw in")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Rapport als JSON")] = False,
) -> None:
    """Lees documenten in (PDF, DOCX, HTML, Markdown, tekst); ongewijzigde worden overgeslagen."""
    settings = _settings()
    targets = list(paths or settings.document_dirs)
    if not targets:
        _fail("geef bestanden of mappen op, of zet SAMENSPEL_DOCUMENT_DIRS")
    with _open(settings, fresh=rebuild) as knowledge:
        with Progress(
            TextColumn("[bold]Inlezen[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=as_json or not err.is_terminal,
        ) as progress:
            task = progress.add_task("", total=None)

            def on_progress(name: str, done: int, total: int) -> None:
                progress.update(task, description=name, completed=done, total=total)

            report = knowledge.pipeline.ingest(targets, prune=prune, force=force, progress=on_progress)
    if as_json:
        out.print_json(json.dumps(report.as_json()))
    else:
        _print_report(report)
    raise typer.Exit(1 if report.failed else 0)


def _print_report(report: IngestReport) -> None:
    table = Table(show_header=True, header_style="bold")
    table.add_column("Bestand", overflow="fold")
    table.add_column("Resultaat")
    table.add_column("Passages", justify="right")
    table.add_column("Toelichting", overflow="fold")
    colours = {Outcome.FAILED: "red", Outcome.ADDED: "green", Outcome.CHANGED: "yellow", Outcome.REMOVED: "magenta", Outcome.KEPT: "red"}
    for f in report.files:
        colour = colours.get(f.outcome, "")
        label = f"[{colour}]{f.outcome.value}[/{colour}]" if colour else f.outcome.value
        table.add_row(f.source, label, str(f.chunks or ""), f.detail)
    out.print(table)
    summary = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    out.print(summary or "Geen bestanden gevonden.")
    for note in report.notes:
        out.print(f"[red]Let op:[/red] {note}")


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="Je vraag")] = None,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="JSONL met id en question; schrijft JSONL")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Stel een vraag; het antwoord komt met bronnen (document en pagina)."""
    settings = _settings()
    if batch is None and not question:
        _fail("stel een vraag, bijvoorbeeld: samenspel ask \"Wat doet de regiekamer?\"")
    questions, problems = _batch(batch) if batch else ([], [])
    with _open(settings) as knowledge:
        if batch:
            for q in questions:
                answer = knowledge.answerer.answer(q.question)
                sys.stdout.write(json.dumps({"id": q.id, **answer.as_json()}, ensure_ascii=False) + "\n")
        else:
            answer = knowledge.answerer.answer(question)
            if as_json:
                sys.stdout.write(json.dumps(answer.as_json(), ensure_ascii=False, indent=2) + "\n")
            else:
                out.print(render_answer(answer, settings.contact_in(answer.language)), markup=False)
    _report_problems(problems)


@app.command()
def retrieve(
    question: Annotated[Optional[str], typer.Argument(help="Je vraag")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Aantal passages")] = 5,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="JSONL met id en question; schrijft JSONL")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Toon de passages die het best bij een vraag passen."""
    settings = _settings()
    if batch is None and not question:
        _fail("geef een vraag of --batch BESTAND")
    questions, problems = _batch(batch) if batch else ([], [])
    with _open(settings) as knowledge:
        if batch:
            for q in questions:
                passages = knowledge.retriever.retrieve(q.question, k)
                sys.stdout.write(json.dumps({"id": q.id, "passages": [p.as_json() for p in passages]}, ensure_ascii=False) + "\n")
        else:
            passages = knowledge.retriever.retrieve(question, k)
            if as_json:
                sys.stdout.write(json.dumps({"passages": [p.as_json() for p in passages]}, ensure_ascii=False, indent=2) + "\n")
            else:
                out.print(render_passages(passages), markup=False)
    _report_problems(problems)


def _batch(path: Path):
    try:
        return read_batch(path)
    except BatchError as exc:
        _fail(str(exc))


def _report_problems(problems: list[str]) -> None:
    for problem in problems:
        err.print(f"[yellow]Overgeslagen:[/yellow] {problem}")
    if problems:
        raise typer.Exit(1)


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Welke documenten de kennisbank kent."""
    settings = _settings()
    with _open(settings) as knowledge:
        documents = sorted(knowledge.store.documents().values(), key=lambda d: d.source)
        last = knowledge.store.last_ingest()
    if as_json:
        sys.stdout.write(json.dumps({"documents": [d.as_json() for d in documents], "last_ingest": last}, ensure_ascii=False, indent=2) + "\n")
        return
    if not documents:
        out.print("De kennisbank is nog leeg. Lees documenten in met: samenspel ingest MAP")
        return
    # One document per block, the name on a line of its own: never cut off, whatever the width,
    # so `samenspel remove` can take it exactly as shown.
    for d in documents:
        details = " · ".join(str(v) for v in (d.title, d.extra.get("publisher", ""), d.extra.get("year", "")) if v)
        passages = f"{d.chunks} passages" if d.complete else f"{d.chunks} passages, onvolledig: lees het opnieuw in"
        out.print(d.source, style="bold", soft_wrap=True, markup=False)
        out.print(f"  {details} — {passages}", markup=False)
    if last:
        out.print(f"Laatst ingelezen: {last}")


@app.command()
def remove(source: Annotated[str, typer.Argument(help="Bestandsnaam zoals 'samenspel sources' die toont, of het pad van het bestand")]) -> None:
    """Haal een document uit de kennisbank."""
    from ingest.documents import DocumentLookupError, find_document

    settings = _settings()
    with _open(settings) as knowledge:
        try:
            name = find_document(knowledge.store.documents(), source)
        except DocumentLookupError as exc:
            _fail(str(exc), code=1)
        knowledge.pipeline.remove(name)
    out.print(f"{name} is verwijderd.")


@app.command()
def demo(question: Annotated[str, typer.Argument(help="De voorbeeldvraag")] = DEMO_QUESTION) -> None:
    """Lees de voorbeelddocumenten in (als de kennisbank leeg is) en beantwoord een voorbeeldvraag."""
    settings = _settings()
    with _open(settings) as knowledge:
        if knowledge.store.count() == 0:
            out.print(f"Voorbeelddocumenten inlezen uit {EXAMPLES_DIR} …")
            report = knowledge.pipeline.ingest([EXAMPLES_DIR])
            _print_report(report)
        out.print(f"\n[bold]Vraag:[/bold] {question}\n")
        answer = knowledge.answerer.answer(question)
        out.print(render_answer(answer, settings.contact_in(answer.language)), markup=False)


@app.command()
def slack(
    socket: Annotated[bool, typer.Option("--socket", help="Socket Mode (SLACK_APP_TOKEN) in plaats van HTTP")] = False,
    host: Annotated[Optional[str], typer.Option(help="Adres om op te luisteren (standaard SLACK_HOST)")] = None,
    port: Annotated[Optional[int], typer.Option(help="Poort (standaard SLACK_PORT)")] = None,
    teams: Annotated[bool, typer.Option("--teams", help="Start in hetzelfde proces ook de Teams-bot")] = False,
) -> None:
    """Start de Slack-bot: HTTP (events, commando's en knoppen op /slack/events) of Socket Mode."""
    _serve(slack_on=True, socket=socket, slack_host=host, slack_port=port, teams_on=teams)


@app.command("teams")
def teams_command(
    host: Annotated[Optional[str], typer.Option(help="Adres om op te luisteren (standaard TEAMS_HOST)")] = None,
    port: Annotated[Optional[int], typer.Option(help="Poort (standaard TEAMS_PORT)")] = None,
    slack_too: Annotated[bool, typer.Option("--slack", help="Start in hetzelfde proces ook de Slack-bot (HTTP)")] = False,
) -> None:
    """Start de Teams-bot: /api/messages (Microsoft 365 Agents SDK)."""
    _serve(slack_on=slack_too, socket=False, teams_on=True, teams_host=host, teams_port=port)


def _serve(*, slack_on: bool, socket: bool, teams_on: bool, slack_host=None, slack_port=None, teams_host=None, teams_port=None) -> None:
    """One process owns the store and runs every chat channel asked for, plus the scheduler."""
    settings = _settings()
    if slack_on:
        problem = _slack_settings_problem(settings, socket)
        if problem:
            _fail(problem)
    from assistant.core import Assistant
    from infra.database import DatabaseUnavailable, open_database
    from infra.pseudonym import pseudonymizer_from
    from samenspel.serve import BotProcess
    from surveys.service import SurveyService

    auth = None
    if teams_on:
        from bot.teams.auth import TeamsConfigError, teams_auth

        try:
            auth = teams_auth(settings)
        except TeamsConfigError as exc:
            _fail(str(exc))
    with _open(settings) as knowledge:
        try:
            db = open_database(settings.sql_url)
            pseudonymize = pseudonymizer_from(settings)
        except (DatabaseUnavailable, ValueError) as exc:
            _fail(str(exc))
        knowledge.retriever.warm_up()  # index and sentence model ready before the first question
        assistant = Assistant(knowledge, db, settings, pseudonymize=pseudonymize)
        process = BotProcess(settings, assistant, SurveyService(db, pseudonymize))
        if slack_on:
            process.add_slack(socket=socket, host=slack_host or settings.slack_host, port=slack_port or settings.slack_port)
        if teams_on:
            process.add_teams(host=teams_host or settings.teams_host, port=teams_port or settings.teams_port, auth=auth)
        try:
            endpoints = process.start()
        except ValueError as exc:  # e.g. a cron expression that does not parse
            process.stop()
            _fail(str(exc))
        out.print(f"Samenspel draait: {'; '.join(endpoints)}. Stoppen: Ctrl-C.")
        try:
            _wait_for_stop()
        finally:
            process.stop()
            db.close()


@app.command("teams-package")
def teams_package(
    out_file: Annotated[Path, typer.Option("--out", help="Het zip-bestand")] = Path("samenspel-teams.zip"),
    app_id: Annotated[Optional[str], typer.Option(help="App-id (GUID) van de botregistratie (standaard TEAMS_APP_ID)")] = None,
    website: Annotated[Optional[str], typer.Option(help="https-adres van jullie website (standaard TEAMS_APP_WEBSITE)")] = None,
    version: Annotated[str, typer.Option(help="Versie van het app-pakket")] = "1.0.0",
) -> None:
    """Maak het Teams-app-pakket (manifest.json en iconen, gezipt) om in Teams te uploaden."""
    from bot.teams.package import PackageError, build_package

    settings = _settings()
    try:
        path = build_package(
            app_id or settings.teams_app_id or "", out_file, website=website or settings.teams_app_website,
            privacy_url=settings.teams_app_privacy_url, terms_url=settings.teams_app_terms_url, version=version,
        )
    except PackageError as exc:
        _fail(str(exc))
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
    url: Annotated[Optional[str], typer.Option(help="Publiek adres van de bot, bv. https://samenspel.example.nl")] = None,
    socket: Annotated[bool, typer.Option("--socket", help="Manifest voor Socket Mode (geen publiek adres nodig)")] = False,
) -> None:
    """Print het Slack-app-manifest, klaar om te plakken bij 'Create New App → From an app manifest'."""
    from bot.slack.manifest import render_manifest

    if not socket and not url:
        _fail("geef --url https://… (het publieke adres van de bot) of --socket")
    sys.stdout.write(render_manifest(url, socket))


@app.command()
def feedback(
    down: Annotated[bool, typer.Option("--down", help="Alleen antwoorden met 👎")] = False,
    unanswered: Annotated[bool, typer.Option("--unanswered", help="Alleen vragen die de bot niet kon beantwoorden")] = False,
    days: Annotated[Optional[int], typer.Option(help="Alleen de laatste N dagen")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Vragen met 👎 en vragen zonder antwoord: waar de documenten of de bot tekortschieten."""
    from assistant.feedback import FeedbackStore
    from infra.database import DatabaseUnavailable, open_database

    settings = _settings()
    try:
        db = open_database(settings.sql_url)
    except DatabaseUnavailable as exc:
        _fail(str(exc))
    try:
        store = FeedbackStore(db)
        sections = []
        if down or not unanswered:
            sections.append(("Antwoorden met 👎", store.items(down_only=True, days=days)))
        if unanswered or not down:
            sections.append(("Vragen zonder antwoord", store.items(unanswered_only=True, days=days)))
    finally:
        db.close()
    if as_json:
        keys = {"Antwoorden met 👎": "down", "Vragen zonder antwoord": "unanswered"}
        sys.stdout.write(json.dumps({keys[t]: [i.as_json() for i in items] for t, items in sections}, ensure_ascii=False, indent=2) + "\n")
        return
    for title, items in sections:
        out.print(f"\n[bold]{title}[/bold] ({len(items)})")
        if not items:
            out.print("  (geen)")
            continue
        table = Table(show_header=True, header_style="bold")
        for column in ("Wanneer", "Kanaal", "Vraag", "Antwoord", "Bronnen", "👍", "👎", "Wat ontbrak"):
            table.add_column(column)
        for i in items:
            answer = i.answer if len(i.answer) <= 160 else i.answer[:159] + "…"
            table.add_row(i.asked_at.strftime("%Y-%m-%d %H:%M"), i.channel, i.question, answer, "; ".join(i.sources),
                          str(i.up), str(i.down), " / ".join(i.comments))
        out.print(table)


survey_app = typer.Typer(no_args_is_help=True, help="Reflectierondes: sjablonen, planning, starten, sluiten, rapport, vergeten.")
app.add_typer(survey_app, name="survey")


def _surveys(settings: Settings):
    from infra.database import DatabaseUnavailable, open_database
    from infra.pseudonym import pseudonymizer_from
    from surveys.service import SurveyService

    try:
        db = open_database(settings.sql_url)
        return db, SurveyService(db, pseudonymizer_from(settings))
    except (DatabaseUnavailable, ValueError) as exc:
        _fail(str(exc))


@survey_app.command("templates")
def survey_templates() -> None:
    """Welke sjablonen er zijn (ingebouwd en uit SURVEY_TEMPLATE_DIR)."""
    from surveys.planning import templates_for
    from surveys.templates import TemplateError

    settings = _settings()
    try:
        templates = templates_for(settings)
    except TemplateError as exc:
        _fail(str(exc))
    table = Table(show_header=True, header_style="bold")
    for column in ("Sjabloon", "Titel", "Stellingen", "Open vragen"):
        table.add_column(column)
    for t in templates.values():
        table.add_row(t.id, t.title, str(len(t.statements)), str(len(t.items) - len(t.statements)))
    out.print(table)


@survey_app.command("rounds")
def survey_rounds() -> None:
    """Alle rondes met hun status en respons."""
    settings = _settings()
    db, service = _surveys(settings)
    try:
        rounds = service.rounds()
        table = Table(show_header=True, header_style="bold")
        for column in ("Ronde", "Titel", "Status", "Opent", "Sluit", "Uitgenodigd", "Geantwoord"):
            table.add_column(column)
        for r in rounds:
            table.add_row(str(r.id), r.title, r.status, shown(r.opens_at), shown(r.closes_at),
                          str(len(service.deliveries(r.id))), str(service.response_count(r.id)))
        out.print(table if rounds else "Nog geen rondes. Start er een met: samenspel survey start")
    finally:
        db.close()


def _parse_local(text: str):
    from datetime import datetime

    try:
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        _fail(f"'{text}' is geen tijdstip; gebruik JJJJ-MM-DD UU:MM (Nederlandse tijd)")
    return moment.replace(tzinfo=zone())


def _create_round(opens_at, template: Optional[str], days: Optional[float], reminders: Optional[str]) -> None:
    from surveys.planning import plan_round
    from surveys.service import SurveyError

    settings = _settings()
    db, service = _surveys(settings)
    try:
        reminder_days = [float(d) for d in reminders.split(",") if d.strip()] if reminders is not None else None
        round_id = plan_round(service, settings, opens_at=opens_at, template_id=template, days=days, reminder_days=reminder_days)
        info = service.round(round_id)
    except (SurveyError, ValueError) as exc:
        _fail(str(exc))
    finally:
        db.close()
    reminders_text = ", ".join(shown(r) for r in info.reminders) or "geen"
    out.print(f"Ronde {info.id} “{info.title}”: open van {shown(info.opens_at)} tot {shown(info.closes_at)}; herinneringen: {reminders_text}.")
    out.print("De draaiende bot (samenspel slack) verstuurt de uitnodigingen zodra de ronde opent.")


@survey_app.command("start")
def survey_start(
    template: Annotated[Optional[str], typer.Option(help="Sjabloon (standaard SURVEY_TEMPLATE)")] = None,
    days: Annotated[Optional[float], typer.Option(help="Dagen open (standaard SURVEY_DURATION_DAYS)")] = None,
    reminders: Annotated[Optional[str], typer.Option(help="Herinneringen, dagen na opening, bv. '3,6'")] = None,
) -> None:
    """Open nu een ronde met de hand."""
    from surveys.service import utcnow

    _create_round(utcnow(), template, days, reminders)


@survey_app.command("schedule")
def survey_schedule(
    at: Annotated[Optional[str], typer.Option("--at", help="Plan één ronde op 'JJJJ-MM-DD UU:MM' (Nederlandse tijd)")] = None,
    template: Annotated[Optional[str], typer.Option(help="Sjabloon (standaard SURVEY_TEMPLATE)")] = None,
    days: Annotated[Optional[float], typer.Option(help="Dagen open")] = None,
    reminders: Annotated[Optional[str], typer.Option(help="Herinneringen, dagen na opening")] = None,
) -> None:
    """Toon het rooster (SURVEY_SCHEDULE) en de geplande rondes, of plan er een met --at."""
    settings = _settings()  # first: it sets the time zone that --at is read in
    if at:
        _create_round(_parse_local(at), template, days, reminders)
        return
    from datetime import datetime

    from apscheduler.triggers.cron import CronTrigger

    if not settings.survey_schedules:
        out.print("Geen vast rooster (SURVEY_SCHEDULE is leeg).")
    for cron in settings.survey_schedules:
        try:
            trigger = CronTrigger.from_crontab(cron, timezone=zone())
        except ValueError as exc:
            _fail(f"SURVEY_SCHEDULE '{cron}' klopt niet: {exc}")
        moments, previous = [], None
        now = datetime.now(zone())
        for _ in range(3):
            previous = trigger.get_next_fire_time(previous, previous or now)
            moments.append(shown(previous))
        out.print(f"Rooster '{cron}': de volgende rondes openen {', '.join(moments)}.")
    db, service = _surveys(settings)
    try:
        planned = service.rounds("scheduled")
    finally:
        db.close()
    for r in planned:
        out.print(f"Gepland: ronde {r.id} “{r.title}” opent {shown(r.opens_at)}.")


@survey_app.command("close")
def survey_close(round_id: Annotated[int, typer.Argument(help="Het rondenummer (zie: samenspel survey rounds)")]) -> None:
    """Sluit een ronde nu; de draaiende bot maakt het rapport en stuurt het naar het stuurkanaal."""
    from surveys.service import SurveyError

    settings = _settings()
    db, service = _surveys(settings)
    try:
        service.close_now(round_id)
    except SurveyError as exc:
        _fail(str(exc))
    finally:
        db.close()
    out.print(f"Ronde {round_id} sluit nu; de bot maakt het rapport bij zijn volgende ronde (binnen {settings.scheduler_tick_seconds:g} s).")


@survey_app.command("report")
def survey_report(
    out_dir: Annotated[Path, typer.Option("--out", help="Map voor grafieken (PNG), CSV en samenvatting")],
    round_id: Annotated[Optional[int], typer.Option("--round", help="Rondenummer (standaard de laatste)")] = None,
) -> None:
    """Maak het rapport van een ronde: respons, gemiddelden, verdeling, trend; PNG en CSV."""
    from surveys.report import build_report, render_report
    from surveys.service import SurveyError

    settings = _settings()
    db, service = _surveys(settings)
    try:
        rounds = service.rounds()
        if not rounds:
            _fail("er zijn nog geen rondes")
        try:
            info = service.round(round_id) if round_id is not None else rounds[-1]
        except SurveyError as exc:
            _fail(str(exc))
        report = build_report(service, info, settings.survey_min_group_size)
        files = render_report(report, out_dir)
    finally:
        db.close()
    out.print(report.summary())
    for f in files:
        out.print(f"  {f}")


@survey_app.command("forget")
def survey_forget(
    user: Annotated[str, typer.Argument(help="De gebruikers-id in het kanaal (Slack: U…)")],
    channel: Annotated[str, typer.Option(help="slack of teams")] = "slack",
) -> None:
    """Wis alle antwoorden, uitnodigingen en verwijzingen van één persoon, in alle rondes."""
    from samenspel.erasure import erase_person

    settings = _settings()
    db, service = _surveys(settings)
    try:
        removed = erase_person(db, service, channel, user)
    finally:
        db.close()
    out.print(f"{removed} antwoord{'en' if removed != 1 else ''} van {user} gewist, met de uitnodigingen en het id in de rondes.")
    configured = settings.survey_slack_users if channel == "slack" else settings.survey_teams_users
    if user in configured:
        variable = "SURVEY_SLACK_USERS" if channel == "slack" else "SURVEY_TEAMS_USERS"
        err.print(f"[yellow]Let op:[/yellow] {user} staat nog in {variable}; haal het daar weg, anders krijgt deze persoon weer uitnodigingen.")


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        app()
    except StoreBusyError as exc:
        err.print(f"[red]Bezet:[/red] {exc}")
        sys.exit(3)
    except StoreMismatchError as exc:
        err.print(f"[red]Fout:[/red] {exc}")
        sys.exit(2)
    except DatabaseUnavailable as exc:  # a command that reached the database without its own message
        err.print(f"[red]Fout:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
