"""Whom a reflection round invites, per chat channel, from that channel's settings. The survey
layer knows no channel; the composition root, which does, gives it this audience."""

from __future__ import annotations

from infra.settings import Settings


def default_audience(settings: Settings) -> dict:
    """{"slack": {"users": [...], "channel": "C..."}, "teams": {"users": [...]} or {"all": True}};
    a channel without people configured is left out."""
    slack: dict = {}
    if settings.survey_slack_users:
        slack["users"] = settings.survey_slack_users
    if settings.survey_slack_channel:
        slack["channel"] = settings.survey_slack_channel
    audience: dict = {"slack": slack} if slack else {}
    if settings.survey_teams_users:
        users = settings.survey_teams_users
        audience["teams"] = {"all": True} if users == ["all"] else {"users": users}
    return audience
