"""DOCX: the body of a Word document as blocks; its running headers and footers as furniture.

    bytes ──python-docx──▶ package ──body in order──▶ paragraphs │ tables (cell by cell)
                                   ──notes part────▶ footnotes/endnotes, in order of reference
                                   ──header/footer parts of the sections──▶ Document.furniture

A paragraph's kind comes from its style: a heading style or outline level gives a heading with
its level, numbering (``w:numPr``, directly or through the style) or a list style gives a list
item, a caption style a caption, a code style one block per line, a table-of-contents style is
furniture. The text is the "all changes accepted" view (see :mod:`auditor.extract.docx_text`);
tracked changes and comments are reported as warnings.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.etree as etree

from auditor.errors import CorruptFileError, TooLargeError
from auditor.extract.assemble import RawBlock, build_document
from auditor.extract.docx_text import NoteCounter, has_tracked_changes, paragraph_text, w
from auditor.extract.sniff import ZIP_ERRORS, RawInput, max_input_bytes
from auditor.models import Document, Furniture
from auditor.normalize import clean_inline

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_LIST_NAME = re.compile(r"^list(\s+(bullet|number|continue)(\s*\d)?|\s+paragraph)$", re.I)
_CAPTION_NAME = re.compile(r"caption$", re.IGNORECASE)
_CODE_NAME = re.compile(r"^(source code|html preformatted|plain text|code)$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(toc\s*\d|toc heading|table of figures)$", re.IGNORECASE)
#: Nesting of tables inside tables deeper than this is read as plain paragraphs.
MAX_TABLE_DEPTH = 32


@dataclass(frozen=True)
class _Style:
    kind: str  # heading | list_item | caption | code | toc | paragraph | title
    level: int | None = None


@dataclass
class _Reader:
    styles: dict[str, _Style]
    notes: NoteCounter = field(default_factory=NoteCounter)
    toc: list[str] = field(default_factory=list)
    tracked: bool = False


def extract_docx(raw: RawInput) -> Document:
    """Extract a Word (.docx) document."""
    doc = open_docx(raw)
    parts = _related(doc.part)
    reader = _Reader(_paragraph_styles(doc))
    body = list(_container_blocks(doc.element.body, reader, "paragraph", 0))
    notes = list(_note_blocks(parts, reader))
    furniture = _furniture(doc, parts, reader)
    warnings = _warnings(parts, reader)
    title = _core_title(doc) or _first_title(body)
    return build_document(
        raw, "docx", body + notes, furniture=furniture, title=title, warnings=warnings
    )


def open_docx(raw: RawInput) -> Any:
    """Open the package with python-docx; a damaged file is a :class:`CorruptFileError`."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_expanded_size(raw)
    try:
        return docx.Document(io.BytesIO(raw.data))
    except (*ZIP_ERRORS, PackageNotFoundError, KeyError, etree.XMLSyntaxError) as exc:
        raise CorruptFileError(
            f"{raw.name}: a damaged DOCX file ({_reason(exc)})",
            "open it in Word or LibreOffice and save it again",
        ) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, etree.XMLSyntaxError):
        return "its XML is malformed"
    if isinstance(exc, KeyError):
        return "a part of the package is missing"
    return "the ZIP archive is truncated or corrupt" if isinstance(
        exc, (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, zlib.error)) \
        else "not a Word document package"


def _check_expanded_size(raw: RawInput) -> None:
    """A few kilobytes of ZIP can expand to gigabytes: check before python-docx reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except ZIP_ERRORS:
        return  # python-docx reports the damage with a clearer message
    limit = 4 * max_input_bytes()
    if total > limit:
        raise TooLargeError(
            f"{raw.name}: the DOCX expands to {total // 1048576} MB, over the "
            f"{limit // 1048576} MB limit",
            "raise AUDITOR_MAX_INPUT_MB if the file is genuine",
        )


def _related(part: Any) -> dict[str, list[Any]]:
    """The document part's related parts by relationship type (last path segment)."""
    found: dict[str, list[Any]] = {}
    for rel in sorted(part.rels.values(), key=lambda r: _natural(r.rId)):
        if not rel.is_external and rel.reltype.startswith(_RT):
            found.setdefault(rel.reltype[len(_RT):], []).append(rel.target_part)
    return found


def _natural(rid: str) -> tuple[int, str]:
    digits = "".join(c for c in rid if c.isdigit())
    return (int(digits) if digits else 0, rid)


def _core_title(doc: Any) -> str | None:
    """The title in the document properties (python-docx invents "Word Document" when the
    package has no properties part, so look for the part first)."""
    has_core = any(
        rel.reltype.endswith("/core-properties") for rel in doc.part.package.rels.values()
    )
    return clean_inline(doc.core_properties.title or "") or None if has_core else None


def _xml(part: Any) -> etree._Element:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    return parse_xml(part.blob)


def _paragraph_styles(doc: Any) -> dict[str, _Style]:
    """What each paragraph style makes a paragraph, following ``basedOn`` chains."""
    result: dict[str, _Style] = {}
    for style in doc.styles:
        if getattr(style, "type", None) is not None and int(style.type) == 1:  # paragraph
            result[style.style_id] = _style_of(style)
    return result


def _style_of(style: Any) -> _Style:
    seen = 0
    while style is not None and seen < 20:
        name = (style.name or "").strip()
        ppr = style.element.pPr
        level = _outline_level(ppr)
        m = _HEADING_NAME.match(name)
        if m or level is not None:
            return _Style("heading", int(m.group(1)) if m else level)
        for rx, kind in ((_TOC_NAME, "toc"), (_CAPTION_NAME, "caption"), (_CODE_NAME, "code"),
                         (_LIST_NAME, "list_item")):
            if rx.search(name):
                return _Style(kind)
        if name.lower() == "title":
            return _Style("heading", 1)
        if ppr is not None and ppr.find(w("numPr")) is not None:
            return _Style("list_item")
        style, seen = style.base_style, seen + 1
    return _Style("paragraph")


def _outline_level(ppr: etree._Element | None) -> int | None:
    el = ppr.find(w("outlineLvl")) if ppr is not None else None
    value = el.get(w("val")) if el is not None else None
    if value is not None and value.isdigit() and int(value) < 9:
        return int(value) + 1
    return None


def _container_blocks(
    container: etree._Element, reader: _Reader, context: str, depth: int
) -> Iterator[RawBlock]:
    """Blocks of a body, table cell, note or text box, in reading order."""
    for child in container:
        tag = child.tag
        if tag == w("p"):
            yield from _paragraph_blocks(child, reader, context, depth)
        elif tag == w("tbl"):
            yield from _table_blocks(child, reader, context, depth + 1)
        elif tag in (w("sdt"), w("customXml"), w("sdtContent"), w("ins"), w("moveTo")):
            inner = child.find(w("sdtContent")) if tag == w("sdt") else child
            if inner is not None:
                yield from _container_blocks(inner, reader, context, depth)


def _table_blocks(
    tbl: etree._Element, reader: _Reader, context: str, depth: int
) -> Iterator[RawBlock]:
    """Cells row by row; each paragraph of a cell is one table-cell block."""
    kind = "table_cell" if context == "paragraph" else context
    if depth > MAX_TABLE_DEPTH:  # hostile nesting: read the rest as flat paragraphs
        for p in tbl.iter(w("p")):
            yield RawBlock(kind, paragraph_text(p, reader.notes).text)
        return
    for cell in tbl.iter(w("tc")):
        if _owning_table(cell) is tbl:
            yield from _container_blocks(cell, reader, kind, depth)


def _owning_table(cell: etree._Element) -> etree._Element | None:
    node = cell.getparent()
    while node is not None and node.tag != w("tbl"):
        node = node.getparent()
    return node


def _paragraph_blocks(
    p: etree._Element, reader: _Reader, context: str, depth: int
) -> Iterator[RawBlock]:
    found = paragraph_text(p, reader.notes)
    reader.tracked = reader.tracked or found.tracked
    style = _paragraph_style(p, reader)
    if style.kind == "toc":
        reader.toc.append(found.text)
    elif style.kind == "code":
        yield from (RawBlock("code", ln) for ln in found.text.split("\n") if ln.strip())
    elif context != "paragraph":
        yield RawBlock(context, found.text)
    else:
        yield RawBlock(style.kind, found.text, level=style.level)
    for box in found.textboxes:
        yield from _container_blocks(box, reader, context, depth)


def _paragraph_style(p: etree._Element, reader: _Reader) -> _Style:
    ppr = p.find(w("pPr"))
    style_el = ppr.find(w("pStyle")) if ppr is not None else None
    style = reader.styles.get(style_el.get(w("val")) if style_el is not None else "",
                              _Style("paragraph"))
    level = _outline_level(ppr)
    if level is not None and style.kind not in ("toc", "code"):
        return _Style("heading", level)
    if style.kind == "paragraph" and ppr is not None and _numbered(ppr):
        return _Style("list_item")
    return style


def _numbered(ppr: etree._Element) -> bool:
    num_id = ppr.find(f"{w('numPr')}/{w('numId')}")
    return num_id is not None and num_id.get(w("val")) not in (None, "0")


def _note_blocks(parts: dict[str, list[Any]], reader: _Reader) -> Iterator[RawBlock]:
    """Footnotes and endnotes that the text refers to, in the order of reference."""
    bodies: dict[tuple[str, str], etree._Element] = {}
    for kind in ("footnote", "endnote"):
        for part in parts.get(kind + "s", []):
            for note in _xml(part).iter(w(kind)):
                bodies[(kind, note.get(w("id")) or "")] = note
    done = 0
    while done < len(reader.notes.order):  # notes may refer to further notes
        key = reader.notes.order[done]
        done += 1
        if key in bodies:
            yield from _container_blocks(bodies[key], reader, "footnote", 0)


def _furniture(doc: Any, parts: dict[str, list[Any]], reader: _Reader) -> list[Furniture]:
    """Running headers and footers of every section, and a generated table of contents."""
    found: list[Furniture] = []
    for kind in ("header", "footer"):
        for part in parts.get(kind, []):
            for p in _xml(part).iter(w("p")):
                text = clean_inline(paragraph_text(p, NoteCounter()).text)
                if text:
                    found.append(Furniture(kind, text))
    found.extend(Furniture("toc", t) for t in map(clean_inline, reader.toc) if t)
    unique: list[Furniture] = []
    for f in found:
        if f not in unique:
            unique.append(f)
    return unique


def _warnings(parts: dict[str, list[Any]], reader: _Reader) -> list[str]:
    warnings: list[str] = []
    tracked = reader.tracked or any(
        has_tracked_changes(_xml(part))
        for kind in ("footnotes", "endnotes", "header", "footer")
        for part in parts.get(kind, [])
    )
    if tracked:
        warnings.append(
            "the file contains tracked changes: the text is read with all changes accepted "
            "(insertions kept, deletions dropped)"
        )
    comments = sum(
        1 for part in parts.get("comments", []) for _ in _xml(part).iter(w("comment"))
    )
    if comments:
        warnings.append(
            f"the file contains {comments} comment{'s' if comments != 1 else ''}; "
            "comments are not part of the extracted text"
        )
    return warnings


def _first_title(blocks: list[RawBlock]) -> str | None:
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            return clean_inline(b.text) or None
    return None

