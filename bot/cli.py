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

from bot.batch import BatchError, read_batch
from bot.render_terminal import render_answer, render_passages
from ingest.pipeline import IngestReport, Outcome
from knowledge.store import StoreMismatchError
from samenspel.locking import StoreBusyError
from samenspel.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Samenspel: vragen over de samenwerking, met bronnen.")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "samenspel" / "examples"
DEMO_QUESTION = "Wat is de rol van de regiekamer?"


def _settings() -> Settings:
    from samenspel.logsafety import install

    settings = Settings()
    install(settings.log_level)
    return settings


def _open(settings: Settings):
    from samenspel.services import open_knowledge

    return open_knowledge(settings)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]Fout:[/red] {message}")
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Bestanden of mappen (standaard: SAMENSPEL_DOCUMENT_DIRS)")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Verwijder documenten die niet meer in de mappen staan")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Gooi de kennisbank leeg en lees alles opnieuw in")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Rapport als JSON")] = False,
) -> None:
    """Lees documenten in (PDF, DOCX, HTML, Markdown, tekst); ongewijzigde worden overgeslagen."""
    settings = _settings()
    targets = list(paths or settings.document_dirs)
    if not targets:
        _fail("geef bestanden of mappen op, of zet SAMENSPEL_DOCUMENT_DIRS")
    with _open(settings) as knowledge:
        if rebuild:
            knowledge.store.reset()
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

            report = knowledge.pipeline.ingest(targets, prune=prune, progress=on_progress)
    if as_json:
        out.print_json(json.dumps(report.as_json()))
    else:
        _print_report(report)
    raise typer.Exit(1 if report.failed else 0)


def _print_report(report: IngestReport) -> None:
    table = Table(show_header=True, header_style="bold")
    table.add_column("Bestand")
    table.add_column("Resultaat")
    table.add_column("Passages", justify="right")
    table.add_column("Toelichting")
    colours = {Outcome.FAILED: "red", Outcome.ADDED: "green", Outcome.CHANGED: "yellow", Outcome.REMOVED: "magenta"}
    for f in report.files:
        colour = colours.get(f.outcome, "")
        label = f"[{colour}]{f.outcome.value}[/{colour}]" if colour else f.outcome.value
        table.add_row(f.source, label, str(f.chunks or ""), f.detail)
    out.print(table)
    summary = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    out.print(summary or "Geen bestanden gevonden.")


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
                out.print(render_answer(answer), markup=False)
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
    table = Table(show_header=True, header_style="bold")
    for column in ("Bestand", "Titel", "Uitgever", "Jaar", "Passages"):
        table.add_column(column)
    for d in documents:
        table.add_row(d.source, d.title, str(d.extra.get("publisher", "")), str(d.extra.get("year", "")), str(d.chunks))
    out.print(table)
    if last:
        out.print(f"Laatst ingelezen: {last}")


@app.command()
def remove(source: Annotated[str, typer.Argument(help="Bestandsnaam zoals 'samenspel sources' die toont")]) -> None:
    """Haal een document uit de kennisbank."""
    settings = _settings()
    with _open(settings) as knowledge:
        removed = knowledge.pipeline.remove(source)
    if not removed:
        _fail(f"'{source}' staat niet in de kennisbank (zie: samenspel sources)", code=1)
    out.print(f"{source} is verwijderd.")


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
        out.print(render_answer(knowledge.answerer.answer(question)), markup=False)


@app.command()
def slack(
    socket: Annotated[bool, typer.Option("--socket", help="Socket Mode (SLACK_APP_TOKEN) in plaats van HTTP")] = False,
    host: Annotated[Optional[str], typer.Option(help="Adres om op te luisteren (standaard SLACK_HOST)")] = None,
    port: Annotated[Optional[int], typer.Option(help="Poort (standaard SLACK_PORT)")] = None,
) -> None:
    """Start de Slack-bot: HTTP (events, commando's en knoppen op /slack/events) of Socket Mode."""
    settings = _settings()
    problem = _slack_settings_problem(settings, socket)
    if problem:
        _fail(problem)
    from bot.slack.app import build_slack_app
    from bot.slack.server import EVENTS_PATH, SlackHttpServer, SlackSocketClient
    from samenspel.assistant import open_assistant
    from samenspel.database import DatabaseUnavailable

    with _open(settings) as knowledge:
        try:
            assistant = open_assistant(settings, knowledge)
        except (DatabaseUnavailable, ValueError) as exc:
            _fail(str(exc))
        knowledge.retriever.refresh()  # build the lexical index now, not on the first question
        slack_app = build_slack_app(assistant, settings)
        if socket:
            runner = SlackSocketClient(slack_app, settings.slack_app_token)
            runner.start()
            out.print("Samenspel is verbonden met Slack (Socket Mode). Stoppen: Ctrl-C.")
        else:
            runner = SlackHttpServer(slack_app, host or settings.slack_host, port or settings.slack_port)
            bound = runner.start()
            out.print(f"Samenspel luistert op http://{host or settings.slack_host}:{bound}{EVENTS_PATH}. Stoppen: Ctrl-C.")
        try:
            _wait_for_stop()
        finally:
            runner.stop()


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
    from samenspel.database import DatabaseUnavailable, open_database
    from samenspel.feedback import FeedbackStore

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
        for column in ("Wanneer", "Kanaal", "Vraag", "Antwoord", "Bronnen", "👍", "👎"):
            table.add_column(column)
        for i in items:
            answer = i.answer if len(i.answer) <= 160 else i.answer[:159] + "…"
            table.add_row(i.asked_at.strftime("%Y-%m-%d %H:%M"), i.channel, i.question, answer, "; ".join(i.sources), str(i.up), str(i.down))
        out.print(table)


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


if __name__ == "__main__":
    main()
