"""Turning the settings into rounds: which template, how long open, when to remind, who is asked."""

from __future__ import annotations

from datetime import datetime, timedelta

from infra.settings import Settings
from surveys.service import SurveyError, SurveyService
from surveys.templates import Template, load_templates


def templates_for(settings: Settings) -> dict[str, Template]:
    return load_templates(settings.survey_template_dir)


def plan_round(
    service: SurveyService,
    settings: Settings,
    *,
    opens_at: datetime,
    template_id: str | None = None,
    days: float | None = None,
    reminder_days: list[float] | None = None,
    audience: dict,
    schedule_key: str | None = None,
) -> int | None:
    """Create a round from the settings (each argument overrides its setting). `audience` says per
    channel whom to invite; the channels' own settings decide it (samenspel.audience)."""
    templates = templates_for(settings)
    template_id = template_id or settings.survey_template
    if template_id not in templates:
        raise SurveyError(f"Sjabloon '{template_id}' bestaat niet (wel: {', '.join(sorted(templates))}).")
    days = settings.survey_duration_days if days is None else days
    if days <= 0:
        raise SurveyError("Een ronde moet minstens even open zijn.")
    closes_at = opens_at + timedelta(days=days)
    reminder_days = settings.survey_reminder_days if reminder_days is None else reminder_days
    reminders = [opens_at + timedelta(days=d) for d in reminder_days]
    if not audience:
        raise SurveyError("Niemand om uit te nodigen: zet SURVEY_SLACK_USERS, SURVEY_SLACK_CHANNEL of SURVEY_TEAMS_USERS.")
    return service.create_round(
        templates[template_id], opens_at=opens_at, closes_at=closes_at, reminders=reminders, audience=audience, schedule_key=schedule_key
    )
