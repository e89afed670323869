"""A page whose MediaBox is inherited from the page tree (allowed by the PDF standard, written
by PyMuPDF and others): pdfium's get_cropbox() ignores inheritance and falls back to US
Letter, which put text near the top of an A4 page "off the page"."""

from __future__ import annotations

from pathlib import Path

from auditor.extract import extract
from auditor.scan import scan


def inherited_a4(path: Path, text: str) -> Path:
    """A one-page PDF whose A4 MediaBox sits on the Pages node, with ``text`` near the top
    (y = 800, above US Letter's 792)."""
    stream = f"BT /F1 11 Tf 72 800 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595.28 841.89] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_text_near_the_top_of_an_inherited_a4_page_is_extracted(tmp_path: Path) -> None:
    pdf = inherited_a4(tmp_path / "a4.pdf", "Findings of the review")
    for engine in ("pdfium", "pypdf"):
        doc = extract(pdf, engine=engine)
        assert doc.text == "Findings of the review", engine
        assert doc.blocks[0].page == 1


def test_scan_does_not_call_it_outside_the_crop_box(tmp_path: Path) -> None:
    pdf = inherited_a4(tmp_path / "a4.pdf", "Findings of the review")
    report = scan(pdf)
    assert [f.check for f in report.findings if f.check.startswith("hidden-text")] == []
