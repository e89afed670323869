"""Sentence boundaries, for the ``context`` of a change.

A rule-based splitter in the spirit of pysbd's "golden rules", small enough to read:
a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets) followed by
white space and a capital letter, a digit or an opening quote — unless the word before the
point is an abbreviation ("e.g.", "Dr.", "Fig.", "U.S."), an initial ("J. Smith"), or a
list number. A blank line (a block boundary) always ends a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt vs etc e.g i.e cf al fig figs no nos inc ltd co corp llc
    dept est approx vol vols ed eds eq eqs ch chap sec secs art p pp para ref refs rev gen
    col lt sgt capt cmdr adm gov sen rep jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue wed thu fri sat sun u.s u.k u.n e.u a.m p.m ph.d b.a m.a m.sc b.sc op viz ca
    resp incl excl min max avg dist univ assn bros int'l nat'l
    """.split()
)

# A candidate end: terminal punctuation, optional closing quotes/brackets, then white space.
_END = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)")
_OPENER = re.compile(r"[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BLOCK_BREAK.finditer(text):
        spans.extend(_split_block(text, pos, m.start()))
        pos = m.end()
    spans.extend(_split_block(text, pos, len(text)))
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur = start
    for m in _END.finditer(text, start, end):
        cut = m.start(3)
        if _is_boundary(text, m, end):
            out.append((cur, cut))
            cur = m.end()
    out.append((cur, end))
    return [s for s in (_trim(text, a, b) for a, b in out) if s[1] > s[0]]


def _is_boundary(text: str, m: re.Match[str], end: int) -> bool:
    nxt = m.end()
    if nxt >= end or not _OPENER.match(text, nxt, end):
        return False
    punct = m.group(1)
    if punct != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
    if before is None:
        return True
    word = before.group(1)
    return not _is_abbreviation(word, at_block_start=_at_block_start(text, before.start()))


def _is_abbreviation(word: str, at_block_start: bool) -> bool:
    w = word.lower().strip("'’(")
    if w in _ABBREVIATIONS:
        return True
    if len(w) == 1 and w.isalpha():  # an initial: "J. Smith"
        return True
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):  # "e.g", "u.s.a"
        return True
    # "3." or "iv." opening a block is a list number, not a sentence.
    return at_block_start and bool(re.fullmatch(r"\d{1,3}|[ivxlc]{1,5}|[a-z]", w))


def _at_block_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


class SentenceIndex:
    """Sentence spans of one text, searchable by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [a for a, _ in self.spans]

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence(s) overlapping ``[start, end)`` (for an empty range, the
        sentence holding ``start``)."""
        if not self.spans:
            return start, end
        first = max(0, bisect_right(self._starts, start) - 1)
        if self.spans[first][1] <= start and first + 1 < len(self.spans) and end > start:
            first += 1
        last = first
        stop = max(end, start + 1)
        while last + 1 < len(self.spans) and self.spans[last + 1][0] < stop:
            last += 1
        return self.spans[first][0], self.spans[last][1]

    def context(self, start: int, end: int) -> str:
        a, b = self.covering(start, end)
        return self.text[a:b]


@lru_cache(maxsize=8)
def index_for(text: str) -> SentenceIndex:
    """A cached :class:`SentenceIndex` (texts are compared many times per run)."""
    return SentenceIndex(text)
