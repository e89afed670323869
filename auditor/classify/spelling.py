"""Spelling: British/American variants and typo fixes, decided word by word.

A typo fix is a small edit (one or two letters added, dropped, swapped or changed) between a
word that is *not* in the English dictionary and one that is: "recieved" → "received". Two
real words one letter apart ("affect" → "effect", "form" → "from") are not a typo fix — the
meaning may have changed, so that edit stays material.

A spelling variant is a pair that a British → American pattern derives ("colour" → "color",
"organise" → "organize", "centre" → "center", "modelling" → "modeling", "paediatric" →
"pediatric") where the British form is not itself an American word (so "four" is never a
variant of "for"), or a pair from :data:`lexicon.SPELLING_PAIRS`.

The dictionary is pyspellchecker's English word-frequency list (American spelling), loaded
once on first use.
"""

from __future__ import annotations

import gzip
import pkgutil
import re
from bisect import bisect_left
from collections.abc import Container
from functools import lru_cache

from auditor.classify.lexicon import SPELLING_PAIRS

_BRITISH_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in [
        (r"our(?=(s|ed|ing|ful|fully|ite|ites|able|ably|less|er|ers|ism)?$)", "or"),
        (r"(?<=\w\w)is(?=(e|es|ed|ing|ation|ations|er|ers|able)$)", "iz"),
        (r"(?<=\w)ys(?=(e|es|ed|ing|er|ers)$)", "yz"),
        (r"(?<=\w\w[^aeiou])re(?=(s|d)?$)", "er"),
        (r"ogue(?=s?$)", "og"),
        (r"ae", "e"),
        (r"oe", "e"),
        (r"ence(?=s?$)", "ense"),
    ]
)
# "modelling" / "modeling": a doubled l after -el or -al before a suffix.
_DOUBLE_L = re.compile(r"^(\w{3,}[ae])ll(ed|ing|er|ers|or|ors|ation)$")
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")


@lru_cache(maxsize=1)
def _dictionary() -> Container[str]:
    """pyspellchecker's English words: the lower-cased keys of its word-frequency list."""
    words = _sorted_word_list()
    if words is not None:
        return words
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en").word_frequency.dictionary)


class SortedWords:
    """The keys of a word list whose lines ``"word": count,`` are sorted: a word is looked
    up by bisection among the lines, so that no set of 160,000 strings is built for the
    few hundred words a comparison asks about."""

    def __init__(self, lines: list[bytes]) -> None:
        self._lines = lines

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or '"' in word or "\\" in word:
            return False
        try:
            probe = b'"' + word.encode("utf-8") + b'": '
        except UnicodeEncodeError:
            return False
        # A line that starts with the probe sorts first among the lines not below it.
        i = bisect_left(self._lines, probe)
        return i < len(self._lines) and self._lines[i].startswith(probe) \
            and _ENTRY.fullmatch(self._lines[i]) is not None

    def keys(self) -> frozenset[str]:
        """All the words (slow: for tests)."""
        return frozenset(line[1:line.index(b'": ')].decode("utf-8") for line in self._lines)


# One entry of the word list as pyspellchecker ships it: a line `"word": count,`.
_ENTRY = re.compile(rb'"[^"\\]*": [0-9]+,?')
_ASCII = bytes(range(128))


def _sorted_word_list() -> SortedWords | None:
    """The English word list read straight from pyspellchecker's data file, when it is the
    plain JSON object it ships (one entry a line, in sorted order, no escapes, lower case):
    a third of the time of reading its keys into a set, a sixth of building a SpellChecker
    (~0.1 s of a compare). None for any other form."""
    try:
        data = pkgutil.get_data("spellchecker", "resources/en.json.gz")
        raw = gzip.decompress(data or b"").strip()
        raw.decode("utf-8")
    except (OSError, ImportError, ValueError, EOFError):
        return None
    if not (raw.startswith(b"{\n") and raw.endswith(b"\n}")):
        return None
    lines = raw[2:-2].split(b"\n")
    # Sorted, with the first and the last line starting with a quote: every line does. Two
    # quotes a line, no escapes; each line looked up is matched whole (SortedWords).
    if not (lines[0][:1] == lines[-1][:1] == b'"' and raw.count(b'"') == 2 * len(lines)
            and b"\\" not in raw and _lower_case(raw) and lines == sorted(lines)):
        return None
    return SortedWords(lines)


def _lower_case(raw: bytes) -> bool:
    """``str.islower`` of the UTF-8 text ``raw``, told from its ASCII letters and the few
    other characters it holds (most of a word list is ASCII)."""
    return raw.islower() and (raw.translate(None, _ASCII).decode("utf-8") + "a").islower()


def load_dictionary() -> None:
    """Load the dictionary now rather than on first use."""
    _dictionary()


def is_known(word: str) -> bool:
    """Whether ``word`` is an English (American) dictionary word."""
    w = word.lower().replace("’", "'")
    return w in _dictionary() or all(p in _dictionary() for p in w.split("-") if p)


def american(word: str) -> set[str]:
    """American spellings a British ``word`` may stand for (empty when none applies)."""
    w = word.lower()
    found: set[str] = set()
    if w in SPELLING_PAIRS:
        found.add(SPELLING_PAIRS[w])
    for suffix in ("s", "d", "ed", "ing"):  # "licenced" → "licensed"
        stem = w[: -len(suffix)]
        if w.endswith(suffix) and stem in SPELLING_PAIRS:
            found.add(SPELLING_PAIRS[stem] + suffix)
    m = _DOUBLE_L.match(w)
    if m:
        found.add(f"{m.group(1)}l{m.group(2)}")
    if not is_known(w):
        for pattern, repl in _BRITISH_PATTERNS:
            candidate = pattern.sub(repl, w)
            if candidate != w:
                found.add(candidate)
    return found


def are_spelling_variants(x: str, y: str) -> bool:
    """Whether ``x`` and ``y`` are British/American spellings of one word."""
    a, b = x.lower(), y.lower()
    if a == b:
        return False
    return b in american(a) or a in american(b)


def is_typo_fix(x: str, y: str) -> bool:
    """Whether ``x`` → ``y`` (either direction) fixes or makes a typo, not a word change."""
    a, b = x.lower(), y.lower()
    if a == b or not (_WORD.fullmatch(a) and _WORD.fullmatch(b)):
        return False
    if min(len(a), len(b)) < 3:
        return False
    known_a, known_b = is_known(a), is_known(b)
    if known_a == known_b:
        return False  # two real words (or two unknown ones): the meaning may differ
    limit = 1 if max(len(a), len(b)) <= 6 else 2
    return edit_distance(a, b) <= limit


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    transpositions each cost one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
