"""Block Kit for reflection rounds: the questions (answerable in any order, the chosen answer
highlighted), the modal for the open question, reminders and the thank-you. Pure functions."""

from __future__ import annotations

import json

from bot.slack.blocks import Message, button, context, section, text_modal
from bot.slack.mrkdwn import escape, truncate
from infra.local_time import shown
from surveys.service import RoundInfo

ANSWER_ACTION = "survey_answer"
OPEN_ACTION = "survey_open"
OPEN_CALLBACK = "survey_open_submit"


def survey_message(info: RoundInfo, answers: dict[str, int | str], *, closed: bool = False, reminder: bool = False) -> Message:
    template = info.template
    until = shown(info.closes_at)
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": truncate(template.title, 150), "emoji": True}}]
    if reminder:
        blocks.append(section(f":bell: *Herinnering:* je kunt nog tot {until} antwoorden. Het kost minder dan twee minuten."))
    if template.intro:
        blocks.append(context(escape(template.intro)))
    for number, item in enumerate(template.items, start=1):
        chosen = answers.get(item.id)
        blocks.append(section(f"*{number}. {escape(item.text)}*"))
        if closed:
            continue
        if item.on_scale:
            blocks.append({"type": "actions", "block_id": f"survey-{info.id}-{item.id}", "elements": [
                button(_button_label(template, item, value), ANSWER_ACTION, _value(info.id, item.id, value),
                       style="primary" if chosen == value else None)
                for value in template.scale.values
            ]})
        else:
            current = f"_“{escape(truncate(str(chosen), 500))}”_" if chosen else "_nog niet beantwoord_"
            blocks.append(context(current))
            blocks.append({"type": "actions", "block_id": f"survey-{info.id}-{item.id}", "elements": [
                button("Wijzig je antwoord" if chosen else "Schrijf je antwoord", OPEN_ACTION, _value(info.id, item.id, None))
            ]})
    required = [i.id for i in template.statements]
    done = sum(1 for i in required if i in answers)
    if closed:
        blocks.append(section("Deze ronde is gesloten. Dank je wel voor je antwoorden."))
    else:
        blocks.append(context(
            f"{done} van {len(required)} stellingen beantwoord · wijzigen kan tot {until} · "
            "je antwoorden zijn pseudoniem en resultaten worden alleen per groep van minstens vijf mensen getoond"
        ))
    fallback = f"{template.title}: {'herinnering, ' if reminder else ''}je kunt antwoorden tot {until}."
    return fallback, blocks


def open_question_modal(info: RoundInfo, item_id: str, current: str, channel: str, ts: str) -> dict:
    item = info.template.item(item_id)
    return text_modal(OPEN_CALLBACK, {"r": info.id, "i": item_id, "c": channel, "t": ts}, title="Reflectieronde",
                      submit="Opslaan", close="Annuleren", block_id="answer", label=item.text if item else "Je antwoord",
                      hint="Je antwoord wordt zonder naam getoond in het rapport.", initial=current)


def thanks(info: RoundInfo) -> str:
    return (f"Dank je wel! Je antwoorden voor “{escape(info.title)}” zijn opgeslagen. "
            f"Je kunt ze nog wijzigen tot {shown(info.closes_at)}.")


def parse_value(raw: str) -> tuple[int, str, int | None]:
    data = json.loads(raw)
    return int(data["r"]), str(data["i"]), (None if data.get("v") is None else int(data["v"]))



def _value(round_id: int, item_id: str, value: int | None) -> str:
    return json.dumps({"r": round_id, "i": item_id, "v": value}, separators=(",", ":"))


def _button_label(template, item, value: int) -> str:
    if value in (template.scale.min, template.scale.max):
        return truncate(f"{value} {template.label(item, value)}", 75)
    return str(value)
