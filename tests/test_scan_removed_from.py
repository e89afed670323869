"""`--removed-from DRAFT`: what compare says the draft lost is searched for in the published
file (runs once `auditor.compare` is part of the build)."""

from __future__ import annotations

from pathlib import Path

import pytest

import auditor
from auditor.scan import scan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
needs_compare = pytest.mark.skipif(not hasattr(auditor, "compare"),
                                   reason="auditor.compare is not in this build yet")


@needs_compare
def test_published_page_without_leaks(tmp_path: Path) -> None:
    report = scan(FIXTURES / "report-published.html",
                  removed_from=FIXTURES / "report-draft.md")
    assert report.removed_passages > 0
    assert report.removed_source == f"draft {FIXTURES / 'report-draft.md'}"
    assert not [f for f in report.findings if f.check == "removed-text"]


@needs_compare
def test_removed_reference_left_in_a_comment_is_found(tmp_path: Path) -> None:
    page = (FIXTURES / "report-published.html").read_text(encoding="utf-8")
    leaky = tmp_path / "published.html"
    leaky.write_text(page.replace("</body>", "<!-- was: the internal incident report IR-2291 "
                                  "-->\n</body>"), encoding="utf-8")
    report = scan(leaky, removed_from=FIXTURES / "report-draft.md")
    (found,) = [f for f in report.findings if f.check == "removed-text"]
    assert found.severity == "high"
    assert found.location is not None and found.location.startswith("html-comment")
    assert found.removed == "the internal incident report IR-2291"
