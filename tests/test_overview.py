"""The regiekamer overview from a seeded database (rounds, answers, votes, registry changes, ingest
runs) into a temporary folder: the PDF opens, holds the expected sections and figures, hides small
groups, names nobody, and leaves question texts out when told to."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from assistant.feedback import FeedbackStore
from assistant.history import IngestHistory
from infra.pseudonym import Pseudonymizer
from infra.tables import AnswerRow, IngestRunRow
from knowledge.models import Answer, Citation, DocumentInfo
from overview.build import write_overview
from overview.collect import collect
from registry.records import Actor
from registry.service import Registry
from surveys.service import SurveyService
from surveys.templates import DEFAULT_TEMPLATE, load_templates

AMS = ZoneInfo("Europe/Amsterdam")  # periods are whole days in the collaboration's time zone
START = datetime(2026, 10, 1, tzinfo=AMS)
END = datetime(2026, 11, 1, tzinfo=AMS)
PEOPLE = [f"U{n:03d}" for n in range(8)]


def _round(service: SurveyService, template, opens: datetime, people: list[str], value_of) -> int:
    round_id = service.create_round(template, opens_at=opens, closes_at=opens + timedelta(days=7), audience={"slack": {"users": PEOPLE}})
    service.set_status(round_id, "open", "scheduled")
    service.add_deliveries(round_id, "slack", PEOPLE)
    for n, person in enumerate(people):
        for item in template.items:
            if item.on_scale:
                service.answer(round_id, "slack", person, item.id, value=value_of(item, n), now=opens + timedelta(hours=1))
            else:
                service.answer(round_id, "slack", person, item.id, text=f"Open antwoord {n}: meer samen doen.", now=opens + timedelta(hours=1))
    service.set_status(round_id, "closed", "open")
    return round_id


def seed(db, *, respondents: int = 6):
    template = load_templates()[DEFAULT_TEMPLATE]
    surveys = SurveyService(db, Pseudonymizer("overview-test-secret"))
    _round(surveys, template, datetime(2026, 6, 1, tzinfo=timezone.utc), PEOPLE[:6], lambda item, n: 4)
    # In the period: "Afspraken nakomen" falls to 2 (low and falling); the rest stays at 4.
    _round(surveys, template, datetime(2026, 10, 10, tzinfo=timezone.utc), PEOPLE[:respondents],
           lambda item, n: 2 if item.id == "afspraken-nakomen" else 4)

    registry = Registry(db)
    for name in ("Oeverstad", "Dijkhoven", "Kreekdorp"):
        registry.save_organisation(name)
    registry.save_theme("Energie")
    registry.save_project("Warmtenet", theme="Energie", lead="Oeverstad")
    registry.save_project("Zonnedaken", theme="Energie")  # no trekker
    registry.declare("Warmtenet", "Oeverstad", "volledig", Actor("slack:U000", "slack"))
    registry.declare("Warmtenet", "Dijkhoven", "solidair", Actor("slack:U001", "slack"))

    feedback = FeedbackStore(db)
    spelregels = Citation("spelregels.md", "Spelregels voor projecten", 2, "Solidariteit: …")

    def ask(question: str, answered: bool, *, down: str | None = None) -> None:
        answer = Answer("…" if answered else "Dat kan ik niet vinden.", [spelregels] if answered else [], answered)
        answer_id = feedback.record_answer(channel="slack", conversation=None, user="pseudo-UALICE", question=question, answer=answer)
        if down is not None:
            feedback.vote(answer_id, "pseudo-UBOB", -1)
            feedback.comment(answer_id, "pseudo-UBOB", down)

    ask("Wat betekent solidariteit?", True)
    ask("Hoe werkt het instapmodel?", True, down="Het ging niet over de kosten")
    ask("Welke afspraken over jeugdzorg zijn er gemaakt?", False)
    ask("Worden de afspraken over de woningbouw nagekomen? Vraag het Jan Jansen", False)
    ask("Wie betaalt de energietafel?", False)
    IngestHistory(db).record(SimpleNamespace(as_json=lambda: {
        "files": [{"source": "nieuw-besluit.pdf", "outcome": "added", "chunks": 3, "detail": ""},
                  {"source": "spelregels.md", "outcome": "changed", "chunks": 4, "detail": ""}],
        "summary": {"added": 1, "changed": 1}, "notes": []}), started_at=START + timedelta(days=3), trigger="cli")
    with db.session() as session:  # asked and ingested in October, as if the month had passed
        session.execute(update(AnswerRow).values(created_at=START + timedelta(days=12)))
        session.execute(update(IngestRunRow).values(finished_at=START + timedelta(days=3)))
    documents = [DocumentInfo("spelregels.md", "Spelregels voor projecten", "h1", 4),
                 DocumentInfo("nieuw-besluit.pdf", "Besluitenlijst oktober", "h2", 3)]
    return SimpleNamespace(surveys=surveys, registry=registry, feedback=feedback, history=IngestHistory(db), documents=documents)


def _build(data, tmp_path, *, show_text: bool = True, minimum: int = 5, start=START, end=END, collaboration: str = ""):
    overview = collect(start=start, end=end, surveys=data.surveys, feedback=data.feedback, history=data.history,
                       documents=data.documents, registry=data.registry, rounds=None, min_group_size=minimum,
                       show_question_text=show_text, collaboration=collaboration)
    return overview, write_overview(overview, tmp_path / "overzicht", data.registry)


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.fixture(autouse=True)
def _freeze_registry_clock(monkeypatch):
    """The registry's changes are dated now; the period under test is October 2026."""
    import registry.service as service

    monkeypatch.setattr(service, "utcnow", lambda: START + timedelta(days=5))


def test_the_overview_pdf_holds_every_section_with_its_figures(database, tmp_path):
    data = seed(database)
    overview, files = _build(data, tmp_path)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(str(files.pdf)).pages]
    flat = " ".join(pages)
    assert "Overzicht voor de regiekamer" in flat and "1 oktober 2026 t/m 31 oktober 2026" in flat
    for heading in ("1. Deelname aan projecten", "2. Reflectie op de samenwerking", "3. Vragen aan Samenspel", "4. Documenten"):
        assert heading in flat, heading
    assert "6 van 8 uitgenodigden antwoordden" in flat
    assert "Afspraken nakomen 4,0 2,0" in flat  # the statement that fell most, before and now
    assert "Warmtenet" in flat and "Zonnedaken" in flat and "Projecten zonder trekker" in flat
    # the undeclared as one list, not a table of question marks per theme
    assert "Nog geen keuze vastgelegd Dijkhoven: Zonnedaken; Kreekdorp: Warmtenet, Zonnedaken; Oeverstad: Zonnedaken." in flat
    assert "Warmtenet Dijkhoven nog geen keuze solidariteit (betaalt mee)" in flat  # what changed in the period
    assert "5 vragen gesteld; 2 beantwoord" in flat and "3 niet" in flat
    assert "Welke afspraken over jeugdzorg zijn er gemaakt?" in flat and "Het ging niet over de kosten" in flat
    assert "Toegevoegd: Besluitenlijst oktober" in flat and "Bijgewerkt: Spelregels voor projecten" in flat  # titles, not file names
    assert "“Afspraken nakomen” scoort laag in de reflectie (2,0) en daalde met 2,0" in flat
    assert "Is dit iets voor de agenda van de regiekamer?" in flat
    for secret in ("UALICE", "pseudo-", "U000", "U001", "slack:"):
        assert secret not in flat, secret  # no user id, pseudonym or who-recorded-it in the PDF
    tables = {p.name: p.read_text(encoding="utf-8-sig") for p in files.tables if p.suffix == ".csv"}
    assert "Afspraken nakomen" in tables["reflectie.csv"] and "pseudo-" not in "".join(tables.values())
    assert "Warmtenet;Kreekdorp;nog geen keuze" in tables["deelname.csv"]
    assert files.summary.startswith("Overzicht voor de regiekamer, 1 oktober 2026 t/m 31 oktober 2026.")
    assert len(pages) <= 5


def test_page_one_is_a_dashboard_a_reader_can_stop_at(database, tmp_path):
    """The key figures with their direction, and the signals for the agenda, all on the first page."""
    data = seed(database)
    overview, files = _build(data, tmp_path, collaboration="Regio Rivierenland")
    first = " ".join(PdfReader(str(files.pdf)).pages[0].extract_text().split())
    assert "pagina 1 Regio Rivierenland Overzicht voor de regiekamer Periode: 1 oktober 2026 t/m 31 oktober 2026 · gemaakt op" in first
    for label in ("RESPONS REFLECTIE 75%", "LAAGSTE STELLING 2,0 Afspraken nakomen ▼ 2,0 sinds de vorige ronde",
                  "STERKST GEDAALD −2,0 Afspraken nakomen: 4,0 → 2,0", "DEELNAME AAN PROJECTEN 2 van 6",
                  "VRAGEN AAN SAMENSPEL 5 gesteld · 3 niet beantwoord", "DOCUMENTEN 2 nieuw of bijgewerkt"):
        assert label in first, label
    assert "= gelijk sinds de vorige ronde" in first  # 6 of 8 in June and in October
    assert "2 wijzigingen; ▲ 2 keuze(s) sinds 1 oktober 2026" in first
    assert "Voor de agenda" in first and "“Afspraken nakomen” scoort laag" in first and "Zonder trekker: Zonnedaken." in first
    assert (tmp_path / "overzicht" / "dashboard.png").stat().st_size > 10_000
    figures = {f.label: f for f in overview.figures()}
    assert figures["Laagste stelling"].tone == "bad" and figures["Deelname aan projecten"].tone == "good"


def test_two_overviews_in_a_row_tell_one_story(database, tmp_path, monkeypatch):
    """November starts where October ended: its 'before' is October's 'now', and October's overview made
    again after November's changes still says what it said."""
    import registry.service as service

    data = seed(database)
    october, _ = _build(data, tmp_path)
    monkeypatch.setattr(service, "utcnow", lambda: END + timedelta(days=3))
    data.registry.declare("Warmtenet", "Kreekdorp", "instap", Actor("slack:U002", "slack"))
    data.registry.declare("Warmtenet", "Dijkhoven", "geen", Actor("slack:U001", "slack"), since=datetime(2026, 10, 20).date())
    november = collect(start=END, end=datetime(2026, 12, 1, tzinfo=AMS), surveys=None, feedback=None, history=None, documents=None,
                       registry=data.registry, rounds=None, min_group_size=5, show_question_text=True)
    again, _ = _build(data, tmp_path / "opnieuw")
    assert november.participation.counts_before == october.participation.counts
    assert again.participation.counts == october.participation.counts  # a choice recorded later, dated back, changes nothing
    assert again.participation.matrix.cells == october.participation.matrix.cells
    assert [(c.now.organisation, c.before, c.now.variant) for c in november.participation.changes] == [
        ("Kreekdorp", None, "instap"), ("Dijkhoven", "solidair", "geen")]
    assert november.participation.counts == {"volledig": 1, "instap": 1, "geen": 1, "": 3}


def test_small_groups_stay_hidden(database, tmp_path):
    data = seed(database, respondents=3)
    overview, files = _build(data, tmp_path)
    flat = " ".join(_pdf_text(files.pdf).split())
    assert "minder dan 5, dus de resultaten blijven verborgen" in flat
    assert "Afspraken nakomen 4,0 2,0" not in flat and "Open antwoord" not in flat
    assert overview.signals == []  # no signal rests on a hidden score
    assert "2,0" not in (tmp_path / "overzicht" / "tabellen" / "reflectie.csv").read_text(encoding="utf-8-sig")


def test_question_texts_can_be_left_out(database, tmp_path):
    data = seed(database)
    _, files = _build(data, tmp_path, show_text=False)
    flat = " ".join(_pdf_text(files.pdf).split())
    assert "Jan Jansen" not in flat and "jeugdzorg" not in flat and "Het ging niet over de kosten" not in flat
    assert "3 niet" in flat and "De tekst van de vragen is weggelaten" in flat


def test_a_period_without_data_gives_a_short_honest_pdf(database, tmp_path):
    data = seed(database)
    quiet = datetime(2025, 1, 1, tzinfo=AMS)
    overview, files = _build(data, tmp_path, start=quiet, end=quiet + timedelta(days=30))
    flat = " ".join(_pdf_text(files.pdf).split())
    assert "Vragen aan Samenspel" not in flat and "Reflectie op de samenwerking" not in flat
    assert "1 januari 2025 t/m 30 januari 2025" in flat


def test_every_page_renders_and_nothing_runs_off_the_page(database, tmp_path):
    """Looked at as a reader would: each page rendered to an image; ink inside the margins only."""
    import pypdfium2 as pdfium

    _, files = _build(seed(database), tmp_path)
    document = pdfium.PdfDocument(str(files.pdf))
    try:
        assert len(document) >= 3
        for index in range(len(document)):
            image = document[index].render(scale=0.5).to_pil().convert("L")
            width, height = image.size
            ink = image.point(lambda v: 255 if v < 200 else 0)
            left, top, right, bottom = ink.getbbox()
            assert right - left > width * 0.3, f"page {index + 1} is (nearly) empty"
            margin = int(width * 0.05)  # 2 cm margins on A4 are ~9.5% of the width: ink stays well inside 5%
            assert left >= margin and right <= width - margin, f"page {index + 1} runs off the page"
    finally:
        document.close()


def test_the_demo_builds_a_full_example_overview_in_a_database_of_its_own(tmp_path):
    """A newcomer sees every section: the fictitious month fills reflection, participation (with a
    kleur-bekennen round), questions and documents, and page 1 carries the figures and the agenda."""
    from knowledge.models import Answer
    from samenspel.cli.registry import EXAMPLE_REGISTER_DIR
    from samenspel.demo_overview import QUESTIONS, build_example_overview

    def answer(question: str) -> Answer:  # the demo's assistant; here: it knows nothing about jeugdzorg or sporthallen
        known = not any(w in question for w in ("jeugdzorg", "sporthal", "laaggeletterdheid"))
        return Answer("…" if known else "Dat kan ik niet vinden.", [Citation("spelregels.md", "Spelregels", 1, "…")] if known else [], known)

    documents = [DocumentInfo("spelregels.md", "Spelregels", "h1", 4), DocumentInfo("overeenkomst.md", "Samenwerkingsovereenkomst", "h2", 6)]
    files = build_example_overview(tmp_path / "voorbeeld", answer=answer, documents=documents, register_dir=EXAMPLE_REGISTER_DIR)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(str(files.pdf)).pages]
    first, flat = pages[0], " ".join(pages)
    assert "Regio Rivierenland-Noord (fictief voorbeeld)" in first
    for label in ("RESPONS REFLECTIE", "LAAGSTE STELLING", "STERKST GEDAALD", "DEELNAME AAN PROJECTEN",
                  f"VRAGEN AAN SAMENSPEL {len(QUESTIONS)} gesteld · 3 niet beantwoord", "DOCUMENTEN 2 nieuw of bijgewerkt"):
        assert label in first, label
    assert "Voor de agenda" in first and "“Afspraken nakomen” scoort laag" in first
    assert "Niet (volledig) geantwoord in kleur bekennen “Najaar 2026 (fictief)”" in first
    for heading in ("1. Deelname aan projecten", "2. Reflectie op de samenwerking", "3. Vragen aan Samenspel", "4. Documenten"):
        assert heading in flat, heading
    assert "Weidebroek instapmodel (stapt later in) volledige deelname" in flat  # the round's net change
    assert len(pages) <= 5 and (tmp_path / "voorbeeld" / "voorbeeld.sqlite").is_file()


def test_an_overview_for_everyone_holds_no_trace_of_a_restricted_document(database, tmp_path):
    """Read in the PDF and every table written: the restricted document's title, file name and the
    questions answered from it are there only in an overview for its group (or the complete one)."""
    data = seed(database)
    secret = Citation("conceptverdeling.md", "Conceptverdeling Kwelderveen", 1, "4,2 miljoen …")
    data.feedback.record_answer(channel="slack", conversation=None, user="pseudo-UALICE", question="Wat kost Kwelderveen?",
                                answer=Answer("4,2 miljoen euro", [secret], True), audiences=[["regiekamer"]])
    data.history.record(SimpleNamespace(as_json=lambda: {
        "files": [{"source": "conceptverdeling.md", "outcome": "added", "chunks": 1, "detail": "", "audience": ["regiekamer"]}],
        "summary": {"added": 1}, "notes": []}), started_at=START + timedelta(days=4), trigger="cli")
    with database.session() as session:
        session.execute(update(AnswerRow).values(created_at=START + timedelta(days=12)))
        session.execute(update(IngestRunRow).values(finished_at=START + timedelta(days=4)))
    data.documents.append(DocumentInfo("conceptverdeling.md", "Conceptverdeling Kwelderveen", "h3", 1, audience=("regiekamer",)))

    def written(readable_by) -> str:
        folder = tmp_path / f"overzicht-{'alles' if readable_by is None else '-'.join(sorted(readable_by)) or 'iedereen'}"
        overview = collect(start=START, end=END, surveys=data.surveys, feedback=data.feedback, history=data.history,
                           documents=data.documents, registry=data.registry, rounds=None, min_group_size=5,
                           show_question_text=True, readable_by=readable_by)
        files = write_overview(overview, folder, data.registry)
        tables = "\n".join(p.read_text(encoding="utf-8-sig") for p in folder.glob("*.csv"))
        return _pdf_text(files.pdf) + tables + files.summary

    for_everyone = written(frozenset())
    assert "Spelregels" in for_everyone  # the rest is all there
    assert not any(t in for_everyone for t in ("Kwelderveen", "conceptverdeling", "4,2 miljoen"))
    assert "Kwelderveen" in written(frozenset({"regiekamer"})) and "Kwelderveen" in written(None)
