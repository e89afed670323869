"""Document structure that can say more than the pages: bookmark titles and layers that are off.

* A bookmark (outline item) keeps the title it was given, even when the section it names was
  renamed or removed. Titles that the page text also shows are not reported.
* An optional-content layer that is off by default hides its content on screen and in print,
  but the content is in the file (and in the text layer). Each text object inside such a layer
  is found through its ``/OC`` marked-content tag.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2.raw as pdfium_c
from pypdf.generic import ArrayObject, DictionaryObject

from auditor.scan.findings import Finding
from auditor.scan.pageobjects import object_text, page_objects, union
from auditor.scan.pdfopen import PdfFile, text_of
from auditor.scan.textmatch import squash

MAX_OUTLINE_ITEMS = 100_000
MAX_OUTLINE_DEPTH = 64


def find_bookmark_titles(pdf: PdfFile) -> Iterator[Finding]:
    """Bookmark titles that no page shows."""
    shown = squash(" ".join(pdf.page_texts()))
    for depth, title in outline_titles(pdf):
        key = squash(title)
        if key and key not in shown:
            yield Finding("bookmark-title", "low",
                          f"a bookmark title (level {depth}) that no page shows",
                          location=f"bookmark at level {depth}", evidence=title)


def outline_titles(pdf: PdfFile) -> Iterator[tuple[int, str]]:
    """(level, title) of every outline item, depth first, each item once."""
    outlines = pdf.resolve(pdf.catalog().get("/Outlines"))
    if not isinstance(outlines, DictionaryObject):
        return
    seen: set[int] = set()
    stack: list[tuple[object, int]] = [(outlines.get("/First"), 1)]
    while stack and len(seen) < MAX_OUTLINE_ITEMS:
        ref, depth = stack.pop()
        item = pdf.resolve(ref)
        if not isinstance(item, DictionaryObject) or id(item) in seen:
            continue
        seen.add(id(item))
        title = text_of(pdf.resolve(item.get("/Title")))
        if title:
            yield depth, title
        stack.append((item.get("/Next"), depth))
        if depth < MAX_OUTLINE_DEPTH:
            stack.append((item.get("/First"), depth + 1))


def find_hidden_layers(pdf: PdfFile) -> Iterator[Finding]:
    """Layers off by default, with the text drawn in them."""
    off = layers_off(pdf)
    if not off:
        return
    drawn: dict[str, list[tuple[int, str, tuple[float, float, float, float]]]] = {}
    for index in range(pdf.page_count):
        page = pdf.doc[index]
        textpage = page.get_textpage()
        for obj in page_objects(page):
            name = _layer_of(obj.handle)
            if obj.kind == "text" and name in off:
                text = object_text(obj, textpage)
                if text.strip():
                    drawn.setdefault(name, []).append((index + 1, text, obj.bounds))
        textpage.close()
        page.close()
    for name in sorted(off):
        items = drawn.get(name, [])
        text = " ".join(" ".join(t.split()) for _, t, _ in items)
        pages = sorted({p for p, _, _ in items})
        what = f"holds {len(text)} characters of text" if text else "holds no text"
        yield Finding("hidden-layer", "medium" if text else "low",
                      f"a layer is off by default and {what}",
                      page=pages[0] if pages else None,
                      bbox=union([b for p, _, b in items if p == pages[0]]) if pages else None,
                      location="optional content layer (off)",
                      evidence="\n".join(p for p in (f"layer: {name}", text) if p))


def layers_off(pdf: PdfFile) -> set[str]:
    """Names of the optional-content groups the default configuration turns off."""
    props = pdf.resolve(pdf.catalog().get("/OCProperties"))
    if not isinstance(props, DictionaryObject):
        return set()
    config = pdf.resolve(props.get("/D"))
    if not isinstance(config, DictionaryObject):
        return set()
    groups = _names(pdf, props.get("/OCGs"))
    if config.get("/BaseState") == "/OFF":
        return set(groups) - set(_names(pdf, config.get("/ON")))
    return set(_names(pdf, config.get("/OFF")))


def _names(pdf: PdfFile, refs: object) -> list[str]:
    arr = pdf.resolve(refs)
    if not isinstance(arr, ArrayObject):
        return []
    out = []
    for ref in arr[:10_000]:
        group = pdf.resolve(ref)
        if isinstance(group, DictionaryObject):
            out.append(text_of(pdf.resolve(group.get("/Name"))))
    return out


def _layer_of(handle: object) -> str | None:
    """The /Name of the optional-content group whose /OC mark an object carries."""
    for i in range(pdfium_c.FPDFPageObj_CountMarks(handle)):
        mark = pdfium_c.FPDFPageObj_GetMark(handle, i)
        if _utf16(pdfium_c.FPDFPageObjMark_GetName, mark) == "OC":
            return _utf16(pdfium_c.FPDFPageObjMark_GetParamStringValue, mark, b"Name")
    return None


def _utf16(fn: object, *args: object) -> str | None:
    buf = (ctypes.c_ushort * 512)()
    size = ctypes.c_ulong()
    if not fn(*args, buf, ctypes.sizeof(buf), size):  # type: ignore[operator]
        return None
    return bytes(buf)[: size.value].decode("utf-16-le", errors="replace").rstrip("\x00")
