"""An asyncio loop in a daemon thread, started and stopped from ordinary code: how the Slack and
Teams servers run beside the scheduler and how tests drive them."""

from __future__ import annotations

import asyncio
import threading


class LoopThread:
    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def run(self, coroutine, timeout: float | None = 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)


class WebServer:
    """An aiohttp application served from its own loop thread; port 0 picks a free port."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, name: str = "web") -> None:
        self.app = app
        self._host, self._port = host, port
        self.loop_thread = LoopThread(name)
        self._runner = None
        self.port: int | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self.loop_thread.loop

    def start(self) -> int:
        self.loop_thread.start()
        self.port = self.loop_thread.run(self._start())
        return self.port

    async def _start(self) -> int:
        from aiohttp import web

        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        return site._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._runner is not None:
            self.loop_thread.run(self._runner.cleanup())
        self.loop_thread.stop()
