"""PDF extraction: faithful text in reading order, typesetting noise removed and reported.

    PDF ──engine──▶ pages of line fragments            (pdfium_engine / pypdf_engine)
        ──set aside rotated and off-page text──▶ watermarks, printer slugs
        ──merge_rows──▶ lines                            (pdf_layout)
        ──remove_furniture──▶ headers, footers, page numbers, contents   (pdf_furniture)
        ──reading_order──▶ regions, column by column     (pdf_layout)
        ──BlockBuilder──▶ paragraphs, headings, list items, cells, footnotes   (pdf_blocks)
        ──build_document──▶ Document with spans, pages, sections and boxes   (assemble)
"""

from __future__ import annotations

import dataclasses
import re

from auditor.errors import CorruptFileError, NoTextError
from auditor.extract.assemble import build_document
from auditor.extract.pdf_blocks import BlockBuilder, build_vocabulary, document_stats
from auditor.extract.pdf_engines import Line, OpenPdf, PageText, open_pdf
from auditor.extract.pdf_furniture import PageLines, note_removed, remove_furniture
from auditor.extract.pdf_layout import merge_rows, reading_order
from auditor.extract.sniff import RawInput
from auditor.models import Document
from auditor.normalize import clean_inline

_JUNK_TITLE = re.compile(r"(\.(pdf|docx?|odt|indd|tex|html?)$)|^(untitled|microsoft word)",
                         re.IGNORECASE)


def extract_pdf(raw: RawInput, *, password: str | None = None,
                engine: str | None = None) -> Document:
    """Extract a PDF with the named engine (``pdfium`` by default, or ``pypdf``).

    Raises :class:`~auditor.errors.EncryptedError` when the PDF does not open with the empty
    password or the one given, :class:`~auditor.errors.CorruptFileError` when it cannot be
    parsed, :class:`~auditor.errors.NoTextError` when it has no pages or no text layer, and
    :class:`~auditor.errors.UsageError` for an unknown engine.
    """
    pdf = open_pdf(raw, engine, password)
    try:
        texts = _read_pages(raw, pdf)
        title = _title(pdf)
    finally:
        pdf.close()
    return _assemble(raw, pdf, texts, title)


def _read_pages(raw: RawInput, pdf: OpenPdf) -> list[PageText]:
    try:
        return list(pdf.pages())
    except (NoTextError, CorruptFileError):
        raise
    except (ValueError, OSError, RuntimeError, RecursionError, MemoryError) as exc:
        raise CorruptFileError(f"{raw.name}: damaged PDF, reading a page failed "
                               f"({type(exc).__name__})", "re-export it, or try another "
                               "--engine") from None


def _assemble(raw: RawInput, pdf: OpenPdf, texts: list[PageText], title: str | None) -> Document:
    if not any(t.lines for t in texts):
        raise NoTextError(f"{raw.name}: no text layer", "run OCR first (e.g. ocrmypdf)")
    pages = [_page_lines(t) for t in texts]
    stats = document_stats(ln for p in pages for ln in p.lines)
    furniture = remove_furniture(pages, stats.body_size)
    layout = [reading_order(p.lines, stats.body_size) for p in pages]
    builder = BlockBuilder(stats, build_vocabulary(r for regions in layout for r in regions),
                           {t.number: t.height for t in texts},
                           {t.number: t.to_pdf for t in texts})
    for regions in layout:
        builder.add_page(regions)
    doc = build_document(raw, "pdf", builder.finish(), pages=len(texts), engine=pdf.engine,
                         furniture=furniture, title=title, warnings=_warnings(texts))
    return dataclasses.replace(doc, page_starts=_page_starts(doc))


def _page_lines(page: PageText) -> PageLines:
    """Clean the fragments, set aside rotated and off-page text, merge the rest into rows."""
    upright: list[Line] = []
    rotated: list[Line] = []
    for frag in page.lines:
        frag.text = _clean_fragment(frag.text)
        if frag.text:
            (rotated if frag.angle else upright).append(frag)
    result = PageLines(page.number, page.height, merge_rows(upright, page.number))
    note_removed(result, "watermark", rotated)
    note_removed(result, "other", page.outside)
    return result


def _clean_fragment(text: str) -> str:
    """Characters cleaned (ligatures, invisibles, spaces), keeping a line-end soft hyphen
    for the de-hyphenation that follows."""
    if text.endswith("\u00ad"):
        return clean_inline(text[:-1]) + "\u00ad"
    return clean_inline(text)


def _title(pdf: OpenPdf) -> str | None:
    title = " ".join((pdf.title() or "").split())
    return title if title and not _JUNK_TITLE.search(title) else None


def _warnings(texts: list[PageText]) -> list[str]:
    empty = [t.number for t in texts if not t.lines]
    if not empty:
        return []
    shown = ", ".join(str(n) for n in empty[:20]) + (" …" if len(empty) > 20 else "")
    return [f"{len(empty)} page(s) without a text layer (scanned?): {shown}"]


def _page_starts(doc: Document) -> tuple[int, ...]:
    """Offset where text from each page first appears; a page without text starts where the
    next page does, so that ``page_at`` never lands on it."""
    first: dict[int, int] = {}
    for box in doc.boxes:
        first.setdefault(box.page, box.start)
    count = doc.source.pages or 0
    starts = [0] * count
    nxt = len(doc.text)
    for page in range(count, 0, -1):
        nxt = first.get(page, nxt)
        starts[page - 1] = nxt
    for i in range(1, count):
        starts[i] = max(starts[i], starts[i - 1])
    if starts:
        starts[0] = 0
    return tuple(starts)
