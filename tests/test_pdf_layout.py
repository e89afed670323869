"""Page geometry on hand-made pages: rows, columns, tables, furniture."""

from __future__ import annotations

import pytest

from auditor.extract.pdf_engines import Line, PageView
from auditor.extract.pdf_furniture import remove_furniture
from auditor.extract.pdf_layout import (
    PageLines,
    TextLine,
    find_columns,
    merge_rows,
    reading_order,
)
from auditor.extract.pdf_tables import split_tables

SIZE = 10.0
VIEW = PageView((0, 0, 595, 842), 0)


def frag(text: str, x0: float, y: float, width: float | None = None,
         size: float = SIZE) -> Line:
    w = width if width is not None else len(text) * 0.5 * size
    return Line(text, x0, y - 0.22 * size, x0 + w, y + 0.78 * size, size)


def line(text: str, x0: float, y: float, row: int, width: float | None = None,
         size: float = SIZE, page: int = 1) -> TextLine:
    f = frag(text, x0, y, width, size)
    return TextLine(text, f.x0, f.y0, f.x1, f.y1, size, False, page, row, [(0, f)])


def test_superscript_and_bullet_are_glued_to_their_row() -> None:
    rows = merge_rows([frag("values.", 70, 600), frag("1", 106, 604, 3, size=6),
                       frag("Since it is", 112, 600), frag("•", 70, 580, 4),
                       frag("Item text", 90, 580)], page=1)
    assert [ln.text for ln in rows] == ["values. 1 Since it is", "• Item text"]
    assert rows[0].parts[2][0] == len("values. 1 ")  # where each fragment sits in the line


def test_cells_at_shared_edges_stay_apart() -> None:
    # Gaps of two ems: a word space in a justified line, or the edge of a table column?
    # Three fragments start at the same x: a column.
    frags = []
    for k, (name, kind) in enumerate([("1. Purpose", "Informative"), ("2. Scope", "Normative"),
                                      ("3. Terms", "Informative")]):
        frags += [frag(name, 100, 500 - 14 * k, 40), frag(kind, 160, 500 - 14 * k)]
    rows = merge_rows(frags, page=1)
    assert [ln.text for ln in rows] == ["1. Purpose", "Informative", "2. Scope", "Normative",
                                        "3. Terms", "Informative"]


def two_column_page() -> list[TextLine]:
    lines = [line("A centred title that crosses the gutter", 150, 760, 0, 300)]
    for k in range(12):
        y = 700 - 12 * k
        lines.append(line(f"left column line {k:02} with running text", 50, y, k + 1, 240))
        lines.append(line(f"right column line {k:02} with running text", 320, y, k + 1, 240))
    return lines


def test_two_columns_are_read_one_after_the_other() -> None:
    lines = two_column_page()
    columns = find_columns(lines, SIZE)
    assert columns == [(pytest.approx(50, abs=2), pytest.approx(290, abs=2)),
                       (pytest.approx(320, abs=2), pytest.approx(560, abs=2))]
    order = [ln.text for region in reading_order(lines, SIZE) for ln in region.lines]
    assert order[0] == "A centred title that crosses the gutter"
    assert order[1:13] == [f"left column line {k:02} with running text" for k in range(12)]
    assert order[13] == "right column line 00 with running text"


def test_a_table_is_read_row_by_row_with_cells_of_several_lines() -> None:
    # Two columns of cells; the first cell of each row wraps over three lines.
    lines = [line("Proxy Type", 100, 500, 0), line("Knows", 300, 500, 0)]
    row = 1
    for k, (a, b, c) in enumerate([("Non-Blinding", "Proxy with", "Attributes"),
                                   ("Double Blind", "Proxy with", "Attributes")]):
        top = 470 - 50 * k
        lines += [line(a, 100, top, row), line("Yes", 300, top, row),
                  line(b, 100, top - 12, row + 1), line(c, 100, top - 24, row + 2)]
        row += 3
    segments = list(split_tables(lines))
    assert [kind for kind, _ in segments] == ["table"]
    cells = [" ".join(ln.text for ln in cell) for cell in segments[0][1]]
    assert cells == ["Proxy Type", "Knows", "Non-Blinding Proxy with Attributes", "Yes",
                     "Double Blind Proxy with Attributes", "Yes"]


def test_running_heads_and_page_numbers_are_removed_and_reported() -> None:
    numbers = ["3", "iv", "— 5 —", "Page 6 of 14"]
    pages = []
    for k, number in enumerate(numbers):
        lines = [line("Evaluation report · Draft of 2026-03-03", 50, 800, 0, size=7),
                 line(f"Body text of page {k + 1} that is different on every page.", 50, 700, 1),
                 line(number, 280, 30, 2, size=8)]
        pages.append(PageLines(k + 1, VIEW, lines))
    furniture = remove_furniture(pages, SIZE)
    assert [[ln.text for ln in p.lines] for p in pages] == [
        [f"Body text of page {k + 1} that is different on every page."] for k in range(4)]
    assert [(f.kind, f.text, f.pages) for f in furniture] == [
        ("header", "Evaluation report · Draft of 2026-03-03", (1, 2, 3, 4)),
        ("page-number", "N", (1,)),
        ("page-number", "iv", (2,)),
        ("page-number", "— N —", (3,)),
        ("page-number", "Page N of M", (4,)),
    ]


def test_a_title_that_repeats_the_running_head_is_kept() -> None:
    pages = []
    for k in range(3):
        lines = [line("Safety Report", 50, 800, 0, size=7),
                 line(f"Text of page {k + 1} goes on and on here.", 50, 700, 2)]
        if k == 0:
            lines.insert(1, line("Safety Report", 50, 760, 1, size=20))
        pages.append(PageLines(k + 1, VIEW, lines))
    remove_furniture(pages, SIZE)
    assert [ln.text for ln in pages[0].lines] == ["Safety Report",
                                                  "Text of page 1 goes on and on here."]
