"""What the rules look at: a change seen as two strings of whole words.

A diff may cut inside a word ("rec[ie]ved" → "rec[ei]ved") or hand over a pure insert whose
other side is None. :func:`prepare` widens both sides of a change to whole
whitespace-separated words, read from the documents, and rebuilds the missing side of an
insert or delete made inside a sentence ("does [not] cross" gives "does not cross" → "does
cross"). The rules then compare ``before`` with ``after`` and never worry about cuts.

It also decides the *scope* of an insert or delete: does it add or remove a clause or more
(``whole``), or a few words inside one?
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.models import Block, Change, Document, Side

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_CLAUSE_OPEN = ",;:(—–-"
_CLAUSE_CLOSE = ",;:.)—–-!?"


@dataclass(frozen=True)
class Edit:
    """A change prepared for the rules.

    ``before``/``after`` are the changed stretch widened to whole words ("" when that side
    has no text); ``removed``/``added`` are exactly what the diff removed and added;
    ``whole`` is True when an insert or delete adds or removes a clause or more.
    """

    change: Change
    before: str
    after: str
    removed: str
    added: str
    before_context: str
    after_context: str
    before_block: Block | None
    after_block: Block | None
    whole: bool
    before_start: int | None = None
    after_start: int | None = None

    @property
    def op(self) -> str:
        return self.change.op


def prepare(change: Change, before: Document, after: Document) -> Edit:
    """Widen ``change`` to whole words and decide its scope.

    A side that is None (a pure insert or delete of whole sentences or blocks) or has empty
    text (words inserted into or deleted from a sentence; its span marks the place) is
    rebuilt from the other side: the other side's words without the changed text.
    """
    b_side, a_side = change.before, change.after
    b_text, b_span = _widened(b_side, before)
    a_text, a_span = _widened(a_side, after)
    if b_span and a_span and b_side and a_side:
        b_span, a_span = _balanced(before.text, b_span, b_side, after.text, a_span, a_side)
        b_text, a_text = before.text[b_span[0]:b_span[1]], after.text[a_span[0]:a_span[1]]
    if _empty(b_side) and a_side is not None and a_span is not None:
        a_span = _one_more_word(after.text, a_span)
        a_text = after.text[a_span[0]:a_span[1]]
        b_text = _counterpart(before.text, b_side, a_text, a_span, a_side)
    if _empty(a_side) and b_side is not None and b_span is not None:
        b_span = _one_more_word(before.text, b_span)
        b_text = before.text[b_span[0]:b_span[1]]
        a_text = _counterpart(after.text, a_side, b_text, b_span, b_side)
    whole = False
    if change.op == "delete":
        whole = _is_whole(b_side, before) or (a_side is None and _has_words(b_side))
    elif change.op == "insert":
        whole = _is_whole(a_side, after) or (b_side is None and _has_words(a_side))
    return Edit(
        change=change,
        before=b_text,
        after=a_text,
        removed=b_side.text if b_side else "",
        added=a_side.text if a_side else "",
        before_context=b_side.context if b_side else "",
        after_context=a_side.context if a_side else "",
        before_block=before.block_at(b_side.start) if b_side else None,
        after_block=after.block_at(a_side.start) if a_side else None,
        whole=whole,
        before_start=b_span[0] if b_span else None,
        after_start=a_span[0] if a_span else None,
    )


def _empty(side: Side | None) -> bool:
    return side is None or side.text == ""


def _has_words(side: Side | None) -> bool:
    return side is not None and bool(_WORD.search(side.text))


def _widened(side: Side | None, doc: Document) -> tuple[str, tuple[int, int] | None]:
    """The side's text widened to whole words, and its span in the document."""
    if side is None or side.text == "":
        return "", None
    text = doc.text
    if text[side.start:side.end] != side.text:
        return side.text, None  # offsets we cannot trust: take the text as it is
    start, end = side.start, side.end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end], (start, end)


def _balanced(
    b_text: str, b_span: tuple[int, int], b_side: Side,
    a_text: str, a_span: tuple[int, int], a_side: Side,
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Widen each side over the words the *other* side's widening took in.

    "58[%]" → "58 [per cent]": widening the before side takes in "58", which on the after
    side is a separate word; taking it in there too gives "58%" → "58 per cent", two
    spellings of one value, instead of "58%" → "per cent".
    """
    b_left, a_left = b_text[b_span[0]:b_side.start], a_text[a_span[0]:a_side.start]
    b_right, a_right = b_text[b_side.end:b_span[1]], a_text[a_side.end:a_span[1]]
    bs = _reach(b_text, b_span[0], a_left, -1) if not b_left.strip() else b_span[0]
    as_ = _reach(a_text, a_span[0], b_left, -1) if not a_left.strip() else a_span[0]
    be = _reach(b_text, b_span[1], a_right, 1) if not b_right.strip() else b_span[1]
    ae = _reach(a_text, a_span[1], b_right, 1) if not a_right.strip() else a_span[1]
    return (bs, be), (as_, ae)


def _reach(text: str, pos: int, target: str, step: int) -> int:
    """Move ``pos`` over whole words (left for ``step`` -1, right for 1) until they spell
    ``target`` (spaces ignored); ``pos`` unchanged when they never do."""
    want = "".join(target.split())
    got, cur = "", pos
    while want and len(got) < len(want):
        j = cur
        while 0 < j <= len(text) and (text[j - 1] if step < 0 else text[j:j + 1]).isspace():
            j += step
        k = j
        while (k > 0 if step < 0 else k < len(text)) and not (
                text[k - 1] if step < 0 else text[k]).isspace():
            k += step
        if k == j:
            break
        word = text[k:j] if step < 0 else text[j:k]
        got = word + got if step < 0 else got + word
        cur = k
    return cur if want and got == want else pos


def _one_more_word(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` with the word on each side of it (within the sentence): words put in or taken
    out are judged with their neighbours ("2 [out] of 12" is "2 out of 12" vs "2 of 12")."""
    start, end = span
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i < start and i > 0 and not text[i - 1].isspace() and text[i - 1] not in ".!?;:":
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        start = i
    j = end
    while j < len(text) and text[j] == " ":
        j += 1
    stop = text[start:end].rstrip()[-1:] in (".", "!", "?", ";", ":")
    if j > end and j < len(text) and not text[j].isspace() and not stop:
        while j < len(text) and not text[j].isspace():
            j += 1
        end = j
    return start, end


def _counterpart(text: str, empty: Side | None, widened: str, span: tuple[int, int],
                 side: Side) -> str:
    """The words of the other version around an empty side's anchor: as many words to its
    left and right as the widened side has around its change ("third[-]party" → "third
    party", not "thirdparty"). Without an anchor, the widened text minus the change."""
    if empty is None or not 0 <= empty.start <= len(text):
        return _without(widened, span, side)
    left = widened[: side.start - span[0]].split()
    right = widened[side.end - span[0]:].split()
    start, end = empty.start, empty.start
    for _ in left:
        start = _word_edge(text, start, -1)
    for _ in right:
        end = _word_edge(text, end, 1)
    return " ".join(text[start:end].split())


def _word_edge(text: str, pos: int, step: int) -> int:
    """The far edge of the next word from ``pos`` in direction ``step`` (across a block break
    too: "Threats - You may" may have become a heading and a paragraph)."""
    def char(i: int) -> str:
        return text[i - 1] if step < 0 else text[i]

    def inside(i: int) -> bool:
        return i > 0 if step < 0 else i < len(text)

    while inside(pos) and char(pos).isspace():
        pos += step
    while inside(pos) and not char(pos).isspace():
        pos += step
    return pos


def _without(widened: str, span: tuple[int, int], side: Side) -> str:
    """``widened`` with the side's own text taken out: the other version of the words."""
    a, b = side.start - span[0], side.end - span[0]
    rest = widened[:a] + widened[b:]
    return re.sub(r"\s{2,}", " ", rest).strip()


def _is_whole(side: Side | None, doc: Document) -> bool:
    """Whether an inserted or deleted side is a clause or more.

    A clause or more: the whole sentence or block, text holding a sentence end, four or more
    words standing between clause punctuation, or twelve words or more.
    """
    if side is None:
        return False
    words = _WORD.findall(side.text)
    if not words:
        return False
    if len(words) >= 12 or _covers(side.text, side.context):
        return True
    if re.search(r"[.!?]\s+\S", side.text.strip()):
        return True
    return len(words) >= 4 and _between_clause_marks(doc.text, side.start, side.end)


def _covers(text: str, context: str) -> bool:
    inner = len(_WORD.findall(text))
    total = len(_WORD.findall(context))
    return total > 0 and inner >= 0.9 * total


def _between_clause_marks(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    opens = not before or before[-1] in _CLAUSE_OPEN or before.endswith("\n")
    inner = text[start:end].strip()
    closes = not after or after[0] in _CLAUSE_CLOSE or inner[-1:] in (",", ";", ".")
    opens = opens or inner[:1] in (",", ";", "(")
    return opens and closes
