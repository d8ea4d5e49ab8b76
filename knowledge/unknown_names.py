"""Names in a question that the documents never mention ("is X opgegaan in Batavialand?"). A
question about a name the documents do not know cannot be answered from them, however well its
other words match; saying which name is unknown helps the asker more than a near miss.

Only for Dutch questions: in an English one, a name may be the English form of a name the Dutch
documents spell their own way ("Germany" for *Duitsland*)."""

from __future__ import annotations

import re
from collections.abc import Callable

# A capitalised word after the question's first word (the first is capitalised by grammar).
_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]*[a-z][\w'’-]*|(?<=\s)[A-Z]{2,}[\w'’-]*")


def unknown_names(question: str, known: Callable[[str], bool]) -> list[str]:
    """The names of the question for which `known` says the documents hold none of their terms."""
    names = dict.fromkeys(m.group(0).strip("'’-") for m in _NAME.finditer(question.strip()))
    return [name for name in names if name and not known(name)]
