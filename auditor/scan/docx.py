"""Leak checks on a published Word file: what the package carries that the reader does not see.

* tracked deletions (``w:del``, ``w:delText``, ``w:moveFrom``) and insertions not yet accepted
  (``w:ins``, ``w:moveTo``) in the body, headers, footers, notes and comments;
* comments; hidden text (``w:vanish``, directly or through styles), white text, tiny text;
* alt text of drawings and tables; building blocks of the glossary document;
* properties, embedded files, custom XML and external links (:mod:`auditor.scan.docxparts`).

Contiguous runs of one paragraph with the same state make one finding, located by part and
paragraph number. Messages never quote the document; the text goes into ``evidence``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from auditor.scan.docxopen import MAIN, MC_FALLBACK, DocxPackage, W
from auditor.scan.docxstyle import Styles, hiding, light_background
from auditor.scan.findings import Finding
from auditor.scan.textmatch import squash

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
GLOSSARY = "word/glossary/document.xml"
_DELETED = (f"{W}del", f"{W}moveFrom")
_INSERTED = (f"{W}ins", f"{W}moveTo")
_HIDDEN = {"hidden": "text formatted as hidden", "white": "white text on a white page",
           "tiny": "text under 2 points"}


@dataclass
class Span:
    """Contiguous runs of one paragraph in the same state."""

    part: str
    paragraph: int
    state: str
    first: etree._Element
    text: str

    @property
    def where(self) -> str:
        return f"{self.part}, paragraph {self.paragraph}"


def find_docx_leaks(pkg: DocxPackage) -> Iterator[Finding]:
    """All checks on the paragraphs of the package, part by part."""
    styles = Styles(pkg.xml("word/styles.xml"))
    shown = squash(visible_text(pkg, styles))
    for part in pkg.stories():
        root = pkg.xml(part)
        assert root is not None
        yield from find_tracked_changes(part, root, shown)
        yield from find_hidden_runs(part, root, styles, light_background(_main(pkg)))
        yield from find_alt_text(part, root)
    yield from find_comments(pkg)
    yield from find_glossary(pkg)


def runs(root: etree._Element) -> Iterator[tuple[etree._Element, etree._Element]]:
    """(paragraph, run) for every run in document order, without mc:Fallback copies."""
    for run in root.iter(f"{W}r"):
        para = next(run.iterancestors(f"{W}p"), None)
        if para is not None and next(run.iterancestors(MC_FALLBACK), None) is None:
            yield para, run


def run_text(run: etree._Element) -> str:
    out = []
    for child in run:
        if child.tag in (f"{W}t", f"{W}delText"):
            out.append(child.text or "")
        elif child.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            out.append(" ")
        elif child.tag == f"{W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def revision(run: etree._Element) -> tuple[str, etree._Element] | None:
    """``("deleted"|"moved"|"inserted", element)`` when ``run`` is inside a tracked change."""
    inserted = None
    for anc in run.iterancestors():
        if anc.tag == f"{W}p":
            break
        if anc.tag in _DELETED:
            return ("moved" if anc.tag == f"{W}moveFrom" else "deleted"), anc
        if anc.tag in _INSERTED and inserted is None:
            inserted = anc
    return ("inserted", inserted) if inserted is not None else None


def spans(part: str, root: etree._Element,
          state: Callable[[etree._Element, etree._Element], str | None]) -> Iterator[Span]:
    """Contiguous runs of one paragraph that ``state`` puts in the same (non-None) state."""
    numbers = {p: n for n, p in enumerate(root.iter(f"{W}p"), 1)}
    current: Span | None = None
    for para, run in runs(root):
        text = run_text(run)
        if not text:
            continue
        kind = state(para, run)
        number = numbers[para]
        if current and kind == current.state and number == current.paragraph:
            current.text += text
            continue
        if current:
            yield current
        current = Span(part, number, kind, run, text) if kind else None
    if current:
        yield current


def find_tracked_changes(part: str, root: etree._Element, shown: str) -> Iterator[Finding]:
    """Deleted and moved-away text, and insertions not yet accepted."""
    def state(_: etree._Element, run: etree._Element) -> str | None:
        rev = revision(run)
        return rev[0] if rev else None

    for span in spans(part, root, state):
        text = " ".join(span.text.split())
        if not text:
            continue
        rev = revision(span.first)
        where = span.where + (_by(rev[1]) if rev else "")
        if span.state == "inserted":
            yield Finding("docx-tracked-insertion", "low", "text inserted with tracked changes "
                          "and not yet accepted", location=where, evidence=text)
        elif span.state == "moved":
            again = squash(text) in shown
            yield Finding("docx-tracked-deletion", "low" if again else "high",
                          "text moved away with tracked changes is still at its old place"
                          + (" (the document shows it where it went)" if again else ""),
                          location=where, evidence=text)
        else:
            yield Finding("docx-tracked-deletion", "high", "text deleted with tracked changes "
                          "is still in the file", location=where, evidence=text)


def _by(rev: etree._Element) -> str:
    out = ", by an author" if rev.get(f"{W}author") else ""
    date = rev.get(f"{W}date")
    return out + (f", {date}" if date else "")


def find_hidden_runs(part: str, root: etree._Element, styles: Styles,
                     light_page: bool) -> Iterator[Finding]:
    """Runs the reader does not see: hidden, white on a white page, or under 2 points."""
    def state(para: etree._Element, run: etree._Element) -> str | None:
        rev = revision(run)
        if rev and rev[0] != "inserted":
            return None  # reported as a deletion
        return hiding(run, para, styles, light_page)

    for span in spans(part, root, state):
        text = " ".join(span.text.split())
        if text:
            yield Finding("docx-hidden-text", "medium", _HIDDEN[span.state],
                          location=span.where, evidence=text)


def find_comments(pkg: DocxPackage) -> Iterator[Finding]:
    """Every comment of ``word/comments.xml`` (low when it has no text)."""
    root = pkg.xml("word/comments.xml")
    for comment in root.iter(f"{W}comment") if root is not None else ():
        text = paragraphs_text(comment)
        where = f"word/comments.xml, comment {comment.get(f'{W}id') or '?'}{_by(comment)}"
        yield Finding("docx-comment", "medium" if text else "low",
                      "a comment" if text else "an empty comment", location=where,
                      evidence=text or None)


def find_alt_text(part: str, root: etree._Element) -> Iterator[Finding]:
    """``descr`` and ``title`` of drawings; table captions and descriptions."""
    for pr in root.iter(WP_DOCPR):
        for attr in ("descr", "title"):
            value = " ".join((pr.get(attr) or "").split())
            if value:
                yield Finding("docx-alt-text", "low", f"{attr} text of a drawing",
                              location=f"{part}, drawing {pr.get('id') or '?'}", evidence=value)
    for n, tbl in enumerate(root.iter(f"{W}tbl"), 1):
        for tag in ("tblCaption", "tblDescription"):
            el = tbl.find(f"{W}tblPr/{W}{tag}")
            value = " ".join((el.get(f"{W}val") or "").split()) if el is not None else ""
            if value:
                yield Finding("docx-alt-text", "low", f"{tag} of a table",
                              location=f"{part}, table {n}", evidence=value)


def find_glossary(pkg: DocxPackage) -> Iterator[Finding]:
    """Building blocks (AutoText, Quick Parts) stored with the document."""
    root = pkg.xml(GLOSSARY)
    for n, block in enumerate(root.iter(f"{W}docPart") if root is not None else (), 1):
        body = block.find(f"{W}docPartBody")
        text = paragraphs_text(body) if body is not None else ""
        if text:
            yield Finding("docx-glossary", "low", "a building block of the glossary document",
                          location=f"{GLOSSARY}, building block {n}", evidence=text)


def paragraphs_text(el: etree._Element) -> str:
    """The text of the paragraphs under ``el`` (deleted text included), one line each."""
    lines = (" ".join("".join(run_text(r) for r in p.iter(f"{W}r")).split())
             for p in el.iter(f"{W}p"))
    return "\n".join(line for line in lines if line)


def visible_text(pkg: DocxPackage, styles: Styles) -> str:
    """What a reader sees: the paragraphs of the body, heads, feet and notes, without deleted
    and hidden runs (comments are not part of the page)."""
    light = light_background(_main(pkg))
    parts: list[str] = []
    for part in pkg.stories():
        if part == "word/comments.xml":
            continue
        root = pkg.xml(part)
        assert root is not None
        last = None
        for para, run in runs(root):
            rev = revision(run)
            if (rev and rev[0] != "inserted") or hiding(run, para, styles, light):
                continue
            if para is not last:
                parts.append(" ")
                last = para
            parts.append(run_text(run))
        parts.append(" ")
    return " ".join("".join(parts).split())


def _main(pkg: DocxPackage) -> etree._Element:
    root = pkg.xml(MAIN)
    assert root is not None
    return root
