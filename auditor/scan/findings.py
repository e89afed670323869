"""What a scan reports: findings, the checks that produce them, and the report.

A :class:`Finding` never carries the leaked text in its ``message``: the text a check found
goes into ``evidence``, which :meth:`ScanReport.to_dict` masks unless asked to reveal it, so
that the scan report cannot itself become the leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SCAN_SCHEMA = "auditor.scan/1"
#: A file name or path in a metadata value (a title that is "C:\\Users\\…\\draft-v3.docx").
FILE_NAME = re.compile(r"([\\/]|\.(docx?|rtf|odt|pages|indd|qxp|xlsx?|pptx?|pdf|tex|md|"
                       r"html?|txt|ai|psd)\b)", re.IGNORECASE)
#: Severities, least serious first.
SEVERITIES = ("low", "medium", "high")


def severity_rank(severity: str) -> int:
    """0 for low, 1 for medium, 2 for high."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Check:
    """A named leak check: its stable id, its usual severity and what it looks for."""

    id: str
    severity: str
    title: str
    formats: tuple[str, ...] = ("pdf",)


#: Every check, by stable id. Ids are a contract: add freely, rename never.
CHECKS: dict[str, Check] = {c.id: c for c in (
    Check("text-under-box", "high", "text hidden under a filled rectangle or path drawn over it "
          "(medium under 4 letters or digits; low with none, or when the page shows the same "
          "words elsewhere, as with a covered duplicate)"),
    Check("text-under-image", "high", "text hidden under an image drawn over it (low as above)"),
    Check("text-under-annotation", "high", "text hidden under an opaque annotation or form "
          "field (low as above)"),
    Check("hidden-text-invisible", "medium",
          "text drawn in an invisible render mode (3, or 7 with nothing painted through it); "
          "low when it lies over an image, as OCR layers do"),
    Check("hidden-text-colour", "medium", "text drawn in the colour of what is behind it"),
    Check("hidden-text-clipped", "medium", "text that renders nothing for another reason "
          "(clipped away)"),
    Check("hidden-text-tiny", "medium", "text smaller than 2 points"),
    Check("hidden-text-outside", "medium", "text outside the page's crop box"),
    Check("earlier-revision", "low", "an incremental update keeps an earlier revision inside "
          "the file"),
    Check("earlier-revision-text", "high", "page text of an earlier revision that the final "
          "revision no longer has"),
    Check("earlier-revision-data", "medium", "metadata, comments, field values or bookmarks "
          "of an earlier revision that the final revision no longer has"),
    Check("unreferenced-text", "high", "an object no longer used by the document that holds "
          "text the pages do not show (medium for a few words; low when the pages show it)"),
    Check("metadata-info", "low", "a document information entry: author, title, producer… "
          "(medium for people, file names and custom keys)"),
    Check("metadata-xmp", "low", "an XMP metadata property (medium for people, file names and "
          "custom properties)"),
    Check("annotation-comment", "medium", "a comment, note or popup with text (low when it "
          "carries only an author or subject)"),
    Check("file-attachment", "medium", "a file attached to the document or to an annotation"),
    Check("javascript", "medium", "JavaScript that runs in the viewer"),
    Check("launch-action", "medium", "an action that opens another file or program"),
    Check("hidden-layer", "medium", "an optional-content layer that is off by default"),
    Check("form-field-value", "low", "a filled form field"),
    Check("bookmark-title", "low", "a bookmark (outline) title that the pages do not show"),
    Check("link-uri", "low", "a link target address", ("pdf", "docx")),
    Check("html-comment", "medium", "an HTML comment", ("html",)),
    Check("html-hidden", "medium", "an HTML element hidden from the reader", ("html",)),
    Check("html-data-attribute", "low", "a data-* attribute value", ("html",)),
    Check("html-meta", "low", "a <meta> tag value", ("html",)),
    Check("html-alt-text", "low", "alt or title text of an element", ("html",)),
    Check("docx-tracked-deletion", "high", "text deleted (or moved away) with tracked changes "
          "that is still in the file (moved text low when the document shows it)", ("docx",)),
    Check("docx-tracked-insertion", "low", "text inserted with tracked changes and not yet "
          "accepted: the file says who inserted what", ("docx",)),
    Check("docx-comment", "medium", "a comment (low when it is empty)", ("docx",)),
    Check("docx-hidden-text", "medium", "text formatted as hidden, white on a white page or "
          "under 2 points", ("docx",)),
    Check("docx-properties", "low", "a document property, the attached template or the author "
          "of a tracked change or comment (medium for people, file names and custom "
          "properties)", ("docx",)),
    Check("docx-embedded-file", "medium", "an embedded file, or another part that is not XML "
          "(images and fonts excepted)", ("docx",)),
    Check("docx-alt-text", "low", "alt text of a drawing, caption or description of a table",
          ("docx",)),
    Check("docx-custom-xml", "medium", "text in a custom XML data part", ("docx",)),
    Check("docx-glossary", "low", "a building block (AutoText, Quick Part) stored with the "
          "document", ("docx",)),
    Check("removed-text", "high", "text known to be removed that is still in the file",
          ("pdf", "html", "docx")),
)}


@dataclass(frozen=True)
class Finding:
    """One thing the scan found.

    ``check`` is a stable check id (see :data:`CHECKS`); ``message`` says what was found
    without quoting it; ``location`` says where inside the file (a key, an object number, a
    revision); ``evidence`` is the text found there, masked in reports by default. ``page``
    is 1-based; ``bbox`` is ``(x0, y0, x1, y1)`` in PDF points from the page's bottom-left.
    ``removed`` names the removed passage a ``removed-text`` finding matched. ``content`` is
    the full text searched for removed passages when it is longer than the evidence (an
    attached file's text); it is never reported.
    """

    check: str
    severity: str
    message: str
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    location: str | None = None
    evidence: str | None = None
    removed: str | None = None
    content: str | None = field(default=None, repr=False, compare=False)

    @property
    def searchable(self) -> str:
        """The text the removed-text search looks through."""
        return self.content or self.evidence or ""

    def sort_key(self) -> tuple[Any, ...]:
        return (-severity_rank(self.severity), self.page or 0, self.check,
                self.location or "", self.bbox or (), self.evidence or "", self.message)

    def to_dict(self, show_secrets: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "page": self.page,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
            "location": self.location,
            "evidence": mask_evidence(self.evidence, show_secrets),
        }
        if self.removed is not None:
            d["removed"] = mask_evidence(self.removed, show_secrets)
        return d


def mask_evidence(text: str | None, show: bool) -> dict[str, Any] | None:
    """The evidence as the report shows it: its length always, its text only on request."""
    if text is None:
        return None
    return {"masked": not show, "chars": len(text), "text": text if show else None}


@dataclass(frozen=True)
class ScanReport:
    """Everything one scan found, in a stable order."""

    path: str | None
    sha256: str
    format: str
    pages: int | None
    findings: tuple[Finding, ...]
    removed_passages: int = 0
    removed_source: str | None = None
    warnings: tuple[str, ...] = ()
    fail_on: str = "high"

    def __post_init__(self) -> None:
        object.__setattr__(self, "findings",
                           tuple(sorted(set(self.findings), key=Finding.sort_key)))

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def failed(self, fail_on: str | None = None) -> bool:
        """True when a finding is at or above ``fail_on`` (default: the report's level)."""
        level = severity_rank(fail_on or self.fail_on)
        return any(severity_rank(f.severity) >= level for f in self.findings)

    def to_dict(self, show_secrets: bool = False) -> dict[str, Any]:
        from auditor import __version__

        return {
            "schema": SCAN_SCHEMA,
            "tool": {"name": "auditor", "version": __version__},
            "file": {"path": self.path, "sha256": self.sha256, "format": self.format,
                     "pages": self.pages},
            "removed": {"source": self.removed_source, "passages": self.removed_passages},
            "summary": {"findings": len(self.findings), **self.counts(),
                        "fail_on": self.fail_on, "failed": self.failed()},
            "findings": [f.to_dict(show_secrets) for f in self.findings],
            "warnings": list(self.warnings),
        }
