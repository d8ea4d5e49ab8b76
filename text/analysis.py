"""Dutch-aware text analysis for the lexical index: folding, stop words, stemming and
splitting of compounds (samenwerkingsovereenkomst -> samenwerking + overeenkomst).

Questions also come in English, so English stop words are dropped too; names and loan words
("Economic Board") match as they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import Stemmer

from infra.startup_cache import cached

# Bumped whenever terms() gives other output: terms stored by an older analysis are then redone.
ANALYSIS_VERSION = "4"

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*")
# "reis- en verblijfkosten", "surveillance-, detectie- en responsesystemen": first parts that end in a
# hyphen, joined by a comma, en or of, before the one word that carries the shared last part
_ELLIPSIS = re.compile(r"(?P<firsts>(?:\b[^\W\d_]{2,}-\s*(?:,|\ben/of\b|\ben\b|\bof\b)?\s*)+)"
                       r"(?<=[\s,])(?:en/of|en|of)\s+(?P<whole>[^\W\d_]{6,})\b")
_FRAGMENT = re.compile(r"\b([^\W\d_]{2,})-")

DUTCH_STOPWORDS = frozenset(
    """
    aan al alle alleen als altijd andere ben bij daar daarom dan dat de der deze die dit doch doen
    door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand
    iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of
    om omdat ons onze ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was
    wat we wel werd wezen wie wij wil worden wordt zal ze zei zelf zich zij zijn zo zonder zou
    welk welke waarom wanneer waar hoeveel hoe zit zitten gaat gaan doet word kun mag mogen moeten
    nou eigenlijk precies dan daarmee ermee hiermee mee dus even graag volgens kort gezegd bedoelen
    bedoeld bedoelt ze hen hun jullie jij jou jouw onze ons u uw iets wat welke betekent betekenen
    betekenis houdt verstaan verstaat precies eigenlijk ongeveer zeggen zegt gezegd vertel uitleggen
    """.split()
)

ENGLISH_STOPWORDS = frozenset(
    """
    a an and are as at be by do does did for from has have how i in is it its of on or that the their
    there these they this to was were what when where which who whom why will with would you your
    about into than then them can could should shall may might must our we us my me he she his her
    what's who's s t going like mean means meant tell explain
    """.split()
)

STOPWORDS = DUTCH_STOPWORDS | ENGLISH_STOPWORDS

# Endings that are suffixes, not words, so "bestuur|lijke" is never taken for a compound.
_NOT_A_PART = frozenset(
    "lijk lijke lijker lijkheid heid heden isch ische baar bare loos loze achtig achtige ing ingen "
    "schap schappen tje tjes atie aties erij erijen ster sters tie ties eren ende enden ten tend "
    "eert erde erden".split()
)
_LINKS = ("s", "e", "en", "")
_DERIVATIONS = ("lijkheid", "heid", "lijke", "lijk")  # longest first  # samenwerking-s-overeenkomst, pann-en-koek


def fold(text: str) -> str:
    """Lower case without diacritics, so 'creëren' and 'creeren' meet."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Words and numbers; a hyphenated word gives the joined form and its parts (ONS-D -> onsd, ons, d)."""
    out: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        if "-" in token:
            parts = token.split("-")
            out.append("".join(parts))
            out.extend(parts)
        else:
            out.append(token)
    return out


def _tokens_with_case(text: str) -> list[tuple[str, bool, bool]]:
    """Tokens with whether they were capitalised, and whether written in capitals as a whole."""
    out: list[tuple[str, bool, bool]] = []
    for raw in _TOKEN.findall(text):
        capitalised = raw[:1].isupper()
        capitals = len(raw) > 1 and raw.isupper()
        for token in tokens(raw):
            out.append((token, capitalised, capitals))
    return out


class DutchAnalyzer:
    """Turns text into index terms: stems of content words plus stems of compound parts."""

    def __init__(self, lexicon: dict[str, float] | None = None, min_part_zipf: float = 2.6,
                 cache_dir: Path | None = None) -> None:
        self._stemmer = Stemmer.Stemmer("dutch")
        self._given_lexicon = lexicon
        self._cache_dir = cache_dir
        self._min_part_zipf = min_part_zipf
        self._split = functools.lru_cache(maxsize=200_000)(self._split_uncached)
        self._stem = functools.lru_cache(maxsize=200_000)(self._stemmer.stemWord)

    @functools.cached_property
    def _lexicon(self) -> dict[str, float]:
        """Loaded on first use (about a second): a re-ingest that changes nothing never needs it."""
        if self._given_lexicon is not None:
            return self._given_lexicon
        if self._cache_dir is None:
            return load_dutch_lexicon()
        return cached(self._cache_dir / f"lexicon-nl-wordfreq-{_wordfreq_version()}.pickle", load_dutch_lexicon)

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for token, capitalised, capitals in _tokens_with_case(text):
            # In capitals an English function word is an abbreviation of a Dutch text: WHO, OR, IT.
            stopword = token in DUTCH_STOPWORDS or (token in ENGLISH_STOPWORDS and not capitals)
            if stopword or (len(token) < 2 and not token.isdigit()):
                continue
            out.extend(self._word_terms(token, capitalised))
        for word in self._elliptical(text):
            out.extend(self._word_terms(word, False))
        return out

    def _word_terms(self, token: str, capitalised: bool) -> list[str]:
        out = [self._stem(token)]
        parts = self._split(token)
        if capitalised and parts and (len(parts[0]) < 6 or len(parts[-1]) < 5):
            parts = ()  # names such as Berenschot are no compounds of beren + schot
        out.extend(self._stem(part) for part in parts)
        base = self._derived_from(token)
        if base:  # "rechtspersoonlijkheid" is about a "rechtspersoon"
            out.append(self._stem(base))
        return out

    def _elliptical(self, text: str) -> list[str]:
        """The compounds Dutch writes once for several first parts: "reis- en verblijfkosten" holds
        *reiskosten* as well, "investerings- en exploitatiebegroting" *investeringsbegroting* (only
        where the last word splits into parts, so its last part is known)."""
        out = []
        for match in _ELLIPSIS.finditer(fold(text)):
            parts = self._split(match.group("whole"))
            if parts:
                out.extend(f"{first}{parts[-1]}" for first in _FRAGMENT.findall(match.group("firsts")))
        return out

    def _derived_from(self, word: str) -> str | None:
        """The noun or adjective a -heid / -lijkheid / -lijk word is derived from, when it is a word."""
        for suffix in _DERIVATIONS:
            base = word[: -len(suffix)]
            if word.endswith(suffix) and len(base) >= 4 and base not in STOPWORDS and self._lexicon.get(base, 0.0) >= 3.0:
                return base
        return None

    def content_words(self, text: str) -> list[str]:
        """Folded content words (no stemming): what a question is really about."""
        return [t for t in tokens(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]

    def stem(self, word: str) -> str:
        return self._stem(fold(word))

    def _is_part(self, word: str) -> bool:
        if len(word) < 3 or word in _NOT_A_PART or word in STOPWORDS:
            return False
        zipf = self._lexicon.get(word, 0.0)
        return zipf >= (4.0 if len(word) == 3 else self._min_part_zipf)

    def _split_uncached(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, or () when the word is not one."""
        if len(word) < 8 or not word.isalpha():
            return ()
        whole = self._lexicon.get(word, 0.0)
        best: tuple[float, tuple[str, ...]] = (0.0, ())
        for i in range(4, len(word) - 2):
            head, rest = word[:i], word[i:]
            if not self._is_part(head):
                continue
            for link in _LINKS:
                if not rest.startswith(link):
                    continue
                tail = rest[len(link):]
                if self._is_part(tail):
                    parts = (head, tail)
                else:
                    sub = self._split(tail)
                    if not sub:
                        continue
                    parts = (head, *sub)
                weakest = min(self._lexicon.get(p, 0.0) for p in parts)
                if whole >= weakest:
                    continue  # a common word in its own right (controleren), not a compound
                score = weakest + len(head) / 100
                if score > best[0]:
                    best = (score, parts)
        return best[1]

    def split_compound(self, word: str) -> tuple[str, ...]:
        return self._split(fold(word))


def _wordfreq_version() -> str:
    from importlib.metadata import version

    return version("wordfreq")


@functools.lru_cache(maxsize=1)
def load_dutch_lexicon() -> dict[str, float]:
    """Dutch word frequencies (Zipf scale) from the wordfreq package; its data ships with it."""
    import math

    import wordfreq

    lexicon: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict("nl", wordlist="large").items():
        if word.isalpha():
            key = fold(word)
            lexicon[key] = max(lexicon.get(key, 0.0), math.log10(frequency) + 9)
    return lexicon
