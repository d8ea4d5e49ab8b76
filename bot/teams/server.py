"""The Teams endpoint: POST /api/messages behind the SDK's JWT middleware, and GET /healthz."""

from __future__ import annotations

import logging

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware, start_agent_process
from microsoft_agents.hosting.core import AgentApplication

from bot.loop_thread import WebServer
from bot.teams.app import friendly_turn_error
from bot.teams.auth import TeamsAuth

log = logging.getLogger(__name__)
MESSAGES_PATH = "/api/messages"


def build_adapter(auth: TeamsAuth) -> CloudAdapter:
    adapter = CloudAdapter(connection_manager=auth.connections)
    adapter.on_turn_error = friendly_turn_error
    return adapter


def web_app(agent: AgentApplication, adapter: CloudAdapter, auth: TeamsAuth) -> web.Application:
    async def messages(request: web.Request) -> web.StreamResponse:
        problem = await _malformed(request)
        if problem:
            log.info("Teams request refused: %s", problem)
            return web.json_response({"error": problem}, status=400)
        return await start_agent_process(request, agent, adapter)

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    @web.middleware
    async def health_without_token(request: web.Request, handler):
        if request.path == "/healthz":
            return await health(request)
        return await jwt_authorization_middleware(request, handler)

    app = web.Application(middlewares=[health_without_token])
    app.router.add_post(MESSAGES_PATH, messages)
    app.router.add_get("/healthz", health)
    app["agent_configuration"] = auth.configuration
    return app


async def _malformed(request: web.Request) -> str | None:
    """Why a request is not an activity at all (then 400, before the SDK would fail with a 500)."""
    from microsoft_agents.activity import Activity
    from pydantic import ValidationError

    try:
        body = await request.json()
    except ValueError:
        return "geen JSON"
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return "geen activity (een JSON-object met een type)"
    try:
        Activity.model_validate(body)
    except ValidationError as exc:
        return f"geen geldige activity ({exc.error_count()} fout(en))"
    return None


class TeamsServer:
    def __init__(self, agent: AgentApplication, adapter: CloudAdapter, auth: TeamsAuth, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = WebServer(web_app(agent, adapter, auth), host, port, "teams-http")
        self._host = host

    @property
    def loop(self):
        """The loop the endpoint runs on; proactive sends from the scheduler go through it."""
        return self._server.loop

    def start(self) -> int:
        port = self._server.start()
        log.info("Teams endpoint listening on http://%s:%s%s", self._host, port, MESSAGES_PATH)
        return port

    def stop(self) -> None:
        self._server.stop()
