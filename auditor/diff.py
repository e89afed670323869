"""Word-token diff inside aligned blocks (the only importer of ``diff_match_patch``).

    block texts ──tokenize──▶ tokens ──encode (one char per token)──▶ diff_main ──▶
    cleanupSemantic ──▶ edits ──slide to sentence boundaries──▶ drop noise ──▶ Edit spans

Tokens are words (with inner apostrophes), numbers (``3.5``, ``1,000``), redaction markers
(``[REDACTED]``, ``█████``, ``[…]``, ``[removed at the request of …]``, ``<redacted>``, kept
whole) and single punctuation marks. White space is not a token, so line breaks, reflow and
spacing never show up as changes; quotes, dashes, punctuation and case do.

diff-match-patch runs with ``Diff_Timeout = 0`` (a timeout would make results depend on the
machine, and its fallback is "delete everything, insert everything"). Instead, our own budget
caps the tokens one call may diff; a larger pair is first cut at sentences that occur unchanged
on both sides, and only a stretch still over the budget is reported coarsely, with a warning.
"""

from __future__ import annotations

import difflib
import operator
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import overload

from diff_match_patch import diff_match_patch

from auditor.normalize import clean_chars
from auditor.sentences import SentenceIndex, index_for

_intern = sys.intern

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe"
_MARKER = (
    r"\[\s*(?:redacted|removed|withheld|omitted)\b[^\]\n]{0,200}\]"
    r"|<\s*redacted\s*>"
    r"|\[\s*(?:…|\.\.\.)\s*\]"
    r"|[█▇■▮]+(?:[ \u00a0]*[█▇■▮]+)*"
)
# A run of letters, digits and invisible characters, written as runs of each (much faster for
# the regex engine than one alternation per character; it matches the same).
_WORD = rf"(?:[^\W_]+|[{_INVISIBLE}]+)+"
TOKEN = re.compile(
    rf"(?P<marker>{_MARKER})"
    r"|\d+(?:[.,:/]\d+)+"
    rf"|{_WORD}(?:['’]{_WORD})*"
    r"|\S",
    re.IGNORECASE,
)
MARKER = re.compile(rf"^(?:{_MARKER})$", re.IGNORECASE)
_ANY_MARKER = re.compile(_MARKER, re.IGNORECASE)
# A line-end hyphen joined with a space ("hyphen- ation"): typesetting, not spelling.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])[-\u2010\u00ad]\s+(?=[^\W\d_])")

#: Most tokens (both sides together) one diff-match-patch call may handle. Its worst case
#: grows with the square of this; 4,000 tokens cost well under a second.
MAX_DIFF_TOKENS = 4000


@dataclass(frozen=True)
class Token:
    """A token of a document's text: ``key`` is what is compared, ``start``/``end`` where it is."""

    key: str
    start: int
    end: int


class Tokens:
    """A run of tokens, stored compactly (a 5 MB text has a million tokens): the keys
    (interned strings) and the offsets in arrays. Indexing gives a :class:`Token`."""

    __slots__ = ("ends", "keys", "starts")

    def __init__(self, keys: list[str], starts: array[int], ends: array[int]) -> None:
        self.keys, self.starts, self.ends = keys, starts, ends

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: int) -> Token:
        return Token(self.keys[i], self.starts[i], self.ends[i])

    def __iter__(self) -> Iterator[Token]:
        return map(Token, self.keys, self.starts, self.ends)

    def slice(self, i: int, j: int) -> Tokens:
        return Tokens(self.keys[i:j], self.starts[i:j], self.ends[i:j])

    @classmethod
    def concat(cls, parts: Iterable[Tokens]) -> Tokens:
        out = cls([], array("q"), array("q"))
        for p in parts:
            out.keys.extend(p.keys)
            out.starts.extend(p.starts)
            out.ends.extend(p.ends)
        return out


@dataclass(frozen=True)
class Edit:
    """One difference as character spans: ``[a_start, a_end)`` in the before text, ``[b_start,
    b_end)`` in the after text. An empty span is an anchor: where the other side's text was
    inserted (empty before) or removed (empty after)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    The per-token work runs in C (``map`` over the match objects): a long document has a
    hundred thousand tokens, and a Python loop over them was most of the cost of a compare.
    Matches are taken a batch at a time, so that a 5 MB block never holds a million match
    objects at once.
    """
    stop = len(text) if end is None else end
    out = Tokens([], array("q"), array("q"))
    ascii_text = text[start:stop].isascii()
    matches = TOKEN.finditer(text, start, stop)
    while found := list(islice(matches, _BATCH)):
        words = list(map(_GROUP, found))
        if any(map(_LASTGROUP, found)):  # a redaction marker: keyed on its own terms
            keys = [_key(m.group(), m.lastgroup == "marker") for m in found]
        elif ascii_text:
            keys = words
        else:
            keys = [w if w.isascii() else _key(w, False) for w in words]
        out.keys.extend(map(_intern, keys))
        out.starts.extend(map(_START, found))
        out.ends.extend(map(_END, found))
    return out


_BATCH = 4096
_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end
_LASTGROUP = operator.attrgetter("lastgroup")


def same_tokens(texts_a: Sequence[str], texts_b: Sequence[str]) -> bool:
    """True when the two runs of texts, read in order, surely tokenize alike: the same
    words between the white space, and no redaction marker anywhere (the only token that
    can hold white space, or cross from one text into the next). Tokens never hold white
    space otherwise, so they follow from the words alone. False means: tokenize to know.
    """
    words = " ".join(" ".join(texts_a).split())
    return words == " ".join(" ".join(texts_b).split()) and not _ANY_MARKER.search(words)


def block_key(text: str) -> str:
    """A cheap key for exact matching of blocks: equal keys mean equal tokens (the text with
    ligatures expanded, invisible characters dropped and white space collapsed)."""
    key = clean_chars(text)
    if key.isprintable() and "  " not in key and key[:1] != " " and key[-1:] != " ":
        return key  # single spaces only (other white space is not printable): as collapsed
    return " ".join(key.split())


class BlockTokens(Sequence[Tokens]):
    """The tokens of each block of a text, made the first time a block is asked for (most
    blocks of a long document match exactly and are never tokenized)."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        self._text, self._spans = text, spans
        self._cache: dict[int, Tokens] = {}

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, i: int) -> Tokens: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Tokens]: ...

    def __getitem__(self, i: int | slice) -> Tokens | Sequence[Tokens]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        got = self._cache.get(i)
        if got is None:
            got = self._cache[i] = tokenize(self._text, *self._spans[i])
        return got


def _key(token: str, marker: bool) -> str:
    if marker:  # a black bar's length is layout; other markers compare as written
        return "\u2588" if token[0] in "█▇■▮" else " ".join(token.split())
    if token.isascii():
        return token
    return clean_chars(token)  # which drops the invisible characters a word may hold


def is_marker(text: str) -> bool:
    """True when ``text`` is one redaction marker."""
    return bool(MARKER.match(text.strip()))


class Differ:
    """Diffs token sequences of two texts; records every stretch too long to diff word by
    word (``budget_hits``: before offset, after offset, token counts; -1 for no offset)."""

    def __init__(self, a_text: str, b_text: str, max_tokens: int = MAX_DIFF_TOKENS,
                 a_index: SentenceIndex | None = None,
                 b_index: SentenceIndex | None = None) -> None:
        self.a_text, self.b_text = a_text, b_text
        self.a_index = a_index or index_for(a_text)
        self.b_index = b_index or index_for(b_text)
        self.max_tokens = max_tokens
        self.budget_hits: list[tuple[int, int, int, int]] = []
        self._dmp = diff_match_patch()
        self._dmp.Diff_Timeout = 0

    def diff(self, a: Tokens, b: Tokens) -> tuple[list[Edit], Mapper]:
        """The edits turning tokens ``a`` into tokens ``b`` (noise removed), and the map
        between positions of the two that the diff implies."""
        ops = self._token_ops(a, b)
        ops = slide_to_sentences(ops, a, b, self.a_index, self.b_index)
        edits = [_edit_of(a, b, op) for op in ops]
        return [e for e in edits if not self.is_noise(e)], Mapper(a, b, ops)

    def is_noise(self, e: Edit) -> bool:
        """A difference typesetting made: the texts agree once line-end hyphens are joined."""
        old, new = self.a_text[e.a_start:e.a_end], self.b_text[e.b_start:e.b_end]
        return _dehyphenate(old) == _dehyphenate(new)

    # -- token operations -------------------------------------------------------------------

    def _token_ops(self, a: Tokens, b: Tokens) -> list[Op]:
        """Changed token ranges as ``(i1, i2, j1, j2)``, cut into budget-sized pieces."""
        pre = _common_prefix(a, b)
        suf = _common_suffix(a.slice(pre, len(a)), b.slice(pre, len(b)))
        i_end, j_end = len(a) - suf, len(b) - suf
        if pre == i_end and pre == j_end:
            return []
        if (i_end - pre) + (j_end - pre) <= self.max_tokens:
            ops = self._dmp_ops(a.slice(pre, i_end), b.slice(pre, j_end))
            return [_shift(op, pre, pre) for op in ops]
        return self._split_by_sentences(a, b, pre, i_end, pre, j_end)

    def _dmp_ops(self, a: Tokens, b: Tokens) -> list[Op]:
        codes: dict[str, str] = {}
        sa, sb = _encode(a, codes), _encode(b, codes)
        return merge_close_edits(_ops_from_diffs(self._dmp.diff_main(sa, sb, False)), a, b)

    def _split_by_sentences(
        self, a: Tokens, b: Tokens, i0: int, i1: int, j0: int, j1: int
    ) -> list[Op]:
        """Too long for one call: align sentences first, diff the stretches between them."""
        sa = _sentence_runs(self.a_index, a, i0, i1)
        sb = _sentence_runs(self.b_index, b, j0, j1)
        keys_a = [" ".join(a.keys[x:y]) for x, y in sa]
        keys_b = [" ".join(b.keys[x:y]) for x, y in sb]
        sm = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
        ops: list[Op] = []
        for tag, p1, p2, q1, q2 in sm.get_opcodes():
            if tag == "equal":
                continue
            x1 = sa[p1][0] if p1 < len(sa) else i1
            x2 = sa[p2 - 1][1] if p2 > p1 else x1
            y1 = sb[q1][0] if q1 < len(sb) else j1
            y2 = sb[q2 - 1][1] if q2 > q1 else y1
            ops.extend(self._small_ops(a, b, x1, x2, y1, y2))
        return ops

    def _small_ops(
        self, a: Tokens, b: Tokens, i1: int, i2: int, j1: int, j2: int
    ) -> list[Op]:
        if (i2 - i1) + (j2 - j1) <= self.max_tokens:
            return [_shift(op, i1, j1) for op in self._dmp_ops(a.slice(i1, i2), b.slice(j1, j2))]
        self.budget_hits.append((a.starts[i1] if i2 > i1 else -1,
                                 b.starts[j1] if j2 > j1 else -1, i2 - i1, j2 - j1))
        return [(i1, i2, j1, j2)]


# An operation on token indices: a[i1:i2] becomes b[j1:j2].
Op = tuple[int, int, int, int]


class Mapper:
    """Maps character ranges between the two sides of one diffed pair: unchanged tokens map
    to their twins, a changed stretch to the stretch that replaced it."""

    def __init__(self, a: Tokens, b: Tokens, ops: Sequence[Op]) -> None:
        self._a, self._b = a, b
        self._ops = _Ops(list(ops))
        self._swapped = _Ops([(j1, j2, i1, i2) for i1, i2, j1, j2 in ops])

    def to_after(self, start: int, end: int) -> tuple[int, int]:
        """The after range that ``[start, end)`` of the before text became."""
        return _map(self._a, self._b, self._ops, start, end)

    def to_before(self, start: int, end: int) -> tuple[int, int]:
        """The before range that became ``[start, end)`` of the after text."""
        return _map(self._b, self._a, self._swapped, start, end)


class _Ops:
    def __init__(self, ops: list[Op]) -> None:
        self.ops = ops
        self.firsts = [op[0] for op in ops]

    def twin(self, k: int, opening: bool) -> int:
        """The token on the other side that token ``k`` corresponds to (for a changed token,
        the first or last token of what replaced it)."""
        n = bisect_right(self.firsts, k) - 1
        if n < 0:
            return k
        _, i2, j1, j2 = self.ops[n]
        if k < i2:
            return j1 if opening else j2 - 1
        return k + j2 - i2


def _map(src: Tokens, dst: Tokens, ops: _Ops, start: int, end: int) -> tuple[int, int]:
    if not len(src) or not len(dst):
        return (dst.starts[0], dst.starts[0]) if len(dst) else (0, 0)
    first = bisect_left(src.starts, start)
    last = bisect_right(src.ends, end) - 1
    j0 = ops.twin(first, opening=True)
    j1 = ops.twin(last, opening=False)
    lo = dst.starts[j0] if j0 < len(dst.starts) else dst.ends[-1]
    hi = dst.ends[j1] if j1 >= 0 else dst.starts[0]
    return lo, max(lo, hi)


def _shift(op: Op, di: int, dj: int) -> Op:
    return op[0] + di, op[1] + di, op[2] + dj, op[3] + dj


def _common_prefix(a: Tokens, b: Tokens) -> int:
    n = min(len(a), len(b))
    i = 0
    ka, kb = a.keys, b.keys
    while i < n and ka[i] == kb[i]:
        i += 1
    return i


def _common_suffix(a: Tokens, b: Tokens) -> int:
    n = min(len(a), len(b))
    i = 0
    ka, kb = a.keys, b.keys
    while i < n and ka[-1 - i] == kb[-1 - i]:
        i += 1
    return i


# Code points used to stand for tokens: CJK ideographs first (all alphanumeric, so that
# diff-match-patch's boundary scoring treats every token alike), then the rest of Unicode.
_CODE_RANGES = ((0x4E00, 0xA000), (0x3400, 0x4DC0), (0x20000, 0x2A6E0), (0xA000, 0xD800),
                (0xE000, 0x10000), (0x2A6E0, 0x110000))


def _code_point(n: int) -> str:
    for lo, hi in _CODE_RANGES:
        if n < hi - lo:
            return chr(lo + n)
        n -= hi - lo
    raise OverflowError("more distinct tokens than Unicode code points")


def _encode(tokens: Tokens, codes: dict[str, str]) -> str:
    out = []
    for key in tokens.keys:
        c = codes.get(key)
        if c is None:
            c = codes[key] = _code_point(len(codes))
        out.append(c)
    return "".join(out)


def _ops_from_diffs(diffs: list[tuple[int, str]]) -> list[Op]:
    """Turn diff-match-patch's (op, text) list into changed index ranges."""
    ops: list[Op] = []
    i = j = 0
    cur: list[int] | None = None
    for op, text in diffs:
        n = len(text)
        if op == 0:
            if cur is not None:
                ops.append((cur[0], i, cur[1], j))
                cur = None
            i += n
            j += n
            continue
        if cur is None:
            cur = [i, j]
        if op < 0:
            i += n
        else:
            j += n
    if cur is not None:
        ops.append((cur[0], i, cur[1], j))
    return ops


#: Edits separated by at most this many unchanged tokens are one change ("a X b Y c" with
#: b = "the" reads better as one replacement of "X the Y").
MAX_BRIDGE = 2


def budget_warning(a_offset: int, b_offset: int, n_a: int, n_b: int) -> str:
    """The warning for a stretch reported as one replacement instead of word by word."""
    where = f"before offset {a_offset}" if a_offset >= 0 else f"after offset {b_offset}"
    return (f"diff budget hit: {n_a} + {n_b} tokens with no unchanged sentence ({where}) "
            "are reported as one replacement, not word by word")


def merge_close_edits(ops: list[Op], a: Tokens | None = None,
                      b: Tokens | None = None) -> list[Op]:
    """Semantic clean-up on word tokens: join two edits when the equality between them is
    short and no longer than the edits on either side (diff-match-patch's rule, which counts
    characters, would swallow whole unchanged clauses between longer edits). Edits of
    punctuation only (quote style, a dash, a comma) stay apart: each is its own change."""
    out: list[Op] = []
    for op in ops:
        if out:
            prev = out[-1]
            gap = op[0] - prev[1]
            if (gap <= MAX_BRIDGE and gap <= max(prev[1] - prev[0], prev[3] - prev[2])
                    and gap <= max(op[1] - op[0], op[3] - op[2])
                    and _has_words(prev, a, b) and _has_words(op, a, b)):
                out[-1] = (prev[0], op[1], prev[2], op[3])
                continue
        out.append(op)
    return out


def _has_words(op: Op, a: Tokens | None, b: Tokens | None) -> bool:
    if a is None or b is None:
        return True
    return any(k[:1].isalnum() for k in (*a.keys[op[0]:op[1]], *b.keys[op[2]:op[3]]))


def _sentence_runs(idx: SentenceIndex, toks: Tokens, i0: int,
                   i1: int) -> list[tuple[int, int]]:
    """Token index ranges of the sentences covering ``toks[i0:i1]``."""
    runs: list[tuple[int, int]] = []
    i = i0
    while i < i1:
        _, s_end = idx.covering(toks.starts[i], toks.ends[i])
        k = i + 1
        while k < i1 and toks.starts[k] < s_end:
            k += 1
        runs.append((i, k))
        i = k
    return runs


def slide_to_sentences(
    ops: list[Op], a: Tokens, b: Tokens, a_idx: SentenceIndex,
    b_idx: SentenceIndex,
) -> list[Op]:
    """Move each pure insertion or deletion to where it best fits sentence boundaries.

    "A b. A c." → "A b. A d. A c." may come out as inserting "d. A" after "A"; the same
    insertion shifted by one token is "A d." — a whole sentence, which is what a reader sees.
    """
    out: list[Op] = []
    for n, op in enumerate(ops):
        lo = out[-1][3] if out else 0  # after-index where the previous edit ended
        hi = ops[n + 1][2] if n + 1 < len(ops) else len(b)
        if op[0] == op[1]:
            out.append(_slide(op, b, b_idx, lo, hi, insert=True))
        elif op[2] == op[3]:
            lo_a = out[-1][1] if out else 0
            hi_a = ops[n + 1][0] if n + 1 < len(ops) else len(a)
            out.append(_slide(op, a, a_idx, lo_a, hi_a, insert=False))
        else:
            out.append(op)
    return out


def _slide(op: Op, toks: Tokens, idx: SentenceIndex, lo: int, hi: int,
           insert: bool) -> Op:
    s, e = (op[2], op[3]) if insert else (op[0], op[1])
    left = 0
    keys = toks.keys
    while s - left - 1 >= lo and keys[s - left - 1] == keys[e - left - 1]:
        left += 1
    right = 0
    while e + right < hi and keys[s + right] == keys[e + right]:
        right += 1
    if not left and not right:
        return op
    best = max(range(-left, right + 1),
               key=lambda d: (idx.fit(toks.starts[s + d], toks.ends[e + d - 1]), -abs(d)))
    if insert:
        return op[0] + best, op[1] + best, s + best, e + best
    return s + best, e + best, op[2] + best, op[3] + best


def _edit_of(a: Tokens, b: Tokens, op: Op) -> Edit:
    i1, i2, j1, j2 = op
    a_start, a_end = _span(a, i1, i2)
    b_start, b_end = _span(b, j1, j2)
    return Edit(a_start, a_end, b_start, b_end)


def _span(toks: Tokens, i1: int, i2: int) -> tuple[int, int]:
    if i2 > i1:
        return toks.starts[i1], toks.ends[i2 - 1]
    # An empty range: anchor right after the previous token (or before the first).
    if i1 > 0:
        return toks.ends[i1 - 1], toks.ends[i1 - 1]
    if len(toks):
        return toks.starts[0], toks.starts[0]
    return 0, 0


def _dehyphenate(text: str) -> str:
    return "".join(_BROKEN_WORD.sub("", clean_chars(text)).split())


def letter_detail(old: str, new: str) -> list[tuple[int, str]] | None:
    """Letter-level edits for a single-word typo ("recieved" → "received"), else None.

    Returns diff-match-patch style ``(op, text)`` pairs (-1 delete, 0 equal, 1 insert), for
    renderers that highlight the letters that changed.
    """
    if not _is_single_word(old) or not _is_single_word(new) or old == new:
        return None
    if difflib.SequenceMatcher(None, old.lower(), new.lower()).ratio() < 0.6:
        return None
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(int(op), str(text)) for op, text in diffs]


def _is_single_word(text: str) -> bool:
    toks = tokenize(text)
    return len(toks) == 1 and toks.keys[0][:1].isalpha()
