"""The default answerer, no LLM needed: the sentences from the best passages that answer the
question, quoted with their source and page, or an honest "I can't find that"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.question.forms.answer_forms import AnswerForm, answer_form
from knowledge.question.answer_types import can_answer, expected_type, focus_words
from knowledge.question.glossary import dutch_name, english_term_groups, translate_terms
from knowledge.models import Answer, Citation, Passage
from knowledge.question.names import names_in, unknown_names
from knowledge.retrieval.retriever import HybridRetriever
from knowledge.answering.texts import not_found, quote_intro, unknown_name
from knowledge.question.two_questions import second_question
from knowledge.meaning.word_translation import MeaningTranslator
from text.language import detect_language
from text.sentences import is_bare_marker, is_item, split_paragraph_sentences

MAX_QUOTES = 3
MAX_QUOTE_CHARS = 450
MAX_LIST_QUOTE_CHARS = 650  # an announced list ("Dit vraagt om: • ... • ...") is the answer itself
LEAD_IN_CHARS = 60  # "Dit vraagt om:" announces what follows
READ_ON_SENTENCES = 16  # how far a quote may run into the next passages
MAX_SKIPPED_SENTENCES = 10  # a list item longer than this ends the quoted list
ANALYSIS_CACHE_SIZE = 4096  # passages whose sentences and terms are kept between questions
QUOTE_TARGET_CHARS = 220
RELEVANT_SHARE = 0.15  # a following sentence that covers this much of the question continues the quote
# A Dutch question word the documents never use, matched to a passage word: stricter than for English,
# as Dutch words that merely look alike (two participles) also sit close. 0.65-0.85 measured the same.
DUTCH_MIN_SIMILARITY = 0.80
_WORDS = re.compile(r"[\w'’-]+")


@dataclass
class _Candidate:
    passage: Passage
    rank: int
    index: int  # sentence position within the passage
    sentence: str
    support: float  # share of the question's weight this sentence (with its neighbours) covers
    score: float
    quote: str = ""  # the sentence, with the next one when it is short: an answer needs its context
    window_terms: frozenset[str] = frozenset()  # index terms of the sentence, its neighbours, title and section
    has_form: bool = False  # the form the question asks for ("X bestaat uit ..." for "hoe is X samengesteld?")


class ExtractiveAnswerer:
    def __init__(self, retriever: HybridRetriever, *, k: int = 5, min_support: float = 0.32) -> None:
        self._retriever = retriever
        self._k = k
        self._min_support = min_support
        self._analysis: dict[str, tuple[list[str], list[set[str]]]] = {}
        encoder = retriever.encoder
        self._translator = MeaningTranslator(encoder) if encoder is not None else None

    def answer(self, question: str, context: list[str] | None = None, language: str | None = None) -> Answer:
        """Answer `question`; `context` holds earlier questions of the same conversation."""
        language = language or detect_language(question)
        question = self._retriever.expand(question)
        query = " ".join([*(context or [])[-2:], question])
        passages = self._retriever.retrieve(query, self._k, language)
        return self.answer_from(question, passages, language)

    def answer_from(self, question: str, passages: list[Passage], language: str | None = None) -> Answer:
        language = language or detect_language(question)
        scored = self._scored(question, language, passages)
        candidates, fitting = self._fitting(question, language, passages, scored)
        if not fitting or fitting[0].support < self._min_support:  # the titled documents hold no answer: all about it
            wider, wider_fitting = self._fitting(question, language, passages, scored, widen=True)
            if wider_fitting and wider_fitting[0].support >= self._min_support:
                candidates, fitting = wider, wider_fitting
        unknown = unknown_names(question, self._retriever.mentioned) if language == "nl" else []
        if unknown or not fitting or fitting[0].support < self._min_support:
            text = unknown_name(language, unknown[0]) if unknown else not_found(language)
            return Answer(text, [], answered=False, language=language, passages=passages, related=_related(candidates))
        chosen = _pick(fitting, self._min_support)
        second = second_question(question)
        if second:  # "... en wie benoemt ze?": the second question is answered from the same document
            same = [p for p in passages if p.source == chosen[0].passage.source]
            _, more = self._fitting(second, language, same)
            extra = next((c for c in more if c.support >= self._min_support and not _repeats(c, chosen)), None)
            if extra is not None:
                chosen = [*chosen[: MAX_QUOTES - 1], extra]
        text = _render(chosen, language)
        citations = [
            Citation(c.passage.source, c.passage.title, c.passage.page_at(c.sentence), c.quote, c.passage.section)
            for c in chosen
        ]
        return Answer(text, citations, answered=True, language=language, passages=passages)

    def _scored(self, question: str, language: str,
                passages: list[Passage]) -> tuple[AnswerForm | None, list[_Candidate]]:
        """The form of answer the question asks for, and every sentence of the passages as a candidate."""
        form = answer_form(question, self._retriever.analyzer, self._retriever.mentioned)
        return form, self._candidates(self._weights(question, language, passages), passages, form)

    def _fitting(self, question: str, language: str, passages: list[Passage],
                 scored: tuple[AnswerForm | None, list[_Candidate]] | None = None,
                 widen: bool = False) -> tuple[list[_Candidate], list[_Candidate]]:
        """The candidates (`scored`, or scored here) best first, and those that can answer; `widen`:
        from every document about the names the question uses, not only those titled so."""
        asked = translate_terms(question) if language == "en" else question
        form, candidates = scored or self._scored(question, language, passages)
        named = self._named_documents(question, passages, language, widen)
        # "het AB van Letterhoeke": the answer comes from Letterhoeke's own documents
        candidates = [c for c in candidates if named is None or c.passage.source in named]
        if form is not None:  # the sentence of the form such a question asks for comes first, if it is about it
            candidates.sort(key=lambda c: (not (c.support >= self._min_support and c.has_form), -c.score))
        kind = expected_type(question)
        # A sentence of the asked form answers by its form ("kiest uit zijn midden de voorzitter")
        # even where it names no person or body the question did not already name.
        fitting = [c for c in candidates if c.has_form or can_answer(kind, c.sentence, f"{question} {asked}")]
        if form is not None and form.required:
            fitting = [c for c in fitting if c.has_form]
        if kind not in (None, "date"):  # 'hoeveel medewerkers': the count must be of medewerkers
            # 'welke petten': a noun the documents never use, with no clear word of the same meaning, asks nothing
            focus = self._focus_terms(focus_words(question), language, passages, strict=kind != "which")
            fitting = [c for c in fitting if not focus or _holds(focus, c.window_terms)]
        return candidates, fitting

    def _named_documents(self, question: str, passages: list[Passage], language: str,
                         widen: bool = False) -> set[str] | None:
        """The sources among `passages` that are about the names the question uses. First those whose
        title holds one ("het AB van Letterhoeke": not the look-alike regulation of Nieuw Land); when
        no title does, in a Dutch question, those whose text mentions every place or organisation it
        names ("projecten in Drenthe" is not answered from a Drechtsteden report). `widen`: both
        together, for when the titled documents hold no answer ("welke gemeenten horen bij de
        Drechtsteden" is answered by a magazine that lists them). None where no name decides."""
        analyzer = self._retriever.analyzer
        names = names_in(question)
        if language == "en":  # "the Meuse treaty" names the *Maasverdrag*
            names = [dutch_name(name) for name in names]
        terms = {t for name in names for t in analyzer.terms(name)}
        in_title = {p.source for p in passages if _names_title(terms, set(analyzer.terms(p.title)))}
        if (in_title and not widen) or language != "nl":
            return in_title or None
        # Words in capitals (AB, GR) are abbreviations the documents may spell out; proper names are not.
        proper = [name_terms for name in names
                  if not name.isupper() and self._retriever.mentioned(name) and (name_terms := analyzer.terms(name))]
        if not proper:
            return in_title or None
        lexical = self._retriever.lexical
        return in_title | {source for source in {p.source for p in passages} - in_title
                           if all(lexical.mentions(source, name_terms) for name_terms in proper)}

    def _weights(self, question: str, language: str, passages: list[Passage] = ()) -> dict[frozenset[str], float]:
        """The question's units of meaning as sets of index terms, with their weight; a sentence covers
        a unit when it holds any of its terms. A Dutch term is its own unit; an English word is the
        set of its translations. A word the documents never use weighs like the rarest word they do
        use, except an English word the glossary could not translate: that weighs half, as its
        absence may be the glossary's fault rather than the documents'."""
        lexical = self._retriever.lexical
        unknown = lexical.max_idf()
        if language == "en":
            units = [self._english_unit(text, translated, passages) for text, translated in english_term_groups(question)]
        else:
            units = self._dutch_units(question, passages)
        weights: dict[frozenset[str], float] = {}
        for terms, translated in units:
            if terms:
                fallback = unknown if translated else unknown / 2
                weights[terms] = max(lexical.idf(t) or fallback for t in terms)
        return weights

    def _dutch_units(self, question: str, passages: list[Passage]) -> list[tuple[frozenset[str], bool]]:
        """Each index term of the question is a unit; a word the documents never use ("medewerkers"
        where they say *personeel*) becomes the passages' word closest in meaning, when there is a
        clear one."""
        analyzer = self._retriever.analyzer
        units: list[tuple[frozenset[str], bool]] = []
        for word in _WORDS.findall(question):
            terms = analyzer.terms(word)
            if not self._retriever.mentioned(word):
                meant = self._passage_word_for(word, passages)
                if meant:
                    units.append((frozenset(analyzer.terms(meant)), True))
                    continue
            units.extend((frozenset([t]), True) for t in terms)
        return units

    def _passage_word_for(self, word: str, passages: list[Passage]) -> str | None:
        """The passages' Dutch word closest in meaning to a Dutch word they never use, if a clear one."""
        if self._translator is None or not passages:
            return None
        return self._translator.dutch_for(word, [p.text for p in passages], DUTCH_MIN_SIMILARITY)

    def _focus_terms(self, words: list[str], language: str, passages: list[Passage], *, strict: bool = True) -> set[str]:
        """The index terms a fitting sentence must hold: what 'hoeveel <focus>' counts. A focus word the
        documents never use stands for its closest word in the passages, if there is a clear one
        ('hoeveel mensen' → *personen*); otherwise no sentence holds it ('hoeveel fte')."""
        analyzer = self._retriever.analyzer
        focus: set[str] = set()
        for word in words:
            if language == "en":  # its Dutch words; an English word nobody could translate asks for nothing
                for text, translated in english_term_groups(word):
                    terms, translated = self._english_unit(text, translated, passages)
                    focus.update(terms if translated else ())
                continue
            meant = None
            if not self._retriever.mentioned(word):
                meant = self._passage_word_for(word, passages)
                if meant is None and not strict:
                    continue
            focus.update(analyzer.terms(meant) if meant else [analyzer.stem(word)])
        return focus

    def _english_unit(self, text: str, translated: bool, passages: list[Passage]) -> tuple[frozenset[str], bool]:
        """An English word as index terms; one the glossary lacks is matched by meaning to a Dutch
        word of the passages, when the sentence encoder finds a close and clear one."""
        analyzer = self._retriever.analyzer
        terms = frozenset(analyzer.terms(text))
        # A content word (not "what"), or a name the Dutch documents spell their own way ("Meuse").
        unknown = not translated or not self._retriever.mentioned(text)
        if terms and unknown and self._translator is not None and passages:
            dutch = self._translator.dutch_for(text, [p.text for p in passages])
            if dutch:
                return frozenset(analyzer.terms(dutch)), True
        return terms, translated

    def _candidates(self, weights: dict[frozenset[str], float], passages: list[Passage],
                    form: AnswerForm | None = None) -> list[_Candidate]:
        analyzer = self._retriever.analyzer
        total = sum(weights.values())
        if not total:
            return []
        out: list[_Candidate] = []
        for rank, passage in enumerate(passages):
            sentences, term_sets, _ = self._analysed(passage)
            context_terms = set(analyzer.terms(passage.heading))
            # The document's own name in a question picks the document, not a sentence in it: every
            # sentence of "Regeling Voorbeeldregio" holds "voorbeeldregio" as far as that goes.
            title_terms = set(analyzer.terms(passage.title))
            reading: tuple[list[str], list[bool]] | None = None
            for i, sentence in enumerate(sentences):
                lead = _lead_in(sentences, i)
                if len(sentence) < 25 and lead is None:  # a short list item or table row still counts
                    continue
                has_form = form is not None and form(sentence, passage.heading)
                held = term_sets[i] | title_terms | (form.asking_terms if has_form else set())
                own = sum(w for g, w in weights.items() if g & held) / total
                window = held.union(*term_sets[max(0, i - 1):i + 2], context_terms)
                if lead is not None:  # "• Gemeente Uden: 35%" is about what its lead-in announced
                    window |= term_sets[lead]
                near = sum(w for g, w in weights.items() if g & window) / total
                support = 0.6 * own + 0.4 * near
                score = support + 0.08 * (len(passages) - rank) / max(len(passages), 1)
                quote = ""
                if support >= self._min_support:  # only these can be quoted: build the quote for them alone
                    if reading is None:
                        reading = self._reading(passage, weights, total)
                    read, relevant, starts = reading
                    more = [form.continues(t) or is_bare_marker(t) for t in read] if has_form and form.continues else None
                    quote = _quote(read, i, relevant, starts, more)
                    if lead is not None and lead < i - 1 and len(sentences[lead]) + len(quote) + 5 <= MAX_LIST_QUOTE_CHARS:
                        quote = f"{sentences[lead]} (…) {quote}"
                out.append(_Candidate(passage, rank, i, sentence, support, score, quote, frozenset(window), has_form))
        out.sort(key=lambda c: -c.score)
        return out

    def _reading(self, passage: Passage, weights: dict[frozenset[str], float],
                 total: float) -> tuple[list[str], list[bool], list[bool]]:
        """The passage's sentences and those it reads on into, each marked whether it is about
        the question and whether it starts a paragraph."""
        sentences, term_sets, starts = self._analysed(passage)
        further, further_terms, further_starts = self._read_on(passage, sentences)
        relevant = [
            sum(w for g, w in weights.items() if g & terms) / total >= RELEVANT_SHARE for terms in term_sets + further_terms
        ]
        return sentences + further, relevant, starts + further_starts

    def _analysed(self, passage: Passage) -> tuple[list[str], list[set[str]], list[bool]]:
        """A passage's sentences, their index terms and where its paragraphs start; a chunk id names
        fixed content, so they keep."""
        cached = self._analysis.get(passage.chunk_id)
        if cached is None:
            if len(self._analysis) >= ANALYSIS_CACHE_SIZE:
                self._analysis.clear()
            sentences, starts = split_paragraph_sentences(passage.text)
            cached = (sentences, [set(self._retriever.analyzer.terms(s)) for s in sentences], starts)
            self._analysis[passage.chunk_id] = cached
        return cached

    def _read_on(self, passage: Passage, sentences: list[str]) -> tuple[list[str], list[set[str]], list[bool]]:
        """The sentences after this passage (with their terms and paragraph starts), from the next
        passages of the document, without the overlap they share: a list announced at the end of a
        passage goes on there. Where one passage ends, a paragraph may too: the next one starts one."""
        seen = set(sentences)
        further: list[str] = []
        further_terms: list[set[str]] = []
        further_starts: list[bool] = []
        current = self._retriever.following(passage)
        while current is not None and len(further) < READ_ON_SENTENCES:
            first = True
            for sentence, terms, start in zip(*self._analysed(current)):
                if sentence not in seen:
                    seen.add(sentence)
                    further.append(sentence)
                    further_terms.append(terms)
                    further_starts.append(start or first)
                    first = False
            current = self._retriever.following(current)
        return further[:READ_ON_SENTENCES], further_terms[:READ_ON_SENTENCES], further_starts[:READ_ON_SENTENCES]


def _names_title(names: set[str], title: set[str]) -> bool:
    """Whether a title holds one of the names, also at the start of a compound ("maas" in *Maasverdrag*)."""
    return bool(names & title) or any(len(n) >= 4 and t.startswith(n) for n in names for t in title)


def _holds(focus: set[str], terms: set[str]) -> bool:
    """Whether a sentence's terms hold the focus: the term itself, or a compound built on it
    ('rechtspositie' in *rechtspositieregeling*, 'regeling' in *rechtspositieregeling*)."""
    return bool(focus & terms) or any(len(f) >= 5 and (t.startswith(f) or t.endswith(f)) for f in focus for t in terms if t != f)


def _lead_in(sentences: list[str], i: int) -> int | None:
    """For an item of an announced list or a table row ("• ..."), the sentence that announced it
    (ending in a colon, itself perhaps an item of an outer list), if the list starts right after it."""
    if not is_item(sentences[i]):
        return None
    j = i - 1
    while j >= 0 and is_item(sentences[j]) and not sentences[j].rstrip().endswith(":"):
        j -= 1  # an item that ends in a colon announces a list of its own ("• ... verdeelsleutel: • A: 30%")
    return j if j >= 0 and sentences[j].rstrip().endswith(":") else None


def _pick(candidates: list[_Candidate], min_support: float) -> list[_Candidate]:
    """The best sentence, plus up to two more that also answer well, in reading order per passage."""
    best = candidates[0]
    chosen = [best]
    for candidate in candidates[1:]:
        if len(chosen) == MAX_QUOTES:
            break
        if candidate.support < max(min_support, 0.75 * best.support):
            continue
        if best.has_form and (candidate.passage.source != best.passage.source or not candidate.has_form):
            continue  # an answer of the asked form is about one regulation, and in that form: more would mix them
        if any(c.passage.chunk_id == candidate.passage.chunk_id and abs(c.index - candidate.index) == 0 for c in chosen):
            continue
        if any(_overlaps(c.quote, candidate.sentence) or _overlaps(candidate.quote, c.sentence) for c in chosen):
            continue  # the same sentence again, from an overlapping chunk
        chosen.append(candidate)
    return chosen


def _quote(sentences: list[str], i: int, relevant: list[bool], starts: list[bool] | None = None,
           more: list[bool] | None = None) -> str:
    """The sentence, continued while it is short, announces more (a colon, also in a lead-in such
    as "Dit vraagt om:" right after it), or the next sentence is about the question too: the fact
    asked for is often one sentence further on. An announced list is quoted item by item; where an
    item runs on for several sentences, its first one stands for it and "(…)" marks the cut. A
    paragraph (an article's numbered member, a bullet) that fits is quoted to its end: its last
    sentences often hold the condition or exception the question turns on. A sentence of the asked
    form goes on through the sentences right after it that say more of the same (`more`): "het
    algemeen bestuur bestaat uit zeven leden" is answered in full by who appoints them."""
    quote = _shorten(sentences[i])
    starts = starts or [True] * len(sentences)
    end = next((j for j in range(i + 1, len(sentences)) if starts[j]), len(sentences))
    whole = end > i + 1 and quote == sentences[i] and len(" ".join(sentences[i:end])) <= MAX_LIST_QUOTE_CHARS
    if i > 0 and _leans_back(sentences[i]) and len(sentences[i - 1]) + 1 + len(quote) <= MAX_QUOTE_CHARS:
        quote = f"{sentences[i - 1]} {quote}"  # "En daarop aanvullend ..." needs what it adds to
    limit = MAX_QUOTE_CHARS
    listing = False
    skipped = 0
    for j in range(i + 1, len(sentences)):
        following = sentences[j]
        if whole and j < end:
            quote = f"{quote} {following}"
            continue
        extra = more is not None and more[j]
        if not extra:
            more = None  # only the sentences right after it
        announced = quote.rstrip().endswith(":")
        item = is_item(following) and (listing or announced)
        if item and not listing:
            listing, limit = True, MAX_LIST_QUOTE_CHARS
        if listing and not item and not announced:
            skipped += 1  # the rest of a list item; the list goes on at its next item
            if skipped > MAX_SKIPPED_SENTENCES or following.rstrip().endswith(":"):
                break  # too far, or a new lead-in: whatever list follows is another one
            continue
        joint = " (…) " if skipped else " "
        cap = MAX_LIST_QUOTE_CHARS if extra else limit
        if len(quote) + len(joint) + len(following) > cap or (j > i + 2 and not (listing or extra)):
            break
        lead_in = following.rstrip().endswith(":") and len(following) <= LEAD_IN_CHARS
        if len(quote) >= QUOTE_TARGET_CHARS and not (announced or item or lead_in or relevant[j] or extra):
            break
        quote = f"{quote}{joint}{following}"
        skipped = 0
    last = quote.rsplit(" ", 1)
    return last[0] if len(last) == 2 and is_bare_marker(last[1]) else quote  # no number of an item left out


# Openings that refer back to the sentence before: quoted alone, they leave the reader guessing.
_BACK_REFERENCES = frozenset(
    "en maar ook daarnaast daarbij daarom daardoor hierdoor hierbij hiermee daarmee dit deze dat die zo dus "
    "bovendien echter tegelijkertijd verder vervolgens evenmin also however this these that it so".split()
)


# Words inside a sentence that point at the one before ("volgen in deze provinciale staten", "worden
# eveneens uitgenodigd", "het voorgaande"): quoted alone, the sentence says less than it means.
_BACK_REFERENCE_INSIDE = re.compile(r"\b(?:in\s+dezen?|hierin|daarin|hiervan|daarvan|eveneens|evenmin|evenzo|het\s+voorgaande)\b")


def _leans_back(sentence: str) -> bool:
    first = sentence.lstrip("•-–‘'\"“ ").split(" ", 1)[0].strip(",:;").lower()
    return first in _BACK_REFERENCES or bool(_BACK_REFERENCE_INSIDE.search(sentence.lower()))


def _repeats(candidate: _Candidate, chosen: list[_Candidate]) -> bool:
    """The candidate's sentence is already quoted (the same place, or inside another quote)."""
    return any(_overlaps(c.quote, candidate.sentence) or _overlaps(candidate.quote, c.sentence) for c in chosen)


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a


def _shorten(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_QUOTE_CHARS else sentence[: MAX_QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"


RELATED_PLACES = 3  # "Misschien helpt dit": this many places, each its best sentence
RELATED_MIN_SUPPORT = 0.15  # a sentence that covers less of the question does not even point the way


def _related(candidates: list[_Candidate]) -> list[Citation]:
    """The best sentence of each of the closest passages (one per document place), for a person to
    read on when there is no answer."""
    out: list[Citation] = []
    seen: set[tuple[str, int]] = set()
    for c in sorted(candidates, key=lambda c: -c.support):
        key = (c.passage.source, c.passage.ordinal)
        if c.support < RELATED_MIN_SUPPORT or key in seen:
            continue
        seen.add(key)
        out.append(Citation(c.passage.source, c.passage.title, c.passage.page_at(c.sentence), c.sentence, c.passage.section))
        if len(out) == RELATED_PLACES:
            break
    return out


def _render(chosen: list[_Candidate], language: str) -> str:
    lines = []
    for number, candidate in enumerate(chosen, start=1):
        p = candidate.passage
        lines.append(f"{quote_intro(language, p.title, p.page_at(candidate.sentence))}: “{candidate.quote}” [{number}]")
    return "\n".join(lines)
