"""Signed requests to a real Bolt app served on 127.0.0.1, wired to the mock Slack Web API."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"


class SlackClientSim:
    """Plays Slack's side of the HTTP endpoint: builds payloads and signs them."""

    def __init__(self, url: str, secret: str = SIGNING_SECRET) -> None:
        self.url = url
        self._verifier = SignatureVerifier(secret)
        self._event_ids = 0

    def post(self, body: str, content_type: str, *, timestamp: int | None = None, signature: str | None = None) -> tuple[int, str]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature if signature is not None else self._verifier.generate_signature(timestamp=ts, body=body),
        }
        request = urllib.request.Request(self.url, data=body.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def event_body(self, event: dict) -> str:
        self._event_ids += 1
        return json.dumps(
            {
                "token": "legacy",
                "team_id": "T1",
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": f"Ev{self._event_ids:06d}",
                "event_time": int(time.time()),
                "event": event,
            }
        )

    def event(self, event: dict, **kwargs) -> tuple[int, str]:
        return self.post(self.event_body(event), "application/json", **kwargs)

    def mention(self, text: str, *, user: str = "U1", channel: str = "C1", ts: str = "1700000100.000100", thread_ts: str | None = None):
        event = {"type": "app_mention", "user": user, "text": f"<@UBOT> {text}", "channel": channel, "ts": ts, "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event)

    def dm(self, text: str, *, user: str = "U1", channel: str = "D1", ts: str = "1700000200.000100", **extra):
        return self.event({"type": "message", "channel_type": "im", "user": user, "text": text, "channel": channel, "ts": ts, **extra})

    def command(self, text: str, *, user: str = "U1", channel: str = "C1", response_url: str = "") -> tuple[int, str]:
        form = {
            "token": "legacy", "team_id": "T1", "channel_id": channel, "channel_name": "regio", "user_id": user,
            "user_name": "wethouder", "command": "/samenspel", "text": text, "api_app_id": "A1",
            "response_url": response_url, "trigger_id": "trig-1",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def view_submission(self, callback_id: str, private_metadata: str, values: dict, *, user: str = "U1") -> tuple[int, str]:
        payload = {
            "type": "view_submission",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "trigger_id": "trig-3",
            "view": {"id": "V1", "type": "modal", "callback_id": callback_id, "private_metadata": private_metadata,
                     "state": {"values": values}},
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def action(self, action_id: str, value: str, *, user: str = "U1", channel: str = "C1", response_url: str = "", message_ts: str = "1700000000.000001"):
        payload = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "trigger_id": "trig-2",
            "channel": {"id": channel},
            "container": {"type": "message", "channel_id": channel, "message_ts": message_ts},
            "message": {"ts": message_ts, "text": "antwoord"},
            "response_url": response_url,
            "actions": [{"type": "button", "action_id": action_id, "block_id": "answer_actions", "value": value, "action_ts": "1"}],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


    def select(self, action_id: str, value: str, *, user: str = "U1", channel: str = "D1", message_ts: str = "1700000000.000001"):
        """A choice from a static_select menu in a message (block_actions with selected_option)."""
        payload = {
            "type": "block_actions", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1", "trigger_id": "trig-4",
            "channel": {"id": channel}, "container": {"type": "message", "channel_id": channel, "message_ts": message_ts},
            "message": {"ts": message_ts, "text": "kleur bekennen"},
            "actions": [{"type": "static_select", "action_id": action_id, "block_id": "b1", "action_ts": "1",
                         "selected_option": {"text": {"type": "plain_text", "text": "keuze"}, "value": value}}],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def wait_until_serving(process, port: int, output=lambda: "", timeout: float = 120) -> None:
    """Until a bot process answers its health check; fails with the process's output if it stops."""
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, output()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, "the bot did not start"
        time.sleep(0.2)
