"""Text extraction with provenance, one module per format.

    extract(path) ──read_input──▶ RawInput ──sniff──▶ format ──<format>.extract_*──▶ Document
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from auditor.errors import UnsupportedFormatError
from auditor.extract.sniff import FORMATS, RawInput, from_bytes, read_input, sniff
from auditor.models import Document

__all__ = ["FORMATS", "extract", "extract_raw"]


def extract(
    path: str | os.PathLike[str],
    *,
    password: str | None = None,
    engine: str | None = None,
    fmt: str | None = None,
    dialect: str | None = None,
    workers: int | None = None,
    boxes: bool = True,
) -> Document:
    """Extract the text of the file at ``path`` as a :class:`Document`.

    ``fmt`` forces a format instead of sniffing the content; ``engine`` picks the PDF engine
    (ignored for other formats) and ``password`` opens an encrypted PDF; ``dialect`` names
    the Markdown dialect (gfm, commonmark, pandoc; guessed when None). ``workers`` is the
    number of processes a long PDF may be read with (None: one per idle core; 1: this
    process only); the result is the same either way. ``boxes=False`` leaves out a PDF's
    :attr:`~auditor.models.Document.boxes` (everything else is the same), for callers that
    do not draw on the pages: it saves ~10 % of the time.
    """
    return extract_raw(read_input(path), password=password, engine=engine, fmt=fmt,
                       dialect=dialect, workers=workers, boxes=boxes)


def extract_bytes(data: bytes, name: str | None = None, **kwargs: Any) -> Document:
    """Extract a document held in memory."""
    return extract_raw(from_bytes(data, name), **kwargs)


def extract_raw(
    raw: RawInput,
    *,
    password: str | None = None,
    engine: str | None = None,
    fmt: str | None = None,
    dialect: str | None = None,
    workers: int | None = None,
    boxes: bool = True,
) -> Document:
    """Extract an input already read into memory."""
    fmt = fmt or sniff(raw)
    if fmt == "pdf":
        from auditor.extract.pdf import extract_pdf

        return extract_pdf(raw, password=password, engine=engine, workers=workers,
                           boxes=boxes)
    return _extractor(fmt, dialect)(raw)


def _extractor(fmt: str, dialect: str | None = None) -> Callable[[RawInput], Document]:
    if fmt == "text":
        from auditor.extract.text import extract_text

        return extract_text
    if fmt == "html":
        from auditor.extract.html import extract_html

        return extract_html
    if fmt == "markdown":
        from auditor.extract.markdown import extract_markdown

        return lambda raw: extract_markdown(raw, dialect=dialect)
    if fmt == "docx":
        from auditor.extract.docx import extract_docx

        return extract_docx
    raise UnsupportedFormatError(
        f"reading {fmt} is not supported", f"use one of: {', '.join(FORMATS)}"
    )
