"""What a new user meets first: the README's examples work as printed on the example documents, and
the CLI's small promises hold (names shown whole, ranks not fusion scores, one-line errors)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

import samenspel.cli as cli
from infra.database import DatabaseUnavailable, open_database
from infra.settings import Settings

REPO = Path(__file__).resolve().parents[1]
PLACEHOLDER = "/pad/naar/"  # a folder of the reader's own, not something the test can have


GUIDE = REPO / "docs" / "handleiding.md"  # the administrators' guide, in Dutch: its commands must work as printed


def guide_commands(section: str = "2. Eigen documenten") -> list[list[str]]:
    """Every `samenspel …` line of the first command block of a section of the guide, as the shell would split it."""
    readme = GUIDE.read_text(encoding="utf-8")
    block = re.search(rf"## {re.escape(section)}[^\n]*\n(?:(?!\n## ).)*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0].endswith("samenspel"):
            commands.append(words[1:])
    return commands


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.chdir(REPO)  # the README's paths are relative to the checkout
    return CliRunner()


def _examples_for_placeholders(words: list[str]) -> list[str]:
    """The reader's own folder becomes the example documents; a file in it, one of them."""
    return [("samenspel/examples/" if w.endswith("/") else "samenspel/examples/spelregels-projecten-voorbeeld.md")
            if w.startswith(PLACEHOLDER) else w for w in words]


def test_the_readme_examples_work_as_printed(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    commands = guide_commands()
    assert [c[0] for c in commands][:2] == ["ingest", "ingest"] and any(c[0] == "ask" for c in commands)
    assert not any("examples" in w for words in commands for w in words)  # the first real step is the reader's own
    for words in map(_examples_for_placeholders, commands):
        result = runner.invoke(cli.app, words)
        assert result.exit_code == 0, (words, result.output)
        if words[0] == "ask":
            output = result.output
            assert "niet vinden" not in output and "can't find" not in output, (words, output)
            if "--json" in words:
                answer = json.loads(output)
                assert answer["answered"] and answer["citations"]
            else:
                assert "Bronnen:" in output or "Sources:" in output
        if words[0] == "remove":
            listed = json.loads(runner.invoke(cli.app, ["sources", "--json"]).output)
            assert Path(words[1]).name not in {d["source"] for d in listed["documents"]}


def test_the_readme_registry_examples_work_as_printed(runner, tmp_path, monkeypatch):
    """The kleur-bekennen block, in order, on the fictitious example register (the report and the
    export land in the test's folder)."""
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    commands = guide_commands("8. Kleur bekennen")
    assert [c[:2] for c in commands][0] == ["registry", "import"] and commands[-1][0] == "ask"
    for words in commands:
        words = [str(tmp_path / w) if w in ("rapport/", "export/") else w for w in words]
        result = runner.invoke(cli.app, words)
        assert result.exit_code == 0, (words, result.output)
    assert "Kreekdorp doet niet zelf mee aan Warmtenet Rivierenland, maar betaalt wel mee" in " ".join(result.output.split())
    assert (tmp_path / "rapport" / "deelname.png").is_file() and (tmp_path / "export" / "register.xlsx").is_file()


def test_the_guide_on_who_may_read_what_works_as_printed(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    commands = guide_commands("3. Wie mag wat lezen")
    assert {c[0] for c in commands} >= {"ingest", "groep", "voor", "sources"}
    for words in map(_examples_for_placeholders, commands):
        result = runner.invoke(cli.app, words)
        assert result.exit_code == 0, (words, result.output)
    shown = " ".join(result.output.split())
    assert "voor: programmateam, regiekamer" in shown and "voor: regiekamer" in shown


def test_the_readme_does_not_ingest_the_projects_own_docs():
    for words in guide_commands():
        if words[0] == "ingest":
            assert not any(w.rstrip("/") in ("docs", "./docs") for w in words[1:])


def test_sources_shows_whole_names_and_remove_takes_them_or_a_path(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "stukken"
    folder.mkdir()
    long_name = "2026-03-01_verslag-bestuurlijke-regiekamer-en-ambtelijke-regiekamer-definitief-v3.md"
    (folder / long_name).write_text("# Verslag\n\nDe regiekamer besprak de voortgang van de projecten.\n", encoding="utf-8")
    (folder / "besluit.md").write_text("# Besluit\n\nDe tafel besloot het project te starten.\n", encoding="utf-8")
    assert runner.invoke(cli.app, ["ingest", str(folder)]).exit_code == 0
    listed = runner.invoke(cli.app, ["sources"], terminal_width=80).output
    assert long_name in listed  # never cut off, however narrow the terminal
    assert runner.invoke(cli.app, ["remove", long_name]).exit_code == 0
    assert runner.invoke(cli.app, ["remove", str(folder / "besluit.md")]).exit_code == 0
    missing = runner.invoke(cli.app, ["remove", "bestaat-niet.md"])
    assert missing.exit_code == 1 and "staat niet in de kennisbank" in missing.output


def test_retrieve_shows_ranks_not_fusion_scores(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    runner.invoke(cli.app, ["ingest", "samenspel/examples/"])
    output = runner.invoke(cli.app, ["retrieve", "instapmodel", "--k", "3"]).output
    assert output.startswith("[1] ")
    assert not re.search(r"score\s+0\.\d+", output)


def test_an_english_answer_names_the_contact_in_english():
    settings = Settings()
    assert settings.contact_in("nl") == "de regiekamer"
    assert settings.contact_in("en") == "the regiekamer"
    assert Settings(contact="Anna de Vries (programmamanager)").contact_in("en") == "Anna de Vries (programmamanager)"
    assert Settings(contact_en="the programme office").contact_in("en") == "the programme office"


@pytest.mark.parametrize("url, says", [
    ("postgresql+psycopg://samenspel@127.0.0.1:1/samenspel", "niet bereikbaar"),
    ("kapot", "DATABASE_URL klopt niet"),
    ("mysql+pymysql://u:p@localhost/samenspel", "stuurprogramma"),
    ("postgresql+psycopg://u:geheim@127.0.0.1:abc/samenspel", "DATABASE_URL klopt niet"),
    ("postgresql+psycopg://u:ge@heim@127.0.0.1:5432/samenspel", "%40"),
    ("sqlite:////proc/bestaat-niet/samenspel.db", "map voor de database"),
])
def test_a_bad_database_url_is_one_clear_line(url, says):
    with pytest.raises(DatabaseUnavailable, match=says) as caught:
        open_database(url)
    assert "\n" not in str(caught.value)
    assert "geheim" not in str(caught.value) and "heim" not in str(caught.value)  # never a password, nor part of one


def test_an_unexpected_error_is_one_plain_line_without_a_traceback(monkeypatch, capsys):
    import overview.service

    def broken(*args, **kwargs):
        raise RuntimeError("iets stuk")

    monkeypatch.setattr(overview.service, "previous_month", broken)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["overview", "--zonder-documenten"])
    assert stopped.value.code == 1
    said = capsys.readouterr().err
    assert "onverwachts" in said and "iets stuk" in said and "Traceback" not in said


def test_overview_to_a_file_instead_of_a_folder_is_refused_plainly(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    result = runner.invoke(cli.app, ["overview", "--zonder-documenten", "--naar", str(tmp_path / "bestand")])
    assert result.exit_code != 0 and "een bestand, geen map" in " ".join(result.output.split())
    assert (tmp_path / "bestand").read_text(encoding="utf-8") == "x"


def test_the_cli_reports_a_bad_database_url_without_a_traceback(runner, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "kapot")
    result = runner.invoke(cli.app, ["survey", "rounds"])
    assert result.exit_code == 2
    assert "DATABASE_URL klopt niet" in result.output and "Traceback" not in result.output


def test_every_setting_is_in_env_example_with_a_comment():
    """One settings object reads the environment; `.env.example` lists every variable it reads, each
    under a comment that says what it does."""
    from infra.settings import Settings

    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    listed = {line.split("=", 1)[0]: i for i, line in enumerate(lines) if re.match(r"^[A-Z][A-Z0-9_]*=", line)}
    missing, uncommented = [], []
    for field in Settings.model_fields.values():
        names = [n for n in getattr(field.validation_alias, "choices", []) if isinstance(n, str)]
        if not names:
            continue
        found = [n for n in names if n in listed]
        if not found:
            missing.append(names[0])
            continue
        i = listed[found[0]]
        while i > 0 and re.match(r"^[A-Z][A-Z0-9_]*=", lines[i - 1]):
            i -= 1  # a group of variables under one comment
        if not lines[i - 1].startswith("#"):
            uncommented.append(found[0])
    assert missing == [] and uncommented == []


def test_the_guide_s_teams_package_line_works_or_says_what_to_set_first(runner, tmp_path, monkeypatch):
    line = re.search(r"\.venv/bin/samenspel (teams-package [^`\n]*)", GUIDE.read_text(encoding="utf-8")).group(1)
    words = [str(tmp_path / w) if w.endswith(".zip") else w for w in shlex.split(line)]
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    missing = runner.invoke(cli.app, words)
    assert missing.exit_code == 2 and "zet eerst TEAMS_APP_ID" in " ".join(missing.output.split())
    monkeypatch.setenv("TEAMS_APP_ID", "11111111-2222-3333-4444-555555555555")
    made = runner.invoke(cli.app, words)
    assert made.exit_code == 0, made.output
    assert (tmp_path / "samenspel-teams.zip").is_file()


ENGLISH_FROM_TYPER = ("Usage", "Options", "Arguments", "Commands", "Show this message", "<bool>", "<str>", "<path>", "<int>",
                      "Missing", "No such", "Try '", "Invalid value", "Got unexpected", "Error", "[OPTIONS]")


def _run_main(args, capsys) -> tuple[int, str]:
    from samenspel.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(args)
    captured = capsys.readouterr()
    return stopped.value.code, captured.out + captured.err


def test_the_command_line_speaks_dutch_also_where_typer_speaks_for_itself(capsys, monkeypatch, tmp_path):
    """Every help page, and the errors of a mistyped command, without Typer's English."""
    import typer.main

    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")

    def paths(command, prefix):
        yield prefix
        for name, sub in getattr(command, "commands", {}).items():
            yield from paths(sub, [*prefix, name])

    for words in paths(typer.main.get_command(cli.app), []):
        code, output = _run_main([*words, "--help"], capsys)
        assert code == 0 and "Gebruik: samenspel" in output and "Toon deze hulp en stop." in output, words
        assert not [e for e in ENGLISH_FROM_TYPER if e in output], (words, [e for e in ENGLISH_FROM_TYPER if e in output])
    for args, says in ((["ingst"], "onbekende opdracht 'ingst' (bedoel je ingest?)"), (["ingest", "--bogus"], "onbekende optie --bogus"),
                       (["registry", "declare"], "het argument 'PROJECT' ontbreekt"),
                       (["feedback", "--dagen", "x"], "ongeldige waarde voor '--dagen' / '--days': dat is geen geheel getal"),
                       (["ask", "een", "twee"], "te veel argumenten: twee")):
        code, output = _run_main(args, capsys)
        assert code == 2 and says in output and "Hulp: samenspel" in output, (args, output)
        assert not [e for e in ENGLISH_FROM_TYPER if e in output], (args, output)


def test_every_option_has_a_dutch_name_first():
    """People type Dutch; English names stay as aliases where scripts use them (--batch and --json are words in Dutch too)."""
    import typer.main

    english_only = {"--help", "--json", "--batch", "--socket", "--url", "--website", "--app-id", "--teams", "--slack", "--status",
                    "--start"}

    def options(command, path):
        for name, sub in getattr(command, "commands", {}).items():
            yield from options(sub, [*path, name])
        for param in getattr(command, "params", []):
            if param.param_type_name == "option":
                yield " ".join(path), param.opts

    english = {"--from", "--to", "--out", "--days", "--template", "--reminders", "--round", "--channel", "--host", "--port",
               "--version", "--prune", "--force", "--rebuild", "--k", "--down", "--unanswered", "--at", "--verbose", "--remove",
               "--replace", "--theme", "--since", "--kind", "--description", "--lead", "--end", "--decision", "--page",
               "--contribution", "--note", "--organisation", "--until", "--title", "--as-of", "--without-documents"}
    for where, names in options(typer.main.get_command(cli.app), []):
        first = names[0]
        assert first not in english or first in english_only, (where, names)
