"""Did the conclusions change?

Conclusion-bearing text is found in each version:

* every sentence under a heading such as Abstract, Summary, Executive summary, Key findings,
  Takeaways, Conclusion(s), Concluding remarks, Discussion, TL;DR, Bottom line (numbered or
  not, and sub-sections of them), plus headings the user configures;
* anywhere else, explicit concluding sentences: "We conclude …", "In summary, …",
  "Overall, …", "Taken together, …", "Our main finding is …".

Each such sentence is a *statement*. A statement is **removed** when deletions cover it,
**added** when insertions make it, **modified** when a material or redaction change touches
it, and **unchanged** otherwise — editorial edits inside a conclusion do not change it (their
ids are still listed). The verdict ``changed`` is True when any statement is not unchanged
or any material/redaction change sits in a conclusion.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from auditor import seqmatch
from auditor.models import Change, Conclusions, Document, Side, Statement
from auditor.sentences import sentence_spans

DEFAULT_HEADINGS = (
    "abstract", "summary", "executive summary", "key findings", "main findings",
    "summary of findings", "takeaways", "key takeaways", "conclusion", "conclusions",
    "concluding remarks", "discussion", "tl;dr", "tldr", "overall assessment",
)
_NUMBER_PREFIX = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.|§\s*\d+)\s+")
# What may follow a heading name: "Conclusions and next steps", "Summary: …", "Discussion —"
_JOINER = re.compile(r"\s*(?:[:—–-]|\s(?:and|&|of|on)\b)")
_CONCLUDING = re.compile(
    r"^\W*(?:in conclusion|in summary|to summari[sz]e|to conclude|to sum up|overall|"
    r"taken together|all in all|on balance|in short)\b"
    r"|\bwe (?:therefore |thus |hence )?(?:conclude|judge|assess)\b"
    r"|\b(?:our|the) (?:main|key|central|overall|principal|primary) "
    r"(?:conclusion|finding|judge?ment|takeaway)s?\b"
    r"|\bthis (?:report|evaluation|assessment|review|study|analysis) (?:concludes|finds)\b",
    re.IGNORECASE,
)


# Words one of which every concluding phrase holds (keep in step with _CONCLUDING; a test
# tries each kind of phrase), then the phrases themselves without anchors or word
# boundaries: a text that has neither holds no concluding sentence. Both are looked for in
# the lower-cased text (several times faster than ignoring case), unless it has a letter
# that ignore-case matching folds otherwise than lower() does (İ ı ſ K).
_CONCLUDING_WORDS = ("conclu", "summar", "sum up", "overall", "taken together", "all in all",
                     "on balance", "in short", "judg", "assess", "find", "takeaway")
_MAY_CONCLUDE_ANY_CASE = re.compile(
    _CONCLUDING.pattern.replace(r"^\W*", "").replace(r"\b", ""), re.IGNORECASE)
_MAY_CONCLUDE = re.compile(_MAY_CONCLUDE_ANY_CASE.pattern)  # for lower-cased text
_ODD_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")


def may_conclude(text: str) -> bool:
    """False when no sentence of ``text`` can be a concluding one (a quick test, so that
    most blocks need not be split into sentences)."""
    if _ODD_FOLDS.search(text):
        return _MAY_CONCLUDE_ANY_CASE.search(text) is not None
    low = text.lower()
    return any(word in low for word in _CONCLUDING_WORDS) \
        and _MAY_CONCLUDE.search(low) is not None


#: No concluding phrase is longer than this (a test checks): one that holds a concluding
#: word lies within this many characters of it.
_REACH = 32


def _blocks_that_may_conclude(doc: Document) -> set[int] | None:
    """The indices of the blocks of ``doc`` that :func:`may_conclude`, told from the whole
    text at once: each concluding word is looked for once in the lower-cased text (which is
    as long as the text: of the letters that lower to two, only İ, an odd fold), and the
    phrases only around the words found. None when the text holds an odd fold."""
    text = doc.text
    if _ODD_FOLDS.search(text):
        return None
    low = text.lower()
    starts = [b.start for b in doc.blocks]
    found: set[int] = set()
    for word in _CONCLUDING_WORDS:
        at = low.find(word)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            block = doc.blocks[i] if i >= 0 else None
            if block is not None and i not in found and at + len(word) <= block.end \
                    and _MAY_CONCLUDE.search(low, max(block.start, at - _REACH),
                                             min(block.end, at + _REACH)):
                found.add(i)
            at = low.find(word, at + 1)
    return found


#: How many statements around the last match are searched for an after statement's twin.
SIMILAR_WINDOW = 30


@dataclass(frozen=True)
class Region:
    """A stretch of conclusion-bearing text; ``statement`` is False for headings."""

    start: int
    end: int
    text: str
    statement: bool


def is_conclusion_heading(text: str, extra: Sequence[str] = ()) -> bool:
    """Whether a heading opens a conclusion-bearing section ("5. Conclusions and next steps")."""
    name = _NUMBER_PREFIX.sub("", text).strip().rstrip(":.").lower()
    for h in (*DEFAULT_HEADINGS, *(e.lower() for e in extra)):
        if name == h or (name.startswith(h) and _JOINER.match(name, len(h))):
            return True
    return False


def conclusion_regions(doc: Document, extra: Sequence[str] = ()) -> list[Region]:
    """The conclusion-bearing headings and sentences of ``doc``, in reading order."""
    regions: list[Region] = []
    stack: list[tuple[int, bool]] = []  # open headings: (level, opens a conclusion section)
    maybe = _blocks_that_may_conclude(doc)
    for i, block in enumerate(doc.blocks):
        level = _heading_level(doc, i)
        if level is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, is_conclusion_heading(block.text, extra)))
        inside = any(flag for _, flag in stack)
        if level is not None:
            if inside:
                regions.append(Region(block.start, block.end, block.text, False))
            continue
        if not inside and not (i in maybe if maybe is not None else may_conclude(block.text)):
            continue  # spare splitting it into sentences
        for a, b in sentence_spans(block.text):
            sentence = block.text[a:b]
            if inside or _CONCLUDING.search(sentence):
                regions.append(Region(block.start + a, block.start + b, sentence, True))
    return regions


_NUMBERED_TITLE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+[A-Z][^.!?:;]*$")


def _heading_level(doc: Document, i: int) -> int | None:
    """The level of block ``i`` if it is a heading, else None.

    A lone numbered title ("3. Conclusions") that an extractor took for a list item counts
    as a heading too: short, no closing punctuation, and no list item next to it.
    """
    block = doc.blocks[i]
    if block.kind == "heading":
        return block.level or 1
    m = _NUMBERED_TITLE.match(block.text)
    if block.kind != "list_item" or not m or len(block.text.split()) > 8:
        return None
    neighbours = doc.blocks[max(0, i - 1):i] + doc.blocks[i + 1:i + 2]
    if any(b.kind == "list_item" for b in neighbours):
        return None
    return m.group(1).count(".") + 1


def _overlaps(side: Side | None, region: Region) -> bool:
    if side is None:
        return False
    if side.start == side.end:
        return region.start <= side.start < region.end
    return side.start < region.end and side.end > region.start


def _covered(region: Region, sides: list[Side]) -> bool:
    """Whether ``sides`` cover (nearly) all the letters and digits of ``region``."""
    total = sum(1 for c in region.text if c.isalnum())
    hit = 0
    for i, c in enumerate(region.text, region.start):
        if c.isalnum() and any(s.start <= i < s.end for s in sides):
            hit += 1
    return total > 0 and hit >= 0.9 * total


def analyse_conclusions(
    changes: Sequence[Change],
    before: Document,
    after: Document,
    extra: Sequence[str] = (),
    moves_matter: bool = True,
    regions: tuple[list[Region], list[Region]] | None = None,
) -> tuple[tuple[Change, ...], Conclusions]:
    """Set ``in_conclusions`` on the changes and judge every conclusion statement.

    With ``moves_matter``, an unchanged paragraph moved into or out of the conclusions is
    material (rule ``moved-across-conclusions``). ``regions`` are the conclusion regions of
    both documents when already found (with the same ``extra`` headings).
    """
    if regions is None:
        regions = conclusion_regions(before, extra), conclusion_regions(after, extra)
    b_index = _Index(regions[0])
    a_index = _Index(regions[1])
    marked = tuple(_mark(ch, b_index, a_index, moves_matter) for ch in changes)
    statements = _statements(marked, b_index, a_index)
    changed = any(s.status != "unchanged" for s in statements) or any(
        ch.in_conclusions and ch.cls != "editorial" for ch in marked
    )
    return marked, Conclusions(changed, tuple(statements))


class _Index:
    """Regions in reading order, searchable by the span of a side (bisection: the cost
    grows with the number of changes, not with changes × regions)."""

    def __init__(self, regions: list[Region], statements_only: bool = False) -> None:
        self.regions = [r for r in regions if r.statement or not statements_only]
        self._starts = [r.start for r in self.regions]

    def statements(self) -> _Index:
        return _Index(self.regions, statements_only=True)

    def hits(self, side: Side | None) -> list[int]:
        """Indices of the regions ``side`` overlaps."""
        if side is None:
            return []
        i = max(0, bisect_right(self._starts, side.start) - 1)
        stop = max(side.end, side.start + 1)
        out = []
        while i < len(self.regions) and self.regions[i].start < stop:
            if _overlaps(side, self.regions[i]):
                out.append(i)
            i += 1
        return out

    def touching(self, changes: Sequence[Change], which: str) -> dict[int, list[Change]]:
        """For each region, the changes whose ``which`` side overlaps it, in order."""
        found: dict[int, list[Change]] = {}
        for ch in changes:
            for i in self.hits(ch.before if which == "before" else ch.after):
                found.setdefault(i, []).append(ch)
        return found


def _mark(ch: Change, b_index: _Index, a_index: _Index, moves_matter: bool) -> Change:
    b_hits, a_hits = b_index.hits(ch.before), a_index.hits(ch.after)
    if not (b_hits or a_hits):
        return ch
    # statements (not headings) crossing the boundary: the conclusions gained or lost text
    in_b = any(b_index.regions[i].statement for i in b_hits)
    in_a = any(a_index.regions[i].statement for i in a_hits)
    if moves_matter and ch.op == "move" and in_b != in_a:
        where = "out of" if in_b else "into"
        return replace(ch, in_conclusions=True, cls="material",
                       rules=(*ch.rules, "moved-across-conclusions"),
                       reason=f"paragraph moved {where} the conclusions")
    return replace(ch, in_conclusions=True)


def _statements(
    changes: tuple[Change, ...], b_index: _Index, a_index: _Index
) -> list[Statement]:
    b_idx, a_idx = b_index.statements(), a_index.statements()
    b_touch, a_touch = b_idx.touching(changes, "before"), a_idx.touching(changes, "after")
    b_texts = {r.text for r in b_idx.regions}
    a_texts = {r.text for r in a_idx.regions}
    out: list[_Draft] = []
    by_change: dict[str, _Draft] = {}
    for n, r in enumerate(b_idx.regions):
        touching = b_touch.get(n, [])
        draft = _Draft(r.text, touching)
        deleted = [ch.before for ch in touching if ch.op == "delete" and ch.before]
        if not touching:
            # Untouched: the same sentence is still there, or an insert changed it (inserts
            # have no before side), which the after pass finds; else it left the conclusions.
            draft.status = "unchanged" if r.text in a_texts else None
            draft.orphan = r.text not in a_texts
        elif _covered(r, deleted):
            draft.status = "removed"
        out.append(draft)
        for ch in touching:
            by_change.setdefault(ch.id, draft)
    last = 0  # where the previous after statement attached: its twin is near there
    for n, r in enumerate(a_idx.regions):
        touching = a_touch.get(n, [])
        if not touching and r.text in b_texts:
            continue  # the same sentence, reported from the before side
        inserted = [ch.after for ch in touching if ch.op == "insert" and ch.after]
        twin = next((by_change[ch.id] for ch in touching if ch.id in by_change), None)
        if twin is None and not (touching and _covered(r, inserted)):
            # A sentence changed only by deletions (which have no after side) or by inserts
            # inside it: its before version is the most similar unmatched statement nearby.
            near = out[max(0, last - SIMILAR_WINDOW):last + SIMILAR_WINDOW]
            twin = _most_similar(r.text, [d for d in near if d.status is None and not d.merged])
        if twin is None:
            out.append(_Draft(r.text, touching, "added"))
        else:
            twin.merge(r.text, touching)
            last = out.index(twin)
    return [d.finish() for d in out]


class _Draft:
    """A statement being assembled from its before and after sentences."""

    def __init__(self, text: str, changes: list[Change], status: str | None = None) -> None:
        self.text = text
        self.changes = list(changes)
        self.status = status
        self.orphan = False
        self.merged = False

    def merge(self, after_text: str, changes: list[Change]) -> None:
        self.text = after_text
        self.changes += [ch for ch in changes if ch not in self.changes]
        self.orphan = False
        self.merged = True

    def finish(self) -> Statement:
        status = "removed" if self.orphan else self.status
        if status is None:
            material = any(ch.cls != "editorial" for ch in self.changes)
            status = "modified" if material else "unchanged"
        ids = tuple(dict.fromkeys(ch.id for ch in self.changes))
        return Statement(self.text, status, ids)


def _most_similar(text: str, drafts: list[_Draft]) -> _Draft | None:
    best, score = None, 0.5
    for d in drafts:
        sm = SequenceMatcher(None, d.text, text, autojunk=False)
        if sm.real_quick_ratio() <= score or sm.quick_ratio() <= score:
            continue
        ratio = seqmatch.ratio(d.text, text)
        if ratio > score:
            best, score = d, ratio
    return best
