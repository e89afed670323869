"""PDF extraction on the fixture pair: golden text, noise reported apart, provenance."""

from __future__ import annotations

import importlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus
from hypothesis import given
from hypothesis import strategies as st

from auditor.cli import cli
from auditor.extract import extract, extract_bytes
from auditor.models import Document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAIR = ("report-draft", "report-published")


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {name: extract(FIXTURES / f"{name}.pdf") for name in PAIR}


@pytest.mark.parametrize("name", PAIR)
def test_text_equals_golden(docs: dict[str, Document], name: str) -> None:
    golden = (FIXTURES / "golden" / f"{name}.pdf.txt").read_text(encoding="utf-8")
    assert docs[name].text + "\n" == golden


@pytest.mark.parametrize("name", PAIR)
def test_cli_prints_the_golden_text(name: str) -> None:
    result = CliRunner().invoke(cli, ["extract", str(FIXTURES / f"{name}.pdf")])
    assert result.exit_code == 0
    assert result.stdout == (FIXTURES / "golden" / f"{name}.pdf.txt").read_text(encoding="utf-8")


def test_furniture_is_reported_not_kept(docs: dict[str, Document]) -> None:
    draft = [(f.kind, f.text, f.pages) for f in docs["report-draft"].furniture]
    assert draft == [
        ("footer", "Printed 2026-03-03 14:22", (1, 2, 3, 4)),
        ("header", "DRAFT — confidential — for review by Lumen Labs", (1, 2, 3, 4)),
        ("page-number", "Page N of M", (1, 2, 3, 4)),
        ("watermark", "DRAFT", (1, 2, 3, 4)),
    ]
    published = [(f.kind, f.text, f.pages) for f in docs["report-published"].furniture]
    assert published == [
        ("header", "Northwind Evaluations · Public report", (1, 2, 3, 4)),
        ("page-number", "— N —", (1, 2, 3, 4)),
        ("watermark", "PUBLIC VERSION", (1, 2, 3, 4)),
    ]
    for doc in docs.values():
        for noise in ("DRAFT", "Page 1", "Printed", "Public report", "PUBLIC VERSION", "— 2 —"):
            assert noise not in doc.text


def test_typesetting_noise_is_undone(docs: dict[str, Document]) -> None:
    draft = docs["report-draft"].text
    assert "\ufb01" not in draft and "thresholds defined in" in draft  # ﬁ → fi
    assert "autonomous replication" in draft  # repli- / cation joined
    assert "The model recieved partial credit" in draft  # joined across the column break
    assert "cyber-offense" in draft and "role-play" in draft  # compounds keep their hyphen


def test_paragraph_split_by_page_break_and_footnote_stays_whole(
        docs: dict[str, Document]) -> None:
    doc = docs["report-draft"]
    kinds = [(b.kind, b.page, b.text[:30]) for b in doc.blocks]
    split = ("paragraph", 1, "Lumen Labs gave us access to t")
    note = ("footnote", 1, "1 Version 2.1 of the framework")
    assert kinds[kinds.index(split) + 1] == note
    para = doc.blocks[kinds.index(split)]
    assert para.text.endswith("did not have access to model weights, training data or the "
                              "internal red-team reports.")
    assert doc.page_at(para.end - 5) == 2  # the end of the paragraph is printed on page 2


def test_blocks_have_kinds_sections_and_levels(docs: dict[str, Document]) -> None:
    doc = docs["report-published"]
    headings = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert headings[0] == ("Pre-deployment Evaluation of Helios-2", 1)
    assert ("3. Results", 2) in headings
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text[:2] for b in items] == ["1.", "2."]
    assert {b.section for b in items} == {"4. Recommendations"}
    results = [b for b in doc.blocks if b.section == "3. Results"]
    assert len(results) == 4 and {b.page for b in results} == {3}


def test_spans_boxes_and_page_starts_are_consistent(docs: dict[str, Document]) -> None:
    for doc in docs.values():
        assert doc.source.format == "pdf" and doc.source.engine == "pdfium"
        assert doc.source.pages == 4 and len(doc.page_starts) == 4
        assert list(doc.page_starts) == sorted(doc.page_starts) and doc.page_starts[0] == 0
        for b in doc.blocks:
            assert doc.text[b.start:b.end] == b.text
        assert doc.boxes
        for box in doc.boxes:
            assert box.x0 < box.x1 and box.y0 < box.y1
            assert doc.text[box.start:box.end].strip()
            assert doc.page_at(box.start) == box.page or doc.block_at(box.start).kind == "footnote"
        assert doc.title == "Pre-deployment Evaluation of Helios-2"


@pytest.mark.parametrize("path", [
    *(FIXTURES / f"{name}.pdf" for name in PAIR),
    FIXTURES / "scan" / "leak-outside-cropbox.pdf",
    pytest.param(CORPUS / "pairs" / "nist-800-63c-errata-2019" / "after.pdf",
                 marks=needs_corpus()),
    pytest.param(CORPUS / "perf" / "tracemonkey.pdf", marks=needs_corpus()),
], ids=lambda p: p.name)
def test_without_boxes_only_the_boxes_are_left_out(path: Path) -> None:
    full = extract(path, workers=1)
    bare = extract(path, workers=1, boxes=False)
    assert full.boxes and bare.boxes == ()
    assert bare == replace(full, boxes=())  # page starts included


def test_box_points_at_its_words(docs: dict[str, Document]) -> None:
    doc = docs["report-draft"]
    start = doc.text.index("Executive summary")
    box = next(b for b in doc.boxes if b.start == start)
    assert doc.text[box.start:box.end] == "Executive summary"
    assert box.page == 1 and 50 < box.x0 < 60 and box.y0 > 400


def test_json_output_has_the_pdf_fields() -> None:
    result = CliRunner().invoke(cli, ["extract", str(FIXTURES / "report-draft.pdf"),
                                      "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["source"]["engine"] == "pdfium" and data["source"]["pages"] == 4
    assert data["furniture"][2] == {"kind": "page-number", "text": "Page N of M",
                                    "pages": [1, 2, 3, 4]}
    assert len(data["page_starts"]) == 4
    assert set(data["boxes"][0]) == {"page", "bbox", "start", "end"}


@pytest.mark.parametrize("name", PAIR)
def test_extracting_the_extracted_text_changes_nothing(docs: dict[str, Document],
                                                        name: str) -> None:
    text = docs[name].text
    again = extract_bytes(text.encode("utf-8"), "again.txt", fmt="text")
    assert again.text == text


@pytest.mark.parametrize("name", PAIR)
def test_pypdf_engine_finds_the_same_sentences(name: str) -> None:
    from auditor.sentences import sentences

    golden = (FIXTURES / "golden" / f"{name}.pdf.txt").read_text(encoding="utf-8")
    doc = extract(FIXTURES / f"{name}.pdf", engine="pypdf")
    assert doc.source.engine == "pypdf"
    flat = " ".join(doc.text.split())
    assert [s for s in sentences(golden) if s not in flat] == []
    assert [f.text for f in doc.furniture] == [f.text for f in extract(
        FIXTURES / f"{name}.pdf").furniture]


def test_same_output_every_time() -> None:
    first = extract(FIXTURES / "report-published.pdf").to_dict()
    second = extract(FIXTURES / "report-published.pdf").to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


# -- hand-made pages -------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_rotated_page_reads_upright_and_boxes_are_in_page_space(engine: str) -> None:
    from tests.test_pdf_errors import FONT, build, stream

    # /Rotate 90 with text drawn turned a quarter left: a reader sees it upright. Lines go
    # down the displayed page, which is +x in page space. A line set level in page space
    # reads sideways once the page turns: a stamp.
    data = build([b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 400] /Rotate 90 "
                  b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                  stream(b"BT /F1 12 Tf 0 1 -1 0 130 20 Tm (Upright after the turn.) Tj ET "
                         b"BT /F1 12 Tf 0 1 -1 0 150 20 Tm (Second line.) Tj ET "
                         b"BT /F1 9 Tf 20 380 Td (SIDEWAYS STAMP) Tj ET"), FONT])
    doc = extract_bytes(data, "rotated.pdf", engine=engine)
    assert " ".join(doc.text.split()) == "Upright after the turn. Second line."
    assert [(f.kind, f.text) for f in doc.furniture] == [("watermark", "SIDEWAYS STAMP")]
    box = doc.boxes[0]
    assert 115 < box.x0 < box.x1 < 135 and 15 < box.y0 < 25 < 120 < box.y1  # runs up the page


def test_a_page_without_text_is_named_in_the_warnings() -> None:
    from tests.test_pdf_errors import FONT, build, stream

    data = build([b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
                  b"/Resources << /Font << /F1 5 0 R >> >> >>",
                  stream(b"BT /F1 12 Tf 20 100 Td (Only the first page has text.) Tj ET"), FONT,
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 7 0 R >>",
                  stream(b"0 0 m 100 100 l S")])
    doc = extract_bytes(data, "half-scanned.pdf")
    assert doc.text == "Only the first page has text."
    assert doc.warnings == ("1 page(s) without a text layer (scanned?): 2",)
    assert doc.page_starts == (0, len(doc.text))


@pytest.mark.parametrize("path", [
    FIXTURES / "report-draft.pdf",
    FIXTURES / "scan" / "leak-outside-cropbox.pdf",
    FIXTURES / "scan" / "leak-invisible-text.pdf",
    pytest.param(CORPUS / "perf" / "tracemonkey.pdf", marks=needs_corpus()),
], ids=lambda p: p.name)
def test_pages_read_through_the_raw_api_as_pypdfium2_reads_them(path: Path) -> None:
    import pypdfium2 as pdfium

    engine = importlib.import_module("auditor.extract.pdfium_engine")
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            assert engine._page_text(textpage.raw) == textpage.get_text_range()
            assert engine._crop_box(page.raw) == page.get_cropbox()
            assert engine._rotation(page.raw) == page.get_rotation()
            textpage.close()
            page.close()
    finally:
        pdf.close()


@given(st.text(alphabet=st.sampled_from("ab \r\n\ufffe\x02"), max_size=30))
def test_pdfium_lines_end_at_breaks_and_after_hyphenation_marks(text: str) -> None:
    engine = importlib.import_module("auditor.extract.pdfium_engine")
    expected, start = [], 0
    for k, ch in enumerate(text):
        if ch in "\r\n\ufffe\x02":
            end = k + 1 if ch in "\ufffe\x02" else k
            if end > start:
                expected.append((start, end))
            start = k + 1
    if start < len(text):
        expected.append((start, len(text)))
    assert engine._line_spans(text) == expected
