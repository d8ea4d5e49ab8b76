"""Block Kit rendering and mrkdwn conversion, as data: string in, string out."""

import json
from datetime import datetime, timezone

import pytest

from assistant.core import Overview, Reply
from bot.slack import blocks as render
from bot.slack.mrkdwn import escape, to_mrkdwn, truncate
from ingest.pipeline import FileReport, IngestReport, Outcome
from knowledge.models import Answer, Citation, DocumentInfo


@pytest.mark.parametrize(
    "markdown, mrkdwn",
    [
        ("**vet** en *schuin*", "*vet* en _schuin_"),
        ("__ook vet__", "*ook vet*"),
        ("# Spelregels\n- eerste\n* tweede", "*Spelregels*\n• eerste\n• tweede"),
        ("zie [de site](https://regio.nl/a?b=1)", "zie <https://regio.nl/a?b=1|de site>"),
        ("B&W <intern> & meer", "B&amp;W &lt;intern&gt; &amp; meer"),
        ("`a*b*c` blijft", "`a*b*c` blijft"),
        ("~~weg~~", "~weg~"),
        ("2 * 3 * 4 = 24", "2 * 3 * 4 = 24"),
        ("snake_case_naam", "snake_case_naam"),
    ],
)
def test_markdown_becomes_mrkdwn(markdown, mrkdwn):
    assert to_mrkdwn(markdown) == mrkdwn


def test_truncate_never_splits_an_escape():
    text = escape("a & b " * 20)
    cut = truncate(text, 30)
    assert len(cut) <= 30 and cut.endswith("…") and not cut.rstrip("…").endswith("&amp")


def _answer(**kw) -> Answer:
    citations = [
        Citation("rapport.pdf", "Rapport", 6, "quote een", "Rollen"),
        Citation("rapport.pdf", "Rapport", 6, "quote twee", "Rollen"),
        Citation("spelregels.docx", "Spelregels <concept>", None, "quote drie"),
    ]
    defaults = dict(text="Volgens “Rapport” (p. 6): “De **regiekamer** stuurt.” [1]", citations=citations, answered=True)
    return Answer(**{**defaults, **kw})


def test_answer_message_has_text_sources_and_feedback():
    fallback, blocks = render.answer_message(_answer(), 42, "de regiekamer")
    assert "De **regiekamer** stuurt" in fallback
    assert blocks[0]["text"]["text"].endswith("“De *regiekamer* stuurt.” [1]")
    sources = blocks[1]["elements"][0]["text"]
    assert sources.splitlines() == ["*Bronnen*", "[1, 2] Rapport, p. 6 — Rollen", "[3] Spelregels &lt;concept&gt;"]
    actions = blocks[2]
    assert [e["action_id"] for e in actions["elements"]] == ["feedback_up", "feedback_down"]
    assert all(e["value"] == "42" for e in actions["elements"])


def test_shareable_answer_gets_a_share_button():
    _, blocks = render.answer_message(_answer(), 7, "x", shareable=True)
    assert blocks[-1]["elements"][-1]["action_id"] == "share_answer"


def test_not_found_names_the_contact_and_has_no_sources():
    answer = Answer("Dat kan ik niet vinden in de documenten.", [], answered=False)
    fallback, blocks = render.answer_message(answer, 3, "<#C1|regiekamer>")
    assert "Vraag het gerust aan <#C1|regiekamer>." in blocks[0]["text"]["text"]
    assert "<#C1|regiekamer>" in fallback
    assert not any(b["type"] == "context" for b in blocks)


def test_english_answer_is_rendered_in_english():
    fallback, blocks = render.answer_message(_answer(language="en"), 1, "x")
    assert blocks[1]["elements"][0]["text"].startswith("*Sources*")
    assert blocks[2]["elements"][0]["text"]["text"] == "👍 Helpful"


def test_long_answers_stay_within_slack_limits():
    long = "\n".join(f"Regel {i}: " + "woord " * 80 for i in range(40))
    fallback, blocks = render.answer_message(_answer(text=long), 1, "x")
    assert len(fallback) <= render.FALLBACK_LIMIT
    assert len(blocks) <= render.MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_a_turn_is_an_answer_or_a_notice():
    from bot.conversation import Answered, Notice

    fallback, blocks = render.turn_message(Notice("Je stelt veel vragen achter elkaar."))
    assert fallback == "Je stelt veel vragen achter elkaar." and len(blocks) == 1
    answered = render.turn_message(Answered(Reply(_answer(), 7), "#regiekamer"), shareable=True)
    assert "share_answer" in json.dumps(answered[1])


def test_home_view_lists_documents_and_last_change():
    docs = [DocumentInfo(f"d{i}.pdf", f"Document {i}", "h", 3, {"publisher": "Regio", "year": 2024}) for i in range(35)]
    view = render.home_view(Overview(docs, datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)))
    assert view["type"] == "home"
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert "35 documenten" in text and "Document 0 (Regio, 2024)" in text
    assert "… en nog 5" in text
    assert "Laatst ingelezen: 23-11-2026 13:00" in text  # Europe/Amsterdam


def test_ingest_report_lists_what_changed_and_why_files_failed():
    report = IngestReport([
        FileReport("a.pdf", Outcome.ADDED, 4),
        FileReport("b.md", Outcome.UNCHANGED, 2),
        FileReport("c.pdf", Outcome.FAILED, detail="versleutelde PDF"),
    ])
    fallback, blocks = render.ingest_report(report)
    assert fallback == "Klaar met inlezen. 1 toegevoegd, 1 ongewijzigd, 1 mislukt."
    details = blocks[1]["text"]["text"]
    assert "*a.pdf*: toegevoegd (4 passages)" in details
    assert "*c.pdf*: mislukt — versleutelde PDF" in details
    assert "b.md" not in details


def test_a_refused_prune_is_said_plainly_in_slack_and_teams():
    from bot.teams.cards import ingest_report_card

    note = "Opschonen geweigerd: 4 van de 5 documenten zouden verdwijnen. Er is niets verwijderd."
    report = IngestReport([FileReport("a.pdf", Outcome.KEPT, 3, "zou verwijderd worden (uit /stukken/a.pdf)")], notes=[note], refused=True)
    _, blocks = render.ingest_report(report)
    slack_text = " ".join(b["text"]["text"] for b in blocks)
    assert "Opschonen geweigerd" in slack_text and "*a.pdf*: niet verwijderd — zou verwijderd worden" in slack_text
    card_text = " ".join(b.get("text", "") for b in ingest_report_card(report)["body"])
    assert "Opschonen geweigerd" in card_text and "**a.pdf**: niet verwijderd" in card_text


def test_no_answer_shows_where_to_read_on_in_every_channel():
    from bot.render_terminal import render_answer
    from bot.teams.cards import answer_card
    from knowledge.models import Answer, Citation

    related = [Citation("gr.md", "Regeling", 4, "Het dagelijks bestuur bestaat uit de voorzitter en twee leden.", "Artikel 7")]
    answer = Answer("Dat kan ik niet vinden in de documenten.", [], False, "nl", related=related)
    _, blocks = render.answer_message(answer, 3, "de regiekamer")
    slack_text = json.dumps(blocks, ensure_ascii=False)
    assert "Misschien helpt dit" in slack_text and "“Het dagelijks bestuur bestaat" in slack_text and "Regeling, p. 4 — Artikel 7" in slack_text
    card_text = json.dumps(answer_card(answer, 3, "de regiekamer"), ensure_ascii=False)
    assert "Misschien helpt dit" in card_text and "Regeling, p. 4" in card_text
    terminal = render_answer(answer, "de regiekamer")
    assert "Misschien helpt dit:" in terminal and "(gr.md)" in terminal
    english = Answer("I can't find that in the documents.", [], False, "en", related=related)
    assert "This might help:" in render_answer(english, "the regiekamer")
    answered = Answer("Volgens …", related, True, "nl")
    assert "Misschien" not in render_answer(answered)
