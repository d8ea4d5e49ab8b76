"""Block Kit for every message and view the Slack bot sends. Pure functions: data in, data out,
within Slack's limits (3000 characters per section text, 50 blocks per message, 2000 per button value)."""

from __future__ import annotations

import json

from assistant.core import Overview
from bot.conversation import Answered, Notice
from bot.slack.mrkdwn import escape, to_mrkdwn, truncate
from bot.sources import grouped_sources, place, related_lines
from bot.texts import text
from infra.local_time import shown
from ingest.pipeline import IngestReport, Outcome
from knowledge.models import Answer, Citation
from registry.overview import ParticipationView

SECTION_LIMIT = 3000
FALLBACK_LIMIT = 3000
MAX_BLOCKS = 50
MAX_DOCUMENTS_SHOWN = 30

Message = tuple[str, list[dict]]  # (fallback text for notifications, blocks)


def section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(mrkdwn, SECTION_LIMIT)}}


def context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(mrkdwn, SECTION_LIMIT)}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    out = {"type": "button", "text": {"type": "plain_text", "text": label, "emoji": True}, "action_id": action_id, "value": value}
    if style:
        out["style"] = style
    return out


def plain(message: str) -> Message:
    return message, [section(message)]


def working(language: str = "nl") -> Message:
    return plain(text("working", language))


def turn_message(turn: Answered | Notice, *, shareable: bool = False) -> Message:
    """The message for one turn: an answer with sources and feedback, or what stood in its way."""
    if isinstance(turn, Notice):
        return plain(turn.text)
    return answer_message(turn.reply.answer, turn.reply.answer_id, turn.contact, shareable=shareable)


def shared_by(user: str, question: str, language: str) -> str:
    """The line above an answer someone shared in the channel: who, and what they had asked."""
    if language == "en":
        return f"Shared by <@{user}>: _{escape(question)}_"
    return f"Gedeeld door <@{user}>: _{escape(question)}_"


def answer_message(answer: Answer, answer_id: int | None, contact: str, *, shareable: bool = False, intro: str = "") -> Message:
    language = answer.language
    blocks: list[dict] = []
    if intro:
        blocks.append(context(intro))
    body = to_mrkdwn(answer.text)
    if not answer.answered:
        body = f"{body}\n{text('ask_instead', language, contact=contact)}"
    for chunk in _split(body, SECTION_LIMIT)[:3]:
        blocks.append(section(chunk))
    if answer.answered and answer.citations:
        blocks.append(context(f"*{text('sources', language)}*\n" + "\n".join(source_lines(answer.citations))))
    if not answer.answered and answer.related:
        lines = "\n".join(f"• {escape(line)}" for line in related_lines(answer.related))
        blocks.append(section(truncate(f"*{text('maybe_helpful', language)}*\n{lines}", SECTION_LIMIT)))
    if answer_id is not None:
        buttons = [
            button(f"👍 {text('helpful', language)}", "feedback_up", str(answer_id)),
            button(f"👎 {text('not_helpful', language)}", "feedback_down", str(answer_id)),
        ]
        if shareable:
            buttons.append(button(text("share", language), "share_answer", str(answer_id), style="primary"))
        blocks.append({"type": "actions", "block_id": "answer_actions", "elements": buttons})
    fallback = truncate(answer.text if answer.answered else f"{answer.text} {text('ask_instead', language, contact=contact)}", FALLBACK_LIMIT)
    return fallback, blocks[:MAX_BLOCKS]


def source_lines(citations: list[Citation]) -> list[str]:
    """Numbered sources; quotes from the same place share one line: '[1, 2] Title, p. 6 — Section'."""
    return [f"[{numbers}] {escape(place(citation))}" for numbers, citation in grouped_sources(citations)]


WHY_CALLBACK = "feedback_why"


def text_modal(callback_id: str, metadata: dict, *, title: str, submit: str, close: str, block_id: str,
               label: str, hint: str, initial: str = "", optional: bool = False) -> dict:
    """A modal with one multi-line text field; the submission's value sits at
    state.values[block_id]["text"] and `metadata` comes back as private_metadata."""
    element = {"type": "plain_text_input", "action_id": "text", "multiline": True, "max_length": 2000}
    if initial:
        element["initial_value"] = initial
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": close},
        "blocks": [{"type": "input", "block_id": block_id, "optional": optional,
                    "label": {"type": "plain_text", "text": truncate(label, 2000)}, "element": element,
                    "hint": {"type": "plain_text", "text": hint}}],
    }


def why_modal(answer_id: int, channel: str | None, thread_ts: str | None) -> dict:
    """After a 👎: what was missing? Optional; the vote is already stored."""
    return text_modal(WHY_CALLBACK, {"a": answer_id, "c": channel, "t": thread_ts}, title="Wat ontbrak er?",
                      submit="Versturen", close="Overslaan", block_id="why", optional=True,
                      label="Wat klopte er niet, of wat had je willen weten?",
                      hint="De beheerders zien dit zonder je naam, bij de vraag en het antwoord.")


def help_message(overview: Overview, language: str = "nl") -> Message:
    blocks = [section(_how_to_ask(language)), section(_what_i_know(overview, language))]
    return _first_line(_how_to_ask(language)), blocks


def home_view(overview: Overview, open_rounds: list | None = None) -> dict:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Samenspel", "emoji": True}},
        section("Ik beantwoord vragen over onze samenwerking — rollen, spelregels, deelname aan projecten — "
                "met bronvermelding uit de documenten. Weet ik het niet, dan zeg ik dat."),
        {"type": "divider"},
        section(_how_to_ask("nl")),
        {"type": "divider"},
        section(_what_i_know(overview, "nl")),
    ]
    for info in open_rounds or []:
        until = shown(info.closes_at)
        blocks[2:2] = [section(f":bar_chart: *Reflectieronde open:* {escape(info.title)} — antwoorden kan tot {until}. "
                               "De vragen staan in je berichten met Samenspel."), {"type": "divider"}]
    return {"type": "home", "blocks": blocks}


def ingest_progress(done: int, total: int, language: str = "nl") -> Message:
    return plain(text("ingest_progress", language, done=done, total=total))


def ingest_report(report: IngestReport, language: str = "nl") -> Message:
    counts = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    headline = f"{text('ingest_done', language)} {counts or '0 bestanden'}."
    lines = []
    for f in report.files:
        if f.outcome is Outcome.UNCHANGED:
            continue
        icon = {Outcome.ADDED: "🆕", Outcome.CHANGED: "🔄", Outcome.FAILED: "⚠️", Outcome.REMOVED: "🗑️", Outcome.KEPT: "✋", Outcome.SKIPPED: "⏭️"}[f.outcome]
        detail = f" — {escape(f.detail)}" if f.detail else (f" ({f.chunks} passages)" if f.chunks else "")
        lines.append(f"{icon} *{escape(f.source)}*: {f.outcome.value}{detail}")
    blocks = [section(headline)] + [section(f"⚠️ {escape(note)}") for note in report.notes]
    for chunk in _split("\n".join(lines), SECTION_LIMIT)[: MAX_BLOCKS - 1]:
        blocks.append(section(chunk))
    return headline, blocks


def _how_to_ask(language: str) -> str:
    if language == "en":
        return (
            "*How to ask*\n• Mention me in a channel: `@Samenspel what does the regiekamer do?` — I answer in the thread; "
            "mention me there again for a follow-up and I build on the earlier questions.\n• Send me a direct message.\n"
            "• `/samenspel your question` gives a private answer that you can share in the channel.\n"
            "• `/samenspel participation [project or organisation]` shows who takes part in what.\n"
            "• Use 👍/👎 under an answer to tell us whether it helped."
        )
    return (
        "*Zo stel je een vraag*\n• Noem me in een kanaal: `@Samenspel wat doet de regiekamer?` — ik antwoord in de "
        "draad; noem me daar opnieuw voor een vervolgvraag, dan bouw ik voort op de eerdere vragen.\n• Stuur me een direct bericht.\n"
        "• `/samenspel je vraag` geeft een antwoord dat alleen jij ziet; met één klik deel je het in het kanaal.\n"
        "• `/samenspel deelname [project of organisatie]` toont wie aan wat meedoet.\n"
        "• Geef met 👍/👎 onder een antwoord aan of het hielp."
    )


def _what_i_know(overview: Overview, language: str) -> str:
    docs = overview.documents
    if language == "en":
        head = f"*What I know* — {len(docs)} document{'s' if len(docs) != 1 else ''}"
    else:
        head = f"*Wat ik weet* — {len(docs)} document{'en' if len(docs) != 1 else ''}"
    lines = [f"• {escape(_doc_label(d.title, d.extra))}" for d in docs[:MAX_DOCUMENTS_SHOWN]]
    if len(docs) > MAX_DOCUMENTS_SHOWN:
        lines.append(f"… en nog {len(docs) - MAX_DOCUMENTS_SHOWN}" if language != "en" else f"… and {len(docs) - MAX_DOCUMENTS_SHOWN} more")
    if overview.last_change:
        when = shown(overview.last_change)
        lines.append(f"_Laatst ingelezen: {when}_" if language != "en" else f"_Last ingested: {when}_")
    return "\n".join([head, *lines])


def _doc_label(title: str, extra: dict) -> str:
    details = [str(extra[k]) for k in ("publisher", "year") if extra.get(k)]
    return f"{title} ({', '.join(details)})" if details else title



def _split(text_: str, limit: int) -> list[str]:
    """Split at line ends so that each part fits one section."""
    parts, current = [], ""
    for line in text_.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = line if len(line) <= limit else truncate(line, limit)
    if current:
        parts.append(current)
    return parts


def _first_line(mrkdwn: str) -> str:
    return mrkdwn.split("\n", 1)[0].strip("*")


def participation_message(view: ParticipationView | Notice) -> Message:
    """The matrix as one line per row: '• *Zwijndrecht* — volledige deelname · 1-3-2026 · € 5.000';
    for every project, each variant is named before its organisations. A Notice says why there is none."""
    if isinstance(view, Notice):
        return plain(view.text)
    lines = []
    for row in view.rows:
        if view.kind == "portfolio":
            rest = " · ".join(f"{escape(column)}: {escape(cell)}" for column, cell in zip(view.columns[1:], row[1:]))
        else:
            rest = " · ".join(escape(cell) for cell in row[1:] if cell)
        lines.append(f"• *{escape(row[0])}* — {rest}")
    body = "\n".join(lines)
    blocks = [section(f"*{escape(view.title)}*")] + [section(chunk) for chunk in _split(body, SECTION_LIMIT)[: MAX_BLOCKS - 2] if body]
    if view.source:
        blocks.append(context(escape(view.source)))
    return truncate(f"{view.title}\n{body}\n{view.source}".rstrip(), FALLBACK_LIMIT), blocks
