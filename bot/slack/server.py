"""Running the Slack app: HTTP mode (events, commands and interactivity on one endpoint, plus
/healthz) or Socket Mode. Each runs its own event loop in a thread, so the CLI and the tests start
and stop it the same way."""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.loop_thread import LoopThread, WebServer

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SlackHttpServer:
    def __init__(self, app: AsyncApp, host: str = "127.0.0.1", port: int = 0, path: str = EVENTS_PATH) -> None:
        web_app = app.web_app(path=path)
        web_app.middlewares.append(_malformed_is_a_bad_request)
        web_app.router.add_get("/healthz", _health)
        self._server = WebServer(web_app, host, port, "slack-http")
        self._where = (host, path)

    def start(self) -> int:
        """Listen; returns the bound port (port 0 picks a free one)."""
        port = self._server.start()
        log.info("Slack endpoint listening on http://%s:%s%s", self._where[0], port, self._where[1])
        return port

    def stop(self) -> None:
        self._server.stop()


class SlackSocketClient:
    """Socket Mode: the bot dials out to Slack, no public endpoint needed (SLACK_APP_TOKEN)."""

    def __init__(self, app: AsyncApp, app_token: str) -> None:
        self._app = app
        self._app_token = app_token
        self._loop = LoopThread("slack-socket")
        self._handler: AsyncSocketModeHandler | None = None

    def start(self) -> None:
        self._loop.start()
        self._loop.run(self._connect())

    async def _connect(self) -> None:
        self._handler = AsyncSocketModeHandler(self._app, self._app_token)
        await self._handler.connect_async()

    def stop(self) -> None:
        if self._handler is not None:
            self._loop.run(self._handler.close_async())
        self._loop.stop()


@web.middleware
async def _malformed_is_a_bad_request(request: web.Request, handler):
    """Bolt parses the body before it checks the signature; a body that is not what Slack sends (JSON
    that does not parse, a broken form payload) is the caller's mistake: a 400 and one log line, not a
    500 with a traceback."""
    try:
        return await handler(request)
    except ValueError as exc:  # json.JSONDecodeError and friends, raised while reading the body
        log.warning("Slack endpoint: request refused, the body is not a Slack request (%s)", type(exc).__name__)
        return web.json_response({"ok": False, "error": "invalid_request"}, status=400)


async def _health(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})
