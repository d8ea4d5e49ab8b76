"""The quote: one contiguous window of the text around the sentence that answers.

A fact is often one sentence away from the words that match the question: the chair's name in the
sentence before, the condition in the member's last sentence, the list a lead-in announces. So the
window grows from the answering sentence along the text's own units (its paragraph or numbered
member, a list with its lead-in) until the length budget is spent. It never leaves out what stands
between two quoted sentences: a quote stitched from places apart can change what the text says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.answering.passage_text import Sentence
from knowledge.models import Passage

QUOTE_BUDGET = 600  # characters of quote; with the source line the answer stays near 600
SHORT_QUOTE = 250  # a window shorter than this reads on into the next paragraph of the same section
MAX_BACK = 2  # sentences back to the start of the answering sentence's paragraph
CLOSE_REACH = 3  # sentences beyond the window where another that answers nearly as well is taken in


@dataclass(frozen=True)
class ReadSentence:
    """A sentence in reading order, with the passage it comes from (the window may read on)."""

    sentence: Sentence
    passage: Passage
    section: str  # the heading it stands under

    @property
    def text(self) -> str:
        return self.sentence.text


@dataclass(frozen=True)
class Window:
    start: int
    end: int  # inclusive
    quote: str
    passage: Passage  # where the quote starts: its source and title are cited
    page: int | None = None  # the page the quote starts on
    section: str = ""  # the heading the quote stands under

    def covers(self, index: int) -> bool:
        return self.start <= index <= self.end


def window(reading: list[ReadSentence], i: int, budget: int = QUOTE_BUDGET,
           relevant: list[bool] | None = None, close: list[bool] | None = None) -> Window:
    """The window around sentence `i` of `reading`; `relevant` marks the sentences that share a word
    with the question (a sentence before the answering one is quoted only if it does); `close` those
    that answer nearly as well as `i` (the window takes in those of its section nearby)."""
    start, end = _grown(reading, i, budget, relevant)
    if close is not None:
        start, end = _with_close(reading, i, start, end, budget, close)
    quote = " ".join(reading[k].text for k in range(start, end + 1))
    first = reading[start]
    return Window(start, end, _shorten(quote, budget), first.passage, first.passage.page_at(first.text), first.section)


def _grown(reading: list[ReadSentence], i: int, budget: int, relevant: list[bool] | None) -> tuple[int, int]:
    start = _start(reading, i, budget, relevant)
    end = i
    length = _length(reading, start, end)
    while end + 1 < len(reading):
        following = reading[end + 1]
        if following.section != reading[i].section:
            break  # the next article or section: another provision
        announced = following.sentence.item and _announces(reading, start, end)
        same_unit = not following.sentence.opens_paragraph
        if not (same_unit or announced or length < SHORT_QUOTE):
            break
        if length + 1 + len(following.text) > budget:
            break
        end += 1
        length += 1 + len(following.text)
    return start, end


def _with_close(reading: list[ReadSentence], i: int, start: int, end: int, budget: int,
                close: list[bool]) -> tuple[int, int]:
    """The window stretched over the sentences of its section, a few beyond it, that answer nearly as
    well as the best: when two members score alike, the quote holds both rather than guess. Context
    the window read on past them gives way first; what does not fit the budget stays out."""
    section = reading[i].section
    low, high = start, end
    for k in range(start - 1, max(-1, start - 1 - CLOSE_REACH), -1):
        if reading[k].section != section:
            break
        if close[k]:
            low = k
    for k in range(end + 1, min(len(reading), end + 1 + CLOSE_REACH)):
        if reading[k].section != section:
            break
        if close[k]:
            high = k
    if (low, high) == (start, end):
        return start, end
    keep = max([i] + [k for k in range(i, high + 1) if close[k]])  # the last sentence that must stay
    last = high
    while last > keep and _length(reading, low, last) > budget:
        last -= 1
    if _length(reading, low, last) <= budget:
        return low, last
    if low < start and _length(reading, start, high) <= budget:
        return start, high
    return start, end


def _start(reading: list[ReadSentence], i: int, budget: int, relevant: list[bool] | None) -> int:
    """Where the window begins: the lead-in of the list the sentence is an item of; or the sentences
    before it in its paragraph that speak of the question too (the chair's name, the body it is about);
    and the sentence before one that refers back ("Deze …", "Hij …")."""
    start = i
    lead = _lead_in(reading, i)
    if lead is not None and reading[lead].section != reading[i].section:
        lead = None
    if lead is not None and _length(reading, lead, i) <= budget:
        start = lead
    else:
        while start > 0 and i - start < MAX_BACK and not reading[start].sentence.opens_paragraph \
                and reading[start - 1].section == reading[i].section and (relevant is None or relevant[start - 1]) \
                and _length(reading, start - 1, i) <= 0.7 * budget:
            start -= 1
    if start > 0 and _leans_back(reading[start].text) and reading[start - 1].section == reading[start].section \
            and _length(reading, start - 1, i) <= budget:
        start -= 1
    return start


def _lead_in(reading: list[ReadSentence], i: int) -> int | None:
    """For a list item, the sentence that announced the list (ending in a colon), if the list runs
    from right after it to the item."""
    if not reading[i].sentence.item:
        return None
    j = i - 1
    while j >= 0 and not reading[j].text.rstrip().endswith(":"):
        if reading[j].sentence.opens_paragraph and not reading[j].sentence.item:
            return None  # a paragraph of prose between: not this list's lead-in
        j -= 1
        if i - j > 12:
            return None
    return j if j >= 0 else None


def _announces(reading: list[ReadSentence], start: int, end: int) -> bool:
    """Whether the window holds a lead-in ("… als volgt:") whose list the next item continues."""
    return any(reading[k].text.rstrip().endswith(":") for k in range(start, end + 1))


def _length(reading: list[ReadSentence], start: int, end: int) -> int:
    return sum(len(reading[k].text) + 1 for k in range(start, end + 1)) - 1


# Openings that refer back to the sentence before: quoted alone, they leave the reader guessing.
_BACK = frozenset(
    "en maar ook daarnaast daarbij daarom daardoor hierdoor hierbij hiermee daarmee dit deze dat die zo dus "
    "bovendien echter tegelijkertijd verder vervolgens evenmin hij zij ze also however this these "
    "that it so he she they".split()
)
_BACK_INSIDE = re.compile(r"\b(?:in\s+dezen?|hierin|daarin|hiervan|daarvan|eveneens|evenmin|evenzo|het\s+voorgaande)\b")


def _leans_back(sentence: str) -> bool:
    first = sentence.lstrip("•-–‘'\"“( ").split(" ", 1)[0].strip(",:;").lower()
    return first in _BACK or bool(_BACK_INSIDE.search(sentence.lower()))


def _shorten(quote: str, budget: int) -> str:
    if len(quote) <= budget:
        return quote
    return quote[: budget - 1].rsplit(" ", 1)[0] + "…"
