"""The scan on real PDFs of the shared corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import pytest

from auditor.errors import CorruptFileError, EncryptedError
from auditor.scan import scan
from tests.conftest import CORPUS, needs_corpus

PDF = CORPUS / "pdf"
pytestmark = needs_corpus()


def test_white_widgets_over_text_are_found() -> None:
    """SF424: 'Version 02' (which x-ray finds) and the expiry date (which it misses) lie under
    white form-field widgets."""
    report = scan(PDF / "pypdf-resources" / "SF424_page2.pdf")
    hidden = sorted(f.evidence or "" for f in report.findings
                    if f.check == "text-under-annotation")
    assert hidden == ["Expiration Date: 01/31/2009", "Version 02"]


def test_clip_only_headline_that_shows_an_image_is_not_hidden() -> None:
    report = scan(PDF / "opf-format-corpus" / "Neddy_Flyer_HeatherRyan.pdf")
    assert not [f for f in report.findings if f.check.startswith(("hidden-text", "text-under"))]


def test_ocr_layer_is_low() -> None:
    report = scan(PDF / "pikepdf-resources" / "sandwich.pdf")
    (ocr,) = [f for f in report.findings if f.check == "hidden-text-invisible"]
    assert ocr.severity == "low"


def test_earlier_revisions_are_counted() -> None:
    report = scan(PDF / "pypdf-resources" / "commented.pdf")
    revisions = [f.location for f in report.findings if f.check == "earlier-revision"]
    assert revisions == ["revision 1 of 3, bytes 0-11448", "revision 2 of 3, bytes 0-12595"]


@pytest.mark.parametrize("name", ["opf-format-corpus/encryption_openpassword.pdf",
                                  "py-pdf-sample-files/libreoffice-writer-password.pdf"])
def test_password_protected_files_cannot_be_audited(name: str) -> None:
    with pytest.raises(EncryptedError):
        scan(PDF / name)


def test_damaged_file_cannot_be_audited() -> None:
    with pytest.raises(CorruptFileError):
        scan(PDF / "py-pdf-sample-files" / "unreadablemetadata.pdf")
