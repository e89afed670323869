"""Each generated leak fixture is found by exactly the check made for it; clean ones are clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import scan
from tests.conftest import load_script

SCAN = Path(__file__).resolve().parent.parent / "fixtures" / "scan"
REMOVED = SCAN / "removed.txt"

#: fixture → the check ids it must produce (and no others).
LEAKS = {
    "leak-under-black-rect.pdf": {"text-under-box"},
    "leak-under-path-box.pdf": {"text-under-box"},
    "leak-under-fractional-box.pdf": {"text-under-box"},
    "leak-under-image.pdf": {"text-under-image"},
    "leak-under-annotation.pdf": {"text-under-annotation"},
    "leak-incremental-update.pdf": {"earlier-revision", "earlier-revision-text"},
    "leak-unreferenced-object.pdf": {"unreferenced-text"},
    "leak-metadata.pdf": {"metadata-info", "metadata-xmp"},
    "leak-comments.pdf": {"annotation-comment"},
    "leak-attachments.pdf": {"file-attachment"},
    "leak-invisible-text.pdf": {"hidden-text-invisible"},
    "leak-white-text.pdf": {"hidden-text-colour"},
    "leak-tiny-text.pdf": {"hidden-text-tiny"},
    "leak-outside-cropbox.pdf": {"hidden-text-outside"},
    "leak-javascript.pdf": {"javascript", "launch-action"},
    "leak-hidden-layer.pdf": {"hidden-layer"},
    "leak-form-fields.pdf": {"form-field-value"},
    "leak-bookmarks.pdf": {"bookmark-title"},
    "leak-link-uri.pdf": {"link-uri"},
    "leak-page.html": {"html-comment", "html-hidden", "html-data-attribute", "html-meta",
                       "html-alt-text"},
}
CLEAN = ["clean-plain.pdf", "clean-redacted.pdf", "clean-shapes.pdf", "clean-bookmarks.pdf",
         "clean-page.html"]
SECRET = REMOVED.read_text().strip()
#: fixtures whose leak does not contain the removed passage itself.
NOT_THE_PASSAGE = {"leak-javascript.pdf", "leak-link-uri.pdf"}


@pytest.mark.parametrize("name", sorted(LEAKS))
def test_leak_fixture_is_found_by_its_check(name: str) -> None:
    report = scan(SCAN / name)
    assert {f.check for f in report.findings} == LEAKS[name]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixture_reports_nothing(name: str) -> None:
    report = scan(SCAN / name, removed_file=REMOVED)
    assert report.findings == ()
    assert not report.failed("low")


@pytest.mark.parametrize("name", sorted(set(LEAKS) - NOT_THE_PASSAGE))
def test_removed_passage_is_found_where_it_survives(name: str) -> None:
    report = scan(SCAN / name, removed_file=REMOVED)
    survivors = [f for f in report.findings if f.check == "removed-text"]
    assert survivors, name
    assert all(f.severity == "high" and f.removed == SECRET for f in survivors)
    where = {f.location.split(":")[0] for f in survivors if f.location}
    assert where <= LEAKS[name] | {"earlier-revision-text"}


def test_overlay_reports_the_hidden_words_and_where() -> None:
    (finding,) = scan(SCAN / "leak-under-black-rect.pdf").findings
    assert finding.evidence == SECRET
    assert finding.page == 1
    assert finding.message == "30 characters hidden under a black filled shape drawn over them"
    assert finding.bbox is not None
    x0, y0, x1, y1 = finding.bbox
    assert 140 < x0 < 160 and 320 < x1 < 340 and 690 < y0 < y1 < 715


def test_hidden_text_finds_only_the_hidden_line() -> None:
    for name in ("leak-invisible-text.pdf", "leak-white-text.pdf", "leak-tiny-text.pdf",
                 "leak-outside-cropbox.pdf"):
        (finding,) = scan(SCAN / name).findings
        assert finding.evidence == SECRET, name


def test_incremental_update_names_the_revision_and_the_lost_line() -> None:
    report = scan(SCAN / "leak-incremental-update.pdf")
    lost = next(f for f in report.findings if f.check == "earlier-revision-text")
    assert lost.location == "revision 1 of 2, page 1"
    assert lost.evidence == f"Summary: the {SECRET} were shared with Lumen Labs."
    assert lost.severity == "high"


def test_metadata_severities() -> None:
    report = scan(SCAN / "leak-metadata.pdf")
    got = {(f.location, f.severity) for f in report.findings}
    assert ("Info /Author", "medium") in got
    assert ("Info /Title", "medium") in got  # a file name
    assert ("Info /MSIP_Label_0a1b2c3d_Enabled", "medium") in got
    assert ("Info /Producer", "low") in got
    assert ("XMP pdfx:SourceFile", "medium") in got
    assert ("XMP dc:creator", "medium") in got


def test_report_is_deterministic() -> None:
    a = scan(SCAN / "leak-comments.pdf", removed_file=REMOVED).to_dict(show_secrets=True)
    b = scan(SCAN / "leak-comments.pdf", removed_file=REMOVED).to_dict(show_secrets=True)
    assert a == b


def test_fixtures_are_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mod = load_script(SCAN.parent / "make_leak_fixtures.py")
    monkeypatch.setattr(mod, "OUT", tmp_path)
    mod.main()
    for made in sorted(tmp_path.iterdir()):
        assert made.read_bytes() == (SCAN / made.name).read_bytes(), made.name
