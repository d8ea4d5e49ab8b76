"""Files are read in a separate worker process with a cap on its memory and a time limit per file,
so one hostile or broken file (a zip bomb, a PDF whose page tree loops, markup nested ten thousand
deep) costs at most that file: the worker is stopped and replaced, the ingest or the bot goes on.
Apache Tika runs its parsers in a forked child for the same reason.

The worker is started once (the loaders' libraries load there, not in the bot) and reused for every
file until it fails or the process ends."""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
from pathlib import Path

from ingest.errors import IngestError
from ingest.models import LoadedDocument

log = logging.getLogger(__name__)


def serve(memory_bytes: int) -> None:
    """The worker: read each file named on stdin and send back the document, or the reason it could not."""
    import resource

    if memory_bytes:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    from ingest.loaders import loader_for

    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a library that prints must not break the replies
    while True:
        request = _receive(requests)
        if request is None:
            return
        path = Path(request)
        try:
            reply = ("ok", loader_for(path).load(path))
        except IngestError as exc:
            reply = ("refused", str(exc))
        except MemoryError:
            reply = ("refused", f"{path.name} vraagt bij het lezen meer geheugen dan toegestaan (INGEST_PARSER_MEMORY_MB); "
                                "het pakt te groot uit of is beschadigd")
        except RecursionError:
            reply = ("refused", f"{path.name} is te diep genest om te lezen (beschadigd of kwaadaardig opgebouwd)")
        except Exception as exc:  # the library's own complaint: a broken file, told plainly, no traceback
            reply = ("refused", f"{path.name} is beschadigd en kan niet gelezen worden ({type(exc).__name__}: {str(exc)[:200]})")
        _send(replies, reply)


def _send(stream, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _receive(stream):
    """One framed value, or None at the end of the stream."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = struct.unpack(">Q", head)[0]
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # noqa: S301 - frames between this process and its own worker only


class ParserWorker:
    def __init__(self, *, timeout_seconds: float, memory_bytes: int) -> None:
        self.timeout_seconds = timeout_seconds
        self.memory_bytes = memory_bytes
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None

    def load(self, path: Path) -> LoadedDocument:
        """The document, or IngestError with a plain reason (also when the worker had to be stopped)."""
        request = str(Path(path).absolute())  # the worker keeps the working folder it was started in
        with self._lock:
            process = self._ensure()
            try:
                _send(process.stdin, request)
            except OSError:
                self._stop()
                process = self._ensure()
                _send(process.stdin, request)
            reply = self._reply(process)
            if reply is _TIMEOUT:
                self._stop()
                raise IngestError(f"het lezen van {path.name} duurde langer dan {self.timeout_seconds:g} s "
                                  "(INGEST_PARSER_TIMEOUT_SECONDS); het bestand is overgeslagen")
            if reply is None:  # the worker died: out of memory at the C level, or crashed
                self._stop()
                raise IngestError(f"{path.name} kon niet gelezen worden: de lezer stopte (te veel geheugen nodig, "
                                  "of het bestand is beschadigd); het is overgeslagen")
        status, value = reply
        if status == "ok":
            return value
        raise IngestError(value)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _reply(self, process: subprocess.Popen):
        poller = select.poll()  # not select(): a process holding over 1024 files (a long-running bot) would break it
        poller.register(process.stdout, select.POLLIN | select.POLLHUP | select.POLLERR)
        if not poller.poll(max(1, int(self.timeout_seconds * 1000))):
            return _TIMEOUT
        return _receive(process.stdout)

    def _ensure(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._stop()
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            self._process = subprocess.Popen(
                [sys.executable, "-c", f"from ingest.isolation import serve; serve({int(self.memory_bytes)})"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, start_new_session=True,
            )
        return self._process

    def _stop(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                pass
            for stream in (self._process.stdin, self._process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        self._process = None


_TIMEOUT = object()


_WORKERS: dict[tuple[float, int], ParserWorker] = {}
_WORKERS_LOCK = threading.Lock()


def shared_worker(timeout_seconds: float, memory_bytes: int) -> ParserWorker:
    """One worker per process and limits, reused by every ingest in it."""
    with _WORKERS_LOCK:
        key = (timeout_seconds, memory_bytes)
        if key not in _WORKERS:
            _WORKERS[key] = ParserWorker(timeout_seconds=timeout_seconds, memory_bytes=memory_bytes)
        return _WORKERS[key]


@atexit.register
def _close_all() -> None:
    for worker in list(_WORKERS.values()):
        worker.close()
