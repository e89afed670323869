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
#: Unseen text shorter than this (squashed characters) — a button label, a stray word — is
#: reported as medium; longer text as high.
SUBSTANTIAL = 24


def reachable(pdf: PdfFile) -> set[tuple[int, int]]:
    """Every (number, generation) reachable from the trailer, back-links included."""
    seen: set[tuple[int, int]] = set()
    for _ in walk(pdf, pdf.reader.trailer, seen, back_links=True):
        pass
    return seen


def find_unreferenced_text(pdf: PdfFile) -> Iterator[Finding]:
    """Unreachable objects that hold text, high when the pages do not show that text: one
    finding per stream (old page contents), one for all leftover dictionaries together."""
    used = reachable(pdf)
    shown: str | None = None
    leftovers: list[tuple[int, list[str], list[str]]] = []
    for num, gen in object_ids(pdf.reader):
        if (num, gen) in used:
            continue
        obj = _load(pdf, num, gen)
        text = orphan_text(pdf, obj)
        lines = [ln.strip() for ln in text.splitlines() if len(squash(ln)) >= MIN_LINE]
        if not lines:
            continue
        if shown is None:
            shown = squash(" ".join(pdf.page_texts()))
        unseen = [ln for ln in lines if squash(ln) not in shown]
        if isinstance(obj, StreamObject):
            yield _orphan_finding("stream", [num], lines, unseen)
        else:
            leftovers.append((num, lines, unseen))
    if leftovers:
        yield _orphan_finding("object", [n for n, _, _ in leftovers],
                              [ln for _, ls, _ in leftovers for ln in ls],
                              [ln for _, _, us in leftovers for ln in us])


def _orphan_finding(what: str, nums: list[int], lines: list[str], unseen: list[str]) -> Finding:
    shown_nums = ", ".join(str(n) for n in nums[:8]) + (", …" if len(nums) > 8 else "")
    many = len(nums) > 1
    where = f"object{'s' if many else ''} {shown_nums} (unreferenced)"
    subject = f"{len(nums)} unused {what}s hold" if many else f"an unused {what} holds"
    if unseen:
        severity = "high" if len(squash("".join(unseen))) >= SUBSTANTIAL else "medium"
        return Finding("unreferenced-text", severity,
                       f"{subject} {len(unseen)} line(s) of text the pages do not show",
                       location=where, evidence="\n".join(unseen))
    return Finding("unreferenced-text", "low", f"{subject} text that the pages also show",
                   location=where, evidence="\n".join(lines))


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
    except Exception:  # pypdf on a stream nothing uses: any failure means "no text read"
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

