"""The one scheduler of a bot process (APScheduler 3.x): the tick of reflection and kleur-bekennen
rounds, new rounds on the cron schedules of SURVEY_SCHEDULE and REGISTRY_ROUND_SCHEDULE, the
regiekamer overview on OVERVIEW_SCHEDULE, and the nightly re-ingest.

Jobs live in a persistent SQLAlchemy job store with fixed ids (replace_existing), coalescing and a
generous misfire grace, so a restart neither loses nor duplicates work. Each replica keeps its own
job table (SCHEDULER_REPLICA): APScheduler must not share one. What a job does is claimed in the
application database (unique keys), so with several replicas exactly one does each piece of work.

Jobs are stored by reference ("samenspel.scheduler:tick") with the runtime's name as their only
argument; the runtime itself (runner, planner, re-ingest) is registered when the scheduler starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from registry.round_runner import DeclarationRunner
from registry.rounds import DeclarationRounds
from surveys.runner import RoundRunner
from surveys.service import SurveyService

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 6 * 3600  # a round due while the bot was down still opens when it is back
_RUNTIMES: dict[str, "Runtime"] = {}


@dataclass
class Runtime:
    service: SurveyService
    runner: RoundRunner
    plan: Callable[[datetime, str], int | None]  # (opens_at, schedule key) -> new round id
    reingest: Callable[[], object] | None
    replica: str
    timezone: ZoneInfo
    clock: Callable[[], datetime]
    kleur_runner: DeclarationRunner | None = None  # kleur-bekennen rounds, when the registry is wired
    kleur_plan: Callable[[datetime, str], int | None] | None = None
    overview: Callable[[datetime], object] | None = None  # make and send the regiekamer overview for the period before now


def tick(name: str) -> None:
    runtime = _RUNTIMES[name]
    now = runtime.clock()
    done = runtime.runner.run_due(now)
    if runtime.kleur_runner is not None:
        done += runtime.kleur_runner.run_due(now)
    if done:
        log.info("scheduler %s: %s", name, ", ".join(done))


def scheduled_kleur_round(name: str, cron: str) -> None:
    """A kleur-bekennen round from REGISTRY_ROUND_SCHEDULE: one per expression and local day."""
    runtime = _RUNTIMES[name]
    if runtime.kleur_plan is None:
        return
    now = runtime.clock()
    round_id = runtime.kleur_plan(now, f"{cron}@{now.astimezone(runtime.timezone):%Y-%m-%d}")
    if round_id is not None:
        log.info("scheduled kleur-bekennen round %s created", round_id)
        runtime.kleur_runner.run_due(now)


def scheduled_round(name: str, cron: str) -> None:
    """A round from the cron schedule; the key (expression + local date) makes it one per day,
    whichever replica fires first and however late a misfired run comes."""
    runtime = _RUNTIMES[name]
    now = runtime.clock()
    key = f"{cron}@{now.astimezone(runtime.timezone):%Y-%m-%d}"
    round_id = runtime.plan(now, key)
    if round_id is not None:
        log.info("scheduled round %s created (%s)", round_id, key)
        runtime.runner.run_due(now)


def scheduled_overview(name: str, cron: str) -> None:
    """The regiekamer overview on OVERVIEW_SCHEDULE: claimed per expression and local day, so one
    replica makes and sends it, once, however late a misfired run comes."""
    runtime = _RUNTIMES[name]
    if runtime.overview is None:
        return
    now = runtime.clock()
    if runtime.service.claim("overview", f"{cron}@{now.astimezone(runtime.timezone):%Y-%m-%d}", runtime.replica):
        runtime.overview(now)


def nightly_reingest(name: str) -> None:
    runtime = _RUNTIMES[name]
    if runtime.reingest is None:
        return
    day = f"{runtime.clock().astimezone(runtime.timezone):%Y-%m-%d}"
    if runtime.service.claim("reingest", day, runtime.replica):
        runtime.reingest()


class Scheduler:
    def __init__(
        self,
        runtime: Runtime,
        job_store_url: str,
        *,
        name: str = "samenspel",
        survey_schedules: list[str] = (),
        kleur_schedules: list[str] = (),
        overview_schedules: list[str] = (),
        reingest_schedule: str = "",
        tick_seconds: float = 30.0,
    ) -> None:
        self.name = name
        self.runtime = runtime
        self._schedules = list(survey_schedules)
        self._kleur_schedules = list(kleur_schedules) if runtime.kleur_plan is not None else []
        self._overview_schedules = list(overview_schedules) if runtime.overview is not None else []
        self._reingest_schedule = reingest_schedule
        self._tick_seconds = tick_seconds
        for cron in [*self._schedules, *self._kleur_schedules, *self._overview_schedules, reingest_schedule]:
            if cron:
                CronTrigger.from_crontab(cron, timezone=runtime.timezone)  # a bad expression fails at start, loudly
        self._scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=job_store_url, tablename=f"apscheduler_jobs_{runtime.replica}")},
            job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE_SECONDS, "max_instances": 1},
            timezone=runtime.timezone,
        )

    def start(self) -> None:
        _RUNTIMES[self.name] = self.runtime
        self._scheduler.start(paused=True)
        jobs = {"survey-tick"}
        self._scheduler.add_job("samenspel.scheduler:tick", "interval", seconds=self._tick_seconds, id="survey-tick",
                                args=[self.name], replace_existing=True, next_run_time=self.runtime.clock())
        for index, cron in enumerate(self._schedules):
            job_id = f"survey-round-{index}"
            jobs.add(job_id)
            self._scheduler.add_job("samenspel.scheduler:scheduled_round", CronTrigger.from_crontab(cron, timezone=self.runtime.timezone),
                                    id=job_id, args=[self.name, cron], replace_existing=True)
        for index, cron in enumerate(self._kleur_schedules):
            job_id = f"kleur-round-{index}"
            jobs.add(job_id)
            self._scheduler.add_job("samenspel.scheduler:scheduled_kleur_round", CronTrigger.from_crontab(cron, timezone=self.runtime.timezone),
                                    id=job_id, args=[self.name, cron], replace_existing=True)
        for index, cron in enumerate(self._overview_schedules):
            job_id = f"overview-{index}"
            jobs.add(job_id)
            self._scheduler.add_job("samenspel.scheduler:scheduled_overview", CronTrigger.from_crontab(cron, timezone=self.runtime.timezone),
                                    id=job_id, args=[self.name, cron], replace_existing=True)
        if self._reingest_schedule and self.runtime.reingest is not None:
            jobs.add("reingest")
            self._scheduler.add_job("samenspel.scheduler:nightly_reingest", CronTrigger.from_crontab(self._reingest_schedule, timezone=self.runtime.timezone),
                                    id="reingest", args=[self.name], replace_existing=True)
        for job in self._scheduler.get_jobs():
            if job.id not in jobs:  # a schedule that was removed from the settings
                job.remove()
        self._scheduler.resume()

    def next_runs(self) -> dict[str, datetime | None]:
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs()}

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        _RUNTIMES.pop(self.name, None)


def build_runtime(settings, service: SurveyService, deliverers: list, reingest: Callable[[], object] | None, clock=None,
                  rounds: DeclarationRounds | None = None, kleur_deliverers: list | None = None,
                  overview: Callable[[datetime], object] | None = None) -> Runtime:
    """The scheduler's work wired from the settings."""
    from samenspel.audience import default_audience
    from surveys.planning import plan_round
    from surveys.service import utcnow

    clock = clock or utcnow
    runner = RoundRunner(service, deliverers, replica=settings.scheduler_replica, report_dir=settings.report_dir,
                         min_group_size=settings.survey_min_group_size, clock=clock)

    def plan(opens_at: datetime, key: str) -> int | None:
        return plan_round(service, settings, opens_at=opens_at, schedule_key=key, audience=default_audience(settings))

    kleur_runner = kleur_plan = None
    if rounds is not None:
        from registry.planning import plan_declaration_round
        from registry.records import Actor

        kleur_runner = DeclarationRunner(rounds, kleur_deliverers or [], replica=settings.scheduler_replica,
                                         report_dir=settings.report_dir, clock=clock)

        def kleur_plan(opens_at: datetime, key: str) -> int | None:
            return plan_declaration_round(rounds, settings, opens_at=opens_at, schedule_key=key, actor=Actor("schedule", "ronde"))

    return Runtime(service, runner, plan, reingest, settings.scheduler_replica, ZoneInfo(settings.timezone), clock,
                   kleur_runner, kleur_plan, overview)
