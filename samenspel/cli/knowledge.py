"""`samenspel ingest | ask | retrieve | sources | remove | demo`: the documents and questions about them.

Thin: each command opens the knowledge core, makes one call and renders the result."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from bot.render_terminal import render_answer, render_passages
from ingest.report import IngestReport, Outcome
from samenspel.batch import BatchError, read_batch
from samenspel.cli import common
from samenspel.cli.common import DEMO_QUESTION, DEMO_REGISTRY_QUESTION, EXAMPLES_DIR, app, err, fail, load_settings, out
from text.encoding import printable


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="BESTANDEN", help="Bestanden of mappen (standaard: SAMENSPEL_DOCUMENT_DIRS)")] = None,
    prune: Annotated[bool, typer.Option("--opschonen", "--prune", help="Verwijder documenten die niet meer in de opgegeven mappen staan")] = False,
    force: Annotated[bool, typer.Option("--toch", "--force", help="Sta toe dat --opschonen meer dan INGEST_PRUNE_MAX_SHARE van de kennisbank verwijdert")] = False,
    rebuild: Annotated[bool, typer.Option("--opnieuw", "--rebuild", help="Gooi de kennisbank leeg en lees alles opnieuw in")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Rapport als JSON")] = False,
    verbose: Annotated[bool, typer.Option("--uitgebreid", "--verbose", help="Toon ook elk ongewijzigd bestand")] = False,
    allow_secrets: Annotated[bool, typer.Option("--geheimen-toestaan", "--allow-secrets",
                                                help="Lees ook bestanden in waarin een wachtwoord of sleutel lijkt te staan")] = False,
    audience: Annotated[Optional[list[str]], typer.Option("--voor", "--for", metavar="GROEP",
                                                          help="Voor wie de documenten bedoeld zijn (groep, meerdere mag; 'iedereen' heft het op)")] = None,
) -> None:
    """Lees documenten in (PDF, DOCX, HTML, Markdown, tekst); ongewijzigde worden overgeslagen."""
    from knowledge.audience import AudienceError, audience_of

    try:
        meant_for = audience_of(audience) if audience else None
    except AudienceError as exc:
        fail(str(exc))
    settings = load_settings()
    targets = list(paths or settings.document_dirs)
    if not targets:
        fail("geef bestanden of mappen op, of zet SAMENSPEL_DOCUMENT_DIRS")
    started = datetime.now(timezone.utc)
    with common.open_core(settings, fresh=rebuild) as knowledge:
        with Progress(
            TextColumn("[bold]Inlezen[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("nog"),
            TimeRemainingColumn(),
            console=err,
            disable=as_json or not err.is_terminal,
        ) as progress:
            task = progress.add_task("", total=None)

            def on_progress(name: str, done: int, total: int) -> None:
                progress.update(task, description=escape(printable(name)), completed=done, total=total)

            report = knowledge.pipeline.ingest(targets, prune=prune, force=force, allow_secrets=allow_secrets, progress=on_progress,
                                               audience=meant_for)
    if not report.quiet:  # a check that found nothing new tells the overview nothing (and opens no database: 0.3 s)
        _remember(settings, "inleesronde", lambda db: _record_ingest(db, report, started))
    if as_json:
        out.print_json(json.dumps(report.as_json()))
    else:
        _print_report(report, verbose=verbose)
    raise typer.Exit(1 if report.failed else 0)


def _print_report(report: IngestReport, *, verbose: bool = True) -> None:
    """What happened: the files that changed or failed (every file with `verbose`), then the totals."""
    shown = [f for f in report.files if verbose or f.outcome is not Outcome.UNCHANGED]
    if shown:
        table = Table(show_header=True, header_style="bold")
        table.add_column("Bestand", overflow="fold")
        table.add_column("Resultaat")
        table.add_column("Passages", justify="right")
        table.add_column("Toelichting", overflow="fold")
        colours = {Outcome.FAILED: "red", Outcome.ADDED: "green", Outcome.CHANGED: "yellow", Outcome.REMOVED: "magenta", Outcome.KEPT: "red", Outcome.SKIPPED: "dim"}
        for f in shown:
            colour = colours.get(f.outcome, "")
            label = f"[{colour}]{f.outcome.value}[/{colour}]" if colour else f.outcome.value
            table.add_row(Text(printable(f.source)), label, str(f.chunks or ""), Text(printable(f.detail)))
        out.print(table)
    summary = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    out.print(f"Totaal: {summary}." if summary else "Geen bestanden gevonden.")
    if not verbose and report.count(Outcome.UNCHANGED) and len(shown) < len(report.files):
        out.print("(Ongewijzigde bestanden staan er niet bij; --uitgebreid toont ze.)", style="dim")
    for note in report.notes:
        out.print(Text("Let op: ", style="red") + Text(printable(note)))


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(metavar="VRAAG", help="Je vraag")] = None,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="JSONL met id en question; schrijft JSONL")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Stel een vraag; het antwoord komt met bronnen (document en pagina)."""
    settings = load_settings()
    if batch is None and not question:
        fail("stel een vraag, bijvoorbeeld: samenspel ask \"Wat doet de regiekamer?\"")
    questions, problems = _batch(batch) if batch else ([], [])
    with common.open_core(settings) as knowledge, _answerer(settings, knowledge) as answerer:
        if batch:
            for q in questions:
                answer = answerer.answer(q.question)
                sys.stdout.write(json.dumps({"id": q.id, **answer.as_json()}, ensure_ascii=False) + "\n")
        else:
            answer = answerer.answer(question)
            if not answer.answered and knowledge.store.count() == 0:
                fail("er zijn nog geen documenten ingelezen; lees ze eerst in: samenspel ingest MAP", code=1)
            if as_json:
                sys.stdout.write(json.dumps(answer.as_json(), ensure_ascii=False, indent=2) + "\n")
            else:
                out.print(printable(render_answer(answer, settings.contact_in(answer.language))), markup=False)
                if knowledge.retriever.audiences:
                    out.print("(In de terminal tellen alle documenten mee, ook die voor een beperkte groep; "
                              "in Slack en Teams ziet ieder alleen wat voor hem bedoeld is.)", style="dim")
    if not batch:  # a question a person asked counts in the overview like one from chat; a batch is a test run
        _remember(settings, "vraag", lambda db: _record_question(settings, db, question, answer))
    _report_problems(problems)


def _remember(settings, what: str, record) -> None:
    """Record what a command did in the shared database, as the bot records it, so the regiekamer
    overview sees every route; with the database down, the command's own work still stands."""
    from infra.errors import DatabaseUnavailable
    from samenspel.wiring import open_database_for

    try:
        db = open_database_for(settings)
    except DatabaseUnavailable as exc:
        err.print(f"[yellow]Let op:[/yellow] {what} niet bijgehouden voor het overzicht: {exc}")
        return
    try:
        record(db)
    except DatabaseUnavailable as exc:
        err.print(f"[yellow]Let op:[/yellow] {what} niet bijgehouden voor het overzicht: {exc}")
    finally:
        db.close()


def _record_ingest(db, report: IngestReport, started) -> None:
    from assistant.history import IngestHistory

    IngestHistory(db).record(report, started_at=started, trigger="cli")


def _record_question(settings, db, question: str, answer) -> None:
    """Stored as chat stores it: under a pseudonym of the account that asked, never the name."""
    import getpass

    from assistant.feedback import FeedbackStore
    from infra.pseudonym import pseudonymizer_from

    user = pseudonymizer_from(settings)("cli", getpass.getuser())
    FeedbackStore(db).record_answer(channel="cli", conversation=None, user=user, question=question, answer=answer)


@contextmanager
def _answerer(settings, knowledge, *, with_example: bool = False):
    """The registry in front of the documents, as in chat. The database is opened only for a
    question of the registry's form (a cold question about the documents stays fast); with the
    database down, the documents answer alone."""
    from assistant.routing import RoutedAnswerer

    opened = []

    def open_registry_answerer():
        from infra.errors import DatabaseUnavailable
        from registry.answers import RegistryAnswerer
        from samenspel.wiring import open_database_for, open_registry

        try:
            db = open_database_for(settings)
        except DatabaseUnavailable as exc:
            err.print(f"[yellow]Let op:[/yellow] het register is niet bereikbaar ({exc}); antwoord uit de documenten.")
            return _NoRegistry()
        opened.append(db)
        registry = open_registry(db)
        if with_example:
            from samenspel.cli.registry import import_example

            if import_example(registry):
                out.print("Fictief voorbeeldregister ingelezen (samenspel/example_register).")
        return RegistryAnswerer(registry)

    answerer = RoutedAnswerer(open_registry_answerer, knowledge.answerer)
    if with_example:
        answerer.registry  # the demo fills the example register before its first question
    try:
        yield answerer
    finally:
        for db in opened:
            db.close()


class _NoRegistry:
    """Stands in for a registry that cannot be reached: every question goes to the documents."""

    def answer(self, question: str, language: str = "nl"):
        return None


@app.command()
def retrieve(
    question: Annotated[Optional[str], typer.Argument(metavar="VRAAG", help="Je vraag")] = None,
    k: Annotated[int, typer.Option("--aantal", "--k", min=1, max=50, help="Aantal passages")] = 5,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="JSONL met id en question; schrijft JSONL")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Toon de passages die het best bij een vraag passen."""
    settings = load_settings()
    if batch is None and not question:
        fail("geef een vraag of --batch BESTAND")
    questions, problems = _batch(batch) if batch else ([], [])
    with common.open_core(settings) as knowledge:
        if batch:
            for q in questions:
                passages = knowledge.retriever.retrieve(q.question, k)
                sys.stdout.write(json.dumps({"id": q.id, "passages": [p.as_json() for p in passages]}, ensure_ascii=False) + "\n")
        else:
            passages = knowledge.retriever.retrieve(question, k)
            if as_json:
                sys.stdout.write(json.dumps({"passages": [p.as_json() for p in passages]}, ensure_ascii=False, indent=2) + "\n")
            else:
                out.print(printable(render_passages(passages)), markup=False)
    _report_problems(problems)


def _batch(path: Path):
    try:
        return read_batch(path)
    except BatchError as exc:
        fail(str(exc))


def _report_problems(problems: list[str]) -> None:
    for problem in problems:
        err.print(f"[yellow]Overgeslagen:[/yellow] {problem}")
    if problems:
        raise typer.Exit(1)


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Welke documenten de kennisbank kent."""
    from knowledge.audience import shown

    settings = load_settings()
    with common.open_core(settings) as knowledge:
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
        passages += f" · voor: {shown(d.audience)}"
        out.print(printable(d.source), style="bold", soft_wrap=True, markup=False)
        out.print(printable(f"  {details} — {passages}"), markup=False)
    if last:
        out.print(f"Laatst ingelezen: {_local_moment(last)}")


def _local_moment(stamp: str) -> str:
    """'2 december 2026 om 07:14' in the collaboration's time zone, from a stored UTC time."""
    from datetime import datetime

    from infra.local_time import local
    from registry.dates import spoken

    try:
        moment = local(datetime.fromisoformat(stamp))
    except ValueError:
        return stamp
    return f"{spoken(moment.date())} om {moment:%H:%M}"


@app.command()
def remove(source: Annotated[str, typer.Argument(metavar="DOCUMENT", help="Bestandsnaam zoals 'samenspel sources' die toont, of het pad van het bestand")]) -> None:
    """Haal een document uit de kennisbank."""
    settings = load_settings()
    with common.open_core(settings) as knowledge:
        name = common.document_named(knowledge, source)
        knowledge.pipeline.remove(name)
    out.print(f"{printable(name)} is verwijderd.", markup=False)


@app.command()
def demo(
    question: Annotated[str, typer.Argument(metavar="VRAAG", help="De voorbeeldvraag")] = DEMO_QUESTION,
    remove: Annotated[bool, typer.Option("--opruimen", "--remove", help="Verwijder alles wat de demo schreef")] = False,
) -> None:
    """Probeer Samenspel met fictieve voorbeelden: documenten, een register en een overzicht, in een eigen map."""
    settings = load_settings()
    own = common.demo_settings(settings)
    if remove:
        _remove_demo(own.data_dir)
        return
    own.data_dir.mkdir(parents=True, exist_ok=True)
    (own.data_dir / common.DEMO_MARKER).write_text(
        "Deze map is van `samenspel demo`: fictieve voorbeelden, los van je eigen gegevens.\n"
        "Weghalen: samenspel demo --opruimen\n", encoding="utf-8")
    out.print(f"De demo werkt in een eigen map ({own.data_dir}); je eigen gegevens blijven onaangeroerd.")
    with common.open_core(own) as knowledge:
        if knowledge.store.count() == 0:
            out.print(f"Voorbeelddocumenten inlezen uit {EXAMPLES_DIR} …")
            report = knowledge.pipeline.ingest([EXAMPLES_DIR])
            _print_report(report)
        with _answerer(own, knowledge, with_example=True) as answerer:
            for asked in (question, DEMO_REGISTRY_QUESTION):
                out.print(f"\n[bold]Vraag:[/bold] {asked}\n")
                answer = answerer.answer(asked)
                out.print(render_answer(answer, settings.contact_in(answer.language)), markup=False)
            _example_overview(own, knowledge, answerer)
    out.print("\nKlaar met proberen? [bold]samenspel demo --opruimen[/bold] haalt alles van de demo weg.")


def _remove_demo(folder: Path) -> None:
    """Only a folder the demo made (it holds the demo's marker) is removed."""
    import shutil

    if not folder.exists():
        out.print("Er is niets van de demo om weg te halen.")
        return
    if not (folder / common.DEMO_MARKER).is_file():
        fail(f"{folder} lijkt niet door de demo gemaakt (het bestand {common.DEMO_MARKER} ontbreekt); er is niets verwijderd.")
    shutil.rmtree(folder)
    out.print(f"De demo is weggehaald ({folder}).")


def _example_overview(settings, knowledge, answerer) -> None:
    """The regiekamer overview over a fictitious month, in a database of its own."""
    from samenspel.cli.registry import EXAMPLE_REGISTER_DIR
    from samenspel.demo_overview import build_example_overview

    folder = settings.report_dir / "voorbeeld-overzicht"
    out.print("\n[bold]Voorbeeld van het overzicht voor de regiekamer[/bold] (een fictieve maand) …")
    documents = [d for d in knowledge.store.documents().values() if d.complete]
    files = build_example_overview(folder, answer=answerer.answer, documents=documents, register_dir=EXAMPLE_REGISTER_DIR)
    out.print(files.summary, markup=False)
    out.print(f"\nOpen de PDF: {files.pdf}", markup=False)
