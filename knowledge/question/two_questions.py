"""Two questions asked in one sentence ("uit hoeveel leden bestaat de commissie en wie benoemt ze?",
"how long does it run and how do you end it?"): the answerer quotes the second one as well."""

from __future__ import annotations

import re

_SECOND_QUESTION = re.compile(
    r"(?:,\s*|\s+)(?:en|and)\s+(?P<second>(?:wie|wat|hoe|wanneer|waar|welke|welk|kan|kunnen|mag|mogen|moet|moeten|"
    r"per wanneer|who|what|how|when|where|which|can|may|must|does|do|is|are)\b.*)$", re.IGNORECASE)


def second_question(question: str) -> str | None:
    """The second of two questions asked in one sentence, if there is one."""
    match = _SECOND_QUESTION.search(question.strip())
    return match.group("second") if match else None
