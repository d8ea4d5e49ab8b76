"""One answerer for every channel: the registry answers the questions it can answer exactly (who
takes part, who holds a role), the documents answer everything else. Where a registry answer is
about one variant, the documents' rule for that variant is quoted beside it, cited as always."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.knowledge import Answerer
from infra.errors import DatabaseUnavailable
from knowledge.models import Answer, Citation
from registry.questions import might_ask_registry
from registry.variants import BY_KEY, fold
from text.language import detect_language

if TYPE_CHECKING:  # the registry (and SQLAlchemy) load only when a question has the registry's form
    from registry.answers import RegistryAnswer, RegistryAnswerer

log = logging.getLogger(__name__)

_RULE = {"nl": "Spelregel in de documenten", "en": "The rule in the documents"}


class RoutedAnswerer:
    def __init__(self, registry: RegistryAnswerer | Callable[[], RegistryAnswerer], documents: Answerer) -> None:
        """`registry` may be a function that opens it: then only a question of the registry's form
        opens the database (a cold `samenspel ask` about the documents never does)."""
        self._registry = registry
        self.documents = documents

    @property
    def registry(self) -> RegistryAnswerer:
        if not hasattr(self._registry, "answer"):  # not opened yet
            self._registry = self._registry()
        return self._registry

    def answer(self, question: str, context: list[str] | None = None, language: str | None = None,
               readable_by: frozenset[str] | None = None) -> Answer:
        language = language or detect_language(question)
        found = None
        if might_ask_registry(question):
            try:
                found = self.registry.answer(question, language)
            except DatabaseUnavailable:
                log.exception("the registry is unavailable; answering from the documents")
        if found is None:
            from_documents = self.documents.answer(question, context=context, language=language, readable_by=readable_by)
            if from_documents.unknown_name and might_ask_registry(question):
                # Nobody knows the project: the register says so, with the projects whose names come close.
                unknown = self._unknown_project(question, language)
                if unknown is not None:
                    return self._registry_answer(unknown, language, readable_by)
            return from_documents
        if found.gap:  # the register knows the body but not the role asked: the documents may say who holds it
            from_documents = self.documents.answer(question, context=context, language=language, readable_by=readable_by)
            if from_documents.answered:
                from_documents.text = f"{found.text}\n\n{from_documents.text}"
                return from_documents
        return self._registry_answer(found, language, readable_by)

    def _unknown_project(self, question: str, language: str) -> RegistryAnswer | None:
        try:
            return self.registry.answer_unknown_project(question, language)
        except DatabaseUnavailable:
            log.exception("the registry is unavailable; answering from the documents")
            return None

    def _registry_answer(self, found: RegistryAnswer, language: str, readable_by: frozenset[str] | None = None) -> Answer:
        from registry.answers import REGISTER

        register = REGISTER["en" if language == "en" else "nl"]
        citations = [Citation(source="register", title=register, page=None, quote="")] if found.answered else []
        seen = set()
        for document, page in found.decisions:
            if (document, page) not in seen:
                seen.add((document, page))
                citations.append(Citation(source="besluit", title=document, page=page, quote=""))
        text = found.text
        if found.answered and found.variant is not None:
            rule = self._rule(found.variant, readable_by)
            if rule is not None:
                text += f"\n\n{_RULE['en' if language == 'en' else 'nl']}: “{rule.quote}” ({rule.label()})"
                citations.append(rule)
        return Answer(text, citations, found.answered, language, method="registry")

    def _rule(self, variant: str, readable_by: frozenset[str] | None = None) -> Citation | None:
        """The documents' own words for a variant (asked as a definition, in the documents' language),
        from what the asker may read."""
        try:
            rule = self.documents.answer(f"Wat is {BY_KEY[variant].rule_term}?", language="nl", readable_by=readable_by)
        except Exception:
            log.exception("looking up the rule for %s failed", variant)
            return None
        if not (rule.answered and rule.citations):
            return None
        citation = rule.citations[0]
        return replace(citation, quote=_item_about(citation.quote, BY_KEY[variant].rule_term))


def _item_about(quote: str, term: str) -> str:
    """From a quoted list, the item that names the term: the rule for this variant, not its neighbours."""
    items = [item.strip() for item in quote.split("•") if item.strip()]
    about = [item for item in items if fold(term) in fold(item)]
    return about[0] if len(items) > 1 and about else quote
