"""The demo's example overview: a throwaway database of its own, filled with a fictitious month
(two reflection rounds with made-up answers, the example register and a kleur-bekennen round,
questions answered by the real assistant from the example documents, the example ingest), so a
newcomer sees every section of the regiekamer overview. Nothing touches the real database."""

from __future__ import annotations

import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from assistant.feedback import FeedbackStore
from assistant.history import IngestHistory
from infra.database import open_database
from infra.pseudonym import Pseudonymizer
from infra.tables import AnswerRow, IngestRunRow
from ingest.report import FileReport, IngestReport, Outcome
from knowledge.models import DocumentInfo
from overview.build import OverviewFiles, write_overview
from overview.collect import collect
from overview.service import period_ending
from registry.records import Actor
from registry.rounds import DeclarationRounds
from registry.service import Registry, utcnow
from registry.tables import ParticipationRow
from registry.transfer import import_rows, read_rows
from surveys.service import SurveyService
from surveys.templates import DEFAULT_TEMPLATE, load_templates

COLLABORATION = "Regio Rivierenland-Noord (fictief voorbeeld)"
PEOPLE = [f"voorbeeld-{n}" for n in range(10)]
# What the example round's statements score on average in the two rounds: "afspraken nakomen" falls.
_MEANS = {"eigenaarschap": (3.8, 3.9), "kleur-bekennen": (3.4, 3.6), "afspraken-nakomen": (3.6, 2.6), "relevantie-overleg": (2.9, 3.1),
          "voortgang": (3.5, 3.4), "vertrouwen": (3.9, 3.7), "regie": (3.2, 3.3), "legitimiteit-resultaat": (3.0, 3.2)}
_OPEN = ["Meer tijd aan tafel voor de lastige dossiers.", "Afspraken vaker terugkoppelen in de eigen raad.",
         "Het programmateam is goed bereikbaar.", "Minder overleggen, meer besluiten."]
QUESTIONS = [  # (question, 👎 comment or None); answered or not by the real assistant
    ("Wat is de rol van de regiekamer?", None),
    ("Hoe werkt het instapmodel?", None),
    ("Wat betekent solidariteit bij deelname aan een project?", "Ik miste wat het per inwoner kost"),
    ("Wie zit de bestuurlijke tafel Energie voor?", None),
    ("Doet Kreekdorp mee aan het Warmtenet?", None),
    ("Welke afspraken zijn er over het nakomen van afspraken in de gemeenteraden?", None),
    ("Hoe worden afspraken over de jeugdzorg nagekomen?", None),
    ("Welke afspraken zijn gemaakt over de aanpak van laaggeletterdheid?", None),
    ("Wat kost de nieuwe sporthal in Weidebroek?", None),
]
_EARLIER_QUESTIONS = 5  # asked in the month before, for the direction on page 1


def build_example_overview(folder: Path, *, answer, documents: list[DocumentInfo], register_dir: Path) -> OverviewFiles:
    """Fill a new database in `folder` and write the overview there. `answer(question)` is the
    demo's assistant; the questions' answers (and whether it knew) are real."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = open_database(f"sqlite:///{folder / 'voorbeeld.sqlite'}")
    try:
        now = utcnow()
        start, end = period_ending(now + timedelta(days=1), 30)  # the last 30 days, today included
        registry = Registry(db)
        _registry(db, registry, register_dir, start)
        surveys = SurveyService(db, Pseudonymizer("voorbeeld-geheim-alleen-voor-de-demo"))
        _reflection(surveys, start)
        _questions(db, answer, start)
        history = IngestHistory(db)  # the month's story: the example documents came in at its start
        history.record(IngestReport([FileReport(d.source, Outcome.ADDED, d.chunks) for d in documents]), started_at=now, trigger="voorbeeld")
        with db.session() as session:
            session.execute(update(IngestRunRow).values(finished_at=start + timedelta(days=2)))
        overview = collect(start=start, end=end, surveys=surveys, feedback=FeedbackStore(db), history=history,
                           documents=documents, registry=registry, rounds=DeclarationRounds(db, registry), min_group_size=5,
                           show_question_text=True, collaboration=COLLABORATION)
        return write_overview(overview, folder, registry)
    finally:
        db.close()


def _registry(db, registry: Registry, register_dir: Path, start: datetime) -> None:
    """The example register as it stood before the month, then a kleur-bekennen round in it."""
    import_rows(registry, [r for f in sorted(register_dir.glob("*.csv")) for r in read_rows(f)], Actor("voorbeeld", "import"))
    with db.session() as session:  # the register was filled long before this month
        session.execute(update(ParticipationRow).values(recorded_at=start - timedelta(days=60)))
    rounds = DeclarationRounds(db, registry)
    for n, organisation in enumerate(("Oeverstad", "Dijkhoven", "Kreekdorp", "Weidebroek")):
        registry.add_representative(organisation, "slack", f"U-VOORBEELD-{n}", Actor("voorbeeld", "cli"))
    round_id = rounds.create(title="Najaar 2026 (fictief)", theme=None, opens_at=start + timedelta(days=5),
                             closes_at=start + timedelta(days=19), actor=Actor("voorbeeld", "cli"))
    rounds.set_status(round_id, "open", "scheduled")
    rounds.invite_representatives(round_id, "slack")
    for project, organisation, variant in (("Warmtenet Rivierenland", "Weidebroek", "volledig"),
                                           ("Warmtenet Rivierenland", "Kreekdorp", "solidair"),
                                           ("Woningbouwversneller", "Kreekdorp", "solidair"),
                                           ("Snelfietsroute Dijkpad", "Kreekdorp", "geen")):
        registry.declare(project, organisation, variant, Actor("voorbeeld", "ronde"), round_id=round_id)
    rounds.set_status(round_id, "closed", "open")


def _reflection(surveys: SurveyService, start: datetime) -> None:
    """Two rounds with made-up answers around fixed means (the same every demo run)."""
    template = load_templates()[DEFAULT_TEMPLATE]
    pick = random.Random(7)
    for which, (opens, respondents) in enumerate(((start - timedelta(days=90), 8), (start + timedelta(days=3), 7))):
        round_id = surveys.create_round(template, opens_at=opens, closes_at=opens + timedelta(days=7),
                                        audience={"slack": {"users": PEOPLE}})
        surveys.set_status(round_id, "open", "scheduled")
        surveys.add_deliveries(round_id, "slack", PEOPLE)
        for n, person in enumerate(PEOPLE[:respondents]):
            for item in template.items:
                if item.on_scale:
                    mean = _MEANS.get(item.id, (3.5, 3.5))[which]
                    value = min(5, max(1, round(pick.gauss(mean, 0.7))))
                    surveys.answer(round_id, "slack", person, item.id, value=value, now=opens + timedelta(hours=n + 1))
                elif n < len(_OPEN) and which == 1:
                    surveys.answer(round_id, "slack", person, item.id, text=_OPEN[n], now=opens + timedelta(hours=n + 1))
        surveys.set_status(round_id, "closed", "open")


def _questions(db, answer, start: datetime) -> None:
    """The example questions answered by the demo's assistant this month; a few in the month before."""
    feedback = FeedbackStore(db)
    pseudonym = Pseudonymizer("voorbeeld-geheim-alleen-voor-de-demo")
    for n, (question, complaint) in enumerate(QUESTIONS):
        answer_id = feedback.record_answer(channel="voorbeeld", conversation=None, user=pseudonym("voorbeeld", f"persoon-{n % 3}"),
                                           question=question, answer=answer(question))
        if complaint:
            feedback.vote(answer_id, pseudonym("voorbeeld", "persoon-9"), -1)
            feedback.comment(answer_id, pseudonym("voorbeeld", "persoon-9"), complaint)
        with db.session() as session:
            session.execute(update(AnswerRow).where(AnswerRow.id == answer_id).values(created_at=start + timedelta(days=4 + 3 * n)))
    for n, (question, _) in enumerate(QUESTIONS[:_EARLIER_QUESTIONS]):
        answer_id = feedback.record_answer(channel="voorbeeld", conversation=None, user=pseudonym("voorbeeld", "persoon-1"),
                                           question=question, answer=answer(question))
        with db.session() as session:
            session.execute(update(AnswerRow).where(AnswerRow.id == answer_id).values(created_at=start - timedelta(days=10 + n)))
