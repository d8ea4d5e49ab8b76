"""The LLM answerer with the real LangChain OpenAI client against a local stub server."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from knowledge.answering.texts import NOT_FOUND


class StubOpenAI:
    """An OpenAI-compatible /chat/completions on 127.0.0.1 that replies what the test queues."""

    def __init__(self) -> None:
        self.replies: list = []  # str content, or ("status", code), or ("sleep", seconds)
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                reply = stub.replies.pop(0) if stub.replies else "NIET_GEVONDEN"
                if isinstance(reply, tuple) and reply[0] == "status":
                    self._send(reply[1], {"error": {"message": "stub failure", "type": "server_error"}})
                    return
                if isinstance(reply, tuple) and reply[0] == "sleep":
                    time.sleep(reply[1])
                    reply = "te laat [1]"
                self._send(200, {
                    "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": reply}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _send(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except BrokenPipeError:
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    server = StubOpenAI()
    yield server
    server.close()


@pytest.fixture
def llm_knowledge(settings, fake_embeddings, analyzer, stub, docs):
    from samenspel.wiring import open_knowledge

    settings.llm_provider = "openai"
    settings.llm_model = "stub-model"
    settings.llm_api_key = "sk-test"
    settings.llm_base_url = stub.url
    settings.llm_timeout_seconds = 1.0
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as k:
        k.pipeline.ingest([docs])
        yield k


def test_llm_answer_cites_passages_by_number(llm_knowledge, stub):
    stub.replies.append("De regiekamer bewaakt de samenhang van de agenda [2].")
    answer = llm_knowledge.answerer.answer("Wat doet de regiekamer?")
    assert answer.answered and answer.method == "llm"
    assert answer.text == "De regiekamer bewaakt de samenhang van de agenda [1]."  # renumbered to the citation list
    assert len(answer.citations) == 1
    request = stub.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    prompt = request["body"]["messages"][1]["content"]
    assert "[1]" in prompt and "Vraag: Wat doet de regiekamer?" in prompt
    cited_passage = answer.passages[1]
    assert answer.citations[0].source == cited_passage.source



def test_llm_refusal_means_not_answered(llm_knowledge, stub):
    stub.replies.append("NIET_GEVONDEN")
    answer = llm_knowledge.answerer.answer("Wat doet de regiekamer?")
    assert not answer.answered
    assert answer.text == NOT_FOUND["nl"]


def test_llm_error_falls_back_to_extractive(llm_knowledge, stub):
    stub.replies.append(("status", 500))
    answer = llm_knowledge.answerer.answer("Wat doet de regiekamer?")
    assert answer.answered and answer.method == "extractive"
    assert answer.text.startswith("Volgens")


def test_llm_timeout_falls_back_to_extractive(llm_knowledge, stub):
    stub.replies.append(("sleep", 3))
    started = time.monotonic()
    answer = llm_knowledge.answerer.answer("Wat doet de regiekamer?")
    assert time.monotonic() - started < 2.5
    assert answer.answered and answer.method == "extractive"


def test_llm_answer_without_citations_is_not_trusted(llm_knowledge, stub):
    stub.replies.append("De regiekamer doet van alles, geloof me.")
    answer = llm_knowledge.answerer.answer("Wat doet de regiekamer?")
    assert answer.method == "extractive"
