"""Bad PDFs: one clear line on stderr and exit 3 (2 for usage), never a traceback or a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.errors import UsageError
from auditor.extract import extract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ENGINES = ("pdfium", "pypdf")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_without_password(engine: str) -> None:
    f = FIXTURES / "encrypted.pdf"
    code, out, err = run("extract", str(f), "--engine", engine)
    assert (code, out) == (3, "")
    assert err == f"auditor: {f}: the PDF is encrypted; pass its password with --password\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_with_wrong_password(engine: str) -> None:
    f = FIXTURES / "encrypted.pdf"
    code, _, err = run("extract", str(f), "--password", "wrong", "--engine", engine)
    assert code == 3
    assert err == (f"auditor: {f}: wrong password for this encrypted PDF; "
                   "check the value given with --password\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_with_password(engine: str) -> None:
    code, out, _ = run("extract", str(FIXTURES / "encrypted.pdf"), "--password", "lumen",
                       "--engine", engine)
    assert (code, out) == (0, "This page is encrypted; the user password is lumen.\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_scanned_pdf_has_no_text_layer(engine: str) -> None:
    f = FIXTURES / "scanned.pdf"
    code, _, err = run("extract", str(f), "--engine", engine)
    assert code == 3
    assert err == f"auditor: {f}: no text layer; run OCR first (e.g. ocrmypdf)\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_pdf(engine: str) -> None:
    f = FIXTURES / "truncated.pdf"
    code, _, err = run("extract", str(f), "--engine", engine)
    assert code == 3
    assert err == (f"auditor: {f}: truncated PDF (the end-of-file marker is missing); "
                   "download or export it again\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_zero_pages(engine: str) -> None:
    f = FIXTURES / "zero-pages.pdf"
    code, _, err = run("extract", str(f), "--engine", engine)
    assert code == 3
    assert err == f"auditor: {f}: the PDF has no pages; nothing to extract\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_corrupt_pdf(engine: str, tmp_path: Path) -> None:
    f = tmp_path / "corrupt.pdf"
    f.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    code, _, err = run("extract", str(f), "--engine", engine)
    assert code == 3
    assert err == (f"auditor: {f}: damaged or truncated PDF, cannot be read; "
                   "re-export it, or try to repair it with qpdf\n")


def test_unknown_engine_is_a_usage_error() -> None:
    code, _, err = run("extract", str(FIXTURES / "report-draft.pdf"), "--engine", "magic")
    assert code == 2
    assert err == "auditor: unknown PDF engine 'magic'; choose one of: pdfium, pypdf\n"


def test_unknown_engine_in_the_library() -> None:
    with pytest.raises(UsageError) as info:
        extract(FIXTURES / "report-draft.pdf", engine="magic")
    assert str(info.value) == "unknown PDF engine 'magic'; choose one of: pdfium, pypdf"


# -- hostile structures ------------------------------------------------------------------

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def build(objects: list[bytes]) -> bytes:
    """A PDF whose catalog (object 1) names ``objects[0]`` (object 2) as its page tree."""
    body = [b"<< /Type /Catalog /Pages 2 0 R >>", *objects]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(body, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1,
                                                                             xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def page(contents: bytes, resources: bytes = b"/Font << /F1 5 0 R >>") -> list[bytes]:
    """Objects 2–5: the page tree, one page, its content stream and a font."""
    return [b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
            b"/Resources << " + resources + b" >> >>",
            stream(contents), FONT]


HOSTILE = {
    # The page tree points back at itself.
    "cyclic page tree": (build([b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"]),
                         None),
    "kids repeat the tree": (build([b"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>"]), None),
    # A page count of two thousand million for one page.
    "absurd page count": (build([b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>",
                                 *page(b"BT /F1 12 Tf 20 100 Td (Counted once.) Tj ET")[1:]]),
                          "Counted once."),
    # A form XObject that draws itself.
    "recursive form": (build([*page(b"BT /F1 12 Tf 20 150 Td (Outer.) Tj ET /X Do",
                                    b"/XObject << /X 6 0 R >> /Font << /F1 5 0 R >>"),
                              stream(b"BT /F1 12 Tf 20 50 Td (Inner.) Tj ET /X Do",
                                     b"/Type /XObject /Subtype /Form /BBox [0 0 300 200] "
                                     b"/Resources << /XObject << /X 6 0 R >> "
                                     b"/Font << /F1 5 0 R >> >> ")]), "Outer.\n\nInner."),
    # 100 000 nested arrays in the page dictionary.
    "deep nesting": (build(page(b"BT /F1 12 Tf 20 100 Td (Deep.) Tj ET",
                                b"/Font << /F1 5 0 R >> /Junk " + b"[" * 100_000
                                + b"]" * 100_000)), None),
    # 100 000 nested graphics states around one line of text.
    "nested states": (build(page(b"q " * 100_000 + b"BT /F1 12 Tf 20 100 Td (Still here.) Tj ET"
                                 + b" Q" * 100_000)), "Still here."),
    # The cross-reference table points into nowhere.
    "broken xref": (build(page(b"BT /F1 12 Tf 20 100 Td (Found anyway.) Tj ET"))
                    .replace(b"0000000009 00000 n", b"0000999999 00000 n"), "Found anyway."),
    "catalog is a string": (build([b"(not a dictionary)"]), None),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_structure(case: str, engine: str, tmp_path: Path) -> None:
    data, text = HOSTILE[case]
    f = tmp_path / "hostile.pdf"
    f.write_bytes(data)
    t0 = time.monotonic()
    code, out, err = run("extract", str(f), "--engine", engine)
    assert time.monotonic() - t0 < 30, "took too long"
    assert "Traceback" not in err and "internal error" not in err
    if code == 0:
        assert text is None or out == text + "\n"
    else:
        assert code == 3
        assert err.startswith(f"auditor: {f}: ") and err.count("\n") == 1
