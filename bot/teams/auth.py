"""How the Teams endpoint authenticates: the Bot Framework JWT validation of the SDK when an app id
is configured (TEAMS_APP_ID/TEAMS_APP_PASSWORD/TEAMS_TENANT_ID, or the SDK's own
CONNECTIONS__SERVICE_CONNECTION__SETTINGS__* variables); anonymous only when explicitly allowed for
local development; otherwise the bot refuses to start and says why."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, AnonymousTokenProvider, ConnectionManager

from infra.settings import Settings

log = logging.getLogger(__name__)
SDK_PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"


class TeamsConfigError(ValueError):
    """The Teams settings do not allow a safe start; the message says what to set."""


@dataclass
class TeamsAuth:
    connections: ConnectionManager
    configuration: AgentAuthConfiguration  # what the JWT middleware validates against
    app_id: str
    anonymous: bool


def teams_auth(settings: Settings, environ: dict | None = None) -> TeamsAuth:
    environ = os.environ if environ is None else environ
    if settings.teams_app_id:
        if not settings.teams_app_password:
            raise TeamsConfigError("TEAMS_APP_ID is gezet maar TEAMS_APP_PASSWORD niet.")
        config = AgentAuthConfiguration(client_id=settings.teams_app_id, client_secret=settings.teams_app_password,
                                        tenant_id=settings.teams_tenant_id, anonymous_allowed=False)
        return TeamsAuth(_msal({"SERVICE_CONNECTION": config}), config, settings.teams_app_id, anonymous=False)
    if environ.get(SDK_PREFIX + "CLIENTID"):
        from microsoft_agents.activity import load_configuration_from_env

        sdk = load_configuration_from_env(environ)
        config = AgentAuthConfiguration(**sdk["CONNECTIONS"]["SERVICE_CONNECTION"]["SETTINGS"])
        config.ANONYMOUS_ALLOWED = False
        return TeamsAuth(_msal({"SERVICE_CONNECTION": config}), config, config.CLIENT_ID, anonymous=False)
    if settings.teams_allow_anonymous:
        log.warning("Teams endpoint runs WITHOUT authentication (TEAMS_ALLOW_ANONYMOUS=true): for local development only.")
        config = AgentAuthConfiguration(anonymous_allowed=True)
        connections = ConnectionManager(provider_factory=lambda _c: AnonymousTokenProvider(),
                                        connections_configurations={"SERVICE_CONNECTION": config})
        return TeamsAuth(connections, config, "", anonymous=True)
    raise TeamsConfigError(
        "Teams heeft een app-registratie nodig: zet TEAMS_APP_ID, TEAMS_APP_PASSWORD en TEAMS_TENANT_ID "
        f"(of de SDK-variabelen {SDK_PREFIX}CLIENTID/CLIENTSECRET/TENANTID). Alleen voor lokaal testen: "
        "TEAMS_ALLOW_ANONYMOUS=true."
    )


def _msal(configurations: dict) -> ConnectionManager:
    from microsoft_agents.authentication.msal import MsalConnectionManager

    return MsalConnectionManager(connections_configurations=configurations)
