"""Markdown extraction: what the rendered page shows, in the dialect the file is written in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus
from golden_files import check_golden
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.cli import cli
from auditor.errors import NoTextError, UsageError
from auditor.extract import extract, extract_bytes
from auditor.extract.markdown import guess_dialect, markdown_to_html
from auditor.models import Document


def md(text: str, dialect: str | None = None) -> Document:
    return extract_bytes(text.encode(), "a.md", fmt="markdown", dialect=dialect)


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


@pytest.mark.parametrize("name", ["report-draft.md", "report-published.md"])
def test_report_golden(fixtures: Path, name: str) -> None:
    doc = extract(fixtures / name)
    check_golden(f"extract/{name}.txt", doc.text)
    assert doc.source.format == "markdown"
    assert doc.source.engine == "gfm"
    assert doc.title == "Pre-deployment Evaluation of Helios-2"


def test_markup_is_gone_and_link_text_kept() -> None:
    doc = md("# Title *with* emphasis\n\nSome **bold** and `code` and [a link](https://x.org) "
             "and ![an image](pic.png) and <https://example.org>.\n")
    assert blocks(doc) == [
        ("heading", "Title with emphasis"),
        ("paragraph", "Some bold and code and a link and and https://example.org."),
    ]


def test_front_matter_is_skipped_and_gives_the_title() -> None:
    doc = md("---\ntitle: \"Terms of Use\"\nredirect_from: /x\n---\n\nBody text.\n")
    assert doc.text == "Body text."
    assert doc.title == "Terms of Use"


def test_gfm_tables_lists_and_code() -> None:
    doc = md("| Area | Score |\n|---|:-:|\n| Biology | 9 |\n\n- one\n- two\n\n"
             "```python\nx = 1\n\ny = 2\n```\n\n- [x] done\n")
    assert blocks(doc) == [
        ("table_cell", "Area"), ("table_cell", "Score"), ("table_cell", "Biology"),
        ("table_cell", "9"), ("list_item", "one"), ("list_item", "two"), ("code", "x = 1"),
        ("code", "y = 2"), ("list_item", "done"),
    ]


def test_footnotes_become_numbered_footnote_blocks() -> None:
    doc = md("Claim one.[^b] Claim two.[^a]\n\n[^a]: Note A.\n[^b]: Note *B*.\n[^c]: Unused.\n")
    assert blocks(doc) == [
        ("paragraph", "Claim one.1 Claim two.2"), ("footnote", "Note B."), ("footnote", "Note A."),
    ]


def test_html_rendering_of_the_same_markdown_reads_the_same(fixtures: Path) -> None:
    source = (fixtures / "report-published.md").read_text(encoding="utf-8")
    rendered, _ = markdown_to_html(source, "gfm")
    page = extract_bytes(f"<html><body>{rendered}</body></html>".encode(), "p.html")
    assert page.text == extract(fixtures / "report-published.md").text


def test_dialect_is_guessed_from_pandoc_only_syntax() -> None:
    assert guess_dialect("# Title\n\nPlain \"quotes\" -- here.\n") == "gfm"
    for pandoc in ('<div class="x" markdown="1">\n\ntext\n\n</div>\n', "# Intro {#intro}\n",
                   "::: note\ntext\n:::\n", "Text.^[An inline note.]\n", "% Title\n\nText\n",
                   "Text.[^1]\n\n[^1]: A note.\n"):
        assert guess_dialect(pandoc) == "pandoc", pandoc


def test_pandoc_smart_punctuation_and_attributes() -> None:
    doc = md("# Scope {#scope .unnumbered}\n\nShe said \"yes\" -- twice --- and 'no'... "
             "Bertrand et al.'s study and 's.\n", "pandoc")
    assert blocks(doc) == [
        ("heading", "Scope"),
        ("paragraph", "She said “yes” – twice — and ‘no’… Bertrand et al.’s study and ’s."),
    ]
    assert md("She said \"yes\" -- twice.\n", "gfm").text == "She said \"yes\" -- twice."


def test_pandoc_reads_markdown_inside_div_blocks_and_lenient_tables() -> None:
    doc = md('<div class="text-center" markdown="1">\n**Table 1**\n</div>\n\n'
             "|FAL|Requirement|\n|:--:|----|----|\n|1|Bearer assertion.|\n\n"
             "![Federation overview](fed.png)\n", "pandoc")
    assert blocks(doc) == [
        ("paragraph", "Table 1"), ("table_cell", "FAL"), ("table_cell", "Requirement"),
        ("table_cell", "1"), ("table_cell", "Bearer assertion."),
        ("caption", "Federation overview"),
    ]


def test_raw_html_in_markdown_is_read_as_html() -> None:
    doc = md("Intro.\n\n<table>\n<tr><td>A<br>B</td><td>&nbsp;</td></tr>\n</table>\n\n"
             "<script>alert(1)</script>\n")
    assert blocks(doc) == [("paragraph", "Intro."), ("table_cell", "A B")]


def test_unknown_dialect_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        md("text", "rst")
    f = tmp_path / "a.md"
    f.write_text("# Title\n\nText.\n")
    result = runner.invoke(cli, ["extract", str(f), "--dialect", "rst"])
    assert result.exit_code == 2
    assert result.stderr.startswith("auditor: Invalid value for '--dialect': 'rst' is not one of")
    # A PDF engine named for a Markdown file is ignored, so one --engine serves both sides
    # of a comparison.
    result = runner.invoke(cli, ["extract", str(f), "--engine", "pypdf"])
    assert result.exit_code == 0
    assert result.stdout == "Title\n\nText.\n"


def test_markdown_with_only_an_image(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "pic.md"
    f.write_text("# \n\n![](only.png)\n")
    result = runner.invoke(cli, ["extract", str(f), "--from", "markdown"])
    assert result.exit_code == 3
    assert result.stderr == f"auditor: {f}: no visible text in the Markdown; nothing to extract\n"


@pytest.mark.parametrize("source", ["> " * 1000 + "deep", "1. " * 300 + "deep",
                                    "- " * 60 + "deep", ">" * 5000 + " deep"])
def test_absurd_nesting_is_flattened_not_lost(source: str) -> None:
    doc = md(source)
    assert doc.text == "deep"
    assert doc.warnings == (
        "the Markdown nests block quotes or lists too deeply; the deepest were flattened",)


def test_a_paragraph_of_quote_soup_does_not_hang_the_pandoc_dialect() -> None:
    doc = md("\"'" * 50_000, "pandoc")
    assert doc.text == "\"'" * 50_000
    assert doc.warnings == (
        "a paragraph has too many quote marks to pair; its quotes were left straight",)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["# ", "> ", "- ", "1. ", "*", "_", "`", "```\n", "[", "]",
                                 "(", ")", "[^1]", "[^1]: ", "|", "---", "\n", "\n\n", "word",
                                 "<div>", "</div>", '"', "'", "{#a}", ":::", "    ", "![x](y)"]),
                max_size=40),
       st.sampled_from(["gfm", "commonmark", "pandoc"]))
def test_any_markdown_soup_gives_a_document_or_no_text(parts: list[str], dialect: str) -> None:
    try:
        doc = md("".join(parts), dialect)
    except NoTextError:
        return
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text


@pytest.mark.parametrize("name", ["report-draft.md", "report-published.md"])
def test_extracting_the_extracted_text_changes_nothing(fixtures: Path, name: str) -> None:
    first = extract(fixtures / name)
    again = extract_bytes(first.text.encode(), "again.txt", fmt="text")
    assert again.text == first.text


@needs_corpus()
@pytest.mark.parametrize("side", ["before", "after"])
def test_corpus_markdown_gives_the_corpus_visible_text(side: str) -> None:
    for pair in sorted((CORPUS / "pairs").iterdir()):
        doc = extract(pair / f"{side}.md")
        expected = (pair / f"{side}.txt").read_text(encoding="utf-8").strip()
        assert doc.text == expected, pair.name
        origin = (pair / "origin.txt").read_text(encoding="utf-8")
        assert doc.source.engine == ("pandoc" if "pandoc Markdown" in origin else "gfm")
