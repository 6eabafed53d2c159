"""Dutch text handling for matching: words, stems, compound parts, synonyms, typos."""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import snowballstemmer

# Weights of the kinds of query term: a shared stem says more than a shared compound
# part, a synonym or a corrected typo.
EXACT_WEIGHT = 1.0
SYNONYM_WEIGHT = 0.8
PART_WEIGHT = 0.6
TYPO_WEIGHT = 0.6

SYNONYM_PREFIX = "="
MIN_PART_LENGTH = 3
MIN_LEARNED_PART_LENGTH = 4
MIN_TYPO_LENGTH = 5
MAX_WORD_LENGTH = 40

WORD = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "alles",
        "als",
        "altijd",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "doe",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ga",
        "gaan",
        "graag",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "jij",
        "jou",
        "jouw",
        "kan",
        "kun",
        "kunnen",
        "maar",
        "me",
        "meer",
        "mee",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "te",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "wie",
        "wil",
        "willen",
        "wij",
        "word",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zou",
    ]
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text with every term it stands for."""

    word: str
    stem: str
    parts: tuple[str, ...]
    synonyms: tuple[str, ...]

    def weighted_terms(self) -> Iterator[tuple[str, float]]:
        """Yield each term of the word once, with the weight of its kind."""
        yield self.stem, EXACT_WEIGHT
        for part in self.parts:
            if part != self.stem:
                yield part, PART_WEIGHT
        for synonym in self.synonyms:
            yield synonym, SYNONYM_WEIGHT


def words(text: str) -> list[str]:
    """Split text into lowercase words without accents, punctuation or stopwords."""
    lowered = text.lower()
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    return [
        word
        for word in WORD.findall(lowered)
        if len(word) > 1
        and word not in STOPWORDS
        and not word.isdigit()
        and len(word) <= MAX_WORD_LENGTH
    ]


def edits(word: str) -> set[str]:
    """Return every string one deletion away from the word (typo lookup keys)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    """Turn Dutch text into matching terms: stems, compound parts and synonyms.

    Stems come from the Snowball Dutch stemmer, applied until it stops changing the
    word so that "fiets" and "fietsen" meet. Compounds are split into parts the
    vocabulary knows ("fietsband" -> "fiets" + "band", also over the linking -s-,
    -e- and -en-); it knows the words of its synonym list and whatever it `learn`s
    from the corpus. Synonym terms carry the canonical term, prefixed with "=".
    """

    def __init__(self, synonyms: Mapping[str, Iterable[str]] | None = None) -> None:
        self._stemmer = snowballstemmer.stemmer("dutch")
        self._stems: dict[str, str] = {}
        self._tokens: dict[str, Token] = {}
        self._seed_words: set[str] = set()
        self._known_words: set[str] = set()
        self._synonyms_of_stem: dict[str, set[str]] = {}
        self._typo_keys: dict[str, set[str]] | None = None
        self.version = 0
        for canonical, alternatives in (synonyms or {}).items():
            self.add_synonyms(canonical, alternatives)

    def add_synonyms(self, canonical: str, alternatives: Iterable[str]) -> None:
        """Make every alternative (and the canonical term itself) share a synonym term."""
        canonical_words = words(canonical)
        if not canonical_words:
            return
        term = SYNONYM_PREFIX + self.stem(canonical_words[0])
        for phrase in (canonical, *alternatives):
            for word in words(phrase):
                self._synonyms_of_stem.setdefault(self.stem(word), set()).add(term)
                self._seed_words.add(word)
                self._known_words.add(word)
        self._changed()

    def learn(self, texts: Iterable[str]) -> None:
        """Learn the words of a corpus as possible compound parts."""
        before = len(self._known_words)
        for text in texts:
            self._known_words.update(
                word for word in words(text) if len(word) >= MIN_LEARNED_PART_LENGTH
            )
        if len(self._known_words) != before:
            self._changed()

    def stem(self, word: str) -> str:
        """Return the Snowball Dutch stem of a normalised word, cached."""
        stem = self._stems.get(word)
        if stem is None:
            stem = word
            for _ in range(3):
                shorter = self._stemmer.stemWord(stem)
                if shorter == stem or len(shorter) < 2:
                    break
                stem = shorter
            self._stems[word] = stem
        return stem

    def token(self, word: str) -> Token:
        """Analyse one normalised word, cached."""
        token = self._tokens.get(word)
        if token is None:
            stem = self.stem(word)
            parts = tuple(dict.fromkeys(self.stem(part) for part in self.split(word)))
            synonyms: set[str] = set()
            for key in (stem, *parts):
                synonyms.update(self._synonyms_of_stem.get(key, ()))
            token = Token(word, stem, parts, tuple(sorted(synonyms)))
            self._tokens[word] = token
        return token

    def tokens(self, text: str) -> list[Token]:
        """Analyse every word of a text."""
        return [self.token(word) for word in words(text)]

    def terms(self, text: str) -> list[str]:
        """Return every term of a text: stems, compound parts and synonym terms."""
        return [term for token in self.tokens(text) for term, _ in token.weighted_terms()]

    def split(self, word: str) -> tuple[str, ...]:
        """Split a compound into known parts; return () when it is not one."""
        return self._split(word, depth=0) or ()

    def corrections(self, word: str) -> list[str]:
        """Return known words one typo (insert, delete, swap, replace) away, sorted."""
        if len(word) < MIN_TYPO_LENGTH:
            return []
        keys = self._typo_index()
        found: set[str] = set()
        for key in (word, *edits(word)):
            found.update(keys.get(key, ()))
        found.discard(word)
        return sorted(candidate for candidate in found if _is_one_edit(word, candidate))

    def _split(self, word: str, depth: int) -> tuple[str, ...] | None:
        for cut in range(len(word) - MIN_PART_LENGTH, MIN_PART_LENGTH - 1, -1):
            head = word[:cut]
            if not self._is_part(head):
                continue
            rest = word[cut:]
            for link in ("", "s", "en", "e"):
                if not rest.startswith(link):
                    continue
                tail = rest[len(link) :]
                if len(tail) < MIN_PART_LENGTH:
                    continue
                if self._is_part(tail):
                    return (head, tail)
                if depth < 2:
                    deeper = self._split(tail, depth + 1)
                    if deeper:
                        return (head, *deeper)
        return None

    def _is_part(self, word: str) -> bool:
        if word in self._seed_words:
            return True
        return len(word) >= MIN_LEARNED_PART_LENGTH and word in self._known_words

    def _typo_index(self) -> dict[str, set[str]]:
        if self._typo_keys is None:
            keys: dict[str, set[str]] = {}
            for known in self._known_words:
                if len(known) >= MIN_TYPO_LENGTH - 1:
                    keys.setdefault(known, set()).add(known)
                    for key in edits(known):
                        keys.setdefault(key, set()).add(known)
            self._typo_keys = keys
        return self._typo_keys

    def _changed(self) -> None:
        self._tokens.clear()
        self._typo_keys = None
        self.version += 1


def _is_one_edit(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        differences = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differences) == 1:
            return True
        first, *rest = differences
        return (
            len(differences) == 2
            and rest[0] == first + 1
            and a[first] == b[first + 1]
            and a[first + 1] == b[first]
        )
    if abs(len(a) - len(b)) != 1:
        return False
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
