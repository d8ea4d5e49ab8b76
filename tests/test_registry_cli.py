"""`samenspel registry …` end to end: import (all or nothing), show, declare, export, report, and a
registry question through `samenspel ask`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import samenspel.cli as cli
from samenspel.cli.registry import EXAMPLE_REGISTER_DIR


@pytest.fixture
def runner(monkeypatch, fake_embeddings, analyzer):
    from samenspel.wiring import open_knowledge

    monkeypatch.setattr(cli.common, "open_core", lambda s, **kw: open_knowledge(s, embedder=fake_embeddings, analyzer=analyzer, **kw))
    return CliRunner()


def test_import_show_declare_and_ask(runner):
    imported = runner.invoke(cli.app, ["registry", "import", str(EXAMPLE_REGISTER_DIR)])
    assert imported.exit_code == 0, imported.output
    assert "3 projecten" in imported.output and "10 deelname" in imported.output

    shown = runner.invoke(cli.app, ["registry", "show", "warmtenet"], env={"COLUMNS": "200"})
    assert "Deelname aan Warmtenet Rivierenland" in shown.output and "Veerhaven" in shown.output and "nog geen keuze" in shown.output

    declared = runner.invoke(cli.app, ["registry", "declare", "Warmtenet Rivierenland", "Veerhaven", "volledig", "--bijdrage", "€ 5.000"])
    assert declared.exit_code == 0 and "Vastgelegd." in declared.output
    again = runner.invoke(cli.app, ["registry", "declare", "Warmtenet Rivierenland", "Veerhaven", "volledig", "--bijdrage", "€ 5.000"])
    assert "niets veranderd" in again.output

    asked = runner.invoke(cli.app, ["ask", "Doet Veerhaven mee aan het warmtenet?", "--json"])
    payload = json.loads(asked.output)
    assert payload["method"] == "registry" and payload["answered"]
    assert payload["answer"].startswith("Ja. Veerhaven doet volledig mee aan Warmtenet Rivierenland")
    assert "bijdrage: € 5.000" in payload["answer"] and "door een beheerder" in payload["answer"]

    unknown = runner.invoke(cli.app, ["registry", "declare", "Warmtenet Rivierenland", "Atlantis", "volledig"])
    assert unknown.exit_code == 1 and "Atlantis" in unknown.output


def test_single_entries_from_the_cli(runner):
    assert runner.invoke(cli.app, ["registry", "organisation", "Waterschap Rivier", "--soort", "waterschap"]).exit_code == 0
    assert runner.invoke(cli.app, ["registry", "theme", "Klimaat"]).exit_code == 0
    made = runner.invoke(cli.app, ["registry", "project", "Dijkversterking", "--thema", "Klimaat", "--trekker", "Waterschap Rivier",
                                   "--start", "2026-04-01", "--besluit", "Besluit AB 2026-3", "--pagina", "4"])
    assert made.exit_code == 0, made.output
    bad = runner.invoke(cli.app, ["registry", "project", "Dijkversterking", "--status", "bijna"])
    assert bad.exit_code == 1 and "onbekende status 'bijna'" in bad.output
    runner.invoke(cli.app, ["registry", "declare", "Dijkversterking", "Waterschap Rivier", "volledig"])
    asked = runner.invoke(cli.app, ["ask", "Wie is trekker van de dijkversterking?", "--json"])
    payload = json.loads(asked.output)
    assert payload["answer"].endswith("Trekker van Dijkversterking: Waterschap Rivier.")
    assert [(c["source"], c["title"], c["page"]) for c in payload["citations"]] == [
        ("register", "Register van deelname en rollen (kleur bekennen)", None), ("besluit", "Besluit AB 2026-3", 4)]


def test_a_broken_import_writes_nothing(runner, tmp_path):
    runner.invoke(cli.app, ["registry", "import", str(EXAMPLE_REGISTER_DIR)])
    bad = tmp_path / "deelname.csv"
    bad.write_text("project;organisatie;vorm\nWarmtenet Rivierenland;Veerhaven;volledig\nWarmtenet Rivierenland;Veerhaven;misschien\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["registry", "import", str(bad)])
    assert result.exit_code == 1
    assert "Niets ingelezen" in result.output and "regel 3, kolom C (vorm)" in result.output
    shown = runner.invoke(cli.app, ["registry", "show", "Veerhaven"], env={"COLUMNS": "200"})
    assert "Warmtenet Rivierenland │ nog geen keuze" in shown.output  # the good row 2 was not written either


def test_export_and_report(runner, tmp_path):
    runner.invoke(cli.app, ["registry", "import", str(EXAMPLE_REGISTER_DIR)])
    exported = runner.invoke(cli.app, ["registry", "export", "--out", str(tmp_path / "export")])
    assert exported.exit_code == 0
    assert {p.name for p in (tmp_path / "export").iterdir()} >= {"register.xlsx", "deelname.csv", "deelname_geschiedenis.csv"}
    reported = runner.invoke(cli.app, ["registry", "report", "--out", str(tmp_path / "rapport"), "--thema", "Energie"])
    assert reported.exit_code == 0, reported.output
    assert (tmp_path / "rapport" / "deelname.png").stat().st_size > 10_000
    header = (tmp_path / "rapport" / "deelname.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "organisatie;Warmtenet Rivierenland"  # only the theme's projects
    wrong_theme = runner.invoke(cli.app, ["registry", "report", "--out", str(tmp_path / "x"), "--thema", "Sport"])
    assert wrong_theme.exit_code == 1 and "Thema 'Sport' staat niet in het register" in wrong_theme.output


def test_round_start_list_and_close(runner):
    runner.invoke(cli.app, ["registry", "import", str(EXAMPLE_REGISTER_DIR)])
    no_one = runner.invoke(cli.app, ["registry", "round", "start", "--thema", "Energie", "--dagen", "10", "--herinneringen", "5"])
    assert no_one.exit_code == 0, no_one.output
    assert "Ronde 1 “Energie" in no_one.output and "1 projecten" in no_one.output and "nog geen vertegenwoordigers" in no_one.output
    listed = runner.invoke(cli.app, ["registry", "round", "list"], env={"COLUMNS": "200"})
    assert "gepland" in listed.output and "Energie" in listed.output
    assert runner.invoke(cli.app, ["registry", "round", "close", "1"]).exit_code == 0
    missing = runner.invoke(cli.app, ["registry", "round", "close", "7"])
    assert missing.exit_code == 1 and "Ronde 7 bestaat niet" in missing.output
    empty_theme = runner.invoke(cli.app, ["registry", "round", "start", "--thema", "Sport"])
    assert empty_theme.exit_code == 1 and "Thema 'Sport' staat niet in het register" in empty_theme.output


def test_a_document_question_never_opens_the_database(tmp_path):
    """The cold `samenspel ask` stays fast: only a question of the registry's form loads SQLAlchemy."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from assistant.routing import RoutedAnswerer\n"
        "from knowledge.models import Answer\n"
        "class Docs:\n"
        "    def answer(self, q, context=None, language=None, readable_by=None): return Answer('x', [], False)\n"
        "def boom(): raise AssertionError('opened')\n"
        "r = RoutedAnswerer(boom, Docs())\n"
        "r.answer('Wat doet de regiekamer?'); r.answer('Hoe werkt het instapmodel?')\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_organisations_nobody_can_ask_are_named_at_start_in_the_list_and_in_the_result(runner):
    runner.invoke(cli.app, ["registry", "import", str(EXAMPLE_REGISTER_DIR)])
    assert runner.invoke(cli.app, ["registry", "representative", "Oeverstad", "slack", "U1"]).exit_code == 0
    started = runner.invoke(cli.app, ["registry", "round", "start", "--thema", "Energie"], env={"COLUMNS": "200"})
    assert started.exit_code == 0, started.output
    assert "niemand kan antwoorden voor" in started.output and "Kreekdorp" in started.output
    assert "Oeverstad" not in started.output.split("niemand kan antwoorden voor")[1]
    listed = runner.invoke(cli.app, ["registry", "round", "list"], env={"COLUMNS": "250"})
    assert "Niet te vragen" in listed.output and "Kreekdorp" in listed.output.split("Niet te vragen")[-1]

    from registry.round_runner import close_result
    from registry.rounds import DeclarationRounds
    from registry.service import Registry
    from samenspel.cli.common import database, load_settings

    settings = load_settings()
    with database(settings) as db:
        rounds = DeclarationRounds(db, Registry(db))
        result = close_result(rounds, rounds.round(1), settings.data_dir / "reports")
    assert "Kreekdorp" in result.unreachable and "Oeverstad" not in result.unreachable
    assert "Niet gevraagd, want zonder vertegenwoordiger" in result.summary


def test_survey_forget_says_what_it_took_out_of_the_registry_and_the_reports(runner):
    from datetime import datetime, timedelta, timezone

    from registry.records import Actor
    from registry.report import write_report
    from registry.service import Registry
    from samenspel.cli.common import database, load_settings

    runner.invoke(cli.app, ["registry", "import", str(EXAMPLE_REGISTER_DIR)])
    settings = load_settings()
    with database(settings) as db:
        registry = Registry(db)
        registry.add_representative("Oeverstad", "slack", "U0ALICE", Actor("cli:beheer", "cli"))
        registry.declare("Warmtenet Rivierenland", "Oeverstad", "geen", Actor("slack:U0ALICE", "slack"))
        write_report(registry, settings.report_dir / "kleur-bekennen-1", theme=None,
                     changes_since=datetime.now(timezone.utc) - timedelta(days=1))
    forgot = runner.invoke(cli.app, ["survey", "forget", "U0ALICE"], env={"COLUMNS": "200"})
    assert forgot.exit_code == 0, forgot.output
    assert "Register: het id uit 2 regels gehaald" in forgot.output
    assert "Rapporten: het id uit 1 bestand gehaald (kleur-bekennen-1/wijzigingen.csv)" in forgot.output
