"""Markdown (as it appears in documents and LLM answers) to Slack mrkdwn, and escaping.

Slack's mrkdwn is not Markdown: *bold* is one star, _italic_ an underscore, links are <url|text>,
and &, < and > must be escaped or Slack reads them as its own markup.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"(```.*?```|`[^`\n]+`)", re.S)
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![\*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\*\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.M)


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(markdown: str) -> str:
    """Convert Markdown to mrkdwn; code spans and blocks are kept as they are (escaped only)."""
    parts = _CODE.split(markdown)
    return "".join(escape(part) if i % 2 else _convert(part) for i, part in enumerate(parts))


def _convert(text: str) -> str:
    links: list[str] = []

    def keep_link(match: re.Match) -> str:
        links.append(f"<{match.group(2)}|{escape(match.group(1))}>")
        return f"\x00{len(links) - 1}\x00"

    text = _LINK.sub(keep_link, text)
    text = escape(text)
    text = _HEADING.sub(lambda m: f"\x01{m.group(1)}\x01", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    text = _ITALIC_STAR.sub(r"_\1_", text)
    text = _BOLD.sub(lambda m: f"\x01{m.group(2)}\x01", text)
    text = _STRIKE.sub(r"~\1~", text)
    text = text.replace("\x01", "*")
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], text)


def truncate(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis, never splitting an escape such as &amp;."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    if " " in cut[-40:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"
