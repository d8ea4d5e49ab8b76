"""The Teams endpoint: POST /api/messages behind the SDK's JWT middleware, and GET /healthz."""

from __future__ import annotations

import logging

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware, start_agent_process
from microsoft_agents.hosting.core import AgentApplication

from bot.loop_thread import LoopThread
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


class TeamsServer:
    def __init__(self, agent: AgentApplication, adapter: CloudAdapter, auth: TeamsAuth, host: str = "127.0.0.1", port: int = 0) -> None:
        self._app = web_app(agent, adapter, auth)
        self._host, self._port = host, port
        self.loop = LoopThread("teams-http")
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    def start(self) -> int:
        self.loop.start()
        self.port = self.loop.run(self._start())
        log.info("Teams endpoint listening on http://%s:%s%s", self._host, self.port, MESSAGES_PATH)
        return self.port

    async def _start(self) -> int:
        self._runner = web.AppRunner(self._app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        return site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        if self._runner is not None:
            self.loop.run(self._runner.cleanup())
        self.loop.stop()
