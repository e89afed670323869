"""Page pictures in the HTML report: rendered PDF pages with the changed regions outlined."""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from auditor import extract, render_html
from auditor.models import Block, Box, Document, Source
from auditor.render.html_pages import encode_png_grey4
from tests.report_builders import FIXTURES, change, comparison, side

LINES_BEFORE = ["Results", "Overall, we found 17 successful jailbreaks out of 40 attempts.",
                "Attacks using role-play framing were the most effective."]
LINES_AFTER = ["Results", "Overall, we found 16 successful jailbreaks out of 40 attempts.",
               "Attacks using role-play framing were the most effective."]
TOP = 760.0
LEADING = 20.0


def make_pdf(path: Path, lines: list[str], rotate: int = 0, top: float = TOP) -> Document:
    """A one-page PDF with one line per block, and the Document an extractor would make."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(rotate)
    blocks, boxes, pos = [], [], 0
    for n, line in enumerate(lines):
        y = top - n * LEADING
        c.setFont("Helvetica", 12)
        c.drawString(72, y, line)
        kind = "heading" if n == 0 else "paragraph"
        blocks.append(Block(kind, line, pos, pos + len(line), 1, None if n == 0 else lines[0]))
        width = stringWidth(line, "Helvetica", 12)
        boxes.append(Box(1, 72, y - 3, 72 + width, y + 9, pos, pos + len(line)))
        pos += len(line) + 2
    c.save()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return Document(Source(str(path), sha, "pdf", 1, "pdfium"), "\n\n".join(lines),
                    tuple(blocks), (), (0,), tuple(boxes))


def decode_grey4(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows (one byte per pixel, 0–15) of a PNG written by the encoder."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (4, 0)
    idat = b"".join(png[m.end(): m.end() + struct.unpack(">I", png[m.start() - 4: m.start()])[0]]
                    for m in re.finditer(b"IDAT", png))
    raw = zlib.decompress(idat)
    stride = 1 + (width + 1) // 2
    rows = []
    for y in range(height):
        row = raw[y * stride: (y + 1) * stride]
        assert row[0] == 0
        rows.append(bytes(v for b in row[1:] for v in (b >> 4, b & 15))[:width])
    return width, height, rows


def pair(
    tmp_path: Path, rotate: int = 0, top: float = TOP, words: tuple[str, str] = ("17", "16")
) -> tuple[object, Document, Document]:
    b = make_pdf(tmp_path / "before.pdf", LINES_BEFORE, rotate, top)
    a = make_pdf(tmp_path / "after.pdf", LINES_AFTER, rotate, top)
    c = comparison(b, a, [change("c1", "replace", side(b, words[0]), side(a, words[1]),
                                 "material", "number changed: 17 → 16")])
    return c, b, a


def test_changed_pages_are_pictured_with_the_word_outlined(tmp_path: Path) -> None:
    c, b, a = pair(tmp_path)
    page = render_html(c, b, a)  # type: ignore[arg-type]
    pics = re.findall(r'<img src="data:image/png;base64,([^"]+)" width="(\d+)" height="(\d+)" '
                      r'alt="(\w+), page 1: 1 change"', page)
    assert [(w, h, label) for _, w, h, label in pics] == [("596", "842", "Before"),
                                                          ("596", "842", "After")]
    width, height, rows = decode_grey4(base64.b64decode(pics[0][0]))
    assert (width, height) == (596, 842)
    assert rows[10][10] == 15  # white margin
    text_row = rows[int(842 - TOP - 4)]
    assert min(text_row[72:200]) < 8  # ink where the line is drawn

    # "17" starts after "Overall, we found " (18 of 62 characters) on a line 72 pt from the left
    line = LINES_BEFORE[1]
    full = stringWidth(line, "Helvetica", 12)
    x0 = 72 + full * 18 / len(line)
    x1 = 72 + full * 20 / len(line)
    rect = re.search(r'<a href="#item-c1" data-c="c1" id="pg-c1"><title>#1 material · replaced · '
                     r'number changed: 17 → 16</title><rect class="o o-del k-material" '
                     r'x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', page)
    assert rect is not None
    x, y, w, h = map(float, rect.groups())
    assert abs(x - (x0 - 2)) < 0.06 and abs(w - (x1 - x0 + 4)) < 0.11
    assert abs(y - (842 - (TOP - LEADING + 9) - 2)) < 0.1 and abs(h - 16) < 0.06
    assert '<rect class="o o-ins k-material"' in page


def ink_inside(page: str, rect_class: str) -> tuple[int, int]:
    """Dark pixels inside and just outside (a band around) the first rect of that class."""
    png = re.search(r'<img src="data:image/png;base64,([^"]+)"', page)
    rect = re.search(rf'<rect class="{rect_class}" x="([\d.]+)" y="([\d.]+)" '
                     r'width="([\d.]+)" height="([\d.]+)"', page)
    assert png and rect
    _, _, rows = decode_grey4(base64.b64decode(png.group(1)))
    x, y, w, h = (round(float(v)) for v in rect.groups())
    inside = sum(1 for yy in range(y, y + h) for xx in range(x, x + w) if rows[yy][xx] < 8)
    return inside, w * h


def test_outline_sits_on_the_ink_of_the_changed_word(tmp_path: Path) -> None:
    c, b, a = pair(tmp_path)
    inside, area = ink_inside(render_html(c, b, a), "o o-del k-material")  # type: ignore[arg-type]
    assert inside >= 10, (inside, area)  # a blank region would hold none


def test_rotated_page_outline_follows_the_rotation(tmp_path: Path) -> None:
    c, b, a = pair(tmp_path, rotate=90, top=500, words=("17 successful", "16 successful"))
    page = render_html(c, b, a)  # type: ignore[arg-type]
    # the page is displayed a quarter turn round: the line of text runs top to bottom
    rect = re.search(r'<rect class="o o-del k-material" x="[\d.]+" y="[\d.]+" '
                     r'width="([\d.]+)" height="([\d.]+)"', page)
    assert rect is not None and float(rect.group(1)) < float(rect.group(2))
    inside, area = ink_inside(page, "o o-del k-material")
    assert inside >= 10, (inside, area)  # a blank region would hold none


def test_pictures_need_the_same_file(tmp_path: Path) -> None:
    c, b, a = pair(tmp_path)
    Path(b.source.path or "").write_bytes(b"%PDF-1.4 something else")
    page = render_html(c, b, a)  # type: ignore[arg-type]
    assert "before.pdf: file changed since it was compared, no page pictures" in page
    assert page.count("<img ") == 1
    assert 'alt="After, page 1: 1 change"' in page


def test_pictures_can_be_left_out(tmp_path: Path) -> None:
    c, b, a = pair(tmp_path)
    page = render_html(c, b, a, pictures=False)  # type: ignore[arg-type]
    assert "<img " not in page and 'id="view-pages"' not in page


def test_png_encoder_packs_sixteen_grey_levels() -> None:
    pixels = bytes([0, 17, 34, 255, 128, 7, 9, 0, 250, 16, 0, 0])  # 3 × 3, stride 4
    width, height, rows = decode_grey4(encode_png_grey4(pixels, 3, 3, 4))
    assert (width, height) == (3, 3)
    assert rows == [bytes([0, 1, 2]), bytes([8, 0, 0]), bytes([15, 1, 0])]


def test_fixture_pdfs_pictured_with_outlines_on_the_changed_words() -> None:
    b = extract(FIXTURES / "report-draft.pdf")
    a = extract(FIXTURES / "report-published.pdf")
    c = comparison(b, a, [
        change("c-jail", "replace", side(b, "17"), side(a, "16"), "material", "17 → 16"),
        change("c-typo", "replace", side(b, "recieved"), side(a, "received"), "editorial"),
    ])
    page = render_html(c, b, a)  # type: ignore[arg-type]
    captions = re.findall(r'alt="((?:Before|After), page \d+: \d changes?)"', page)
    assert captions == ["Before, page 1: 1 change", "Before, page 3: 1 change",
                        "After, page 1: 1 change", "After, page 3: 1 change"]
    inside, _ = ink_inside(page, "o o-del k-material")
    assert inside >= 10
