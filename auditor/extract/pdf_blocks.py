"""Lines in reading order → blocks: paragraphs rebuilt across line, column and page breaks.

A line starts a new block when a reader would see a new one begin:

* its size class changes (a larger heading after body text, or back); bold alone does not
  break a paragraph (an emphasised sentence may wrap), but a bold line that stands on its
  own is a heading;
* it starts with a bullet, or sits after a clear vertical gap;
* the previous line stopped early — the first word of this line would have fitted at the end
  of the previous one, so the typesetter broke the line on purpose (this works for ragged
  and justified text alike);
* it is indented like a paragraph's first line, or outdented after an indented run.

At a column or page break the paragraph goes on when the last line was full (or ended in a
hyphen) and the new line is not indented. Footnotes printed at the bottom of a page are kept
aside and emitted after the paragraph they interrupt, so the body sentence stays whole.
Line-end hyphens are resolved with :func:`auditor.normalize.join_hyphenated`, using the
document's own vocabulary.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from auditor.extract.assemble import RawBlock
from auditor.extract.pdf_layout import Region, TextLine
from auditor.extract.pdf_tables import split_tables
from auditor.normalize import LINE_END_HYPHENS, Vocabulary, join_lines

_BULLET = re.compile(r"^[•◦▪‣●○■□➢►✓]\s*")
_LIST_MARKER = re.compile(
    r"^([•◦▪‣●○■□➢►✓\-–—*]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)])\s+\S"
)
_CAPTION = re.compile(r"^(Figure|Fig\.|Table|Exhibit|Listing)\s+[\dA-Z][\w.\-]*[:.]?\s", re.I)
#: "3.1 Scope", "A.2 Terms": a section number and a short title, no closing full stop.
_NUMBERED_HEADING = re.compile(r"^((?:\d+|[A-Z])(?:\.\d+)+|\d+\.?)\s+[A-Z]")
_NOTE_MARK = re.compile(r"^(\d{1,3}|[*†‡§¶]{1,3})(?=\.?\s*[^\d\s.,;:])")
ToPdf = Callable[[float, float, float, float], tuple[float, float, float, float]]


@dataclass(frozen=True)
class Stats:
    """Typographic facts of one document that the block rules are relative to."""

    body_size: float
    pitch: float  # usual distance between the baselines of two body lines
    levels: dict[float, int]  # heading size (rounded) → heading level

    def is_big(self, line: TextLine) -> bool:
        return line.size >= 1.12 * self.body_size

    def style(self, line: TextLine) -> float:
        """The heading size for a line set larger than the body text, else 0."""
        return _round(line.size) if self.is_big(line) else 0.0


def _round(size: float) -> float:
    return round(size * 2) / 2


def document_stats(lines: Iterable[TextLine]) -> Stats:
    """Body size (the size most characters are set in), line pitch and heading levels."""
    sizes: Counter[float] = Counter()
    by_page: dict[int, list[TextLine]] = {}
    for ln in lines:
        sizes[_round(ln.size)] += len(ln.text)
        by_page.setdefault(ln.page, []).append(ln)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches: Counter[float] = Counter()
    for page in by_page.values():
        body_lines = sorted((ln for ln in page if abs(ln.size - body) < 0.6),
                            key=lambda ln: (round(ln.x0), -ln.y0))
        for a, b in itertools.pairwise(body_lines):
            step = a.y0 - b.y0
            if round(a.x0) == round(b.x0) and 0.9 * body < step < 2.5 * body:
                pitches[round(step * 4) / 4] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else 1.2 * body
    big = sorted({s for s in sizes if s >= 1.12 * body}, reverse=True)
    return Stats(body, pitch, {s: i + 1 for i, s in enumerate(big)})


def build_vocabulary(regions: Iterable[Region]) -> Vocabulary:
    """The document's words, leaving out the halves of words broken at a line end, and how
    the document breaks words (see :meth:`Vocabulary.learn_breaks`)."""
    vocab = Vocabulary()
    texts: list[str] = []
    breaks: list[tuple[str, str, str]] = []
    pending: tuple[str, str] | None = None
    for region in regions:
        for ln in region.lines:
            text = ln.text
            if pending is not None:
                head, _, text = text.partition(" ")
                breaks.append((pending[0], pending[1], head))
                pending = None
            if _is_hyphenated(ln.text):
                text, _, tail = text.rpartition(" ")
                pending = (tail, ln.text[-1])
            texts.append(text)
    vocab.add("\n".join(texts))
    vocab.learn_breaks([(_last_word(a), h, _first_word(b)) for a, h, b in breaks])
    return vocab


def _is_hyphenated(text: str) -> bool:
    """Does the line end in a hyphen right after a letter (a possibly broken word)?"""
    return len(text) > 1 and text[-1] in LINE_END_HYPHENS and text[-2].isalpha()


def _last_word(text: str) -> str:
    m = re.search(r"[^\W\d_]+$", text)
    return m.group() if m else ""


def _first_word(text: str) -> str:
    m = re.match(r"[^\W\d_]+", text)
    return m.group() if m else ""


@dataclass
class _Piece:
    """One line fragment's share of a block's text, with where it sits in PDF space."""

    page: int
    box: tuple[float, float, float, float]
    text: str


@dataclass
class _Open:
    """The block being built."""

    style: float
    page: int
    right: float
    left: float = 0.0
    lines: list[TextLine] = field(default_factory=list)
    text: str = ""
    pieces: list[_Piece] = field(default_factory=list)
    indented: bool = False


class BlockBuilder:
    """Feeds on regions page by page and yields :class:`RawBlock` s in reading order."""

    def __init__(self, stats: Stats, vocabulary: Vocabulary, page_heights: dict[int, float],
                 to_pdf: dict[int, ToPdf]) -> None:
        self.stats = stats
        self.vocab = vocabulary
        self.heights = page_heights
        self.to_pdf = to_pdf
        self.blocks: list[RawBlock] = []
        self.cur: _Open | None = None
        self.notes: list[RawBlock] = []
        self.last_note = 0

    def add_page(self, regions: list[Region]) -> None:
        """Add one page's regions (in reading order)."""
        for region in regions:
            body, notes = self._split_footnotes(region)
            self._add_region(body, region)
            self.notes.extend(notes)
        if self.cur is None:
            self._flush_notes()

    def finish(self) -> list[RawBlock]:
        self._close()
        self._flush_notes()
        return self.blocks

    # -- footnotes ---------------------------------------------------------------------

    def _split_footnotes(self, region: Region) -> tuple[list[TextLine], list[RawBlock]]:
        """Small-print lines ending a region low on the page, starting with the next
        footnote number (or a symbol), become footnotes."""
        lines = region.lines
        k = len(lines)
        while k > 0 and lines[k - 1].size <= 0.88 * self.stats.body_size:
            k -= 1
        zone = lines[k:]
        if not zone or zone[-1].y0 > 0.4 * self.heights.get(zone[-1].page, 1e9):
            return lines, []
        if self._note_number(zone[0]) is None:
            return lines, []
        notes: list[list[TextLine]] = []
        for ln in zone:
            if not notes or self._note_number(ln) is not None:
                notes.append([ln])
                self._advance_note(ln)
            else:
                notes[-1].append(ln)
        return lines[:k], [self._note_block(group) for group in notes]

    def _note_number(self, ln: TextLine) -> int | None:
        m = _NOTE_MARK.match(ln.text)
        if m is None:
            return None
        mark = m.group(1)
        if not mark.isdigit():
            return 0
        n = int(mark)
        return n if self.last_note < n <= self.last_note + 3 or n == 1 else None

    def _advance_note(self, ln: TextLine) -> None:
        n = self._note_number(ln)
        if n:
            self.last_note = n

    def _note_block(self, group: list[TextLine]) -> RawBlock:
        block = _Open(0.0, group[0].page, 0.0)
        for ln in group:
            self._append(block, ln)
        return RawBlock("footnote", block.text, block.page, lines=_pieces(block))

    def _flush_notes(self) -> None:
        self.blocks.extend(self.notes)
        self.notes = []

    # -- body --------------------------------------------------------------------------

    def _add_region(self, lines: list[TextLine], region: Region) -> None:
        first = True
        for kind, parts in split_tables(lines):
            if kind == "table":
                self._close()
                for cell in parts:
                    self._emit("table_cell", cell)
                first = False
                continue
            for line in parts[0]:
                if self.cur is None or self._starts_block(line, region, first):
                    self._close()
                    self._open(line, region)
                else:
                    if first:
                        self.cur.right = _right_edge(region, self.cur.right)
                        self.cur.left = region.left
                    self._append(self.cur, line)
                first = False

    def _starts_block(self, line: TextLine, region: Region, first: bool) -> bool:
        cur = self.cur
        assert cur is not None
        prev = cur.lines[-1]
        if self.stats.style(line) != cur.style or _BULLET.match(line.text):
            return True
        if first:
            return not self._continues_across(prev, line, region)
        size = max(line.size, 1.0)
        pitch = self.stats.pitch if abs(line.size - self.stats.body_size) < 0.6 else 1.25 * size
        if prev.y0 - line.y0 > 1.35 * pitch or prev.y0 < line.y0:
            return True
        if _is_hyphenated(prev.text):
            return False
        if _fits(prev, line, cur.right) or _indented(prev, line, region):
            return True
        return line.x0 < prev.x0 - 0.7 * size and not (len(cur.lines) == 1 and cur.indented)

    def _continues_across(self, prev: TextLine, line: TextLine, region: Region) -> bool:
        """Across a column or page break: go on after a full (or hyphenated) last line."""
        cur = self.cur
        assert cur is not None
        if _is_hyphenated(prev.text):
            return True
        if _fits(prev, line, cur.right):
            return False
        deeper = (line.x0 - region.left) - (prev.x0 - cur.left)
        return not 0.7 * line.size < deeper < 6 * line.size

    def _open(self, line: TextLine, region: Region) -> None:
        self.cur = _Open(self.stats.style(line), line.page, _right_edge(region, line.x1),
                         region.left, indented=line.x0 - region.left > 0.7 * line.size)
        self._append(self.cur, line)

    def _append(self, block: _Open, line: TextLine) -> None:
        text = line.text
        if block.text:
            joined = join_lines(block.text, text, self.vocab)
            if len(joined) == len(block.text) + len(text) - 1:  # a hyphen went
                block.pieces[-1].text = block.pieces[-1].text[:-1]
            block.text = joined
        else:
            block.text = text
        block.lines.append(line)
        to_pdf = self.to_pdf[line.page]
        for _, frag in line.parts:
            box = to_pdf(frag.x0, frag.y0, frag.x1, frag.y1)
            block.pieces.append(_Piece(line.page, box, frag.text))

    def _emit(self, kind: str, lines: list[TextLine]) -> None:
        block = _Open(0.0, lines[0].page, 0.0)
        for line in lines:
            self._append(block, line)
        self.blocks.append(RawBlock(kind, block.text, block.page, lines=_pieces(block)))

    def _close(self) -> None:
        cur, self.cur = self.cur, None
        if cur is None:
            return
        kind, level = self._kind(cur)
        self.blocks.append(RawBlock(kind, cur.text, cur.page, level, lines=_pieces(cur)))
        self._flush_notes()

    def _kind(self, block: _Open) -> tuple[str, int | None]:
        text = block.text
        if block.style > 0:
            return "heading", self.stats.levels.get(block.style, len(self.stats.levels) + 1)
        if _CAPTION.match(text) and len(block.lines) <= 4:
            return "caption", None
        bold = all(ln.bold for ln in block.lines)
        if bold and len(block.lines) <= 2 and len(text.split()) <= 15:
            return "heading", len(self.stats.levels) + 1
        numbered = _NUMBERED_HEADING.match(text)
        if numbered and len(block.lines) == 1 and len(text.split()) <= 12 \
                and not text.endswith((".", ",", ";", ":")):
            return "heading", len(self.stats.levels) + numbered.group(1).count(".") + 1
        if _LIST_MARKER.match(text):
            return "list_item", None
        return "paragraph", None


def _fits(prev: TextLine, line: TextLine, right: float) -> bool:
    """Would the first word of ``line`` have fitted at the end of ``prev``?"""
    first = line.text.split(" ", 1)[0]
    char_w = line.width / max(len(line.text), 1)
    return prev.x1 + (len(first) + 1) * char_w < right - 0.5 * char_w


def _indented(prev: TextLine, line: TextLine, region: Region) -> bool:
    """A first-line indent: this line starts in from the column edge, the previous did not."""
    d = line.x0 - region.left
    return 0.7 * line.size < d < 6 * line.size and abs(prev.x0 - region.left) < 0.5 * line.size


def _right_edge(region: Region, floor: float) -> float:
    return max(region.right, floor)


def _pieces(block: _Open) -> list[tuple[int, float, float, float, float, str]]:
    return [(p.page, *p.box, p.text) for p in block.pieces]
