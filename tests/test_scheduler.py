"""The real APScheduler: persistent job store, restarts without duplicate jobs, due rounds picked
up by the tick, two schedulers on one database, the cron schedule and the nightly re-ingest."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from infra.database import open_database
from infra.pseudonym import Pseudonymizer
from samenspel.scheduler import _RUNTIMES, Runtime, Scheduler, build_runtime, nightly_reingest, scheduled_round
from surveys.runner import RoundRunner
from surveys.service import SurveyService
from surveys.templates import DEFAULT_TEMPLATE, load_templates
from tests.survey_fakes import RecordingDeliverer

PEOPLE = ["U1", "U2", "U3"]
AMS = ZoneInfo("Europe/Amsterdam")

pytestmark = pytest.mark.integration


def _runtime(database_url, tmp_path, replica, deliverer, reingest=None, clock=None) -> Runtime:
    service = SurveyService(open_database(database_url), Pseudonymizer("scheduler-test-secret"))
    clock = clock or (lambda: datetime.now(timezone.utc))
    runner = RoundRunner(service, [deliverer], replica=replica, report_dir=tmp_path / "reports", clock=clock)

    def plan(opens_at, key):
        template = load_templates()[DEFAULT_TEMPLATE]
        return service.create_round(template, opens_at=opens_at, closes_at=opens_at + timedelta(days=7),
                                    audience={"slack": {"users": PEOPLE}}, schedule_key=key)

    return Runtime(service, runner, plan, reingest, replica, AMS, clock)


def _wait(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _due_round(runtime: Runtime) -> int:
    template = load_templates()[DEFAULT_TEMPLATE]
    now = datetime.now(timezone.utc)
    return runtime.service.create_round(template, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(days=7),
                                        audience={"slack": {"users": PEOPLE}})


def test_jobs_persist_and_a_restart_does_not_duplicate_them(database_url, tmp_path):
    deliverer = RecordingDeliverer(PEOPLE)
    for _ in range(2):  # start, stop, start again
        scheduler = Scheduler(_runtime(database_url, tmp_path, "a", deliverer, reingest=lambda: None), database_url,
                              name="persist", survey_schedules=["0 9 1 */2 *"], reingest_schedule="30 2 * * *", tick_seconds=60)
        scheduler.start()
        runs = scheduler.next_runs()
        scheduler.stop()
    assert set(runs) == {"survey-tick", "survey-round-0", "reingest"}
    assert runs["survey-round-0"].astimezone(AMS).strftime("%d %H:%M") == "01 09:00"
    db = open_database(database_url)
    with db.engine.connect() as connection:
        ids = connection.execute(text("select id from apscheduler_jobs_a order by id")).scalars().all()
    db.close()
    assert ids == ["reingest", "survey-round-0", "survey-tick"]


def test_the_tick_opens_a_due_round(database_url, tmp_path):
    deliverer = RecordingDeliverer(PEOPLE)
    runtime = _runtime(database_url, tmp_path, "a", deliverer)
    round_id = _due_round(runtime)
    scheduler = Scheduler(runtime, database_url, name="tick", tick_seconds=0.2)
    scheduler.start()
    try:
        assert _wait(lambda: len(deliverer.invites) == len(PEOPLE))
    finally:
        scheduler.stop()
    assert runtime.service.round(round_id).status == "open"


def test_two_schedulers_on_one_database_send_each_invitation_once(database_url, tmp_path):
    deliverers = [RecordingDeliverer(PEOPLE), RecordingDeliverer(PEOPLE)]
    runtimes = [_runtime(database_url, tmp_path, name, d) for name, d in zip("ab", deliverers)]
    schedulers = [Scheduler(r, database_url, name=f"replica-{r.replica}", tick_seconds=0.1) for r in runtimes]
    for s in schedulers:
        s.start()
    try:
        _due_round(runtimes[0])
        assert _wait(lambda: sum(len(d.invites) for d in deliverers) >= len(PEOPLE))
        time.sleep(1.0)  # several more ticks of both
    finally:
        for s in schedulers:
            s.stop()
    invites = sorted(a for d in deliverers for _, a in d.invites)
    assert invites == sorted(PEOPLE)


def test_cron_round_is_created_once_per_day_whoever_fires(database_url, tmp_path):
    moment = datetime(2027, 1, 1, 8, 0, tzinfo=timezone.utc)
    deliverers = [RecordingDeliverer(PEOPLE), RecordingDeliverer(PEOPLE)]
    names = []
    for replica, deliverer, delay in (("a", deliverers[0], 0), ("b", deliverers[1], 20)):
        name = f"cron-{replica}"
        _RUNTIMES[name] = _runtime(database_url, tmp_path, replica, deliverer, clock=lambda d=delay: moment + timedelta(minutes=d))
        names.append(name)
    try:
        for name in names:  # replica b fires 20 minutes late (a misfire caught up after a restart)
            scheduled_round(name, "0 9 1 */2 *")
    finally:
        service = _RUNTIMES[names[0]].service
        for name in names:
            _RUNTIMES.pop(name)
    assert len(service.rounds()) == 1
    assert sorted(a for d in deliverers for _, a in d.invites) == sorted(PEOPLE)


def test_nightly_reingest_runs_on_one_replica(database_url, tmp_path):
    runs = []
    moment = datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc)
    names = [f"reingest-{r}" for r in "ab"]
    for name, replica in zip(names, "ab"):
        _RUNTIMES[name] = _runtime(database_url, tmp_path, replica, RecordingDeliverer([]), reingest=lambda r=replica: runs.append(r), clock=lambda: moment)
    try:
        for name in names:
            nightly_reingest(name)
    finally:
        for name in names:
            _RUNTIMES.pop(name)
    assert runs == ["a"]


def test_a_bad_cron_expression_fails_at_start(database_url, tmp_path):
    with pytest.raises(ValueError):
        Scheduler(_runtime(database_url, tmp_path, "a", RecordingDeliverer([])), database_url, survey_schedules=["elke maandag"])


def test_runtime_from_settings(settings, database_url, tmp_path):
    settings.survey_slack_users_raw = "U1,U2"
    service = SurveyService(open_database(database_url), Pseudonymizer("scheduler-test-secret"))
    runtime = build_runtime(settings, service, [RecordingDeliverer(["U1", "U2"])], reingest=None)
    round_id = runtime.plan(datetime(2026, 12, 1, 8, tzinfo=timezone.utc), "k")
    info = service.round(round_id)
    assert info.closes_at - info.opens_at == timedelta(days=7)
    assert [r - info.opens_at for r in info.reminders] == [timedelta(days=3), timedelta(days=6)]
    assert info.audience == {"slack": {"users": ["U1", "U2"]}}
