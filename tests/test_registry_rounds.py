"""Kleur-bekennen rounds: who may answer for whom, one answer per organisation per project (latest
wins, every change kept), reminders only to the silent, a final matrix at close, and two replicas
or a restart that lose or duplicate nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from registry.records import Actor, RegistryError
from registry.round_runner import DeclarationRunner, RoundResult
from registry.rounds import DeclarationRounds, NotRepresentative, RoundClosed
from registry.service import Registry

ADMIN = Actor("cli:beheer", "cli")


@pytest.fixture
def rounds(db) -> DeclarationRounds:
    registry = Registry(db)
    for name in ("Oeverstad", "Dijkhoven", "Kreekdorp"):
        registry.save_organisation(name)
    registry.save_theme("Energie")
    registry.save_project("Warmtenet", theme="Energie", lead="Oeverstad")
    registry.save_project("Zonnedaken", theme="Energie")
    registry.save_project("Woningbouw")  # another theme: not in an Energie round
    registry.declare("Warmtenet", "Oeverstad", "volledig", ADMIN)
    registry.add_representative("Oeverstad", "slack", "U1", ADMIN)
    registry.add_representative("Oeverstad", "slack", "U2", ADMIN)
    registry.add_representative("Dijkhoven", "teams", "aad-1", ADMIN)
    registry.add_representative("Kreekdorp", "slack", "U3", ADMIN)
    return DeclarationRounds(db, registry)


def _open_round(rounds: DeclarationRounds, **kw) -> int:
    now = datetime.now(timezone.utc)
    round_id = rounds.create(title="Energie 2026", theme="Energie", opens_at=now - timedelta(minutes=1),
                             closes_at=now + timedelta(days=14), reminders=[now + timedelta(days=7)], actor=ADMIN, **kw)
    assert rounds.set_status(round_id, "open", expected="scheduled")
    return round_id


def _ids(rounds: DeclarationRounds, round_id: int) -> dict[str, int]:
    return {name: project_id for project_id, name in rounds.round(round_id).projects}


def test_only_representatives_and_administrators_may_answer(rounds):
    round_id = _open_round(rounds)
    warmtenet = _ids(rounds, round_id)["Warmtenet"]
    assert sorted(_ids(rounds, round_id)) == ["Warmtenet", "Zonnedaken"]  # the theme's projects only

    with pytest.raises(NotRepresentative):
        rounds.declare(round_id, "Oeverstad", warmtenet, "geen", Actor("slack:U3", "slack"), channel="slack", user_id="U3")
    assert rounds.choices(round_id, "Oeverstad")[0].chosen is None  # nothing changed

    assert rounds.declare(round_id, "Oeverstad", warmtenet, "solidair", Actor("slack:U1", "slack"), channel="slack", user_id="U1")
    assert rounds.declare(round_id, "Kreekdorp", warmtenet, "geen", Actor("slack:UADMIN", "slack"), channel="slack",
                          user_id="UADMIN", is_admin=True)
    [choice, _] = rounds.choices(round_id, "Oeverstad")
    assert (choice.chosen, choice.before) == ("solidair", "volledig")
    history = rounds.registry.history("Warmtenet", "Oeverstad")
    assert [(h.variant, h.round_id, h.recorded_by) for h in history] == [("volledig", None, "cli:beheer"), ("solidair", round_id, "slack:U1")]


def test_confirming_an_unchanged_choice_counts_once_and_double_clicks_do_not_duplicate(rounds):
    round_id = _open_round(rounds)
    ids = _ids(rounds, round_id)
    u1 = Actor("slack:U1", "slack")
    for _ in range(3):  # a double click, a retry
        rounds.declare(round_id, "Oeverstad", ids["Warmtenet"], "volledig", u1, channel="slack", user_id="U1")
    assert len(rounds.registry.history("Warmtenet", "Oeverstad")) == 2  # before the round, and confirmed in it
    assert rounds.complete_organisations(round_id) == []  # Zonnedaken is still open
    rounds.declare(round_id, "Oeverstad", ids["Zonnedaken"], "instap", u1, channel="slack", user_id="U1")
    assert rounds.complete_organisations(round_id) == ["Oeverstad"]


def test_a_closed_round_or_a_project_outside_it_changes_nothing(rounds):
    round_id = _open_round(rounds)
    woningbouw = next(p.id for p in rounds.registry.projects() if p.name == "Woningbouw")
    with pytest.raises(RegistryError, match="hoort niet bij deze ronde"):
        rounds.declare(round_id, "Oeverstad", woningbouw, "geen", Actor("slack:U1", "slack"), channel="slack", user_id="U1")
    assert rounds.set_status(round_id, "closed", expected="open")
    with pytest.raises(RoundClosed):
        rounds.declare(round_id, "Oeverstad", _ids(rounds, round_id)["Warmtenet"], "geen", Actor("slack:U1", "slack"),
                       channel="slack", user_id="U1")
    assert [p.variant for p in rounds.registry.participation(organisation="Oeverstad")] == ["volledig"]


def test_two_representatives_of_one_organisation_at_once(rounds):
    round_id = _open_round(rounds)
    warmtenet = _ids(rounds, round_id)["Warmtenet"]
    errors = []

    def click(user: str, variants: list[str]) -> None:
        try:
            for variant in variants * 5:
                rounds.declare(round_id, "Oeverstad", warmtenet, variant, Actor(f"slack:{user}", "slack"), channel="slack", user_id=user)
        except Exception as exc:  # pragma: no cover - shown below
            errors.append(exc)

    threads = [threading.Thread(target=click, args=("U1", ["geen", "solidair"])),
               threading.Thread(target=click, args=("U2", ["instap", "volledig"]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    history = rounds.registry.history("Warmtenet", "Oeverstad")
    assert all((a.variant, a.round_id) != (b.variant, b.round_id) for a, b in zip(history, history[1:]))
    assert rounds.choices(round_id, "Oeverstad")[0].chosen == history[-1].variant


class Recording:
    """A deliverer that records what it would send, per channel."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.invited, self.reminded, self.results = [], [], []
        self._lock = threading.Lock()

    def invite(self, info, invitation):
        with self._lock:
            self.invited.append((invitation.organisation, invitation.address))
        return {"channel": "D1", "ts": f"{len(self.invited)}"}

    def remind(self, info, invitation):
        self.reminded.append((invitation.organisation, invitation.address))

    def post_result(self, result: RoundResult):
        self.results.append(result)


def test_two_replicas_open_remind_and_close_each_round_once(rounds, tmp_path):
    slack, teams = Recording("slack"), Recording("teams")
    now = datetime.now(timezone.utc)
    round_id = rounds.create(title="Energie 2026", theme="Energie", opens_at=now, closes_at=now + timedelta(days=14),
                             reminders=[now + timedelta(days=7), now + timedelta(days=12)], actor=ADMIN)
    replicas = [DeclarationRunner(rounds, [slack, teams], replica=name, report_dir=tmp_path / name) for name in ("a", "b")]
    outcomes = []
    threads = [threading.Thread(target=lambda r=r: outcomes.append(r.run_due(now + timedelta(seconds=1)))) for r in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(tuple, outcomes)) == [(), (f"kleur open {round_id}",)]
    assert sorted(slack.invited) == [("Kreekdorp", "U3"), ("Oeverstad", "U1"), ("Oeverstad", "U2")]
    assert teams.invited == [("Dijkhoven", "aad-1")]

    rounds.registry.add_representative("Kreekdorp", "teams", "aad-9", ADMIN)  # listed mid-round: invited once, on the next tick
    assert replicas[0].run_due(now + timedelta(minutes=1)) == [] and replicas[1].run_due(now + timedelta(minutes=2)) == []
    assert teams.invited == [("Dijkhoven", "aad-1"), ("Kreekdorp", "aad-9")]

    ids = _ids(rounds, round_id)
    for project in ids.values():  # Oeverstad answers everything; the others stay silent
        rounds.declare(round_id, "Oeverstad", project, "volledig", Actor("slack:U2", "slack"), channel="slack", user_id="U2")
    restarted = DeclarationRunner(rounds, [slack, teams], replica="a", report_dir=tmp_path / "a")  # a restart mid-round
    after_downtime = now + timedelta(days=12, hours=1)  # both reminders passed: one nudge, not two
    assert restarted.run_due(after_downtime) == [f"kleur remind {round_id}"]
    assert replicas[1].run_due(after_downtime) == []
    assert sorted(slack.reminded) == [("Kreekdorp", "U3")] and sorted(teams.reminded) == [("Dijkhoven", "aad-1"), ("Kreekdorp", "aad-9")]

    assert replicas[1].run_due(now + timedelta(days=15)) == [f"kleur close {round_id}"]
    assert restarted.run_due(now + timedelta(days=15)) == []
    [result] = slack.results
    assert result.silent == ["Dijkhoven", "Kreekdorp"]
    assert "Oeverstad – Zonnedaken: nog geen keuze → volledige deelname" in result.summary
    assert "Oeverstad – Warmtenet" not in result.summary  # confirmed unchanged: no change to report
    assert {f.name for f in result.files} == {"deelname.csv", "deelname.png", "wijzigingen.csv"}


def test_a_round_without_projects_is_refused(db):
    registry = Registry(db)
    registry.save_theme("Leeg")
    with pytest.raises(RegistryError, match="geen lopende projecten in thema Leeg"):
        DeclarationRounds(db, registry).create(title="x", theme="Leeg", opens_at=datetime.now(timezone.utc),
                                               closes_at=datetime.now(timezone.utc) + timedelta(days=1), actor=ADMIN)


def test_keep_the_rest_and_the_details_modal_through_the_conversation_core(rounds, settings):
    import json as _json

    from bot.conversation import Conversation
    from bot.slack import kleur_blocks
    from bot.teams import kleur_cards

    round_id = _open_round(rounds)
    ids = _ids(rounds, round_id)
    oever = next(o.id for o in rounds.registry.organisations() if o.name == "Oeverstad")
    conversation = Conversation(assistant=None, settings=settings, rounds=rounds)
    u1 = conversation.person("slack", "U1")

    state = conversation.confirm_unchanged(round_id, oever, u1)  # Warmtenet had a choice, Zonnedaken none
    assert [(c.project, c.chosen) for c in state.choices] == [("Warmtenet", "volledig"), ("Zonnedaken", None)]

    modal = kleur_blocks.details_modal(state, ids["Zonnedaken"], "D1", "1.0")
    view = {"private_metadata": modal["private_metadata"], "state": {"values": {
        "variant": {"variant": {"selected_option": {"value": _json.dumps({"v": "instap"})}}},
        "contribution": {"text": {"value": " € 2.500 "}}, "note": {"text": {"value": "Instappen in 2027"}}}}}
    meta, answer = kleur_blocks.modal_answer(view)
    state = conversation.declare(meta["r"], meta["o"], u1, {int(meta["p"]): answer})
    assert state.problem is None and state.answered == 2
    zonnedaken = next(c for c in state.choices if c.project == "Zonnedaken")
    assert (zonnedaken.chosen, zonnedaken.contribution, zonnedaken.note) == ("instap", "€ 2.500", "Instappen in 2027")

    rounds.set_status(round_id, "closed", expected="open")
    closed = conversation.declaration(round_id, oever)
    _, blocks = kleur_blocks.declaration_message(closed)
    assert not any("accessory" in b for b in blocks) and "gesloten" in _json.dumps(blocks)
    assert "actions" not in kleur_cards.declaration_card(closed)  # nothing left to send back
    refused = conversation.declare(round_id, oever, u1, {ids["Warmtenet"]: {"variant": "geen"}})
    assert "gesloten" in refused.problem
    assert conversation.declaration(999, oever).problem  # a round that is gone is said so


def test_confirming_a_choice_keeps_the_day_it_took_effect(rounds, settings):
    """"Houd de rest zoals het was" and confirming a choice record that it was confirmed, and when, but
    a choice standing since 15 January still stands since 15 January."""
    from datetime import date

    from bot.conversation import Conversation

    rounds.registry.declare("Zonnedaken", "Kreekdorp", "solidair", ADMIN, since=date(2026, 1, 15), contribution="€ 5.000")
    round_id = _open_round(rounds)
    ids = _ids(rounds, round_id)
    u1 = Actor("slack:U1", "slack")
    assert rounds.declare(round_id, "Oeverstad", ids["Warmtenet"], "volledig", u1, channel="slack", user_id="U1")
    conversation = Conversation(assistant=None, settings=settings, rounds=rounds)
    kreekdorp = next(o.id for o in rounds.registry.organisations() if o.name == "Kreekdorp")
    state = conversation.confirm_unchanged(round_id, kreekdorp, conversation.person("slack", "U3"))
    assert state.problem is None
    confirmed = rounds.registry.history("Zonnedaken", "Kreekdorp")[-1]
    assert (confirmed.variant, confirmed.since, confirmed.round_id) == ("solidair", date(2026, 1, 15), round_id)
    assert confirmed.contribution == "€ 5.000"
    [standing] = rounds.registry.participation(project="Zonnedaken", organisation="Kreekdorp")
    assert standing.since == date(2026, 1, 15)
    assert [p.since for p in rounds.registry.history("Warmtenet", "Oeverstad")][-1] == \
        rounds.registry.history("Warmtenet", "Oeverstad")[0].since


def test_another_variant_does_not_keep_the_old_contribution(rounds):
    rounds.registry.declare("Zonnedaken", "Kreekdorp", "solidair", ADMIN, contribution="€ 20.000", note="uit reserve")
    round_id = _open_round(rounds)
    ids = _ids(rounds, round_id)
    u3 = Actor("slack:U3", "slack")
    assert rounds.declare(round_id, "Kreekdorp", ids["Zonnedaken"], "geen", u3, channel="slack", user_id="U3")
    [now] = rounds.registry.participation(project="Zonnedaken", organisation="Kreekdorp")
    assert (now.variant, now.contribution, now.note) == ("geen", "", "")
    assert rounds.declare(round_id, "Kreekdorp", ids["Zonnedaken"], "solidair", u3, channel="slack", user_id="U3",
                          contribution="€ 10.000")
    assert rounds.declare(round_id, "Kreekdorp", ids["Zonnedaken"], "solidair", u3, channel="slack", user_id="U3",
                          note="besluit raad 3 maart") is True  # the same variant keeps its contribution
    [now] = rounds.registry.participation(project="Zonnedaken", organisation="Kreekdorp")
    assert (now.contribution, now.note) == ("€ 10.000", "besluit raad 3 maart")
