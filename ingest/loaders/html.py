"""HTML pages: only the main content, never navigation, footers, scripts or cookie banners."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from ingest.loaders.base import HeadingTracker, Loader, read_text
from ingest.models import Block, LoadedDocument
from ingest.tables import table_lines
from ingest.text_utils import clean_whitespace

_DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "aside", "form", "template", "svg", "iframe")
_DROP_HINTS = re.compile(r"(^|[-_ ])(nav|navbar|menu|footer|cookie|breadcrumbs?|sidebar|banner|share|social)([-_ ]|$)", re.I)
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "table", "td", "th", "dd", "dt", "figcaption")


class HtmlLoader(Loader):
    suffixes = (".html", ".htm")

    def load(self, path: Path) -> LoadedDocument:
        soup = BeautifulSoup(read_text(path), "lxml")
        page_title = soup.title.get_text(strip=True) if soup.title else None
        _strip_boilerplate(soup)
        root = soup.find("main") or soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body or soup
        blocks = _blocks(root)
        heading = next((b.text for b in blocks if b.is_heading), None)
        return LoadedDocument(blocks=blocks, title=page_title or heading)


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "contentinfo", "banner", "complementary"]}):
        tag.decompose()
    for tag in soup.find_all(True):
        # Read the flag from the tag itself: bs4's `decomposed` looks an unset flag up as a child tag
        # named "_decomposed", a search of the whole subtree at every tag (minutes on deep markup).
        if tag.__dict__.get("_decomposed") or tag.name in ("html", "body", "main", "article"):
            continue
        hints = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
        if _DROP_HINTS.search(hints):
            tag.decompose()
    body = soup.body
    if body is not None:
        for header in body.find_all("header", recursive=False):
            header.decompose()  # the site header, not an article's own header


def _outer_blocks(root: Tag) -> list[Tag]:
    """The block elements not inside another block, in document order: one walk over the tree
    (a nested block is never visited, so markup nested ten thousand deep costs its size, no more)."""
    found: list[Tag] = []
    stack = [iter(root.children)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
        elif isinstance(element, Tag):
            if element.name in _BLOCK_TAGS:
                found.append(element)  # nested, e.g. <p> inside <li>: the outer block holds its text
            else:
                stack.append(iter(element.children))
    return found


def _blocks(root: Tag) -> list[Block]:
    tracker = HeadingTracker()
    blocks: list[Block] = []
    for element in _outer_blocks(root):
        text = clean_whitespace(element.get_text(" "))
        if not text:
            continue
        if element.name[0] == "h" and element.name[1:].isdigit():
            tracker.enter(int(element.name[1:]), text)
            blocks.append(Block(text, None, tracker.path, is_heading=True))
        elif element.name == "table":
            lines = _table_lines(element)
            if lines:
                blocks.append(Block("\n".join(lines), None, tracker.body_path()))
        elif element.name == "li":
            blocks.append(Block("• " + text, None, tracker.body_path()))
        else:
            blocks.append(Block(text, None, tracker.body_path()))
    return blocks


def _table_lines(table: Tag) -> list[str]:
    """One line per row; header cells (<th> in the first row) name the columns."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    cells = [[clean_whitespace(c.get_text(" ")) for c in tr.find_all(["td", "th"], recursive=False)] for tr in rows]
    header = None
    if rows and rows[0].find("th") is not None and not rows[0].find("td"):
        header, cells = cells[0], cells[1:]
    return table_lines(cells, header)
