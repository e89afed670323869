"""Earlier revisions kept inside the file by incremental updates.

An incremental save appends changed objects, a new cross-reference section and a trailer whose
``/Prev`` points back to the previous section; the old objects stay in the file. Cutting the
file just after an earlier ``%%EOF`` gives back that revision, whole::

    [objects₁ xref₁ trailer₁ startxref %%EOF] [objects₂ xref₂ trailer₂(/Prev→xref₁) … %%EOF]
     └──────────── revision 1 ────────────┘
     └─────────────────────────── revision 2 (final) ─────────────────────────────┘

A ``%%EOF`` counts as the end of a revision only if the ``startxref`` before it starts a chain
of cross-reference sections that lies wholly before it: the first ``%%EOF`` of a linearized
file (whose chain continues at the end of the file) and ``%%EOF`` strings inside fonts do not.
Each earlier revision is opened and read like the final one; what it had that the final
revision no longer has is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from auditor.extract.sniff import from_bytes
from auditor.scan.findings import Finding
from auditor.scan.pdfopen import PdfFile, open_pdf
from auditor.scan.structure import outline_titles
from auditor.scan.textmatch import squash

_EOF = re.compile(rb"startxref\s+(\d+)\s+%%EOF[ \t]*(\r\n|\r|\n)?")
_PREV = re.compile(rb"/Prev\s+(\d+)")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
MAX_CHAIN = 256
#: Metadata that changes on every save: not worth reporting as lost.
_VOLATILE = ("InstanceID", "DocumentID", "Date", "/Producer", "CreatorTool")
MIN_LINE = 4  # squashed characters; shorter lines (page numbers) are not reported


def earlier_revision_ends(data: bytes, max_revisions: int = 64) -> list[int]:
    """Offsets just past the ``%%EOF`` of each revision before the final one, oldest first."""
    marks = list(_EOF.finditer(data))
    if len(marks) < 2:
        return []
    last = marks[-1].start()
    ends = [m.end() for m in marks[:-1]
            if m.end() <= last and _chain_fits(data, int(m.group(1)), m.start())]
    return ends[-max_revisions:]


def _chain_fits(data: bytes, offset: int, limit: int) -> bool:
    """True when the xref chain from ``offset`` lies wholly before ``limit``."""
    seen: set[int] = set()
    while True:
        if offset <= 0 or offset >= limit or offset in seen or len(seen) >= MAX_CHAIN:
            return False
        seen.add(offset)
        head = data[offset: offset + 32]
        if head.startswith(b"xref"):
            end = data.find(b"startxref", offset, limit)
            trailer = data[offset: end if end > 0 else limit]
            dict_at = trailer.rfind(b"trailer")
            section = trailer[dict_at:] if dict_at >= 0 else b""
        elif _OBJ.match(head):
            end = data.find(b"stream", offset, limit)
            section = data[offset: end if end > 0 else offset + 4096]
        else:
            return False
        prev = _PREV.search(section)
        if prev is None:
            return True
        offset = int(prev.group(1))


def find_earlier_revisions(pdf: PdfFile, final: Sequence[Finding]) -> Iterator[Finding]:
    """Each earlier revision, and what it had that the final revision lost."""
    earlier = earlier_revision_ends(pdf.raw.data, pdf.limits.max_revisions)
    if not earlier:
        return
    shown = squash(" ".join(pdf.page_texts()))
    kept = {squash(f.evidence or "") for f in final}
    kept |= {squash(t) for _, t in outline_titles(pdf)}
    total = len(earlier) + 1
    for number, end in enumerate(earlier, 1):
        label = f"revision {number} of {total}"
        try:
            old = open_pdf(from_bytes(pdf.raw.data[:end], f"{pdf.name} ({label})"), pdf.limits)
        except Exception as exc:  # an old revision may be damaged in any way: say so, go on
            pdf.warnings.append(f"{label} (bytes 0-{end}) could not be read: "
                                f"{type(exc).__name__}")
            continue
        lost = list(lost_text(old, shown, label)) + list(lost_data(old, kept, shown, label))
        yield Finding("earlier-revision", "low",
                      f"{label} is kept in the file (cut it at byte {end:,} to read it); "
                      f"{len(lost)} thing(s) in it are gone from the final revision",
                      location=f"{label}, bytes 0-{end}")
        yield from lost


def lost_text(old: PdfFile, shown: str, label: str) -> Iterator[Finding]:
    """Lines of an old revision's pages that the final revision's pages do not have."""
    for number, text in enumerate(old.page_texts(), 1):
        gone = [line.strip() for line in text.splitlines()
                if len(squash(line)) >= MIN_LINE and squash(line) not in shown]
        if gone:
            evidence = "\n".join(gone)
            yield Finding("earlier-revision-text", "high",
                          f"{len(gone)} line(s) of page text in {label} are gone from the "
                          "final revision", page=number, location=f"{label}, page {number}",
                          evidence=evidence)


def lost_data(old: PdfFile, kept: set[str], shown: str, label: str) -> Iterator[Finding]:
    """Metadata, comments, field values and bookmarks of an old revision that the final
    revision has nowhere (not in its findings, bookmarks or page text)."""
    from auditor.scan.annotations import find_graph_leaks
    from auditor.scan.metadata import find_info_entries, find_xmp_properties

    found = [*find_info_entries(old), *find_xmp_properties(old), *find_graph_leaks(old)]
    found += [Finding("bookmark-title", "low", "", location="bookmark", evidence=t)
              for _, t in outline_titles(old)]
    for f in found:
        if any(v in (f.location or "") for v in _VOLATILE):
            continue
        key = squash(f.evidence or "")
        if key and key not in kept and key not in shown:
            yield Finding("earlier-revision-data", "medium",
                          f"{label} had a value that the final revision no longer has",
                          page=f.page, location=f"{label}: {f.location}", evidence=f.evidence)
