"""Which questions the registry answers: those that name something it knows (a project, an
organisation, a theme, a body, a person) and ask who, which or whether about taking part or about
roles. Everything else ("what is the entry model?", "how is the board composed?") goes to the
documents. The names come from the registry itself, so nothing here is tied to one collaboration."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from registry.dates import date_in
from registry.variants import VARIANTS, fold

if TYPE_CHECKING:  # SQLAlchemy costs a tenth of a second: a question about the documents never needs it
    from registry.records import Names

# Asking who / which / whether / how many, in Dutch and English (folded: lower case, no accents).
_ASKS = re.compile(
    r"^(doet|doen|deed|deden|neemt|nemen|nam|namen|betaalt|betalen|betaalde|betaalden|is|zijn|was|waren|zit|zitten|zat|zaten|"
    r"heeft|hebben|had|hadden|staat|staan|stapt|stappen|participeert|participeren|hoort|horen|"
    r"does|do|did|is|are|was|were|has|have|had|"
    r"who|which|whom|wie|welke|hoeveel|how many)\b|\b(wie|welke|welk|hoeveel|who|which|whom|how many)\b"
)
# Asking what something means or how it works: a question for the documents, whatever it names.
_EXPLAINS = re.compile(r"^(wat is|wat zijn|wat betekent|wat houdt|hoe werkt|hoe gaat|waarom|what is|what are|what does|how does|why)\b")

_PARTICIPATION = re.compile(
    r"\bmee\b|meedoe|meebeta|deelnem|deelname|\bdeel\b|participe|participat|solidair|solidarity|instap|\bstapt?\b.*\bin\b|"
    r"aangesloten|\bdoet\b.*\bniet\b|take part|takes part|taking part|\bjoin|involved|pays? along|entry model|bijdrage|draagt|dragen|contribut|"
    r"\bpart of\b|\bonderdeel van\b|\bhoort? bij\b|\bhoren bij\b|betrokken|gekozen|\bkeuze\b|\bkoos\b|\bkiest\b|\bchose\b|\bchoice\b"
)
# Role words, and the role they stand for; "zit X voor" is the separable verb of voorzitter.
_ROLES: tuple[tuple[str, re.Pattern], ...] = (
    ("voorzitter", re.compile(r"voorzit|\bzit\w*\b.*\bvoor\b|\bchair")),
    ("trekker", re.compile(r"trekker|\btrekt\b|\btrekken\b|\bleads?\b|lead organisation|\bleading\b")),
    ("secretaris", re.compile(r"secretaris|secretary")),
    ("portefeuillehouder", re.compile(r"portefeuillehouder|portfolio holder")),
    ("lid", re.compile(r"\blid\b|\bleden\b|\bzit\w*\b.*\bin\b|\bmembers?\b|\bsits? on\b|\bsitting on\b|\bwho (is|are) in\b")),
)
_ANY_ROLE = re.compile(r"\brol(len)?\b|\broles?\b|wie zit|who sits|wie zitten")
_GENERIC = frozenset(
    "gemeente gemeenten project projecten thema tafel regio regionale provincie waterschap de het een van en "
    "municipality project theme board region the of and".split()
)
# Where a question names a project or organisation: "mee aan X", "deel aan X", "doet X mee".
_PROJECT_SLOT = re.compile(r"\b(?:mee|deel|part|participate|participates|join|joins|instappen|in) (?:aan |in |bij |to |of )?(?:de |het |the )?(.+)$")
_SLOT_WORDS = frozenset("in aan bij mee deel to on of".split())
_ASKS_WHICH = re.compile(r"\b(welke|which|wat voor|what) (projecten|project|projects|coalities|coalitions)\b")
_ORGANISATION_SLOT = re.compile(r"^(?:doet|deed|neemt|nam|betaalt|betaalde|does|did) (.+?) (?:ook |al |nog |wel |niet )*(?:mee|deel|take part|participate|join)\b")


@dataclass(frozen=True)
class RegistryQuestion:
    kind: str  # participation | roles
    projects: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    variant: str | None = None  # the one variant asked about ("wie betalen solidair mee?")
    role: str | None = None  # the one role asked about ("wie zit … voor?")
    unknown: tuple[str, str] | None = None  # (kind, name) the question names but the registry does not know
    as_of: date | None = None  # "op 1 maart": the state on that day; None: today


def might_ask_registry(question: str) -> bool:
    """Whether the question has the form of a registry question at all (who / which / whether about
    taking part or a role): a check without the database, so other questions never open it."""
    folded = fold(question)
    if not folded or _EXPLAINS.search(folded) or not _ASKS.search(folded):
        return False
    return bool(_PARTICIPATION.search(folded) or _ANY_ROLE.search(folded) or any(p.search(folded) for _, p in _ROLES))


def registry_question(question: str, names: Names) -> RegistryQuestion | None:
    """What the question asks of the registry, or None when it is a question for the documents."""
    folded = fold(question)
    if not folded or _EXPLAINS.search(folded) or not _ASKS.search(folded):
        return None
    found = _NameFinder(names).find(folded)
    participation = _PARTICIPATION.search(folded)
    role = next((key for key, pattern in _ROLES if pattern.search(folded)), None)
    if role == "lid" and participation:
        role = None  # "wie zitten in het instapmodel" asks about taking part, not about members
    asks_roles = role or (_ANY_ROLE.search(folded) and not participation)
    if asks_roles and (found["bodies"] or found["persons"] or found["projects"] or found["themes"]):
        return RegistryQuestion("roles", found["projects"], found["organisations"], found["themes"], found["bodies"],
                                found["persons"], role=role, as_of=date_in(question))
    if not participation:
        return None
    variant = _variant_asked(folded)
    if found["projects"] or found["themes"] or found["organisations"]:
        unknown = None
        if found["projects"] and not found["organisations"]:
            unknown = _unknown_organisation(folded, names)
        elif not found["projects"] and not found["themes"]:
            unknown = _unknown_project(folded, names)
        if unknown is not None:
            unknown = (unknown[0], _as_written(question, unknown[1]))
        return RegistryQuestion("participation", found["projects"], found["organisations"], found["themes"],
                                variant=variant, unknown=unknown, as_of=date_in(question))
    return None


def unknown_project_question(question: str, names: Names) -> RegistryQuestion | None:
    """A question about taking part in a project that names no organisation, project or theme the
    registry knows ("wie doet mee aan het Zwembad?"): the project it names, as unknown to the registry."""
    folded = fold(question)
    if not folded or _EXPLAINS.search(folded) or not _ASKS.search(folded) or not _PARTICIPATION.search(folded):
        return None
    found = _NameFinder(names).find(folded)
    if found["projects"] or found["themes"] or found["organisations"]:
        return None
    unknown = _unknown_project(folded, names)
    if unknown is None:
        return None
    return RegistryQuestion("participation", unknown=(unknown[0], _as_written(question, unknown[1])))


def _variant_asked(folded: str) -> str | None:
    """A question about one variant names it ("solidair", "instapmodel", "entry model");
    "doet niet mee" is how people ask whether someone takes part, not a variant."""
    for variant in VARIANTS[1:3]:  # solidarity and the entry model have words of their own
        if any(re.search(rf"\b{re.escape(word)}", folded) for word in variant.words if len(word) > 4):
            return variant.key
    if re.search(r"\bgeen deelname\b|\bno participation\b|\bniet mee\b.*\bwie\b|\bwie\b.*\bniet mee\b|\bwho\b.*\bnot\b", folded):
        return "geen"
    return None


def _as_written(question: str, folded_name: str) -> str:
    """The words of the question that fold to `folded_name`, as the person wrote them."""
    words = question.replace("?", " ").split()
    wanted = folded_name.split()
    for start in range(len(words)):
        piece = words[start:start + len(wanted)]
        if [fold(w) for w in piece] == wanted:
            return " ".join(piece).strip(".,;:!'\"")
    return folded_name


def _unknown_project(folded: str, names: Names) -> tuple[str, str] | None:
    match = _PROJECT_SLOT.search(folded.rstrip(" ?"))
    if not match:
        return None
    name = re.sub(r"^(een|enig|enige|a|an|any|some) ", "", match.group(1).strip())
    if not name or name in _SLOT_WORDS or name in _GENERIC or _ASKS_WHICH.search(folded):
        return None  # "which projects does X take part in", "aan een project": no project named at all
    return ("project", name) if fold(name) not in {fold(n) for n in names.organisations} else None


def _unknown_organisation(folded: str, names: Names) -> tuple[str, str] | None:
    match = _ORGANISATION_SLOT.search(folded)
    if not match:
        return None
    name = re.sub(r"^(de |het |the |gemeente |municipality of )", "", match.group(1).strip())
    known = {fold(n) for n in names.organisations + names.projects}
    return ("organisatie", name) if name and name not in known and name not in _GENERIC else None


class _NameFinder:
    """Finds registry names in a folded question: whole names first (longest first), then a word
    that only names of one kind share ("de lightrail" for "Lightrail Drechtsteden")."""

    def __init__(self, names: Names) -> None:
        self._kinds = {
            "projects": names.projects, "organisations": names.organisations, "themes": names.themes,
            "bodies": names.bodies, "persons": names.persons,
        }
        owners: dict[str, set[str]] = {}
        for kind, values in self._kinds.items():
            if kind == "bodies":  # a body is often a project or a tafel by the same name: no rival
                continue
            for value in values:
                for word in set(fold(value).split()):
                    owners.setdefault(word, set()).add(kind)
        self._owners = owners

    def find(self, folded: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {kind: [] for kind in self._kinds}
        text = f" {folded} "
        whole = sorted(((fold(v), kind, v) for kind, values in self._kinds.items() for v in values), key=lambda t: -len(t[0]))
        for name, kind, value in whole:
            if name and f" {name} " in text:
                if value not in found[kind]:
                    found[kind].append(value)
                text = text.replace(f" {name} ", " # ")
        words = set(text.split())
        for kind in ("projects", "organisations"):  # bodies do not: "regiekamer" may be another regiekamer
            for value in self._kinds[kind]:
                word = reference_word(value)
                if value not in found[kind] and word in words and self._owners.get(word) == {kind}:
                    found[kind].append(value)
        return found


@lru_cache(maxsize=4096)
def reference_word(name: str) -> str:
    """The one word a project or organisation goes by in speech: its rarest ("de lightrail" for
    Lightrail Drechtsteden, not "de Drechtsteden", which is the region); "" when too short or generic."""
    from wordfreq import zipf_frequency

    words = [w for w in fold(name).split() if len(w) >= 5 and w not in _GENERIC]
    if not words:
        return ""
    return min(words, key=lambda w: (max(zipf_frequency(w, "nl"), zipf_frequency(w, "en")), -len(w)))
