"""Adaptive Cards for every message the Teams bot sends. Pure functions: data in, card out.

Teams renders a subset of Markdown in TextBlocks (bold, italic, lists, links), so answer text is
passed as it is; only the characters that would start Markdown by accident are left alone.
"""

from __future__ import annotations

from assistant.core import Overview
from bot.conversation import Answered, Notice
from bot.sources import grouped_sources, place, related_lines
from bot.texts import text
from infra.local_time import shown
from ingest.pipeline import IngestReport, Outcome
from knowledge.models import Answer, Citation
from registry.overview import ParticipationView
from surveys.report import Report
from surveys.service import RoundInfo

CARD_VERSION = "1.5"
FEEDBACK_VERB = "feedback"
SURVEY_VERB = "survey"
MAX_TEXT = 6000


def card(body: list[dict], actions: list[dict] | None = None) -> dict:
    out = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": CARD_VERSION, "body": body}
    if actions:
        out["actions"] = actions
    return out


def text_block(value: str, **style) -> dict:
    return {"type": "TextBlock", "text": value[:MAX_TEXT], "wrap": True, **style}


def execute(title: str, verb: str, data: dict) -> dict:
    return {"type": "Action.Execute", "title": title, "verb": verb, "data": data}


def answer_card(answer: Answer, answer_id: int | None, contact: str) -> dict:
    language = answer.language
    body = [text_block(answer.text)]
    if not answer.answered and answer.related:
        body.append(text_block(text("maybe_helpful", language), weight="Bolder", spacing="Medium", size="Small"))
        body.extend(text_block(f"- {line}", size="Small", spacing="None") for line in related_lines(answer.related))
    if not answer.answered:
        body.append(text_block(text("ask_instead", language, contact=contact), isSubtle=True))
    if answer.answered and answer.citations:
        body.append(text_block(text("sources", language), weight="Bolder", spacing="Medium", size="Small"))
        body.extend(text_block(line, size="Small", spacing="None", isSubtle=True) for line in source_lines(answer.citations))
    actions = None
    if answer_id is not None:
        actions = [
            execute(f"👍 {text('helpful', language)}", FEEDBACK_VERB, {"answer": answer_id, "vote": 1}),
            execute(f"👎 {text('not_helpful', language)}", FEEDBACK_VERB, {"answer": answer_id, "vote": -1}),
        ]
    return card(body, actions)


def source_lines(citations: list[Citation]) -> list[str]:
    return [f"[{numbers}] {place(citation)}" for numbers, citation in grouped_sources(citations)]


def turn_card(turn: Answered | Notice) -> dict:
    """The card for one turn: an answer with sources and feedback, or what stood in its way."""
    if isinstance(turn, Notice):
        return notice_card(turn.text)
    return answer_card(turn.reply.answer, turn.reply.answer_id, turn.contact)


def notice_card(message: str) -> dict:
    return card([text_block(message)])


def help_card(overview: Overview) -> dict:
    docs = overview.documents
    body = [
        text_block("Zo stel je een vraag", weight="Bolder", size="Medium"),
        text_block("- Stel je vraag hier in de chat, of noem **@Samenspel** in een kanaal of groepschat.\n"
                   "- Een vervolgvraag in hetzelfde gesprek bouwt voort op je vorige vraag.\n"
                   "- **deelname** [project of organisatie] toont wie aan wat meedoet.\n"
                   "- Geef met 👍/👎 onder een antwoord aan of het hielp."),
        text_block(f"Wat ik weet — {len(docs)} document{'en' if len(docs) != 1 else ''}", weight="Bolder", spacing="Medium"),
    ]
    body.extend(text_block(f"- {d.title}", spacing="None") for d in docs[:30])
    if overview.last_change:
        body.append(text_block(f"Laatst ingelezen: {shown(overview.last_change)}", isSubtle=True, size="Small"))
    return card(body)


def ingest_report_card(report: IngestReport) -> dict:
    counts = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    body = [text_block(f"{text('ingest_done')} {counts or '0 bestanden'}.", weight="Bolder")]
    body += [text_block(f"⚠️ {note}", color="Attention") for note in report.notes]
    for f in report.files:
        if f.outcome is Outcome.UNCHANGED:
            continue
        detail = f" — {f.detail}" if f.detail else (f" ({f.chunks} passages)" if f.chunks else "")
        body.append(text_block(f"**{f.source}**: {f.outcome.value}{detail}", spacing="Small"))
    return card(body)


def survey_card(info: RoundInfo, answers: dict[str, int | str], *, closed: bool = False, status: str = "", reminder: bool = False) -> dict:
    """The whole round on one card: choices per statement, a text field for the open question, and
    one save button; the card that comes back shows what is stored."""
    template = info.template
    body: list[dict] = [text_block(template.title, weight="Bolder", size="Large")]
    if reminder:
        body.append(text_block(f"🔔 **Herinnering:** je kunt nog tot {shown(info.closes_at)} antwoorden.", spacing="Small"))
    if template.intro:
        body.append(text_block(template.intro, isSubtle=True, size="Small"))
    for number, item in enumerate(template.items, start=1):
        body.append(text_block(f"**{number}. {item.text}**", spacing="Medium"))
        if closed:
            continue
        current = answers.get(item.id)
        if item.on_scale:
            body.append({
                "type": "Input.ChoiceSet", "id": item.id, "style": "expanded",
                "choices": [{"title": f"{v} {template.label(item, v)}" if v in (template.scale.min, template.scale.max) else str(v), "value": str(v)}
                            for v in template.scale.values],
                **({"value": str(current)} if current is not None else {}),
            })
        else:
            body.append({"type": "Input.Text", "id": item.id, "isMultiline": True, "maxLength": 2000,
                         "placeholder": "Je antwoord (optioneel)", **({"value": str(current)} if current else {})})
    if closed:
        body.append(text_block("Deze ronde is gesloten. Dank je wel voor je antwoorden.", spacing="Medium"))
        return card(body)
    if status:
        body.append(text_block(status, color="Good", spacing="Medium"))
    body.append(text_block(f"Wijzigen kan tot {shown(info.closes_at)}. Je antwoorden zijn pseudoniem; resultaten worden "
                           "alleen per groep van minstens vijf mensen getoond.", isSubtle=True, size="Small"))
    return card(body, [execute("Opslaan", SURVEY_VERB, {"round": info.id})])


def report_card(report: Report, folder=None) -> dict:
    """The round's summary and, per statement, the mean with the number of answers; hidden below
    the minimum group size exactly as in the charts."""
    body = [text_block(report.summary())]
    if not report.too_small:
        facts = []
        for item in report.items:
            if not item.on_scale:
                continue
            value = "te weinig antwoorden" if item.hidden else f"{item.mean:.1f}".replace(".", ",") + f" (n={item.n})"
            facts.append({"title": item.theme, "value": value})
        body.append({"type": "FactSet", "facts": facts})
    if folder is not None:
        body.append(text_block(f"Grafieken en CSV: {folder}", isSubtle=True, size="Small"))
    return card(body)



def participation_card(view: ParticipationView | Notice) -> dict:
    """The matrix as an Adaptive Card table (schema 1.5): a header row, then one row per organisation
    or project; Teams wraps long cells instead of cutting them off. A Notice says why there is none."""
    if isinstance(view, Notice):
        return notice_card(view.text)

    def row(cells: list[str], header: bool = False) -> dict:
        return {"type": "TableRow", "cells": [
            {"type": "TableCell", "items": [text_block(cell or "–", weight="Bolder" if header else "Default", size="Small")]}
            for cell in cells]}

    body: list[dict] = [text_block(view.title, weight="Bolder", size="Medium")]
    if view.rows:
        body.append({
            "type": "Table", "firstRowAsHeader": True, "showGridLines": True,
            "columns": [{"width": 2 if i == 0 else 1} for i in range(len(view.columns))],
            "rows": [row(view.columns, header=True)] + [row(r) for r in view.rows],
        })
    if view.source:
        body.append(text_block(view.source, isSubtle=True, size="Small"))
    return card(body)
