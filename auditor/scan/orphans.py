"""Objects the document no longer uses but the file still carries.

Editors and redaction tools that replace a page's contents sometimes leave the old content
stream in the file, listed in the cross-reference table but reachable from nothing::

    trailer ─▶ /Root ─▶ /Pages ─▶ page ─▶ /Contents 9 0 R      (new, redacted)
                                           8 0 obj  stream … (old, with the text)  ◀─ nobody

Every object listed in the final cross-reference table is checked for reachability from the
trailer. Unreachable streams that draw text are read as page content (with the resources of
the form XObject they are, or of a page whose fonts they use); unreachable dictionaries are
read for their string values. Text the pages do not show is reported as high.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pypdf import PageObject
from pypdf.generic import (
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from auditor.scan.findings import Finding
from auditor.scan.pdfopen import PARSE_ERRORS, PdfFile, object_ids, text_of, walk
from auditor.scan.textmatch import squash

_SHOWS_TEXT = re.compile(rb"(\)|>|\])\s*(Tj|TJ|'|\")")
_FONT_NAMES = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-\d.]+\s+Tf")
_CONTAINERS = {"/ObjStm", "/XRef", "/Metadata", "/EmbeddedFile"}
_STRING_KEYS = ("/Contents", "/V", "/T", "/Title", "/Subj", "/TU", "/RC", "/Author")
MIN_LINE = 4


def reachable(pdf: PdfFile) -> set[tuple[int, int]]:
    """Every (number, generation) reachable from the trailer."""
    seen: set[tuple[int, int]] = set()
    for _ in walk(pdf, pdf.reader.trailer, seen):
        pass
    for page in pdf.reader.pages:  # pages hang off /Parent links the walk does not follow
        ref = page.indirect_reference
        if ref is not None:
            for _ in walk(pdf, ref, seen):
                pass
    return seen


def find_unreferenced_text(pdf: PdfFile) -> Iterator[Finding]:
    """Unreachable objects that hold text, high when the pages do not show that text."""
    used = reachable(pdf)
    shown: str | None = None
    for num, gen in object_ids(pdf.reader):
        if (num, gen) in used:
            continue
        obj = _load(pdf, num, gen)
        text = orphan_text(pdf, obj)
        if not text:
            continue
        if shown is None:
            shown = squash(" ".join(pdf.page_texts()))
        lines = [ln.strip() for ln in text.splitlines() if len(squash(ln)) >= MIN_LINE]
        unseen = [ln for ln in lines if squash(ln) not in shown]
        if not lines:
            continue
        what = "stream" if isinstance(obj, StreamObject) else "object"
        if unseen:
            yield Finding("unreferenced-text", "high",
                          f"an unused {what} holds {len(unseen)} line(s) of text the pages do "
                          "not show", location=f"object {num} {gen} (unreferenced)",
                          evidence="\n".join(unseen))
        else:
            yield Finding("unreferenced-text", "low",
                          f"an unused {what} holds text that the pages also show",
                          location=f"object {num} {gen} (unreferenced)",
                          evidence="\n".join(lines))


def _load(pdf: PdfFile, num: int, gen: int) -> Any:
    try:
        return pdf.reader.get_object(IndirectObject(num, gen, pdf.reader))
    except PARSE_ERRORS:
        return None


def orphan_text(pdf: PdfFile, obj: Any) -> str:
    """The text an unreachable object holds: drawn text for streams, strings for dicts."""
    if isinstance(obj, StreamObject):
        if obj.get("/Type") in _CONTAINERS or obj.get("/Subtype") == "/Image":
            return ""
        return stream_text(pdf, obj)
    if isinstance(obj, DictionaryObject):
        if obj.get("/Type") in ("/Page", "/Pages", "/Catalog") or "/Linearized" in obj:
            return ""
        values = [text_of(pdf.resolve(obj.get(k))) for k in _STRING_KEYS]
        return "\n".join(v for v in values if len(v) >= 3)
    return ""


def stream_text(pdf: PdfFile, stream: StreamObject) -> str:
    """Text drawn by a content stream that no page uses, read with the fonts it names."""
    try:
        data = stream.get_data()
    except PARSE_ERRORS:
        return ""
    if b"BT" not in data or not _SHOWS_TEXT.search(data):
        return ""
    resources = stream.get("/Resources") or _resources_for(pdf, data)
    page = PageObject.create_blank_page(width=612, height=792)
    if resources is not None:
        page[NameObject("/Resources")] = resources
    page[NameObject("/Contents")] = stream.indirect_reference or stream
    try:
        return str(page.extract_text())
    except (*PARSE_ERRORS, Exception):
        return ""


def _resources_for(pdf: PdfFile, data: bytes) -> Any:
    """The resources of the first page whose fonts include every font the stream selects."""
    wanted = {"/" + m.decode("latin-1") for m in _FONT_NAMES.findall(data)}
    for page in pdf.reader.pages:
        resources = pdf.resolve(page.get("/Resources"))
        if not isinstance(resources, DictionaryObject):
            continue
        fonts = pdf.resolve(resources.get("/Font"))
        names = set(fonts.keys()) if isinstance(fonts, DictionaryObject) else set()
        if wanted <= names:
            return resources
    return None

