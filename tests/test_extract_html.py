"""HTML extraction: main content only, notes kept and marked, robust to hostile pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus
from golden_files import check_golden
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.cli import cli
from auditor.errors import AuditorError, NoTextError
from auditor.extract import extract, extract_bytes
from auditor.models import Document


def html(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def test_published_report_golden(fixtures: Path) -> None:
    doc = extract(fixtures / "report-published.html")
    check_golden("extract/report-published.html.txt", doc.text)
    assert doc.source.format == "html"
    assert doc.title == "Pre-deployment Evaluation of Helios-2 | Northwind Evaluations"
    assert doc.warnings == ()


def test_site_chrome_is_left_out(fixtures: Path) -> None:
    text = extract(fixtures / "report-published.html").text
    for chrome in ("Skip to content", "Reports", "About us", "cookies", "Accept all",
                   "Share on social media", "Internal note", "Tracking text", "Related reports",
                   "Subscribe", "All rights reserved", "Privacy", "↩"):
        assert chrome not in text


def test_footnote_is_kept_marked_and_referenced(fixtures: Path) -> None:
    doc = extract(fixtures / "report-published.html")
    note = doc.blocks[-1]
    assert (note.kind, note.text) == (
        "footnote", "The prompts were written by the evaluation team and are not published.")
    assert "with different prompts.1" in doc.text
    assert [b.kind for b in doc.blocks].count("footnote") == 1


def test_kinds_levels_and_sections(fixtures: Path) -> None:
    doc = extract(fixtures / "report-published.html")
    heads = [(b.text, b.level, b.section) for b in doc.blocks if b.kind == "heading"]
    assert heads[:3] == [
        ("Pre-deployment Evaluation of Helios-2", 1, None),
        ("Executive summary", 2, "Pre-deployment Evaluation of Helios-2"),
        ("1. Scope and access", 2, "Pre-deployment Evaluation of Helios-2"),
    ]
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.section for b in items] == ["4. Recommendations"] * 2


def test_main_is_preferred_over_the_rest_of_the_body() -> None:
    doc = extract_bytes(html("<div><p>Site blurb.</p></div><main><p>The report.</p></main>"
                             "<div><p>More site.</p></div>"), "a.html")
    assert doc.text == "The report."


def test_single_article_without_main() -> None:
    doc = extract_bytes(html("<div class='promo'><p>Buy now.</p></div>"
                             "<article><h1>Title</h1><p>Body.</p></article>"), "a.html")
    assert blocks(doc) == [("heading", "Title"), ("paragraph", "Body.")]


def test_header_inside_article_is_content_but_site_header_is_not() -> None:
    doc = extract_bytes(html("<header><p>Site name</p></header><section><header><h2>Part A"
                             "</h2></header><p>Text.</p></section><footer>© Site</footer>"),
                        "a.html")
    assert blocks(doc) == [("heading", "Part A"), ("paragraph", "Text.")]


def test_a_page_header_holding_the_document_title_is_content() -> None:
    pandoc = html('<header id="title-block-header"><h1 class="title">The Report</h1>'
                  '<p class="date">3 March 2026</p></header><p>Body.</p>')
    assert extract_bytes(pandoc, "a.html").text == "The Report\n\n3 March 2026\n\nBody."
    banner = html('<header><h1><a href="/">Site</a></h1><nav><a href="/a">A</a></nav></header>'
                  "<h1>The Report</h1><p>Body.</p>")
    assert extract_bytes(banner, "a.html").text == "The Report\n\nBody."


@pytest.mark.parametrize("hidden", [
    '<p hidden>Gone.</p>', '<p aria-hidden="true">Gone.</p>',
    '<p style="color: red; display : none">Gone.</p>', '<p style="visibility:hidden">Gone.</p>',
    '<span class="sr-only">Gone.</span>', '<template><p>Gone.</p></template>',
    '<noscript>Gone.</noscript>', '<form><label>Gone.</label><input value="Gone."></form>',
    '<nav><a href="/">Gone.</a></nav>', '<div role="navigation">Gone.</div>',
    '<div id="cookie-notice"><p>Gone.</p></div>', '<div class="gdpr-consent">Gone.</div>',
    '<svg><text>Gone.</text></svg>', '<button>Gone.</button>',
])
def test_hidden_and_interactive_elements_are_left_out(hidden: str) -> None:
    doc = extract_bytes(html(f"<p>Kept.</p>{hidden}"), "a.html")
    assert doc.text == "Kept."


def test_a_section_about_cookies_is_content() -> None:
    doc = extract_bytes(html('<h2 id="cookies">Cookies</h2><section id="cookie-policy">'
                             "<p>We use two cookies.</p></section>"), "a.html")
    assert doc.text == "Cookies\n\nWe use two cookies."


def test_tables_captions_definition_lists_and_code() -> None:
    doc = extract_bytes(html(
        "<table><caption>Table 1. Scores</caption><tr><th>Area</th><th>Score</th></tr>"
        "<tr><td>Biology</td><td><p>9</p><p>of 30</p></td></tr></table>"
        "<figure><img src='x.png' alt='chart'><figcaption>Figure 1. Trend</figcaption></figure>"
        "<dl><dt>FAL</dt><dd>Federation assurance level</dd></dl>"
        "<pre><code>x = 1\n\n  y = 2\n</code></pre>"), "a.html")
    assert blocks(doc) == [
        ("caption", "Table 1. Scores"), ("table_cell", "Area"), ("table_cell", "Score"),
        ("table_cell", "Biology"), ("table_cell", "9"), ("table_cell", "of 30"),
        ("caption", "Figure 1. Trend"), ("list_item", "FAL"),
        ("list_item", "Federation assurance level"), ("code", "x = 1"), ("code", "y = 2"),
    ]


def test_inline_notes_become_numbered_footnotes_at_the_end() -> None:
    doc = extract_bytes(html(
        "<p>Claim.<d-footnote>First <b>note</b>.</d-footnote> More.<d-footnote>Second."
        "</d-footnote></p><p>Next.</p><aside><p>A side note.</p></aside>"), "a.html")
    assert blocks(doc) == [
        ("paragraph", "Claim.1 More.2"), ("paragraph", "Next."), ("footnote", "A side note."),
        ("footnote", "First note."), ("footnote", "Second."),
    ]


def test_endnotes_outside_main_are_kept() -> None:
    doc = extract_bytes(html('<main><p>Text.<sup><a href="#n1">1</a></sup></p></main>'
                             '<div role="doc-endnotes"><ol><li id="n1">The note. '
                             '<a role="doc-backlink" href="#r1">↩</a></li></ol></div>'),
                        "a.html")
    assert blocks(doc) == [("paragraph", "Text.1"), ("footnote", "The note.")]


@pytest.mark.parametrize("notes", [
    # kramdown (Jekyll)
    '<div class="footnotes" role="doc-endnotes"><ol><li id="fn:1"><p>The note. '
    '<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li></ol>'
    "</div>",
    # WordPress
    '<ol class="wp-block-footnotes"><li id="x">The note. <a href="#x-link">↩︎</a></li></ol>',
    # Word's "Save as HTML"
    "<div style='mso-element:footnote-list'><div style='mso-element:footnote' id=ftn1>"
    '<p class=MsoFootnoteText><a href="#_ftnref1">[1]</a> The note.</p></div></div>',
])
def test_notes_of_common_generators(notes: str) -> None:
    doc = extract_bytes(html('<p>Text.<sup><a href="#fn:1" class="footnote">1</a></sup></p>'
                             + notes), "a.html")
    assert doc.blocks[0].text == "Text.1"
    assert doc.blocks[-1].kind == "footnote"
    assert doc.blocks[-1].text.endswith("The note.")


def test_title_falls_back_to_the_first_h1() -> None:
    doc = extract_bytes(html("<h2>Intro</h2><h1>The Title</h1><p>x</p>"), "a.html")
    assert doc.title == "The Title"


def test_no_visible_text(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "app.html"
    f.write_bytes(html("<nav>Home</nav><script>render()</script><div hidden>x</div>"))
    result = runner.invoke(cli, ["extract", str(f)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"auditor: {f}: no visible text in the HTML page; if the page builds its text with "
        "JavaScript, save the rendered page and extract that\n")


@pytest.mark.parametrize("data", [
    html("<div>" * 100_000 + "<p>Deep text.</p>" + "</div>" * 100_000 + "<p>After.</p>"),
    html("<p>Start." + "<b>" * 100_000 + "end</p>"),
    html("<ul><li>" * 5_000 + "Item." + "</li></ul>" * 5_000),
])
def test_hostile_nesting_is_read_flat_with_a_warning(data: bytes) -> None:
    start = time.perf_counter()
    doc = extract_bytes(data, "deep.html")
    assert time.perf_counter() - start < 10
    assert doc.warnings == (
        "the HTML is nested too deeply; its structure was flattened to read it",)
    assert doc.text.startswith(("Deep text.", "Start.", "Item."))


def test_huge_attributes_and_scripts_in_odd_places() -> None:
    doc = extract_bytes(html(
        '<p title="' + "a" * 5_000_000 + '">One <script>document.write("<p>x</p>")</script>'
        "two.</p><table><script>var s = '</td>';</script><tr><td>Cell</td></tr></table>"
        "<p>a\x00b</p>"), "odd.html")
    assert blocks(doc) == [("paragraph", "One two."), ("table_cell", "Cell"),
                           ("paragraph", "ab")]


def test_encoding_declaration_and_windows_1252() -> None:
    data = b"<?xml version='1.0' encoding='iso-8859-1'?><html><body><p>caf\xe9</p></body></html>"
    assert extract_bytes(data, "a.html").text == "café"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<li>", "<td>", "<table>",
                                 "<script>", "</script>", "<!--", "-->", "<b>", "word ",
                                 "<aside>", "<pre>", "\n", "&amp;", "<br>", "<d-footnote>",
                                 "</d-footnote>", "<h2>", "</h2>"]), max_size=40))
def test_any_tag_soup_gives_a_document_or_a_clear_error(parts: list[str]) -> None:
    data = ("<html><body>" + "".join(parts)).encode()
    try:
        doc = extract_bytes(data, "soup.html", fmt="html")
    except NoTextError:
        return
    except AuditorError as exc:  # any other error is a bug here
        raise AssertionError(str(exc)) from exc
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text


def test_extracting_the_extracted_text_changes_nothing(fixtures: Path) -> None:
    first = extract(fixtures / "report-published.html")
    again = extract_bytes(first.text.encode(), "again.txt", fmt="text")
    assert again.text == first.text


@needs_corpus()
@pytest.mark.parametrize("side", ["before", "after"])
def test_corpus_html_gives_the_corpus_visible_text(side: str) -> None:
    for pair in sorted((CORPUS / "pairs").iterdir()):
        doc = extract(pair / f"{side}.html")
        expected = (pair / f"{side}.txt").read_text(encoding="utf-8").strip()
        assert doc.text == expected, pair.name
