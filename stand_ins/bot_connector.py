"""A stand-in for the Bot Connector service on 127.0.0.1: records every activity the bot sends
(replies and proactive messages) and serves files for download, like Teams' pre-authenticated
download URLs."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass

from aiohttp import web
from microsoft_agents.hosting.core.authorization import AnonymousTokenProvider

from bot.loop_thread import WebServer


class FakeTokenProvider(AnonymousTokenProvider):
    """Where the SDK needs a token (proactive sends), a fixed one instead of a call to Entra ID."""

    async def get_access_token(self, resource_url, scopes, force_refresh=False) -> str:
        return "test-token"


@dataclass
class Sent:
    path: str
    activity: dict
    authorization: str | None
    method: str = "POST"  # PUT: an update of a message sent before


class MockConnector:
    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.files: dict[str, bytes] = {}
        self.members: dict[str, list[str]] = {}  # conversation id → AAD object ids of its members (the roster)
        self.downloads: list[str] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server: WebServer | None = None
        self.port = 0

    def start(self) -> "MockConnector":
        self._server = WebServer(self._app(), name="teams-mock")
        self.port = self._server.start()
        return self

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/v3/conversations/{tail:.*}", self._activity)
        app.router.add_get("/files/{name}", self._download)
        return app

    def stop(self) -> None:
        self._server.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def _activity(self, request: web.Request) -> web.Response:
        tail = request.match_info["tail"]
        if request.method == "GET" and tail.endswith("/members"):
            conversation = tail[: -len("/members")]
            with self._lock:
                if conversation not in self.members:
                    return web.json_response({"error": {"code": "ConversationNotFound"}}, status=404)
                roster = list(self.members[conversation])
            return web.json_response([{"id": f"29:{aad}", "aadObjectId": aad, "name": aad} for aad in roster])
        body = await request.json() if request.can_read_body else {}
        with self._lock:
            self.sent.append(Sent(request.path, body, request.headers.get("Authorization"), request.method))
        return web.json_response({"id": f"sent-{next(self._ids)}"})

    async def _download(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        with self._lock:
            self.downloads.append(name)
        if name not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[name])

    def messages(self) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if s.activity.get("type") == "message"]

    def updates(self) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if s.method == "PUT"]

    def wait_for_updates(self, count: int = 1, timeout: float = 15.0) -> list[Sent]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.updates()) >= count:
                return self.updates()
            time.sleep(0.02)
        raise AssertionError(f"expected {count} update(s), got {len(self.updates())}")

    def cards(self) -> list[dict]:
        return [a["content"] for s in self.messages() for a in s.activity.get("attachments") or []
                if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]

    def wait_for_messages(self, count: int = 1, timeout: float = 15.0) -> list[Sent]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} message(s), got {len(self.messages())}: {[s.path for s in self.sent]}")
