"""Tables: rows of separate cells, cells of several lines, read row by row.

A row of the page that holds two or more separate lines (far apart, see ``merge_rows``)
starts a *table zone*; the zone goes on downwards while rows stay close, keep to the zone's
columns and the same type size. Inside a zone the lines are sorted into columns (their
x-extents overlap) and each column is cut into cells at the gaps that are clearly wider than
the line spacing inside a cell::

    Proxy Type    RP knows IdP    Proxy can track        ← one table row; the third cell
                                  subscriptions between    has three lines
                                  RP and IdP
    Non-Blinding  Yes             Yes                    ← next row: wider gap above
    Proxy with
    Attributes

Cells come out in reading order: by the row their first line is on, then left to right.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from auditor.extract.pdf_layout import TextLine

Segment = tuple[str, list[list[TextLine]]]  # ("flow", [lines]) or ("table", cells)


def split_tables(lines: list[TextLine]) -> Iterator[Segment]:
    """Cut a region's lines (in reading order) into running text and table zones."""
    rows = _rows(lines)
    i = 0
    flow: list[TextLine] = []
    while i < len(rows):
        if len(rows[i]) < 2:
            flow.extend(rows[i])
            i += 1
            continue
        end = _zone_end(rows, i)
        if flow:
            yield "flow", [flow]
            flow = []
        yield "table", table_cells([ln for row in rows[i:end] for ln in row])
        i = end
    if flow:
        yield "flow", [flow]


def _rows(lines: list[TextLine]) -> list[list[TextLine]]:
    rows: list[list[TextLine]] = []
    for ln in lines:
        if rows and rows[-1][0].row == ln.row:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _zone_end(rows: list[list[TextLine]], start: int) -> int:
    """Index after the last row of the table zone that starts at ``rows[start]``."""
    columns = _intervals(rows[start])
    size = max(ln.size for ln in rows[start])
    last = rows[start]
    end = start + 1
    while end < len(rows):
        row = rows[end]
        gap = min(a.y0 for a in last) - max(b.y1 for b in row)
        if gap > 3 * size or any(abs(ln.size - size) > 0.08 * size for ln in row):
            break
        if len(row) == 1 and not _inside_one(row[0], columns):
            break
        if len(row) > 1 and any(_hits(ln, columns) > 1 for ln in row):
            break
        if len(row) > 1:
            columns = _merge(columns + _intervals(row))
        last = row
        end += 1
    return end


def _intervals(row: list[TextLine]) -> list[tuple[float, float]]:
    return _merge([(ln.x0, ln.x1) for ln in row])


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _hits(ln: TextLine, columns: list[tuple[float, float]]) -> int:
    """How many of the zone's columns the line overlaps."""
    return sum(1 for a, b in columns if min(ln.x1, b) - max(ln.x0, a) > 0)


def _inside_one(ln: TextLine, columns: list[tuple[float, float]]) -> bool:
    """Whether a line alone on its row continues a cell: it overlaps exactly one column
    and does not start left of it (running text below a table is wider, or starts at the
    margin)."""
    hits = [(a, b) for a, b in columns if min(ln.x1, b) - max(ln.x0, a) > 0]
    return len(hits) == 1 and ln.x0 >= hits[0][0] - 2


def table_cells(lines: list[TextLine]) -> list[list[TextLine]]:
    """The zone's cells, each a list of lines, in reading order.

    Columns are the zone's x-extents; table rows are cut at horizontal bands that are free
    in every column and higher than the line spacing inside a cell. A cell is one column of
    one table row.
    """
    columns = _merge([(ln.x0, ln.x1) for ln in lines])
    by_column: list[list[TextLine]] = [[] for _ in columns]
    for ln in lines:
        k = next((i for i, (a, b) in enumerate(columns) if a <= ln.x0 <= b), 0)
        by_column[k].append(ln)
    for col in by_column:
        col.sort(key=lambda ln: ln.row)
    cuts = _row_cuts(lines, _cell_gap(by_column))
    cells: dict[tuple[int, int], list[TextLine]] = {}
    for k, col in enumerate(by_column):
        for ln in col:
            band = sum(1 for c in cuts if ln.mid_y < c)
            cells.setdefault((band, k), []).append(ln)
    return [cells[key] for key in sorted(cells)]


def _row_cuts(lines: list[TextLine], threshold: float) -> list[float]:
    """Heights (y) of the horizontal bands free of text in all columns and taller than
    ``threshold``: the borders between table rows."""
    cuts: list[float] = []
    spans = sorted(((ln.y0, ln.y1) for ln in lines), key=lambda s: -s[1])
    low = spans[0][0]
    for y0, y1 in spans[1:]:
        if low - y1 > threshold:
            cuts.append((low + y1) / 2)
        low = min(low, y0)
    return cuts


def _gap(upper: TextLine, lower: TextLine) -> float:
    return upper.y0 - lower.y1


def _cell_gap(by_column: list[list[TextLine]]) -> float:
    """The widest gap still inside a cell: just above the line spacing when the zone has
    cells of several lines (gaps of two kinds), else below every gap (one line per cell)."""
    gaps = [_gap(a, b) for col in by_column for a, b in itertools.pairwise(col)]
    if not gaps:
        return -1.0
    low, high = min(gaps), max(gaps)
    if high < 1.6 * low + 0.5:
        return -1.0
    return 1.6 * max(low, 0.0) + 0.5
