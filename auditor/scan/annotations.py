"""Everything reachable in the object graph that is not page content: comments, attached
files, actions (JavaScript, launch, links) and filled form fields.

One walk visits every object once, pages first, so that what hangs off a page (its
annotations and their actions) is reported with its page number::

    page 1 ─▶ /Annots ─▶ Text note (/Contents) · FileAttachment (/FS ─▶ /EF) · Link (/A ─▶ /URI)
    page 2 ─▶ …
    trailer ─▶ /Root ─▶ /OpenAction (JavaScript) · /Names ─▶ /EmbeddedFiles · /AcroForm …

Popups are not reported on their own: their text is their parent annotation's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from auditor.scan.findings import Finding
from auditor.scan.pdfopen import PARSE_ERRORS, PdfFile, text_of, walk

MAX_FILE_TEXT = 1_000_000  # characters of an attached file searched for removed text
_NOT_COMMENTS = {"/Link", "/Widget", "/Popup", "/FileAttachment", "/PrinterMark", "/TrapNet",
                 "/Watermark", "/3D", "/Screen", "/Movie", "/Sound"}
_OPENS_FILES = {"/Launch", "/GoToR", "/GoToE", "/ImportData"}


@dataclass(frozen=True)
class Node:
    """A dictionary met on the walk, with the page it hangs off (None: document level)."""

    page: int | None
    key: str
    obj: DictionaryObject


def graph_nodes(pdf: PdfFile) -> Iterator[Node]:
    """Every dictionary reachable from the pages, then from the trailer, once each."""
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.reader.pages, 1):
        ref = page.indirect_reference
        start = ref if ref is not None else page
        for key, obj in walk(pdf, start, seen):
            if isinstance(obj, DictionaryObject):
                yield Node(number, str(key or ""), obj)
    for key, obj in walk(pdf, pdf.reader.trailer, seen):
        if isinstance(obj, DictionaryObject):
            yield Node(None, str(key or ""), obj)


def find_graph_leaks(pdf: PdfFile) -> Iterator[Finding]:
    """Comments, attachments, actions and field values, in one walk of the object graph."""
    attached: set[int] = set()
    for node in graph_nodes(pdf):
        obj = node.obj
        subtype = obj.get("/Subtype")
        if "/Rect" in obj and subtype == "/FileAttachment":
            spec = pdf.resolve(obj.get("/FS"))
            attached.add(id(spec))
            yield attachment_finding(pdf, spec, node.page, "file-attachment annotation",
                                     text_of(pdf.resolve(obj.get("/Contents"))))
        elif "/Rect" in obj and subtype is not None and subtype not in _NOT_COMMENTS:
            yield from comment_finding(pdf, node)
        elif "/EF" in obj and id(obj) not in attached:
            yield attachment_finding(pdf, obj, node.page, "embedded file", "")
        if "/S" in obj or "/JS" in obj:
            yield from action_findings(pdf, node)
        if "/T" in obj and "/V" in obj:
            yield from field_finding(pdf, node)


def comment_finding(pdf: PdfFile, node: Node) -> Iterator[Finding]:
    """A markup annotation (note, highlight, stamp, ink…) that carries text or an author."""
    obj = node.obj
    contents = text_of(pdf.resolve(obj.get("/Contents")))
    rich = text_of(pdf.resolve(obj.get("/RC")))
    author = text_of(pdf.resolve(obj.get("/T")))
    subject = text_of(pdf.resolve(obj.get("/Subj")))
    body = contents or _strip_tags(rich)
    parts = [p for p in (body, subject and f"subject: {subject}",
                         author and f"author: {author}") if p]
    if not parts:
        return
    kind = str(obj.get("/Subtype"))[1:]
    popup = " with a popup note" if "/Popup" in obj else ""
    what = "a comment" if body else "only an author or subject"
    yield Finding("annotation-comment", "medium" if body else "low",
                  f"{kind} annotation{popup} carries {what}", page=node.page,
                  bbox=_rect(pdf, obj), location=f"{kind} annotation",
                  evidence="\n".join(parts))


def attachment_finding(pdf: PdfFile, spec: Any, page: int | None, where: str,
                       note: str) -> Finding:
    """A file carried inside the PDF: its name, and its text when it is text."""
    name, data = "", b""
    if isinstance(spec, DictionaryObject):
        name = text_of(pdf.resolve(spec.get("/UF"))) or text_of(pdf.resolve(spec.get("/F")))
        ef = pdf.resolve(spec.get("/EF"))
        if isinstance(ef, DictionaryObject):
            stream = pdf.resolve(ef.get("/F") or ef.get("/UF"))
            data = _stream_bytes(stream)
    elif spec is not None:
        name = text_of(spec)
    content = _as_text(data)
    size = f"{len(data):,} bytes" if data else "no data"
    evidence = "\n".join(p for p in (name, note) if p) or None
    return Finding("file-attachment", "medium", f"{where} ({size})", page=page,
                   location=where, evidence=evidence,
                   content="\n".join(p for p in (name, note, content) if p) or None)


def action_findings(pdf: PdfFile, node: Node) -> Iterator[Finding]:
    """JavaScript, actions that open files or programs, and link addresses."""
    obj = node.obj
    kind = obj.get("/S")
    where = f"{node.key} action" if node.key else "action"
    if kind == "/JavaScript" or "/JS" in obj:
        code = _script(pdf, obj.get("/JS"))
        yield Finding("javascript", "medium", f"JavaScript ({len(code):,} characters) in a "
                      f"{where}", page=node.page, location=where, evidence=code or None)
    elif kind in _OPENS_FILES:
        target = _file_target(pdf, obj)
        yield Finding("launch-action", "medium", f"{str(kind)[1:]} action opens another file",
                      page=node.page, location=where, evidence=target or None)
    elif kind == "/URI":
        uri = text_of(pdf.resolve(obj.get("/URI")))
        if uri:
            yield Finding("link-uri", "low", "link to an address", page=node.page,
                          location=where, evidence=uri)
    elif kind == "/SubmitForm":
        target = _file_target(pdf, obj)
        yield Finding("link-uri", "low", "form submits its data to an address",
                      page=node.page, location=where, evidence=target or None)


def field_finding(pdf: PdfFile, node: Node) -> Iterator[Finding]:
    """A form field holding a text or choice value."""
    value = pdf.resolve(node.obj.get("/V"))
    if isinstance(value, ArrayObject):
        text = "; ".join(t for t in (text_of(pdf.resolve(v)) for v in value) if t)
    elif isinstance(value, str):
        text = text_of(value)
    else:
        return  # names (check boxes, radio buttons) and streams (rich text) carry no text
    if text:
        name = _field_name(pdf, node.obj)
        yield Finding("form-field-value", "low", "a form field holds a value", page=node.page,
                      bbox=_rect(pdf, node.obj), location=f"field {name}", evidence=text)


def _field_name(pdf: PdfFile, field: DictionaryObject) -> str:
    parts: list[str] = []
    node: Any = field
    for _ in range(32):
        if not isinstance(node, DictionaryObject):
            break
        part = text_of(pdf.resolve(node.get("/T")))
        if part:
            parts.append(part)
        node = pdf.resolve(node.get("/Parent"))
    return ".".join(reversed(parts)) or "(unnamed)"


def _script(pdf: PdfFile, js: Any) -> str:
    js = pdf.resolve(js)
    if isinstance(js, StreamObject):
        return _as_text(_stream_bytes(js))
    return text_of(js)


def _file_target(pdf: PdfFile, action: DictionaryObject) -> str:
    target = pdf.resolve(action.get("/F"))
    if isinstance(target, DictionaryObject):
        return text_of(pdf.resolve(target.get("/UF"))) or text_of(pdf.resolve(target.get("/F")))
    win = pdf.resolve(action.get("/Win"))
    if not target and isinstance(win, DictionaryObject):
        target = pdf.resolve(win.get("/F"))
    return text_of(target)


def _stream_bytes(stream: Any) -> bytes:
    if not isinstance(stream, StreamObject):
        return b""
    try:
        return bytes(stream.get_data())
    except PARSE_ERRORS:
        return b""


def _as_text(data: bytes) -> str:
    """Attached bytes as text, when they look like text (UTF-8/16 or mostly printable)."""
    if not data:
        return ""
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return data.decode("utf-16", errors="replace")[:MAX_FILE_TEXT]
    sample = data[:4096]
    printable = sum(1 for b in sample if b >= 32 or b in (9, 10, 13))
    if printable < 0.95 * len(sample):
        return ""
    return data.decode("utf-8", errors="replace")[:MAX_FILE_TEXT]


def _strip_tags(rich: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", rich).split())


def _rect(pdf: PdfFile, obj: DictionaryObject) -> tuple[float, float, float, float] | None:
    rect = pdf.resolve(obj.get("/Rect"))
    try:
        x0, y0, x1, y1 = (float(pdf.resolve(v)) for v in rect)
    except PARSE_ERRORS:
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

