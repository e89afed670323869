"""Hostile files: a clear error or a bounded scan, never a hang or exhausted memory."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from auditor.errors import CorruptFileError, TooLargeError
from auditor.scan import Limits, scan
from tests.conftest import load_script

pytestmark = pytest.mark.usefixtures("deadline")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


MLF = load_script(FIXTURES / "make_leak_fixtures.py")


def write(tmp_path: Path, data: bytes, name: str = "hostile.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def bomb_stream(size: int) -> bytes:
    """A Flate stream of ``size`` zero bytes (a few KB on disk)."""
    z = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    body = b"".join(z.compress(chunk) for _ in range(size >> 20)) + z.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body)


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    pdf = MLF.PdfBuilder()
    catalog, pages, page = pdf.reserve(), pdf.reserve(), pdf.reserve()
    contents = pdf.add(bomb_stream(80 << 20))
    pdf.objects[page] = (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents "
                         b"%d 0 R >>" % (pages, contents))
    pdf.objects[pages] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    pdf.objects[catalog] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    path = write(tmp_path, pdf.write(catalog))
    assert path.stat().st_size < 200_000
    with pytest.raises(TooLargeError) as exc:
        scan(path)
    assert str(exc.value) == (f"cannot audit {path}: stream 4 decompresses to more than 64 MB; "
                              "the file is hostile (a decompression bomb) or damaged")


def test_many_bombs_hit_the_total_limit(tmp_path: Path) -> None:
    pdf = MLF.PdfBuilder()
    catalog, pages, page = pdf.reserve(), pdf.reserve(), pdf.reserve()
    for _ in range(5):
        pdf.add(bomb_stream(8 << 20))
    pdf.objects[page] = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % pages
    pdf.objects[pages] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    pdf.objects[catalog] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    path = write(tmp_path, pdf.write(catalog))
    limits = Limits(max_total_stream_bytes=30 << 20)
    with pytest.raises(TooLargeError, match="streams decompress to more than 30 MB in all"):
        scan(path, limits=limits)


def test_too_many_objects(tmp_path: Path) -> None:
    path = FIXTURES / "scan" / "leak-attachments.pdf"
    with pytest.raises(TooLargeError) as exc:
        scan(path, limits=Limits(max_objects=5))
    assert str(exc.value) == (f"cannot audit {path}: 11 objects is over the limit of 5; "
                                     "the file is hostile or damaged")


@pytest.mark.parametrize("depth", [300, 5000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    deep = b"[" * depth + b"]" * depth
    data = MLF.one_page(MLF.body_text(), catalog_extra=b"/Deep " + deep + b" ")
    path = write(tmp_path, data)
    with pytest.raises(CorruptFileError) as exc:
        scan(path)
    if depth == 300:  # parsed, then refused by our own depth guard
        assert str(exc.value) == (f"cannot audit {path}: objects nested more than 200 levels "
                                  "deep; the file is hostile or damaged")
    else:  # the parser itself gives up
        assert str(exc.value).startswith(f"cannot audit {path}: not a readable PDF")


def test_outline_loop_ends(tmp_path: Path) -> None:
    """An outline item whose /Next and /First point back at itself."""
    def add(pdf: object) -> bytes:
        pdf.objects[6] = b"<< /Title (Loop) /Next 6 0 R /First 6 0 R >>"  # type: ignore[attr-defined]
        pdf.objects[7] = b"<< /Type /Outlines /First 6 0 R >>"  # type: ignore[attr-defined]
        pdf.objects[1] = b"<< /Type /Catalog /Pages 2 0 R /Outlines 7 0 R >>"  # type: ignore[attr-defined]
        return b""
    report = scan(write(tmp_path, MLF.one_page(MLF.body_text(), more=add)))
    assert [f.evidence for f in report.findings if f.check == "bookmark-title"] == ["Loop"]


def test_prev_chain_loop_ends(tmp_path: Path) -> None:
    """An incremental update whose /Prev points at its own cross-reference section."""
    base = MLF.one_page(MLF.body_text())
    updated = MLF.PdfBuilder.append_update(base, {5: MLF.stream(MLF.body_text())}, root=1)
    own = int(updated.rsplit(b"startxref", 1)[1].split()[0])
    old = int(base.rsplit(b"startxref", 1)[1].split()[0])
    looped = updated.replace(b"/Prev %d" % old, b"/Prev %d" % own)
    report = scan(write(tmp_path, looped))
    assert "earlier-revision-text" not in {f.check for f in report.findings}


def test_self_drawing_form_xobject_ends(tmp_path: Path) -> None:
    """A form XObject that draws itself, forever if nobody stops it."""
    def add(pdf: object) -> bytes:
        pdf.add(MLF.stream(b"BT /F1 12 Tf 72 600 Td (again) Tj ET /X1 Do",  # type: ignore[attr-defined]
                           b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                           b"/Resources << /XObject << /X1 6 0 R >> /Font << /F1 4 0 R >> >> "))
        return b""
    data = MLF.one_page(MLF.body_text(b"/X1 Do\n"), resources=b"/XObject << /X1 6 0 R >> ",
                        more=add)
    report = scan(write(tmp_path, data))
    assert report.pages == 1


def test_huge_page_renders_within_the_pixel_budget(tmp_path: Path) -> None:
    """A 200-inch page with text under a box: found, rendered at a reduced scale."""
    x, y, w, h = MLF.secret_box()
    content = MLF.body_text(b"0 g %.2f %.2f %.2f %.2f re f\n" % (x, y, w, h))
    data = MLF.one_page(content).replace(b"/MediaBox [0 0 612 792]", b"/MediaBox [0 0 14400 792]")
    report = scan(write(tmp_path, data))
    assert [f.check for f in report.findings] == ["text-under-box"]


def test_a_page_pdfium_cannot_load_is_refused_not_a_bug(tmp_path: Path) -> None:
    # the page tree counts two pages, the second of which is the number 42: pdfium opens the
    # file but cannot load that page, so the file cannot be said to hide nothing
    pdf = MLF.PdfBuilder()
    catalog, pages, page = pdf.reserve(), pdf.reserve(), pdf.reserve()
    contents = pdf.add(b"<< /Length 0 >>\nstream\n\nendstream")
    broken = pdf.add(b"42")
    pdf.objects[page] = (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents "
                         b"%d 0 R >>" % (pages, contents))
    pdf.objects[pages] = b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 >>" % (page, broken)
    pdf.objects[catalog] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    path = write(tmp_path, pdf.write(catalog))
    with pytest.raises(CorruptFileError) as exc:
        scan(path)
    assert str(exc.value) == (f"cannot audit {path}: page 2 cannot be read (Failed to load "
                              "page.); the file is damaged; re-export it and scan that")
