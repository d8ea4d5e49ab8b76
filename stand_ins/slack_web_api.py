"""A stand-in for the Slack Web API on 127.0.0.1: records every call and answers like Slack would,
serves files for download, takes response_url posts, and plays Socket Mode's WebSocket end."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from aiohttp import WSMsgType, web

from bot.loop_thread import WebServer

BOT_TOKEN = "xoxb-test-token"
BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    args: dict
    headers: dict = field(default_factory=dict)


class MockSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.files: dict[str, tuple[dict, bytes]] = {}
        self.failures: dict[str, str] = {}  # method -> Slack error code to return
        self.channel_members: dict[str, list[str]] = {}
        self.failing_channels: set[str] = set()  # conversations.members answers channel_not_found for these
        self.socket_frames: list[dict] = []  # what the bot sent over the WebSocket (acks)
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._sockets: list[web.WebSocketResponse] = []
        self._server: WebServer | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> "MockSlack":
        self._server = WebServer(self._app(), name="slack-mock")
        self.port = self._server.start()
        return self

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # files.info and friends are GET requests
        app.router.add_get("/files/{file_id}/{name}", self._download)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link", self._websocket)
        return app

    def stop(self) -> None:
        self._server.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    # --- what tests use ------------------------------------------------------------------------
    def add_file(self, file_id: str, name: str, data: bytes) -> None:
        info = {"id": file_id, "name": name, "size": len(data), "url_private_download": f"{self.url}/files/{file_id}/{name}"}
        self.files[file_id] = (info, data)

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_until(self, method: str, predicate, timeout: float = 15.0) -> Call:
        """The first call of `method` for which predicate(args) holds, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for call in self.of(method):
                if predicate(call.args):
                    return call
            time.sleep(0.02)
        raise AssertionError(f"no {method} call matched: {[c.args for c in self.of(method)]}")

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} {method} call(s), got {len(self.of(method))}: {[c.method for c in self.calls]}")

    def send_over_socket(self, envelope: dict) -> None:
        async def send() -> None:
            for ws in self._sockets:
                await ws.send_str(json.dumps(envelope))

        asyncio.run_coroutine_threadsafe(send(), self._server.loop).result(10)

    def wait_for_socket(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._sockets and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self._sockets, "the bot did not connect over Socket Mode"

    # --- handlers ---------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _args(request)
        with self._lock:
            self.calls.append(Call(method, args, dict(request.headers)))
        if method in self.failures:
            return web.json_response({"ok": False, "error": self.failures[method]})
        return web.json_response(self._result(method, args))

    def _result(self, method: str, args: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1", "user": "samenspel", "team": "Regio"}
        if method == "chat.postMessage":
            channel = args.get("channel", "")
            channel = "D" + channel[1:] if channel.startswith("U") else channel  # posting to a user lands in the DM
            return {"ok": True, "channel": channel, "ts": f"1700000000.{next(self._ts):06d}"}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "files.info":
            entry = self.files.get(args.get("file", ""))
            return {"ok": True, "file": entry[0]} if entry else {"ok": False, "error": "file_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"FUP{next(self._ts)}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}
        if method == "conversations.members" and args.get("channel", "") in self.failing_channels:
            return {"ok": False, "error": "channel_not_found"}
        if method == "conversations.members":
            return {"ok": True, "members": self.channel_members.get(args.get("channel", ""), []), "response_metadata": {"next_cursor": ""}}
        if method == "views.open":
            return {"ok": True, "view": {"id": "V1"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"}
        return {"ok": True}

    async def _download(self, request: web.Request) -> web.Response:
        with self._lock:
            self.calls.append(Call("download", dict(request.match_info), dict(request.headers)))
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.Response(status=403, text="<html>login</html>", content_type="text/html")
        entry = self.files.get(request.match_info["file_id"])
        if entry is None:
            return web.Response(status=404)
        return web.Response(body=entry[1], content_type="application/octet-stream")

    async def _upload(self, request: web.Request) -> web.Response:
        body = await request.read()
        with self._lock:
            self.calls.append(Call("upload", {"file_id": request.match_info["file_id"], "bytes": len(body), "head": body[:8]}, dict(request.headers)))
        return web.Response(text="OK")

    async def _response_url(self, request: web.Request) -> web.Response:
        with self._lock:
            self.calls.append(Call("response_url", await request.json(), dict(request.headers)))
        return web.Response(text="ok")

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self._sockets.append(ws)
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                with self._lock:
                    self.socket_frames.append(json.loads(message.data))
        self._sockets.remove(ws)
        return ws


async def _args(request: web.Request) -> dict:
    """Slack clients send JSON, form bodies or query strings; nested JSON fields are decoded."""
    if request.method == "GET":
        args = dict(request.query)
    elif request.content_type == "application/json":
        raw = await request.text()
        args = json.loads(raw) if raw.strip() else {}
    else:
        args = {k: v[0] for k, v in parse_qs(await request.text()).items()}
    for key in ("blocks", "view", "attachments"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args
