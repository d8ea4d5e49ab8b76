"""The Slack app manifest with the bot's public address (or Socket Mode) filled in."""

from __future__ import annotations

from pathlib import Path

from bot.slack.server import EVENTS_PATH

TEMPLATE = Path(__file__).with_name("manifest.yml")


def render_manifest(url: str | None, socket: bool) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    if socket:
        # Socket Mode needs no request URLs; Slack rejects empty ones, so the lines go.
        lines = [line for line in text.splitlines() if "__REQUEST_URL__" not in line]
        text = "\n".join(lines) + "\n"
    else:
        text = text.replace("__REQUEST_URL__", url.rstrip("/") + EVENTS_PATH)
    return text.replace("__SOCKET_MODE__", "true" if socket else "false")
