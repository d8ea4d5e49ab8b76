"""Block Kit for kleur-bekennen rounds: per project the four variants to choose from, what stood
before, a button for contribution and note, and "keep everything as it is" in one click. Pure functions."""

from __future__ import annotations

import json

from bot.conversation import DeclarationState
from bot.slack.blocks import Message, button, context, section
from bot.slack.mrkdwn import escape, truncate
from infra.local_time import shown
from registry.amounts import readable_amount
from registry.variants import BY_KEY, VARIANTS

CHOICE_ACTION = "kleur_choice"
DETAILS_ACTION = "kleur_details"
KEEP_ACTION = "kleur_keep"
DETAILS_CALLBACK = "kleur_details_submit"
MAX_PROJECTS = 20  # three blocks each, within Slack's fifty


def declaration_message(state: DeclarationState, *, reminder: bool = False, changed_by: str | None = None) -> Message:
    """The round for one organisation; `changed_by` (a Slack user id) says a fellow representative
    just changed it, so the reader knows why their message moved."""
    if state.info is None:
        return state.problem or "", [section(escape(state.problem or ""))]
    info = state.info
    until = shown(info.closes_at)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": truncate(f"Kleur bekennen: {info.title}", 150), "emoji": True}},
        context(f"Namens *{escape(state.organisation)}* · per project één keuze · wijzigen kan tot {until}"),
    ]
    if reminder:
        blocks.append(section(f"🔔 *Herinnering:* {escape(state.organisation)} heeft nog niet voor elk project gekozen."))
    if changed_by:
        blocks.append(context(f"✏️ Bijgewerkt door <@{escape(changed_by)}>: hieronder staat de keuze van {escape(state.organisation)} zoals die nu is."))
    if state.problem:
        blocks.append(section(f"⚠️ {escape(state.problem)}"))
    for choice in state.choices[:MAX_PROJECTS]:
        before = f"eerder: {BY_KEY[choice.before].nl}" if choice.before else "eerder: geen keuze"
        details = " · ".join(x for x in (choice.contribution and f"bijdrage {readable_amount(choice.contribution)}", choice.note and f"“{choice.note}”") if x)
        line = f"*{escape(choice.project)}*\n{'✅ ' + BY_KEY[choice.chosen].nl if choice.chosen else '⬜ nog niet gekozen'} · {before}"
        block = section(line + (f"\n{escape(details)}" if details else ""))
        if not state.closed:
            block["accessory"] = _select(state, choice)
        blocks.append(block)
        if not state.closed:
            blocks.append({"type": "actions", "block_id": f"kleur-{info.id}-{state.organisation_id}-{choice.project_id}", "elements": [
                button("Bijdrage of toelichting", DETAILS_ACTION, _value(state, choice.project_id, ""))]})
    if len(state.choices) > MAX_PROJECTS:
        blocks.append(context(f"En nog {len(state.choices) - MAX_PROJECTS} projecten: kies die in de CLI of vraag de regiekamer."))
    if state.closed:
        blocks.append(section("Deze ronde is gesloten. Dank je wel."))
    else:
        blocks.append({"type": "actions", "block_id": f"kleur-{info.id}-{state.organisation_id}-keep", "elements": [
            button("Houd de rest zoals het was", KEEP_ACTION, _value(state, 0, ""))]})
        blocks.append(context(f"{state.answered} van {len(state.choices)} projecten gekozen · je keuze is zichtbaar voor de regiekamer"))
    fallback = f"Kleur bekennen: {info.title} — kies namens {state.organisation} tot {until}."
    return fallback, blocks


def thanks(state: DeclarationState) -> str:
    """The thank-you once every project has a choice, with the choices as a receipt."""
    return "\n".join(escape(line) for line in state.thanks_lines())


def details_modal(state: DeclarationState, project_id: int, channel: str, ts: str) -> dict:
    """Variant, contribution and note for one project; the message is updated after saving."""
    choice = next(c for c in state.choices if c.project_id == project_id)
    select = {"type": "static_select", "action_id": "variant", "options": [_option(v.key) for v in VARIANTS]}
    current = choice.chosen or choice.before
    if current:
        select["initial_option"] = _option(current)
    return {
        "type": "modal", "callback_id": DETAILS_CALLBACK,
        "private_metadata": json.dumps({"r": state.info.id, "o": state.organisation_id, "p": project_id, "c": channel, "t": ts}),
        "title": {"type": "plain_text", "text": "Kleur bekennen"},
        "submit": {"type": "plain_text", "text": "Opslaan"}, "close": {"type": "plain_text", "text": "Annuleren"},
        "blocks": [
            section(f"*{escape(choice.project)}* — namens {escape(state.organisation)}"),
            {"type": "input", "block_id": "variant", "label": {"type": "plain_text", "text": "Vorm van deelname"}, "element": select},
            _text_input("contribution", "Bijdrage (bedrag of verdeelsleutel)", choice.contribution, multiline=False),
            _text_input("note", "Toelichting", choice.note, multiline=True),
        ],
    }


def parse_value(raw: str) -> tuple[int, int, int, str]:
    data = json.loads(raw)
    return int(data["r"]), int(data["o"]), int(data["p"]), str(data.get("v", ""))


def modal_answer(view: dict) -> tuple[dict, dict[str, str]]:
    """(metadata, {"variant", "contribution", "note"}) from a submitted details modal."""
    values = view["state"]["values"]
    selected = (values.get("variant", {}).get("variant", {}).get("selected_option") or {}).get("value", "")
    answer = {
        "variant": json.loads(selected)["v"] if selected else "",
        "contribution": (values.get("contribution", {}).get("text", {}).get("value") or "").strip(),
        "note": (values.get("note", {}).get("text", {}).get("value") or "").strip(),
    }
    return json.loads(view["private_metadata"]), answer


def _select(state: DeclarationState, choice) -> dict:
    element = {
        "type": "static_select", "action_id": CHOICE_ACTION, "placeholder": {"type": "plain_text", "text": "Kies…"},
        "options": [_option(v.key, state, choice.project_id) for v in VARIANTS],
    }
    if choice.chosen:
        element["initial_option"] = _option(choice.chosen, state, choice.project_id)
    return element


def _option(key: str, state: DeclarationState | None = None, project_id: int = 0) -> dict:
    value = _value(state, project_id, key) if state else json.dumps({"v": key})
    return {"text": {"type": "plain_text", "text": BY_KEY[key].nl}, "value": value}


def _value(state: DeclarationState, project_id: int, variant: str) -> str:
    return json.dumps({"r": state.info.id, "o": state.organisation_id, "p": project_id, "v": variant}, separators=(",", ":"))


def _text_input(block_id: str, label: str, initial: str, *, multiline: bool) -> dict:
    element = {"type": "plain_text_input", "action_id": "text", "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    return {"type": "input", "block_id": block_id, "optional": True, "label": {"type": "plain_text", "text": label}, "element": element}
