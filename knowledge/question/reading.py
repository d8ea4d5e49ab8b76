"""A question read once, in one place: what retrieval searches with and what answering weighs.

Lucene parses a query once into a Query object that every later stage reads; this is the same for a
chat question. Everything the later stages need to know about the question's words is here, so no
stage detects the language again, folds the text again or guesses its names on its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from knowledge.meaning.word_translation import MeaningTranslator
from knowledge.question.abbreviations import AbbreviationExpander
from knowledge.question.answer_types import expected_type, focus_words
from knowledge.question.forms.answer_forms import AnswerForm, answer_form
from knowledge.question.glossary import dutch_name, english_term_groups, expand_english
from knowledge.question.names import names_in
from knowledge.question.two_questions import second_question
from text.analysis import DutchAnalyzer, fold
from text.language import detect_language

if TYPE_CHECKING:
    import numpy as np

    from knowledge.meaning.semantic import SentenceEncoder

_WORDS = re.compile(r"[\w'’-]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z&-]{1,7}$")
COMMON_WORD_ZIPF = 3.0
# A word weighs at most what its rarity in the language allows: full weight at or below LANGUAGE_RARE_ZIPF,
# falling linearly to LANGUAGE_FLOOR of it at LANGUAGE_COMMON_ZIPF ("elkaar", "klaar", "keer").
LANGUAGE_RARE_ZIPF = 3.5
LANGUAGE_COMMON_ZIPF = 6.5
LANGUAGE_FLOOR = 0.1
# A Dutch question word the documents never use, matched to a passage word: stricter than for
# English, as Dutch words that merely look alike (two participles) also sit close.
DUTCH_MIN_SIMILARITY = 0.80
_ADJECTIVAL = ("se", "s", "er", "ers", "ans", "anse")  # Twentse, Drents, Limburger, Arubaans: a place's adjective or people


class Vocabulary(Protocol):
    """What the indexed documents say about words: how rare a term is, and the documents' titles."""

    def idf(self, term: str) -> float: ...

    def max_idf(self) -> float: ...


@dataclass(frozen=True)
class Unit:
    """One unit of the question's meaning: index terms any of which covers it, and its weight.
    A Dutch word's term is a unit; an English word is the set of its Dutch translations."""

    terms: frozenset[str]
    weight: float
    known: bool = True  # the documents use one of its terms
    word: str = ""  # the question's word it stands for


@dataclass(frozen=True)
class Question:
    """Everything later stages read about a question."""

    text: str  # as asked
    language: str  # "nl" or "en"
    expanded: str  # abbreviations and acronyms the documents spell out, spelled out
    search_terms: tuple[str, ...]  # index terms to search with: earlier questions, translations, form words
    units: tuple[Unit, ...]  # what an answer should cover, weighted by rarity
    names: tuple[str, ...]  # the names the question uses ("Letterhoeke", "AB")
    unknown_names: tuple[str, ...]  # names the documents never mention and that are no common words
    expected: str | None  # the kind of answer: number, date, amount, duration, frequency, person, name, which
    focus: tuple[str, ...]  # what is asked about: "hoeveel <leden>", "which <countries>"
    focus_terms: frozenset[str] = frozenset()  # the focus as index terms (English names in their Dutch form)
    name_terms: tuple[frozenset[str], ...] = ()  # each name as index terms ("the Meuse" → *maas*)
    proper_name_terms: tuple[frozenset[str], ...] = ()  # those of proper names the documents mention (no acronyms)
    form: AnswerForm | None = None  # a known form of answer: a signal, never a gate
    second: str | None = None  # the second of two questions asked in one sentence
    second_units: tuple[Unit, ...] = ()  # what an answer to that second question should cover
    context: tuple[str, ...] = ()  # earlier questions of the same conversation
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)  # what it means
    hidden: frozenset[str] = frozenset()  # the documents the asker may not read: for this question they do not exist

    @property
    def total_weight(self) -> float:
        return sum(unit.weight for unit in self.units) or 1.0

    def coverage(self, terms: set[str] | frozenset[str], units: tuple[Unit, ...] | None = None) -> float:
        """The share of the question's weight (or of `units`') that a set of index terms covers."""
        units = self.units if units is None else units
        total = sum(u.weight for u in units) or 1.0
        return sum(u.weight for u in units if u.terms & terms) / total


class QuestionReader:
    """Reads questions against the documents as they are indexed now (rarity, spellings, titles)."""

    def __init__(self, analyzer: DutchAnalyzer, vocabulary: Vocabulary, *,
                 mentioned: Callable[[str], bool], used: Callable[[str], bool],
                 abbreviations: AbbreviationExpander | None = None, titles: Sequence[str] = (),
                 encoder: SentenceEncoder | None = None,
                 adapt: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        self._analyzer = analyzer
        self._vocabulary = vocabulary
        self._mentioned = mentioned  # some passage holds one of the word's terms
        self._used = used  # passages hold every one of the word's terms
        self._abbreviations = abbreviations or AbbreviationExpander()
        self._titles = titles
        self._encoder = encoder
        self._adapt = adapt  # turns the question's meaning towards answering sentences (knowledge.meaning.adapter)
        self._translator = MeaningTranslator(encoder) if encoder is not None else None

    def read(self, text: str, context: Sequence[str] = (), language: str | None = None) -> Question:
        language = language or detect_language(text)
        expanded = self._spell_out(text)
        form = answer_form(expanded, self._analyzer)
        search = " ".join([*list(context)[-2:], expanded])
        if language == "en":
            search = expand_english(search)  # the documents are Dutch
        if form is not None and form.search_words:  # "eruit stappen": the rules say *uittreding*
            search = f"{search} {form.search_words}"
        names = tuple(names_in(text))
        vector = self._encoder.encode([text])[0] if self._encoder is not None else None
        if vector is not None and self._adapt is not None:
            vector = self._adapt(vector)
        dutch = [dutch_name(n) if language == "en" else n for n in names]
        name_terms = tuple(frozenset(terms) for n in dutch if (terms := self._analyzer.terms(n)))
        proper = tuple(frozenset(terms) for n in dutch
                       if not n.isupper() and self._mentioned(n) and (terms := self._analyzer.terms(n)))
        focus = tuple(focus_words(expanded))
        second = second_question(expanded)
        return Question(
            text=text, language=language, expanded=expanded,
            search_terms=tuple(self._analyzer.terms(search)),
            units=tuple(self._units(expanded, language)),
            names=names, unknown_names=tuple(n for n in names if n in expanded and self._unknown(n, text, language)),
            expected=expected_type(expanded), focus=focus, form=form,
            focus_terms=frozenset(t for w in focus for t in self._analyzer.terms(dutch_name(w))),
            name_terms=name_terms, proper_name_terms=proper if language == "nl" else (),
            second=second, second_units=tuple(self._units(second, language)) if second else (),
            context=tuple(context), vector=vector,
        )

    def resolve(self, question: Question, texts: Sequence[str]) -> Question:
        """The question with each word the documents never use standing for the word of `texts` (the
        passages at hand) closest in meaning, when there is a clear one: "medewerkers" where they say
        *personeel*, "quarrels" → *geschillen*."""
        if self._translator is None or not texts or all(u.known for u in question.units):
            return question
        strict = [DUTCH_MIN_SIMILARITY] if question.language == "nl" else []
        units = []
        for unit in question.units:
            if not unit.known and unit.word:
                meant = self._translator.dutch_for(unit.word, list(texts), *strict)
                if meant:
                    unit = Unit(frozenset(self._analyzer.terms(meant)), unit.weight, True, unit.word)
            units.append(unit)
        return dataclasses.replace(question, units=tuple(units))

    # --- spelling out ---------------------------------------------------------------------------
    def _spell_out(self, text: str) -> str:
        """Abbreviations the documents spell out ("het AB" → "het algemeen bestuur"), and acronyms of
        a name a title writes in full ("het CBP" → "College bescherming persoonsgegevens")."""
        expanded = self._abbreviations.expand(text, self._used)

        def initials(match: re.Match) -> str:
            word = match.group(0)
            if not _ACRONYM.match(word) or self._used(word):
                return word
            return self._written_in_full(word) or word

        return re.sub(r"(?<![\w&])[A-Z][A-Z&-]{1,7}(?![\w&])", initials, expanded)

    def _written_in_full(self, acronym: str) -> str | None:
        """The words of a title whose initials spell the acronym ("CBP": College bescherming
        persoonsgegevens), if a title has them."""
        letters = acronym.replace("&", "").replace("-", "").lower()
        for title in self._titles:
            words = _WORDS.findall(title)
            for start in range(len(words)):
                if words[start][0].lower() != letters[0]:
                    continue
                span = words[start:start + len(letters)]
                if len(span) == len(letters) and all(w[0].lower() == c for w, c in zip(span, letters)):
                    return " ".join(span)
        return None

    # --- names ----------------------------------------------------------------------------------
    def _unknown(self, name: str, text: str, language: str) -> bool:
        """A name the documents never mention, that is no common word capitalised because a sentence
        starts with it ("Ik heb een vraag. Welke …") and no acronym of a name they write in full."""
        if language == "en" or self._mentioned(name) or self._mentioned(dutch_name(name)):
            return False
        if any(name.endswith(end) and len(name) - len(end) >= 4 and self._mentioned(name[: -len(end)]) for end in _ADJECTIVAL):
            return False  # "Twentse gemeenten" where the text says Twente
        if _ACRONYM.match(name) and self._written_in_full(name):
            return False
        return not (_starts_sentence(text, name) and _common_word(name))

    # --- units of meaning -----------------------------------------------------------------------
    def _units(self, expanded: str, language: str) -> list[Unit]:
        """Each index term of a Dutch question is a unit; each word of an English one is the set of
        its translations. A word the documents never use weighs like the rarest word they do use,
        except an English word the glossary could not translate: half that, since its absence may be
        the glossary's fault rather than the documents'. No word weighs more than its rarity in the
        language allows (`language_rarity`): "elkaar" is rare in a few rules by chance, not a fact to find."""
        rarest = self._vocabulary.max_idf()
        units: dict[frozenset[str], Unit] = {}
        if language == "en":
            for text, translated in english_term_groups(expanded):
                terms = frozenset(self._analyzer.terms(text))
                if terms:
                    known = any(self._vocabulary.idf(t) > 0 for t in terms)
                    weight = max(self._vocabulary.idf(t) for t in terms) or (rarest if translated else rarest / 2)
                    weight = min(weight, rarest * language_rarity(text, "en"))
                    units.setdefault(terms, Unit(terms, weight, known and translated, text))
            return list(units.values())
        for word in _WORDS.findall(expanded):
            cap = rarest * language_rarity(word, "nl")
            for term in self._analyzer.terms(word):
                terms = frozenset([term])
                idf = self._vocabulary.idf(term)
                units.setdefault(terms, Unit(terms, min(idf or rarest, cap), idf > 0, word))
        return list(units.values())


def language_rarity(word: str, language: str) -> float:
    """How rare a word is in the language, from 1 (rare: a name, a term of art) down to LANGUAGE_FLOOR
    (everyday words): in a few documents an everyday word is rare by chance, and a question's chat
    words ("komt het college bij elkaar") are not what the answer must hold."""
    from wordfreq import zipf_frequency

    zipf = zipf_frequency(fold(word), language, wordlist="small")  # every word at or above zipf 3: 7 MB, not 66
    share = (LANGUAGE_COMMON_ZIPF - zipf) / (LANGUAGE_COMMON_ZIPF - LANGUAGE_RARE_ZIPF)
    return min(1.0, max(LANGUAGE_FLOOR, share))


def _starts_sentence(text: str, word: str) -> bool:
    before = text[: max(text.find(word), 0)].rstrip()
    return not before or before[-1] in ".?!:;\"“‘('"


def _common_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    folded = fold(word)
    return max(zipf_frequency(folded, "nl", wordlist="small"), zipf_frequency(folded, "en", wordlist="small")) >= COMMON_WORD_ZIPF
