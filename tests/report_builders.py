"""Hand-made Documents and Comparisons for the HTML report tests.

The report renders what ``compare`` found; these builders make that input directly, so the
report is tested on exactly known changes (and does not depend on compare's heuristics).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from auditor.models import (
    Block,
    Box,
    Change,
    Comparison,
    Conclusions,
    Document,
    Furniture,
    Side,
    Source,
    Statement,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def doc(
    blocks: Sequence[str | tuple[str, str]],
    *,
    path: str | None = "doc.txt",
    fmt: str = "text",
    pages: Sequence[int] | None = None,
    furniture: Sequence[Furniture] = (),
    sha256: str | None = None,
) -> Document:
    """A Document of ``blocks`` (text, or (kind, text)); ``pages`` gives each block's page."""
    out: list[Block] = []
    pos = 0
    section = None
    for n, item in enumerate(blocks):
        kind, text = item if isinstance(item, tuple) else ("paragraph", item)
        page = pages[n] if pages else None
        out.append(Block(kind, text, pos, pos + len(text), page,
                         section if kind != "heading" else None, 1 if kind == "heading" else None))
        if kind == "heading":
            section = text
        pos += len(text) + 2
    text = "\n\n".join(t if isinstance(t, str) else t[1] for t in blocks)
    page_starts: tuple[int, ...] = ()
    if pages:
        starts: list[int] = []
        for b in out:
            while b.page is not None and len(starts) < b.page:
                starts.append(b.start)
        page_starts = tuple(starts)
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    source = Source(path, digest, fmt, max(pages) if pages else None)
    return Document(source, text, tuple(out), tuple(furniture), page_starts)


def markdown_doc(path: Path) -> Document:
    """The fixture Markdown as blocks (headings by '#'), good enough for report tests."""
    blocks: list[str | tuple[str, str]] = []
    for para in path.read_text("utf-8").split("\n\n"):
        para = para.strip()
        if para.startswith("#"):
            blocks.append(("heading", para.lstrip("#").strip()))
        elif para.startswith("1. "):
            blocks.extend(("list_item", line) for line in para.splitlines())
        elif para:
            blocks.append(para)
    d = doc(blocks, path=str(path), fmt="markdown")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return Document(Source(str(path), sha, "markdown"), d.text, d.blocks)


def side(d: Document, needle: str, nth: int = 0, after: str | None = None) -> Side:
    """The Side for the ``nth`` occurrence of ``needle`` (searched after ``after`` if given)."""
    start = d.text.index(after) if after else 0
    for _ in range(nth + 1):
        start = d.text.index(needle, start)
        found = start
        start += 1
    block = next(b for b in d.blocks if b.start <= found <= b.end)
    return Side(needle, block.text, found, found + len(needle), block.page,
                block.text if block.kind == "heading" else block.section)


def change(
    cid: str, op: str, before: Side | None, after: Side | None, cls: str = "material",
    reason: str = "", rules: Sequence[str] = (), in_conclusions: bool = False,
    move_id: str | None = None,
) -> Change:
    return Change(cid, op, before, after, cls, tuple(rules), reason, in_conclusions, move_id)


def comparison(
    before: Document, after: Document, changes: Sequence[Change],
    conclusions: Conclusions | None = None, warnings: Sequence[str] = (),
) -> Comparison:
    return Comparison(
        before.source, after.source, tuple(changes), conclusions or Conclusions(),
        tuple(f.text for f in before.furniture), tuple(f.text for f in after.furniture),
        tuple(warnings),
    )


def fixture_pair() -> tuple[Comparison, Document, Document]:
    """The bundled draft/published report with the nine changes a careful reader finds."""
    b = markdown_doc(FIXTURES / "report-draft.md")
    a = markdown_doc(FIXTURES / "report-published.md")
    changes = [
        change("c-date", "replace", side(b, "Draft for review by Lumen Labs, 3 March 2026"),
               side(a, "Published 24 March 2026"), "material", "date changed: 3 March 2026 → "
               "24 March 2026", ["date-changed"]),
        change("c-jail", "replace", side(b, "17"), side(a, "16"), "material",
               "number changed: 17 → 16", ["number-changed"], in_conclusions=True),
        change("c-move", "move", side(b, "The access was limited to 200 requests per minute, "
               "which constrained the autonomy tasks."),
               side(a, "The access was limited to 200 requests per minute, which constrained "
               "the autonomy tasks."), "editorial", "paragraph moved unchanged",
               ["moved-unchanged"]),
        change("c-redact", "replace", side(b, "the internal incident report IR-2291"),
               side(a, "[REDACTED]"), "redaction", "replaced by a redaction marker",
               ["marker-redaction"]),
        change("c-clause", "delete", side(b, ", which describes an earlier misuse of the model"),
               None, "redaction", "clause removed", ["clause-removed"]),
        change("c-typo", "replace", side(b, "recieved"), side(a, "received"), "editorial",
               "typo fixed", ["typo-fixed"]),
        change("c-modal", "replace", side(b, "may", after="autonomy area"),
               side(a, "might"), "material", "modality changed: may → might",
               ["modality-changed"]),
        change("c-23", "replace", side(b, "23", after="Safeguards"),
               side(a, "24", after="Safeguards"), "material",
               "number changed: 23 → 24", ["number-changed"]),
        change("c-rec3", "delete", side(b, "3. Lumen Labs should publish the results of its "
               "internal red-team exercise."), None, "redaction",
               "recommendation removed", ["clause-removed"]),
    ]
    concl = Conclusions(True, (
        Statement(side(a, "We conclude that Helios-2 does not cross").context, "unchanged"),
        Statement(side(a, "Overall, we found 16").context, "modified", ("c-jail",)),
        Statement(side(a, "We conclude that the model poses").context, "unchanged"),
    ))
    return comparison(b, a, changes, concl), b, a


def with_boxes(d: Document, page_height: float = 842.0, line: float = 14.0) -> Document:
    """``d`` with one box per block, as if each block were one line on page 1 (for outlines)."""
    boxes = tuple(
        Box(1, 72.0, page_height - 72 - (n + 1) * line, 72 + 5.0 * len(b.text),
            page_height - 72 - n * line, b.start, b.end)
        for n, b in enumerate(d.blocks)
    )
    return Document(d.source, d.text, d.blocks, d.furniture, d.page_starts, boxes)
