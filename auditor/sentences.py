"""Sentence boundaries, for the ``context`` of a change.

A rule-based splitter in the spirit of pysbd's "golden rules", small enough to read:
a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets) followed by
white space and a capital letter, a digit or an opening quote — unless the word before the
point is an abbreviation ("e.g.", "Dr.", "Fig.", "U.S."), an initial ("J. Smith"), or a
list number. A footnote number glued to the end ("…do.1 Since") stays with its sentence.
Clauses of an enumeration — "(a) … (b) …", "(i) … (ii) …", "1) … 2) …", when two consecutive
labels follow each other — are units of their own, as pysbd treats them: a change in clause
(ii) of a long legal sentence is shown with that clause. A blank line (a block boundary)
always ends a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import pairwise

from auditor.models import Document

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt vs etc e.g i.e cf al fig figs no nos inc ltd co corp
    dept est approx vol vols ed eds eq eqs ch chap sec secs art p pp para ref refs rev gen
    col lt sgt capt cmdr adm gov sen rep jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue wed thu fri sat sun u.s u.k u.n e.u a.m p.m ph.d b.a m.a m.sc b.sc op viz ca
    resp incl excl min max avg dist univ assn bros int'l nat'l
    """.split()
)

# A candidate end: terminal punctuation, optional closing quotes/brackets or a footnote number
# right after a word ("do.1"), then white space.
# Only from the start of a run of marks: a run not followed by space would otherwise be
# scanned again from each of its marks (time in n² on "?????…").
_END = re.compile(r"(?<![.!?…])([.!?…]+)([\"'”’»)\]]*|(?<=[^\W\d_][.!?])\d{1,3})(\s+)")
# An enumeration label opening a clause: "(a)", "(iv)", "b)", "2)".
_LABEL = re.compile(r"(?<!\S)(\()?([a-z]|[ivx]{1,5}|\d{1,2})\)")
_LIST_NUMBER = re.compile(r"(?:\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*|[ivxlc]{1,5}|[a-z])\.",
                          re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}
_OPENER = re.compile(r"[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def sentence_spans(text: str, joins: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, trimmed of surrounding space.

    A blank line ends a sentence, except at the offsets in ``joins`` (where a block break
    cuts a sentence in two, as a page break can)."""
    return [sp for a, b in _regions(text, joins) for sp in _split_block(text, a, b)]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = {m.end() for m in _END.finditer(text, start, end) if _is_boundary(text, m, end)}
    cuts.update(_enumeration_cuts(text, start, end))
    bounds = [start, *sorted(cuts), end]
    out: list[tuple[int, int]] = []
    for a, b in (_trim(text, a, b) for a, b in pairwise(bounds)):
        if b <= a:
            continue
        if out and _LIST_NUMBER.fullmatch(text, out[-1][0], out[-1][1]):
            out[-1] = (out[-1][0], b)  # "3." alone is the number of what follows
        else:
            out.append((a, b))
    return out


def _enumeration_cuts(text: str, start: int, end: int) -> list[int]:
    """Where enumerated clauses start: labels with a consecutive label of the same style."""
    labels = []
    for m in _LABEL.finditer(text, start, end):
        style = ("(" if m.group(1) else "") + ("d" if m.group(2).isdigit() else "a")
        if m.group(2).isdigit() and m.group(1):  # "(1)" is a reference, not a label
            continue
        labels.append((m.start(), style, _label_values(m.group(2))))
    cuts = []
    for n, (pos, style, values) in enumerate(labels):
        near = [lab for k, lab in enumerate(labels) if abs(k - n) == 1 and lab[1] == style]
        if any(v + d in other for v in values for _, _, other in near for d in (-1, 1)):
            cuts.append(pos)
    return cuts


def _label_values(label: str) -> set[int]:
    if label.isdigit():
        return {int(label)}
    values = {ord(label) - 96} if len(label) == 1 else set()
    if label in _ROMAN:
        values.add(1000 + _ROMAN[label])
    return values


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
    # "3.", "2.1.", "1A." or "iv." opening a block is a list or section number, not a sentence.
    return at_block_start and bool(
        re.fullmatch(r"\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*|[ivxlc]{1,5}|[a-z]", w)
    )


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
    """Sentence spans of one text, searchable by offset.

    Sentences never cross a block break (except at ``joins``), so the text is cut into
    regions at block breaks first and each region is split into sentences only when asked
    about: comparing two long documents with a few changes looks at a few regions only.
    """

    def __init__(self, text: str, joins: frozenset[int] = frozenset()) -> None:
        self.text = text
        self._regions = _regions(text, joins)
        self._region_starts = [a for a, _ in self._regions]
        self._cache: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}

    @property
    def spans(self) -> list[tuple[int, int]]:
        """All sentence spans, in order."""
        return [sp for r in range(len(self._regions)) for sp in self._region(r)[0]]

    def _region(self, r: int) -> tuple[list[tuple[int, int]], list[int]]:
        """The spans of region ``r`` and their starts (split on first use)."""
        got = self._cache.get(r)
        if got is None:
            spans = _split_block(self.text, *self._regions[r])
            got = self._cache[r] = (spans, [a for a, _ in spans])
        return got

    def _locate(self, pos: int) -> tuple[int, int] | None:
        """(region, index) of the last sentence starting at or before ``pos``."""
        r = bisect_right(self._region_starts, pos) - 1
        while r >= 0:
            k = bisect_right(self._region(r)[1], pos) - 1
            if k >= 0:
                return r, k
            r -= 1
        return None

    def _next(self, at: tuple[int, int] | None) -> tuple[int, int] | None:
        r, k = at if at is not None else (0, -1)
        while r < len(self._regions):
            if k + 1 < len(self._region(r)[0]):
                return r, k + 1
            r, k = r + 1, -1
        return None

    def _span(self, at: tuple[int, int]) -> tuple[int, int]:
        return self._region(at[0])[0][at[1]]

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence(s) overlapping ``[start, end)`` (for an empty range, the
        sentence holding ``start``)."""
        first = self._locate(start) or self._next(None)
        if first is None:
            return start, end
        nxt = self._next(first)
        if self._span(first)[1] <= start and nxt is not None and end > start:
            first = nxt
        last = first
        stop = max(end, start + 1)
        while (nxt := self._next(last)) is not None and self._span(nxt)[0] < stop:
            last = nxt
        return self._span(first)[0], self._span(last)[1]

    def context(self, start: int, end: int) -> str:
        a, b = self.covering(start, end)
        return self.text[a:b]

    def starts_at(self, pos: int) -> bool:
        """True when a sentence starts at ``pos``."""
        at = self._locate(pos)
        return at is not None and self._span(at)[0] == pos

    def ends_at(self, pos: int) -> bool:
        """True when a sentence ends at ``pos``."""
        at = self._locate(pos - 1)
        return at is not None and self._span(at)[1] == pos

    def fit(self, start: int, end: int) -> int:
        """How well ``[start, end)`` lines up with sentences: 2 for starting where a sentence
        starts, 2 for ending where one ends (used to place an insertion that could slide)."""
        return 2 * self.starts_at(start) + 2 * self.ends_at(end)

    def whole(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` (trimmed) is exactly one or more whole sentences."""
        return self.covering(start, end) == (start, end)


def _regions(text: str, joins: frozenset[int]) -> list[tuple[int, int]]:
    """The stretches between block breaks (a break at an offset in ``joins`` does not cut)."""
    out = []
    pos = 0
    for m in _BLOCK_BREAK.finditer(text):
        if m.start() not in joins:
            out.append((pos, m.start()))
            pos = m.end()
    out.append((pos, len(text)))
    return out


@lru_cache(maxsize=8)
def index_for(text: str, joins: frozenset[int] = frozenset()) -> SentenceIndex:
    """A cached :class:`SentenceIndex` (texts are compared many times per run)."""
    return SentenceIndex(text, joins)


_OPEN_KINDS = frozenset({"paragraph", "list_item", "footnote", "caption"})
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")


def document_index(doc: Document) -> SentenceIndex:
    """The sentences of a document: a paragraph that stops mid-sentence and a next one of the
    same kind that goes on in lower case (one paragraph cut by a page break) share their
    sentence."""
    joins = frozenset(
        prev.end for prev, nxt in pairwise(doc.blocks)
        if prev.kind == nxt.kind and prev.kind in _OPEN_KINDS
        and not _SENTENCE_END.search(prev.text) and nxt.text[:1].islower()
    )
    return index_for(doc.text, joins)
