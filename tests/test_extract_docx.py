"""DOCX extraction: styles give kinds, headers/footers are furniture, tracked changes accepted."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, FIXTURES, needs_corpus
from golden_files import check_golden

from auditor.cli import cli
from auditor.extract import extract, extract_bytes
from auditor.models import Furniture


def run(runner: CliRunner, path: Path) -> tuple[int, str]:
    result = runner.invoke(cli, ["extract", str(path)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("name", ["report-draft.docx", "tracked-changes.docx"])
def test_golden(fixtures: Path, name: str) -> None:
    doc = extract(fixtures / name)
    check_golden(f"extract/{name}.txt", doc.text)
    assert doc.source.format == "docx"


def test_report_kinds_levels_and_reading_order(fixtures: Path) -> None:
    doc = extract(fixtures / "report-draft.docx")
    assert doc.title == "Pre-deployment Evaluation of Helios-2"
    heads = [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]
    assert heads[:3] == [(1, "Pre-deployment Evaluation of Helios-2"),
                         (2, "Executive summary"), (2, "1. Scope and access")]
    kinds = [b.kind for b in doc.blocks]
    table = kinds.index("table_cell")
    assert kinds[table - 1] == "caption"
    assert [b.text for b in doc.blocks[table:table + 6]] == [
        "Area", "Tasks completed", "Threshold", "Biology", "9 of 30", "15"]
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert len(items) == 3 and items[0].text.startswith("Lumen Labs should strengthen")
    assert {b.section for b in items} == {"4. Recommendations"}


def test_footnote_is_a_block_and_its_reference_a_number(fixtures: Path) -> None:
    doc = extract(fixtures / "report-draft.docx")
    assert (doc.blocks[-1].kind, doc.blocks[-1].text) == (
        "footnote", "The prompts were written by the evaluation team and are not published.")
    assert "with different prompts.1\n" in doc.text


def test_headers_and_footers_are_furniture_not_text(fixtures: Path) -> None:
    doc = extract(fixtures / "report-draft.docx")
    assert doc.furniture == (
        Furniture("header",
                  "Northwind Evaluations · Helios-2 evaluation Draft for review, confidential"),
        Furniture("footer", "Page N of M"),
    )
    assert "Draft for review, confidential" not in doc.text
    assert "Page" not in doc.text


def test_tracked_changes_are_accepted_and_reported(fixtures: Path) -> None:
    doc = extract(fixtures / "tracked-changes.docx")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "3. Results"),
        ("paragraph", "Safeguards blocked 24 of 40 jailbreak attempts."),
        ("paragraph", "Attacks using role-play framing were the most effective."),
    ]
    assert doc.warnings == (
        "the file contains tracked changes: the text is read with all changes accepted "
        "(insertions kept, deletions dropped)",
        "the file contains 1 comment; comments are not part of the extracted text",
    )
    assert "IR-2291" not in doc.text and "Reviewer only" not in doc.text
    assert "Name the framings" not in doc.text


def test_fixtures_are_reproducible(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(FIXTURES / "make_docx_fixtures.py"), str(tmp_path)],
                   check=True)
    for name in ("report-draft.docx", "tracked-changes.docx"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


@pytest.mark.parametrize("name", ["report-draft.docx", "tracked-changes.docx"])
def test_extracting_the_extracted_text_changes_nothing(fixtures: Path, name: str) -> None:
    first = extract(fixtures / name)
    again = extract_bytes(first.text.encode(), "again.txt", fmt="text")
    assert again.text == first.text


def test_truncated_docx(runner: CliRunner, tmp_path: Path, fixtures: Path) -> None:
    f = tmp_path / "cut.docx"
    f.write_bytes((fixtures / "report-draft.docx").read_bytes()[:6000])
    code, err = run(runner, f)
    assert code == 3
    assert err == (f"auditor: {f}: a damaged DOCX file (the ZIP archive is truncated or "
                   "corrupt); open it in Word or LibreOffice and save it again\n")


def test_docx_with_malformed_xml(runner: CliRunner, tmp_path: Path, fixtures: Path) -> None:
    f = tmp_path / "bad.docx"
    src = zipfile.ZipFile(fixtures / "report-draft.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"<w:document><w:body><w:p>" if
                         info.filename == "word/document.xml" else data)
    f.write_bytes(out.getvalue())
    code, err = run(runner, f)
    assert code == 3
    assert err == (f"auditor: {f}: a damaged DOCX file (its XML is malformed); open it in Word "
                   "or LibreOffice and save it again\n")


def test_docx_without_its_package_parts(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "bare.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("word/document.xml", "<x/>")
    code, err = run(runner, f)
    assert code == 3
    assert err == (f"auditor: {f}: a damaged DOCX file (a part of the package is missing); "
                   "open it in Word or LibreOffice and save it again\n")


def test_zip_bomb_is_refused_before_reading(runner: CliRunner, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_MAX_INPUT_MB", "1")
    f = tmp_path / "bomb.docx"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b" " * (5 * 1024 * 1024))
    code, err = run(runner, f)
    assert code == 3
    assert err == (f"auditor: {f}: the DOCX expands to 5 MB, over the 4 MB limit; "
                   "raise AUDITOR_MAX_INPUT_MB if the file is genuine\n")


def _compound_file(stream_name: str) -> bytes:
    """The start of an OLE compound file naming one stream (enough for sniffing)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + stream_name.encode("utf-16-le") + b"\x00" * 1024


def test_encrypted_docx(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "locked.docx"
    f.write_bytes(_compound_file("EncryptedPackage"))
    code, err = run(runner, f)
    assert code == 3
    assert err == (f"auditor: {f}: an encrypted (password-protected) Office document; save an "
                   "unprotected copy (Word: File > Info > Protect Document) and extract that\n")


def test_word_97_doc(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "old.doc"
    f.write_bytes(_compound_file("WordDocument"))
    code, err = run(runner, f)
    assert code == 3
    assert err == (f"auditor: {f}: a Word 97-2003 (.doc) file is not supported; save it as "
                   "DOCX or PDF\n")


def test_docx_without_text(runner: CliRunner, tmp_path: Path) -> None:
    import docx

    f = tmp_path / "empty.docx"
    docx.Document().save(str(f))
    code, err = run(runner, f)
    assert code == 3
    assert err == f"auditor: {f}: no text found; the document is empty\n"


@needs_corpus()
def test_corpus_docx_gives_the_corpus_visible_text() -> None:
    pair = CORPUS / "pairs" / "a8c-ads-terms-2020"
    doc = extract(pair / "before.docx")
    assert doc.text == (pair / "before.txt").read_text(encoding="utf-8").strip()
    assert [f.kind for f in doc.furniture] == ["header", "footer"]
    assert doc.furniture[1].text == "page N"
    assert doc.warnings == ()


def test_outline_levels_numbering_content_controls_and_nested_tables(tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls, qn

    doc = docx.Document()
    chapter = doc.styles.add_style("Kapitel", WD_STYLE_TYPE.PARAGRAPH)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    chapter.element.get_or_add_pPr().append(outline)
    doc.add_paragraph("Ergebnisse", style="Kapitel")
    item = doc.add_paragraph("A numbered point.")
    item._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    doc.element.body.insert(-1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Box"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>Inside a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Outer cell"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Inner cell"
    doc.add_paragraph("After the table.")
    f = tmp_path / "mixed.docx"
    doc.save(str(f))
    assert [(b.kind, b.level, b.text) for b in extract(f).blocks] == [
        ("heading", 2, "Ergebnisse"), ("list_item", None, "A numbered point."),
        ("paragraph", None, "Inside a content control."), ("table_cell", None, "Outer cell"),
        ("table_cell", None, "Inner cell"), ("paragraph", None, "After the table."),
    ]
