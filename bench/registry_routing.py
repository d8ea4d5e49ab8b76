"""How questions are routed once a registry exists: registry questions to the registry (and answered
with the right fact), document questions to the documents.

The register here uses the real municipality names of the two collaborations in ../shared/corpus
(so document questions that name them are a real test), with invented projects and roles. The
registry questions are written for this benchmark; the document questions are every question of
../shared/eval/dev.jsonl and dev2.jsonl (only the question text is read). A document question that
the registry takes would change `make bench`'s figures; none may.

    make bench-registry
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra.database import open_database  # noqa: E402
from registry.answers import RegistryAnswerer  # noqa: E402
from registry.questions import might_ask_registry  # noqa: E402
from registry.records import Actor  # noqa: E402
from registry.service import Registry  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
ACTOR = Actor("bench", "import")
DRECHTSTEDEN = ["Alblasserdam", "Dordrecht", "Hendrik-Ido-Ambacht", "Papendrecht", "Sliedrecht", "Zwijndrecht"]
DRENTHE = ["Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden"]

# (question, language, a fragment the answer must hold)
REGISTRY_QUESTIONS = [
    ("Doet Zwijndrecht mee aan de Duurzaamheidsfabriek?", "nl", "Ja. Zwijndrecht doet volledig mee"),
    ("doet papendrecht mee aan de duurzaamheidsfabriek", "nl", "Papendrecht doet niet zelf mee"),
    ("Neemt Sliedrecht deel aan de Duurzaamheidsfabriek?", "nl", "Nee. Sliedrecht"),
    ("Doet Alblasserdam ook mee aan de lightrail?", "nl", "Alblasserdam doet nu niet mee"),
    ("Aan welke projecten doet Papendrecht mee?", "nl", "Deelname van Papendrecht"),
    ("Aan welke projecten neemt Dordrecht deel?", "nl", "Deelname van Dordrecht"),
    ("Wie betalen solidair mee aan de lightrail?", "nl", "Papendrecht"),
    ("Welke gemeenten doen mee aan de Duurzaamheidsfabriek?", "nl", "Volledige deelname: Dordrecht"),
    ("Wie doen er mee aan de Drentse Energieagenda?", "nl", "Deelname aan Drentse Energieagenda"),
    ("Wie zitten er in het instapmodel van de lightrail?", "nl", "Alblasserdam"),
    ("Hoeveel gemeenten doen mee aan de lightrail?", "nl", "Deelname aan Lightrail Drechtsteden"),
    ("Doet Emmen mee aan de Drentse Energieagenda?", "nl", "Emmen"),
    ("Wie zit de ambtelijke regiekamer voor?", "nl", "voorzitter van ambtelijke regiekamer"),
    ("Wie is voorzitter van de bestuurlijke regiekamer?", "nl", "voorzitter van bestuurlijke regiekamer"),
    ("Wie is trekker van de energietafel?", "nl", "trekker van energietafel"),
    ("Wie is de trekker van de Duurzaamheidsfabriek?", "nl", "Trekker van Duurzaamheidsfabriek: Dordrecht"),
    ("Wie zitten er in de ambtelijke regiekamer?", "nl", "lid van ambtelijke regiekamer"),
    ("Welke rollen heeft Marieke de Boer?", "nl", "Marieke de Boer"),
    ("Wie is secretaris van de bestuurlijke regiekamer?", "nl", "secretaris van bestuurlijke regiekamer"),
    ("Does Zwijndrecht take part in the Duurzaamheidsfabriek?", "en", "Yes. Zwijndrecht takes full part"),
    ("Which municipalities take part in the lightrail?", "en", "Participation in Lightrail Drechtsteden"),
    ("Who pays along for the lightrail?", "en", "Papendrecht"),
    ("Which projects does Papendrecht participate in?", "en", "Participation of Papendrecht"),
    ("Who chairs the ambtelijke regiekamer?", "en", "chair of ambtelijke regiekamer"),
    ("Who leads the energietafel?", "en", "lead of energietafel"),
    ("Is Hoogeveen involved in the Drentse Energieagenda?", "en", "Hoogeveen"),
    # Unknown names: said to be unknown, with close names (a registry answer that is not "answered").
    ("Doet Zwijndrecht mee aan de Klimaatfabriek?", "nl", "Project 'Klimaatfabriek' staat niet in het register"),
    ("Doet Gouda mee aan de Duurzaamheidsfabriek?", "nl", "Organisatie 'Gouda' staat niet in het register"),
    ("Doet Dordrecht mee aan de Duurzaamheidsfabrieken?", "nl", "Bedoelt u: Duurzaamheidsfabriek"),
    # Two sets written after the first version, then measured before any change (9/12 and 7/10; docs/benchmarks.md).
    ("Is Papendrecht aangesloten bij de Duurzaamheidsfabriek?", "nl", "Papendrecht"),
    ("Welke organisaties participeren in de lightrail?", "nl", "Deelname aan Lightrail Drechtsteden"),
    ("Betaalt Hoogeveen mee aan de Drentse Energieagenda?", "nl", "Hoogeveen doet niet zelf mee"),
    ("Wie heeft de voorzittersrol in de ambtelijke regiekamer?", "nl", "Marieke de Boer"),
    ("Welke gemeenten doen niet mee aan de Duurzaamheidsfabriek?", "nl", "Sliedrecht"),
    ("Stapt Alblasserdam later in bij de lightrail?", "nl", "Alblasserdam"),
    ("Wie trekt de Drentse Energieagenda?", "nl", "Provincie Drenthe"),
    ("Who is the secretary of the bestuurlijke regiekamer?", "en", "Tom Veld"),
    ("Is Emmen part of the Drentse Energieagenda?", "en", "Emmen"),
    ("Which municipalities pay along for the Duurzaamheidsfabriek?", "en", "Papendrecht"),
    ("Neemt Meppel deel aan een project?", "nl", "Meppel"),
    ("Doet Zwijndrecht nog mee aan de lightrail?", "nl", "Zwijndrecht doet volledig mee"),
    ("Wie betalen er mee aan de Duurzaamheidsfabriek zonder zelf mee te doen?", "nl", "Papendrecht"),
    ("Doet de provincie Drenthe mee aan de Drentse Energieagenda?", "nl", "Provincie Drenthe"),
    ("Bij welke projecten is Zwijndrecht betrokken?", "nl", "Deelname van Zwijndrecht"),
    ("Wie is lid van de energietafel?", "nl", "Marieke de Boer"),
    ("Which organisations are involved in the Duurzaamheidsfabriek?", "en", "Participation in Duurzaamheidsfabriek"),
    ("Who is in the ambtelijke regiekamer?", "en", "Jan Pieters"),
    ("Neemt Assen deel aan de lightrail?", "nl", "Assen heeft voor Lightrail Drechtsteden nog geen keuze"),
    ("Wie zijn de deelnemers van de lightrail?", "nl", "Deelname aan Lightrail Drechtsteden"),
    ("Heeft Sliedrecht gekozen voor de Duurzaamheidsfabriek?", "nl", "Sliedrecht"),
    ("Welke rol heeft Ans Koster?", "nl", "Ans Koster"),
]


def build_register(registry: Registry) -> None:
    for name in DRECHTSTEDEN + DRENTHE:
        registry.save_organisation(name)
    registry.save_organisation("Provincie Drenthe", "provincie")
    registry.save_theme("Energie")
    registry.save_theme("Mobiliteit")
    registry.save_project("Duurzaamheidsfabriek", theme="Energie", lead="Dordrecht", decision="Besluit bestuurlijke regiekamer (bench)", decision_page=4)
    registry.save_project("Lightrail Drechtsteden", theme="Mobiliteit", lead="Zwijndrecht")
    registry.save_project("Drentse Energieagenda", theme="Energie", lead="Provincie Drenthe")
    choices = {
        "Duurzaamheidsfabriek": {"Dordrecht": "volledig", "Zwijndrecht": "volledig", "Papendrecht": "solidair", "Sliedrecht": "geen"},
        "Lightrail Drechtsteden": {"Dordrecht": "volledig", "Zwijndrecht": "volledig", "Papendrecht": "solidair", "Alblasserdam": "instap"},
        "Drentse Energieagenda": {"Assen": "volledig", "Emmen": "volledig", "Hoogeveen": "solidair", "Provincie Drenthe": "volledig"},
    }
    for project, by_organisation in choices.items():
        for organisation, variant in by_organisation.items():
            registry.declare(project, organisation, variant, ACTOR)
    registry.save_role("Marieke de Boer", "voorzitter", "ambtelijke regiekamer", ACTOR, organisation="Zwijndrecht")
    registry.save_role("Marieke de Boer", "lid", "energietafel", ACTOR, organisation="Zwijndrecht")
    registry.save_role("Jan Pieters", "lid", "ambtelijke regiekamer", ACTOR, organisation="Sliedrecht")
    registry.save_role("Els Hendriks", "voorzitter", "bestuurlijke regiekamer", ACTOR, organisation="Dordrecht")
    registry.save_role("Tom Veld", "secretaris", "bestuurlijke regiekamer", ACTOR)
    registry.save_role("Ans Koster", "trekker", "energietafel", ACTOR, organisation="Papendrecht")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{folder}/bench.db")
        try:
            registry = Registry(db)
            build_register(registry)
            answerer = RegistryAnswerer(registry)
            right, wrong = 0, []
            for question, language, fragment in REGISTRY_QUESTIONS:
                found = answerer.answer(question, language) if might_ask_registry(question) else None
                if found is not None and fragment in found.text:
                    right += 1
                else:
                    wrong.append((question, None if found is None else found.text[:160]))
            documents = {}
            for name in ("dev", "dev2"):
                path = SHARED / "eval" / f"{name}.jsonl"
                if not path.is_file():
                    continue
                questions = [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
                formed = [q for q in questions if might_ask_registry(q)]
                taken = [q for q in formed if answerer.answer(q) is not None]
                documents[name] = (len(questions) - len(taken), len(questions), taken, len(formed))
        finally:
            db.close()
    print(f"registry questions routed to the registry with the right fact: {right}/{len(REGISTRY_QUESTIONS)}")
    for question, text in wrong:
        print(f"  wrong: {question!r} -> {text!r}")
    for name, (kept, total, taken, formed) in documents.items():
        print(f"{name}: document questions left to the documents: {kept}/{total} "
              f"({formed} had the registry's form and looked it up; the others never opened the database)")
        for question in taken:
            print(f"  taken by the registry: {question!r}")
    if not documents:
        print("../shared/eval is absent: document questions not measured")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
