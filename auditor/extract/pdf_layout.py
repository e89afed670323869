"""Page geometry: rows, columns and reading order.

Engines give line *fragments*; this module turns them into the lines a reader sees and puts
them in reading order::

    fragments ──merge_rows──▶ TextLines ──find_columns──▶ column intervals
                                       ──reading_order──▶ Regions (one column segment each)

``merge_rows`` glues fragments that share a row and nearly touch (a superscript footnote
mark, a list bullet and its text, two pdfium lines split at a baseline shift). Fragments far
apart on a row stay separate: they are table cells or columns.

``find_columns`` looks for gutters between the *narrow* lines of a page (lines much narrower
than the text block); a column must hold several lines of prose. Full-width lines (a title, a
figure caption across both columns) span the gutters and cut the page into segments; inside
each segment the columns are read left to right, each top to bottom::

    ┌──────── spanning title ────────┐
    │ col 1 ─┐   │ col 2 ─┐          │   segment 1: col 1, then col 2
    ├──────── spanning caption ──────┤
    │ col 1 ─┐   │ col 2 ─┐          │   segment 2: col 1, then col 2
    └────────────────────────────────┘
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from auditor.extract.pdf_engines import Line, PageView

#: A list marker standing alone before the item text on the same row.
_MARKER_ONLY = re.compile(
    r"^([•◦▪‣●○■□\-–—*]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)])$"
)


@dataclass(slots=True)
class TextLine:
    """A line as the reader sees it, made of one or more engine fragments.

    ``parts`` holds ``(offset in text, fragment)`` so that every fragment's box can later be
    mapped to its span in the document text.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    page: int
    row: int = 0
    parts: list[tuple[int, Line]] = field(default_factory=list)

    @property
    def mid_y(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class PageLines:
    """One page as the layout stages see it: its lines, what was taken out of them as
    ``(kind, text)``, and its view (the map from displayed coordinates back to PDF space)."""

    number: int
    view: PageView
    lines: list[TextLine]
    removed: list[tuple[str, str]] = field(default_factory=list)
    has_text: bool = True

    @property
    def height(self) -> float:
        return self.view.height


@dataclass
class Region:
    """A run of lines read top to bottom: one column of one segment, or a spanning line.

    ``left``/``right`` are the edges of the column the lines sit in.
    """

    lines: list[TextLine]
    left: float
    right: float
    column: int = 0


def merge_rows(fragments: list[Line], page: int) -> list[TextLine]:
    """Group upright fragments into rows and glue those that nearly touch."""
    rows: list[list[Line]] = []
    for frag in sorted(fragments, key=_top_down):
        if rows and _same_row(rows[-1][0], frag):
            rows[-1].append(frag)
        else:
            rows.append([frag])
    anchors = _anchors(fragments)
    out: list[TextLine] = []
    for number, row in enumerate(rows):
        if len(row) == 1:  # most rows: one fragment, nothing to glue
            f = row[0]
            out.append(TextLine(f.text, f.x0, f.y0, f.x1, f.y1, f.size, f.bold, page, number,
                                [(0, f)]))
            continue
        row.sort(key=lambda f: f.x0)
        for line in _glue(row, page, anchors):
            line.row = number
            out.append(line)
    return out


def _top_down(f: Line) -> tuple[float, float]:
    """Rows from the top of the page down, fragments of a row left to right."""
    return -(f.y0 + f.y1) / 2, f.x0


def _same_row(anchor: Line, frag: Line) -> bool:
    overlap = min(anchor.y1, frag.y1) - max(anchor.y0, frag.y0)
    return overlap >= 0.5 * min(anchor.y1 - anchor.y0, frag.y1 - frag.y0)


def _anchors(fragments: list[Line]) -> tuple[set[int], set[int]]:
    """Left edges, and centres of fragments that do not start at such an edge, that three or
    more fragments share (whole points): table columns, left-aligned or centred. Right
    edges are left out, and so are the centres of lines that start at a shared edge: every
    full line of a justified paragraph shares both."""
    starts = [round(f.x0) for f in fragments]
    lefts = _shared(starts)
    centres = _shared(round(f.x0 + f.x1) // 2 for f, x in zip(fragments, starts, strict=True)
                      if x not in lefts and x - 1 not in lefts and x + 1 not in lefts)
    return lefts, centres


def _shared(values: Iterable[int]) -> set[int]:
    counts = Counter(values)
    return {x for x in counts if counts[x] + counts.get(x - 1, 0) + counts.get(x + 1, 0) >= 3}


def _glue(row: list[Line], page: int, anchors: tuple[set[int], set[int]]) -> list[TextLine]:
    """Glue fragments separated by a word space — even a wide one, as in a justified line
    of a narrow column — but not where the next fragment starts at a left edge that other
    lines share (a column or a table cell)."""
    lefts, centres = anchors
    groups: list[list[Line]] = [[row[0]]]
    for frag in row[1:]:
        prev = groups[-1][-1]
        gap = frag.x0 - prev.x1
        size = max(prev.size, frag.size)
        aligned = round(frag.x0) in lefts or round(frag.x0 + frag.x1) // 2 in centres
        if (gap <= 0.8 * size
                or (gap <= 3 * size and not aligned)
                or (_MARKER_ONLY.match(prev.text.strip()) and gap <= 4 * size)):
            groups[-1].append(frag)
        else:
            groups.append([frag])
    return [_text_line(g, page) for g in groups]


def _text_line(frags: list[Line], page: int) -> TextLine:
    if len(frags) == 1:
        f = frags[0]
        return TextLine(f.text, f.x0, f.y0, f.x1, f.y1, f.size, f.bold, page, parts=[(0, f)])
    parts: list[tuple[int, Line]] = []
    text = ""
    for f in frags:
        if text:
            text += " "
        parts.append((len(text), f))
        text += f.text
    main = max(frags, key=lambda f: len(f.text))
    words = [f for f in frags if len(f.text.strip()) > 1]
    return TextLine(
        text=text,
        x0=frags[0].x0,
        y0=min(f.y0 for f in frags),
        x1=max(f.x1 for f in frags),
        y1=max(f.y1 for f in frags),
        size=main.size,
        bold=all(f.bold for f in words) if words else main.bold,
        page=page,
        parts=parts,
    )


def find_columns(lines: list[TextLine], body_size: float) -> list[tuple[float, float]]:
    """Column intervals ``(x0, x1)`` left to right, or ``[]`` for a single column.

    The narrow lines of the page (much narrower than its text block) are projected onto the
    x axis; a column is a stretch covered by many of them, a gutter a stretch at least
    ``0.8 × body_size`` wide covered by few (a centred title line may cross it). A column
    must hold several lines of prose, so that table columns and list markers are not taken
    for text columns.
    """
    if len(lines) < 6:
        return []
    left = min(ln.x0 for ln in lines)
    width = max(ln.x1 for ln in lines) - left
    narrow = [ln for ln in lines if ln.width < 0.6 * width]
    if width <= 0 or len(narrow) < 6:
        return []
    columns = []
    for a, b in _covered_runs(narrow, left, width, body_size):
        inside = [ln for ln in narrow if ln.x0 >= a - 2 and ln.x1 <= b + 2]
        if _is_prose_column(a, b, inside, width):
            columns.append((a, b))
    return columns if len(columns) >= 2 else []


def _covered_runs(lines: list[TextLine], left: float, width: float,
                  body_size: float) -> list[tuple[float, float]]:
    """Stretches of x covered by at least a quarter as many lines as the busiest point,
    separated by gaps of at least ``0.8 × body_size``."""
    step = 2.0
    bins = int(width / step) + 2
    delta = [0] * (bins + 1)
    for ln in lines:
        delta[int((ln.x0 - left) / step)] += 1
        delta[min(bins, int((ln.x1 - left) / step) + 1)] -= 1
    cover, level = [], 0
    for d in delta[:bins]:
        level += d
        cover.append(level)
    floor = max(2, 0.25 * max(cover))
    runs: list[list[float]] = []
    for i, c in enumerate(cover):
        x = left + i * step
        if c < floor:
            continue
        if runs and x - runs[-1][1] < max(0.8 * body_size, step):
            runs[-1][1] = x + step
        else:
            runs.append([x, x + step])
    return [(a, b) for a, b in runs]


def _is_prose_column(a: float, b: float, group: list[TextLine], page_width: float) -> bool:
    """Several lines of running text, not a column of short table cells or list markers."""
    if len(group) < 3 or b - a < 0.15 * page_width:
        return False
    return median(len(ln.text) for ln in group) >= 15


def reading_order(lines: list[TextLine], body_size: float) -> list[Region]:
    """The page's lines as regions in reading order (see the module docstring)."""
    if not lines:
        return []
    columns = find_columns(lines, body_size)
    if not columns:
        return [Region(sorted(lines, key=_row_key), min(ln.x0 for ln in lines),
                       max(ln.x1 for ln in lines))]
    spanning: list[TextLine] = []
    by_column: list[list[TextLine]] = [[] for _ in columns]
    for ln in lines:
        col = _column_of(ln, columns)
        (spanning if col is None else by_column[col]).append(ln)
    return _segments(spanning, by_column, columns)


def _column_of(ln: TextLine, columns: list[tuple[float, float]]) -> int | None:
    """The column holding most of the line, or None when the line spans a gutter."""
    overlaps = [max(0.0, min(ln.x1, c1) - max(ln.x0, c0)) for c0, c1 in columns]
    best = max(range(len(columns)), key=lambda i: overlaps[i])
    if overlaps[best] >= 0.8 * max(ln.width, 1.0):
        return best
    if sum(1 for o in overlaps if o > 0.1 * max(ln.width, 1.0)) >= 2:
        return None
    centre = (ln.x0 + ln.x1) / 2
    return min(range(len(columns)), key=lambda i: abs(centre - sum(columns[i]) / 2))


def _segments(spanning: list[TextLine], by_column: list[list[TextLine]],
              columns: list[tuple[float, float]]) -> list[Region]:
    """Cut the page at spanning lines; read each segment column by column. Spanning lines
    with no column text between them form one full-width region."""
    cuts = sorted(spanning, key=_row_key)
    left, right = columns[0][0], columns[-1][1]
    regions: list[Region] = []
    above = float("inf")
    for cut in [*cuts, None]:
        below = cut.mid_y if cut is not None else float("-inf")
        for i, col in enumerate(by_column):
            seg = sorted((ln for ln in col if below < ln.mid_y <= above), key=_row_key)
            if seg:
                regions.append(Region(seg, columns[i][0], columns[i][1], i))
        if cut is not None:
            if regions and regions[-1].column == -1:
                regions[-1].lines.append(cut)
            else:
                regions.append(Region([cut], min(left, cut.x0), max(right, cut.x1), -1))
            above = below
    return regions


def _row_key(ln: TextLine) -> tuple[int, float]:
    """Top to bottom, and the lines of one row left to right."""
    return (ln.row, ln.x0)
