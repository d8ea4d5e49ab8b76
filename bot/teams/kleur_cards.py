"""Adaptive Cards for kleur-bekennen rounds: every project of the round with the four variants, an
optional contribution and note, one save button and "keep the rest as it was". Pure functions."""

from __future__ import annotations

from bot.conversation import DeclarationState
from bot.teams.cards import card, execute, notice_card, text_block
from infra.local_time import shown
from registry.variants import BY_KEY, VARIANTS

KLEUR_VERB = "kleur"


def declaration_card(state: DeclarationState, *, reminder: bool = False, changed_by: str | None = None) -> dict:
    """The round for one organisation; `changed_by` (a display name) says a fellow representative
    just changed it. The card remembers what it showed, so sending back a card that was out of date
    only applies what its reader changed on it."""
    if state.info is None:
        return notice_card(state.problem or "")
    info = state.info
    body: list[dict] = [
        text_block(f"Kleur bekennen: {info.title}", weight="Bolder", size="Large"),
        text_block(f"Namens **{state.organisation}** · per project één keuze · wijzigen kan tot {shown(info.closes_at)}",
                   isSubtle=True, size="Small", spacing="None"),
    ]
    if reminder:
        body.append(text_block(f"🔔 **Herinnering:** {state.organisation} heeft nog niet voor elk project gekozen."))
    if changed_by:
        body.append(text_block(f"✏️ Bijgewerkt door {changed_by}: hieronder staat de keuze van {state.organisation} zoals die nu is.",
                               isSubtle=True, size="Small"))
    if state.problem:
        body.append(text_block(f"⚠️ {state.problem}", color="Attention"))
    for choice in state.choices:
        before = f"eerder: {BY_KEY[choice.before].nl}" if choice.before else "eerder: geen keuze"
        now = f"✅ {BY_KEY[choice.chosen].nl}" if choice.chosen else "⬜ nog niet gekozen"
        body.append(text_block(f"**{choice.project}**", spacing="Medium"))
        body.append(text_block(f"{now} · {before}", size="Small", spacing="None", isSubtle=True))
        if state.closed:
            continue
        body.append({"type": "Input.ChoiceSet", "id": f"p{choice.project_id}", "style": "compact", "placeholder": "Kies…",
                     "choices": [{"title": v.nl, "value": v.key} for v in VARIANTS],
                     **({"value": choice.chosen} if choice.chosen else {})})
        body.append({"type": "Input.Text", "id": f"c{choice.project_id}", "placeholder": "Bijdrage (optioneel)", "maxLength": 200,
                     **({"value": choice.contribution} if choice.contribution else {})})
        body.append({"type": "Input.Text", "id": f"n{choice.project_id}", "placeholder": "Toelichting (optioneel)", "maxLength": 1000,
                     **({"value": choice.note} if choice.note else {})})
    if state.closed:
        body.append(text_block("Deze ronde is gesloten. Dank je wel.", spacing="Medium"))
        return card(body)
    body.append(text_block(f"{state.answered} van {len(state.choices)} projecten gekozen.", isSubtle=True, size="Small", spacing="Medium"))
    data = {"round": info.id, "organisation": state.organisation_id, "shown": _shown(state)}
    return card(body, [execute("Opslaan", KLEUR_VERB, data), execute("Houd de rest zoals het was", KLEUR_VERB, {**data, "keep": True})])


def thanks_card(state: DeclarationState) -> dict:
    """The thank-you once every project has a choice, with the choices as a receipt."""
    return card([text_block(line, spacing="None" if i else "Default") for i, line in enumerate(state.thanks_lines())])


def answers_of(data: dict) -> tuple[object, object, dict[int, dict[str, str]]]:
    """(round, organisation id, per project id: variant, contribution, note) from a card sent back:
    only the projects whose fields differ from what the card showed, so a card that was out of date
    (a colleague chose since) does not undo the colleague's choices it still showed."""
    data = data or {}
    shown = data.get("shown") if isinstance(data.get("shown"), dict) else {}
    answers: dict[int, dict[str, str]] = {}
    for key, value in data.items():
        if len(key) > 1 and key[0] in "pcn" and key[1:].isdigit():
            field = {"p": "variant", "c": "contribution", "n": "note"}[key[0]]
            answers.setdefault(int(key[1:]), {})[field] = str(value or "").strip()
    changed = {project_id for project_id, fields in answers.items()
               if any(fields.get(f, "") != str(shown.get(f"{k}{project_id}", "")) for k, f in (("p", "variant"), ("c", "contribution"), ("n", "note")))}
    return data.get("round"), data.get("organisation"), {p: a for p, a in answers.items() if p in changed}


def _shown(state: DeclarationState) -> dict[str, str]:
    """The values the card's inputs start with, per input id."""
    shown: dict[str, str] = {}
    for choice in state.choices:
        shown |= {f"p{choice.project_id}": choice.chosen or "", f"c{choice.project_id}": choice.contribution or "",
                  f"n{choice.project_id}": choice.note or ""}
    return shown
