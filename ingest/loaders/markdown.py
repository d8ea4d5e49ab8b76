"""Markdown files: ATX headings give the section path, markup is kept readable."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.loaders.base import HeadingTracker, Loader, first_heading, read_text
from ingest.models import Block, LoadedDocument
from ingest.tables import markdown_table
from ingest.text_utils import clean_whitespace, split_paragraphs

_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# Exports of regulations often write "###Artikel 5" without the space CommonMark asks for; a short line
# like that is a heading too (a longer one, "#hashtag" prose, is not).
_TIGHT_ATX = re.compile(r"^(#{2,6})([^#\s].*?)\s*#*\s*$|^(#)([^#\s].{0,118}?)\s*#*\s*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_CODE = re.compile(r"`([^`]*)`")


def plain(text: str) -> str:
    """Inline markdown to plain text, so passages read well in any chat."""
    text = _HTML_TAG.sub("", _LINK.sub(r"\1", text))
    text = _CODE.sub(r"\1", text)
    return _EMPHASIS.sub(r"\2", text)


class MarkdownLoader(Loader):
    suffixes = (".md", ".markdown")

    def load(self, path: Path) -> LoadedDocument:
        text = _FRONT_MATTER.sub("", read_text(path))
        text = "\n".join(line for line in text.splitlines() if not _only_markup(line))
        tracker = HeadingTracker()
        blocks: list[Block] = []
        for paragraph in split_paragraphs(text):
            lines = paragraph.splitlines()
            body: list[str] = []
            for line in lines:
                heading = _heading(line)
                if heading and plain(heading[1]).strip():
                    if body:
                        blocks.append(_paragraph_block(body, tracker))
                        body = []
                    title = plain(heading[1].strip())
                    tracker.enter(len(heading[0]), title)
                    blocks.append(Block(title, None, tracker.path, is_heading=True))
                else:
                    body.append(line)
            if body:
                blocks.append(_paragraph_block(body, tracker))
        blocks = [b for b in blocks if b.text]
        return LoadedDocument(blocks=blocks, title=first_heading(blocks))


def _paragraph_block(lines: list[str], tracker: HeadingTracker) -> Block:
    """Lists keep one item per line, tables one row per line; prose is joined into one line."""
    rows = markdown_table(lines)
    if rows is not None:
        return Block("\n".join(plain(row) for row in rows), None, tracker.body_path())
    if all(_LIST_ITEM.match(line) for line in lines if line.strip()):
        # a bullet becomes "•"; a numbered member keeps its number ("2. …"), which a reader cites
        text = "\n".join(plain(_BULLET.sub("• ", line).strip()) for line in lines if line.strip())
    else:
        text = plain(clean_whitespace("\n".join(lines)))
    return Block(text, None, tracker.body_path())


def _heading(line: str) -> tuple[str, str] | None:
    """The marks and text of an ATX heading: "## Titel", or "##Titel" as exports write it (with one
    "#" only when short, so a "#hashtag" line of prose stays prose)."""
    match = _ATX.match(line)
    if match:
        return match.group(1), match.group(2)
    match = _TIGHT_ATX.match(line)
    if match:
        return (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return None


def _only_markup(line: str) -> bool:
    """A line of HTML markup alone (a <meta> tag an export left at the top) holds no text."""
    stripped = line.strip()
    return bool(stripped) and not _HTML_TAG.sub("", stripped).strip()
