"""The names a question uses ("het AB van Letterhoeke", "opgegaan in Batavialand?"), and those the
documents never mention. A question about a name the documents do not know cannot be answered
from them, however well its other words match; saying which name is unknown helps the asker more
than a near miss. (The answerer asks this of Dutch questions only: in an English one, a name may be
the English form of a name the Dutch documents spell their own way, "Germany" for *Duitsland*.)"""

from __future__ import annotations

import re
from collections.abc import Callable

# A capitalised word after the question's first word (the first is capitalised by grammar).
_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]*[a-z][\w'’-]*|(?<=\s)[A-Z]{2,}[\w'’-]*")


def names_in(question: str) -> list[str]:
    """The question's names, each once, in order."""
    names = dict.fromkeys(m.group(0).strip("'’-") for m in _NAME.finditer(question.strip()))
    return [name for name in names if name]


def unknown_names(question: str, known: Callable[[str], bool]) -> list[str]:
    """The names of the question for which `known` says the documents hold none of their terms."""
    return [name for name in names_in(question) if not known(name)]
