"""Page pictures for the HTML report: the changed pages of a PDF with the edits outlined.

    PDF file ──pypdfium2──▶ grey bitmap ──zlib──▶ PNG (data: URL)
    Document.boxes + changed spans ──▶ outline rectangles (SVG drawn over the picture)

A :class:`~auditor.models.Box` is one line fragment with the span of text it holds; a change
that covers part of a line is outlined by interpolating along the line by character offset
(exact for the monospaced case, close enough for proportional type to show *where* it sits):

    box.x0                                   box.x1
      |  the model completed 17 of 40 tasks  |
                             ^^ x0 + (x1 - x0) * (s - box.start) / (box.end - box.start)

The PNG is encoded here (grey, 4 bits per pixel, one zlib stream): pages of text compress
well at 16 grey levels and no imaging library is needed.
"""

from __future__ import annotations

import base64
import hashlib
import struct
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.models import Box, Document
from auditor.render.html_text import Mark, attr

#: Pixels per PDF point of the pictures (1.0 = 72 dpi; an A4 page is 595 × 842 pixels).
SCALE = 1.0
#: At most this many pictures per side; the rest are listed as not shown.
MAX_PAGES = 40


@dataclass(frozen=True)
class Outline:
    """A rectangle to draw around changed text, in PDF points (origin bottom-left)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    mark: Mark


@dataclass(frozen=True)
class Picture:
    """One rendered page: a PNG data URL and the outlines in picture pixels."""

    page: int
    width: int
    height: int
    png: str  # data: URL
    rects: tuple[tuple[float, float, float, float, Mark], ...]


def outlines(doc: Document, marks: Iterable[Mark]) -> list[Outline]:
    """Rectangles covering each mark's span on the page, one per line fragment it touches."""
    boxes = sorted(doc.boxes, key=lambda b: (b.start, b.end))
    starts = [b.start for b in boxes]
    ends = [b.end for b in boxes]
    out: list[Outline] = []
    for m in marks:
        s, e = m.start, max(m.end, m.start + 1)
        for box in boxes[bisect_right(ends, s) : bisect_left(starts, e)]:
            out.append(_slice(box, s, e, m))
    return out


def _slice(box: Box, s: int, e: int, mark: Mark) -> Outline:
    width = max(1, box.end - box.start)
    fa = (max(s, box.start) - box.start) / width
    fb = (min(e, box.end) - box.start) / width
    x0 = box.x0 + (box.x1 - box.x0) * fa
    x1 = box.x0 + (box.x1 - box.x0) * fb
    return Outline(box.page, x0, box.y0, max(x1, x0 + 1.5), box.y1, mark)


def picture_source(doc: Document) -> tuple[Path | None, str | None]:
    """The PDF behind ``doc`` if it is still the file that was compared, else a reason why not."""
    src = doc.source
    if src.format != "pdf":
        return None, None
    if not src.path or not Path(src.path).is_file():
        return None, f"{src.path or 'the PDF'}: file not found, no page pictures"
    digest = hashlib.sha256(Path(src.path).read_bytes()).hexdigest()
    if digest != src.sha256:
        return None, f"{src.path}: file changed since it was compared, no page pictures"
    return Path(src.path), None


def render_pictures(
    path: Path, rects: Sequence[Outline], *, scale: float = SCALE, max_pages: int = MAX_PAGES,
    password: str | None = None,
) -> tuple[list[Picture], list[int]]:
    """Render the pages holding ``rects``; returns the pictures and the pages left out."""
    import pypdfium2 as pdfium

    pages = sorted({r.page for r in rects})
    shown, left_out = pages[:max_pages], pages[max_pages:]
    pictures: list[Picture] = []
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        for number in shown:
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            pictures.append(_picture(page, number, [r for r in rects if r.page == number], scale))
            page.close()
    finally:
        pdf.close()
    return pictures, left_out


def _picture(page: object, number: int, rects: list[Outline], scale: float) -> Picture:
    bitmap = page.render(scale=scale, grayscale=True)  # type: ignore[attr-defined]
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    png = encode_png_grey4(bytes(bitmap.buffer), width, height, stride)
    left, bottom, right, top = page.get_bbox()  # type: ignore[attr-defined]
    rotation = page.get_rotation()  # type: ignore[attr-defined]
    bitmap.close()
    w0, h0 = (right - left) * scale, (top - bottom) * scale

    def to_px(x: float, y: float) -> tuple[float, float]:
        px, py = (x - left) * scale, (top - y) * scale
        if rotation == 90:
            return h0 - py, px
        if rotation == 180:
            return w0 - px, h0 - py
        if rotation == 270:
            return py, w0 - px
        return px, py

    placed = []
    for r in rects:
        (ax, ay), (bx, by) = to_px(r.x0, r.y0), to_px(r.x1, r.y1)
        placed.append((min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay), r.mark))
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return Picture(number, width, height, url, tuple(placed))


def encode_png_grey4(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """A PNG (greyscale, 4 bits per pixel) of 8-bit grey ``pixels`` laid out in rows of stride."""
    hi = bytes((v >> 4) << 4 for v in range(256))
    lo = bytes(v >> 4 for v in range(256))
    rowlen = (width + 1) // 2
    raw = bytearray()
    for y in range(height):
        row = pixels[y * stride : y * stride + width]
        if width % 2:
            row += b"\xff"
        packed = int.from_bytes(row[0::2].translate(hi), "big") | int.from_bytes(
            row[1::2].translate(lo), "big"
        )
        raw += b"\x00" + packed.to_bytes(rowlen, "big")
    header = struct.pack(">IIBBBBB", width, height, 4, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(
        b"IDAT", zlib.compress(bytes(raw), 9)
    ) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def render_page_view(
    before: tuple[Document, Sequence[Mark]],
    after: tuple[Document, Sequence[Mark]],
    numbers: dict[str, int],
) -> tuple[str, list[str]]:
    """The "Pages with changes" view (empty for non-PDF inputs) and any warnings."""
    columns: list[str] = []
    notes: list[str] = []
    anchors: set[str] = set()
    for label, (doc, marks) in (("Before", before), ("After", after)):
        path, why = picture_source(doc)
        if why:
            notes.append(why)
        if path is None:
            continue
        try:
            pics, left_out = render_pictures(path, outlines(doc, marks))
        except Exception as exc:  # pdfium refuses the file: the report still works without
            notes.append(f"{doc.source.path}: page pictures failed ({type(exc).__name__})")
            continue
        if left_out:
            notes.append(f"{label}: {len(left_out)} more changed pages not pictured "
                         f"(pages {', '.join(map(str, left_out[:20]))}…)")
        figs = "".join(_figure(label, p, numbers, anchors) for p in pics)
        columns.append(f'<section class="pcol"><h3>{label}</h3>{figs or "<p>No pages.</p>"}'
                       "</section>")
    return "".join(columns), notes


def _figure(label: str, pic: Picture, numbers: dict[str, int], anchors: set[str]) -> str:
    rects = []
    keys: list[str] = []
    for x, y, w, h, m in pic.rects:
        ident = ""
        if m.key not in anchors:
            anchors.add(m.key)
            ident = f' id="pg-{m.key}"'
        if m.key not in keys:
            keys.append(m.key)
        num = numbers.get(m.key, 0)
        rects.append(
            f'<a href="#item-{m.key}" data-c="{m.key}"{ident}>'
            f'<title>#{num} {attr(m.title)}</title>'
            f'<rect class="o o-{m.tag} k-{m.cls}" x="{x - 2:.1f}" y="{y - 2:.1f}" '
            f'width="{w + 4:.1f}" height="{h + 4:.1f}" rx="2"></rect></a>'
        )
    n = len(keys)
    caption = f"{label}, page {pic.page}: {n} change{'s' if n != 1 else ''}"
    listed = ", ".join(f"#{numbers.get(k, 0)}" for k in keys)
    return (
        f'<figure class="pic-fig"><div class="pic">'
        f'<img src="{pic.png}" width="{pic.width}" height="{pic.height}" alt="{caption}" '
        'loading="lazy" decoding="async">'
        f'<svg viewBox="0 0 {pic.width} {pic.height}" preserveAspectRatio="none" '
        f'role="group" aria-label="Changed regions">{"".join(rects)}</svg></div>'
        f"<figcaption>{caption} ({listed})</figcaption></figure>"
    )
