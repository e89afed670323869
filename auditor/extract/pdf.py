"""PDF extraction: faithful text in reading order, typesetting noise removed and reported.

    PDF ──engine──▶ pages of line fragments            (pdfium_engine / pypdf_engine)
        ──page_lines──▶ lines; rotated and off-page text set aside   (pdf_pages)
        ──remove_furniture──▶ headers, footers, page numbers, contents   (pdf_furniture)
        ──reading_order──▶ regions, column by column     (pdf_layout)
        ──BlockBuilder──▶ paragraphs, headings, list items, cells, footnotes
                                                         (pdf_blocks, pdf_tables)
        ──build_document──▶ Document with spans, pages, sections and boxes   (assemble)
"""

from __future__ import annotations

import re

from auditor.errors import NoTextError
from auditor.extract.assemble import build_document
from auditor.extract.pdf_blocks import BlockBuilder, build_vocabulary, document_stats
from auditor.extract.pdf_engines import OpenPdf, open_pdf
from auditor.extract.pdf_furniture import remove_furniture
from auditor.extract.pdf_layout import PageLines, reading_order
from auditor.extract.pdf_pages import read_pages
from auditor.extract.sniff import RawInput
from auditor.models import Document

_JUNK_TITLE = re.compile(r"(\.(pdf|docx?|odt|indd|tex|html?)$)|^(untitled|microsoft word)",
                         re.IGNORECASE)


def extract_pdf(raw: RawInput, *, password: str | None = None, engine: str | None = None,
                workers: int | None = None, boxes: bool = True) -> Document:
    """Extract a PDF with the named engine (``pdfium`` by default, or ``pypdf``), reading
    its pages with up to ``workers`` processes (None: decided from the idle cores);
    ``boxes=False`` leaves out the boxes of the line fragments.

    Raises :class:`~auditor.errors.EncryptedError` when the PDF does not open with the empty
    password or the one given, :class:`~auditor.errors.CorruptFileError` when it cannot be
    parsed, :class:`~auditor.errors.NoTextError` when it has no pages or no text layer, and
    :class:`~auditor.errors.UsageError` for an unknown engine.
    """
    pdf = open_pdf(raw, engine, password)
    try:
        pages = read_pages(raw, pdf, engine, password, workers)
        title = _title(pdf)
        name = pdf.engine
    finally:
        pdf.close()
    return _assemble(raw, name, pages, title, boxes)


def _assemble(raw: RawInput, engine: str, pages: list[PageLines], title: str | None,
              boxes: bool = True) -> Document:
    if not any(p.has_text for p in pages):
        raise NoTextError(f"{raw.name}: no text layer", "run OCR first (e.g. ocrmypdf)")
    stats = document_stats(ln for p in pages for ln in p.lines)
    furniture = remove_furniture(pages, stats.body_size)
    layout = [reading_order(p.lines, stats.body_size) for p in pages]
    builder = BlockBuilder(stats, build_vocabulary(r for regions in layout for r in regions),
                           {p.number: p.height for p in pages},
                           {p.number: p.view.to_pdf for p in pages})
    for regions in layout:
        builder.add_page(regions)
    return build_document(raw, "pdf", builder.finish(), pages=len(pages), engine=engine,
                          furniture=furniture, title=title, warnings=_warnings(pages),
                          boxes=boxes)


def _title(pdf: OpenPdf) -> str | None:
    title = " ".join((pdf.title() or "").split())
    return title if title and not _JUNK_TITLE.search(title) else None


def _warnings(pages: list[PageLines]) -> list[str]:
    empty = [p.number for p in pages if not p.has_text]
    if not empty:
        return []
    shown = ", ".join(str(n) for n in empty[:20]) + (" …" if len(empty) > 20 else "")
    return [f"{len(empty)} page(s) without a text layer (scanned?): {shown}"]
