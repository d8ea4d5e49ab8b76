"""Reflection rounds: templates, answers (idempotent, pseudonymous), the round's life on a
controllable clock, restarts, two replicas on one database, minimum group size, reports."""

from __future__ import annotations

import csv
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from infra.database import open_database
from infra.pseudonym import Pseudonymizer
from surveys.report import build_report, render_report
from surveys.runner import RoundRunner
from surveys.service import RoundClosed, SurveyError, SurveyService
from surveys.templates import DEFAULT_TEMPLATE, TemplateError, load_templates
from tests.survey_fakes import RecordingDeliverer

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)  # 09:00 in Amsterdam
PEOPLE = [f"U{i}" for i in range(7)]


def _round(service, template, **overrides) -> int:
    args = dict(opens_at=T0, closes_at=T0 + timedelta(days=7), reminders=[T0 + timedelta(days=3), T0 + timedelta(days=6)],
                audience={"slack": {"users": PEOPLE}})
    return service.create_round(template, **{**args, **overrides})


def _runner(service, deliverer, tmp_path, replica="a") -> RoundRunner:
    return RoundRunner(service, [deliverer], replica=replica, report_dir=tmp_path / "reports", min_group_size=5)


def _answer_all(service, template, round_id, user, value=4, now=None):
    for item in template.items:
        if item.type == "likert":
            service.answer(round_id, "slack", user, item.id, value=value, now=now or T0 + timedelta(hours=1))


def test_default_template_is_short_and_covers_the_themes(template):
    likert = [i for i in template.items if i.type == "likert"]
    assert 6 <= len(template.items) <= 10
    assert [i for i in template.items if i.type == "open"]
    themes = {i.theme for i in likert}
    assert {"Eigenaarschap", "Open gesprek", "Afspraken nakomen", "Bestuurlijke drukte", "Resultaat", "Vertrouwen"} <= themes
    tension = template.item("legitimiteit-resultaat")
    assert "legitimiteit" in template.label(tension, 1).lower() and "resultaat" in template.label(tension, 5).lower()


def test_broken_template_is_reported_by_name(tmp_path):
    (tmp_path / "kapot.yml").write_text("id: kapot\ntitle: x\nitems: []\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="kapot.yml"):
        load_templates(tmp_path)


def test_own_template_overrides_and_adds(tmp_path):
    (tmp_path / "eigen.yml").write_text(
        "id: tafel-energie\ntitle: Tafel Energie\nitems:\n  - {id: sfeer, type: likert, text: De sfeer aan tafel is goed., table: Energie}\n",
        encoding="utf-8",
    )
    templates = load_templates(tmp_path)
    assert {DEFAULT_TEMPLATE, "tafel-energie"} <= set(templates)
    assert templates["tafel-energie"].items[0].group == "Energie"


def test_answers_are_idempotent_changeable_and_pseudonymous(service, template, db):
    round_id = _round(service, template)
    service.set_status(round_id, "open", "scheduled")
    for _ in range(3):  # a double click and a retried request
        service.answer(round_id, "slack", "UALICE", "vertrouwen", value=4, now=T0)
    service.answer(round_id, "slack", "UALICE", "vertrouwen", value=2, now=T0)  # changed her mind
    assert service.answers_of(round_id, "slack", "UALICE") == {"vertrouwen": 2}
    with db.engine.connect() as connection:
        rows = connection.execute(text("select respondent, value from survey_answers")).all()
    assert len(rows) == 1 and rows[0][1] == 2 and "UALICE" not in rows[0][0]
    other_round = _round(service, template)
    assert service.respondent(round_id, "slack", "UALICE") != service.respondent(other_round, "slack", "UALICE")


def test_answers_are_checked(service, template):
    round_id = _round(service, template)
    with pytest.raises(RoundClosed):  # not open yet
        service.answer(round_id, "slack", "U1", "vertrouwen", value=3, now=T0)
    service.set_status(round_id, "open", "scheduled")
    with pytest.raises(SurveyError):
        service.answer(round_id, "slack", "U1", "vertrouwen", value=9, now=T0)
    with pytest.raises(SurveyError):
        service.answer(round_id, "slack", "U1", "bestaat-niet", value=3, now=T0)
    with pytest.raises(RoundClosed):
        service.answer(round_id, "slack", "U1", "vertrouwen", value=3, now=T0 + timedelta(days=8))


def test_progress_and_completion(service, template):
    round_id = _round(service, template)
    service.set_status(round_id, "open", "scheduled")
    service.add_deliveries(round_id, "slack", ["U1"])
    likert = [i.id for i in template.items if i.type == "likert"]
    for item_id in likert[:-1]:
        progress = service.answer(round_id, "slack", "U1", item_id, value=3, now=T0)
        assert not progress.completed
    last = service.answer(round_id, "slack", "U1", likert[-1], value=3, now=T0)
    assert last.completed and last.just_completed
    again = service.answer(round_id, "slack", "U1", likert[-1], value=4, now=T0)
    assert again.completed and not again.just_completed
    assert service.deliveries(round_id, pending_only=True) == []


def test_a_round_opens_reminds_and_closes_at_the_right_times(service, template, tmp_path):
    deliverer = RecordingDeliverer(PEOPLE)
    runner = _runner(service, deliverer, tmp_path)
    round_id = _round(service, template)
    assert runner.run_due(T0 - timedelta(minutes=1)) == []
    assert deliverer.invites == []
    assert runner.run_due(T0) == [f"open {round_id}"]
    assert sorted(a for _, a in deliverer.invites) == sorted(PEOPLE)
    assert runner.run_due(T0 + timedelta(minutes=1)) == []  # nothing twice
    for user in PEOPLE[:5]:
        _answer_all(service, template, round_id, user)
    assert runner.run_due(T0 + timedelta(days=3)) == [f"remind {round_id}"]
    assert sorted(a for _, a in deliverer.reminders) == ["U5", "U6"]  # only those who have not finished
    assert runner.run_due(T0 + timedelta(days=3, hours=1)) == []
    assert runner.run_due(T0 + timedelta(days=7)) == [f"close {round_id}"]
    [(reported, summary, files)] = deliverer.reports
    assert reported == round_id and "5 van 7" in summary
    assert {f.name for f in files} >= {"stellingen.png", "resultaten.csv"}
    assert service.round(round_id).status == "closed"


def test_restart_in_the_middle_loses_and_duplicates_nothing(database_url, template, tmp_path):
    first = SurveyService(open_database(database_url), Pseudonymizer("survey-test-secret-123"))
    deliverer = RecordingDeliverer(PEOPLE)
    round_id = _round(first, template)
    _runner(first, deliverer, tmp_path).run_due(T0 + timedelta(hours=1))
    _answer_all(first, template, round_id, "U0")
    # The process stops; both reminder times pass while it is down; a new process starts.
    restarted = SurveyService(open_database(database_url), Pseudonymizer("survey-test-secret-123"))
    again = RecordingDeliverer(PEOPLE)
    runner = _runner(restarted, again, tmp_path)
    assert runner.run_due(T0 + timedelta(days=6, hours=2)) == [f"remind {round_id}"]
    assert again.invites == []  # nobody invited twice
    assert len(again.reminders) == len(PEOPLE) - 1  # one nudge, not one per missed reminder
    assert runner.run_due(T0 + timedelta(days=6, hours=3)) == []
    assert runner.run_due(T0 + timedelta(days=7)) == [f"close {round_id}"]


def test_two_replicas_on_one_database_do_each_step_once(database_url, template, tmp_path):
    services = [SurveyService(open_database(database_url), Pseudonymizer("survey-test-secret-123")) for _ in range(2)]
    deliverers = [RecordingDeliverer(PEOPLE), RecordingDeliverer(PEOPLE)]
    runners = [_runner(s, d, tmp_path, replica=name) for s, d, name in zip(services, deliverers, "ab")]
    round_id = _round(services[0], template)
    for moment in (T0, T0 + timedelta(days=3), T0 + timedelta(days=7)):
        barrier = threading.Barrier(2)

        def run(runner, moment=moment):
            barrier.wait()
            runner.run_due(moment)

        threads = [threading.Thread(target=run, args=(r,)) for r in runners]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    invites = [a for d in deliverers for _, a in d.invites]
    reminders = [a for d in deliverers for _, a in d.reminders]
    assert sorted(invites) == sorted(PEOPLE)
    assert sorted(reminders) == sorted(PEOPLE)
    assert sum(len(d.reports) for d in deliverers) == 1
    assert services[0].round(round_id).status == "closed"


def test_one_unreachable_person_does_not_stop_the_others(service, template, tmp_path):
    deliverer = RecordingDeliverer(PEOPLE, fail_for={"U3"})
    _round(service, template)
    _runner(service, deliverer, tmp_path).run_due(T0)
    assert len(deliverer.invites) == len(PEOPLE) - 1


def test_scheduled_rounds_are_created_once_per_key(service, template):
    key = "0 9 1 */2 *@2026-12-01"
    assert _round(service, template, schedule_key=key) is not None
    assert _round(service, template, schedule_key=key) is None


def test_results_below_the_minimum_group_size_are_hidden(service, template, tmp_path):
    round_id = _round(service, template)
    service.set_status(round_id, "open", "scheduled")
    service.add_deliveries(round_id, "slack", PEOPLE)
    for user in PEOPLE[:4]:
        _answer_all(service, template, round_id, user, value=2)
        service.answer(round_id, "slack", user, "wat-zou-helpen", text=f"idee van {user}", now=T0)
    report = build_report(service, service.round(round_id), 5)
    assert report.too_small and all(i.hidden and i.mean is None for i in report.items)
    assert all(sum(i.distribution.values()) == 0 for i in report.items)
    assert "minder dan 5" in report.summary()
    files = render_report(report, tmp_path / "out")
    rows = list(csv.reader((tmp_path / "out" / "resultaten.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert all(row[5] == "" for row in rows[1:10])  # no mean shown for any statement
    assert "idee van" not in (tmp_path / "out" / "samenvatting.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "stellingen.png").stat().st_size > 10_000 and len(files) >= 3


def test_report_with_enough_answers_and_a_trend(service, template, tmp_path):
    earlier = _round(service, template, opens_at=T0 - timedelta(days=60), closes_at=T0 - timedelta(days=53), reminders=[])
    service.set_status(earlier, "open", "scheduled")
    for user in PEOPLE[:5]:
        _answer_all(service, template, earlier, user, value=2, now=T0 - timedelta(days=59))
    service.set_status(earlier, "closed", "open")
    current = _round(service, template)
    service.set_status(current, "open", "scheduled")
    service.add_deliveries(current, "slack", PEOPLE)
    for i, user in enumerate(PEOPLE[:6]):
        _answer_all(service, template, current, user, value=3 + i % 3)
        service.answer(current, "slack", user, "wat-zou-helpen", text=f"Meer doen, minder praten {i}", now=T0)
    service.set_status(current, "closed", "open")
    report = build_report(service, service.round(current), 5)
    item = next(i for i in report.items if i.item_id == "vertrouwen")
    assert item.n == 6 and item.mean == pytest.approx(4.0) and item.distribution == {1: 0, 2: 0, 3: 2, 4: 2, 5: 2}
    assert report.response_rate == pytest.approx(6 / 7)
    assert [p.means["vertrouwen"] for p in report.trend] == [pytest.approx(2.0), pytest.approx(4.0)]
    assert "is gestegen met 2,0" in report.summary()
    files = {f.name: f for f in render_report(report, tmp_path / "out")}
    assert {"stellingen.png", "trend.png", "resultaten.csv", "samenvatting.txt"} <= set(files)
    open_answers = files["samenvatting.txt"].read_text(encoding="utf-8")
    assert "Meer doen, minder praten 0" in open_answers and "U0" not in open_answers


def test_forget_erases_a_person_everywhere(service, template):
    first, second = _round(service, template), _round(service, template)
    for round_id in (first, second):
        service.set_status(round_id, "open", "scheduled")
        service.add_deliveries(round_id, "slack", ["UALICE", "UBOB"])
        _answer_all(service, template, round_id, "UALICE")
        _answer_all(service, template, round_id, "UBOB")
    likert = sum(1 for i in template.items if i.type == "likert")
    assert service.forget("slack", "UALICE") == 2 * likert
    assert service.answers_of(first, "slack", "UALICE") == {}
    assert service.answers_of(first, "slack", "UBOB") != {}
    assert [d.address for d in service.deliveries(first)] == ["UBOB"]


def test_the_chart_of_a_round_without_answers_has_no_text_over_text(service, template):
    """Each 'te weinig antwoorden' sits on its own row, inside the axes, clear of the title and the axis."""
    import matplotlib.pyplot as plt

    from surveys.report import items_figure

    round_id = _round(service, template)
    service.set_status(round_id, "open", "scheduled")
    service.add_deliveries(round_id, "slack", PEOPLE)
    service.set_status(round_id, "closed", "open")
    figure = items_figure(build_report(service, service.round(round_id), 5))
    try:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        [ax] = figure.axes
        inside = ax.get_window_extent(renderer)
        notes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().startswith("te weinig")]
        title = ax.title.get_window_extent(renderer)
        assert len(notes) == len([i for i in template.items if i.on_scale])
        for note in notes:
            assert inside.y0 < note.y0 and note.y1 < inside.y1 and not note.overlaps(title)
        for a, b in zip(notes, notes[1:]):
            assert not a.overlaps(b)
    finally:
        plt.close(figure)
