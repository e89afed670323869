"""The HTML report as markup: counts, views, redline, folding, escaping, the CSP."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from auditor import render_html
from auditor.errors import UsageError
from auditor.models import Furniture, Side
from auditor.render.html_text import esc
from tests.report_builders import change, comparison, doc, fixture_pair, side


class Collect(HTMLParser):
    """Every start tag with its attributes, and the text of <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)


def parse(page: str) -> Collect:
    c = Collect()
    c.feed(page)
    return c


def simple(fragment: str) -> str:
    """A redline fragment as text: <del>x</del> → [-x-], <ins>y</ins> → {+y+}, tags dropped."""
    fragment = re.sub(r'<span class="sr">[^<]*</span>', "", fragment)
    fragment = re.sub(r"<del[^>]*>", "[-", fragment).replace("</del>", "-]")
    fragment = re.sub(r"<ins[^>]*>", "{+", fragment).replace("</ins>", "+}")
    return re.sub(r"<[^>]+>", "", fragment).replace("&#x27;", "'")


def section(page: str, ident: str) -> str:
    start = page.index(f'<section id="{ident}"')
    return page[start : page.index("</section>", start)]


def test_header_shows_names_hashes_counts_and_verdict() -> None:
    cmp, b, a = fixture_pair()
    page = render_html(cmp, b, a)
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', page))
    assert counts == {"changes": "9", "redaction": "3", "material": "4", "editorial": "2",
                      "moved": "1"}
    assert b.source.sha256 in page and a.source.sha256 in page
    assert "report-draft.md → report-published.md" in page
    assert "<strong>Conclusions changed</strong> — 1 of 3 conclusion statements changed" in page


def test_change_list_is_in_document_order_with_filters_data() -> None:
    cmp, b, a = fixture_pair()
    page = render_html(cmp, b, a)
    items = re.findall(r'<li class="item k-(\w+)" id="item-([\w-]+)" data-c="[\w-]+" '
                       r'data-cls="(\w+)" data-sec="(\d+)"', page)
    assert [i[1] for i in items] == ["c-date", "c-jail", "c-move", "c-redact", "c-clause",
                                     "c-typo", "c-modal", "c-23", "c-rec3"]
    assert [i[2] for i in items] == [i[0] for i in items]
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', page)
    assert [name for _, name in options] == [
        "Pre-deployment Evaluation of Helios-2", "Executive summary", "1. Scope and access",
        "2. Methods", "3. Results", "4. Recommendations"]
    assert [int(i[3]) for i in items] == [0, 1, 2, 3, 3, 4, 4, 4, 5]
    assert re.search(r'id="item-c-jail"[^§]*?<p class="flag">In the conclusions</p>', page)


def test_redline_merges_deletions_into_the_after_text() -> None:
    cmp, b, a = fixture_pair()
    rl = simple(section(render_html(cmp, b, a), "view-redline"))
    assert "Overall, we found [-17-]{+16+} successful jailbreaks" in rl
    assert ("For the cyber-offense area we relied on [-the internal incident report IR-2291-]"
            "{+[REDACTED]+} that Lumen Labs shared under the agreement"
            "[-, which describes an earlier misuse of the model-].") in rl
    assert "[-3. Lumen Labs should publish the results of its internal red-team exercise.-]" in rl
    assert "The model [-recieved-]{+received+} partial credit" in rl


def test_side_by_side_marks_each_side_and_links_moves_both_ways() -> None:
    cmp, b, a = fixture_pair()
    side_html = section(render_html(cmp, b, a), "view-side")
    assert re.search(r'<del class="chg k-material" data-c="c-jail" title="material · replaced · '
                     r'number changed: 17 → 16" id="sbs-c-jail" tabindex="-1">'
                     r'<span class="sr">deleted: </span>17</del>', side_html)
    assert '<ins class="chg k-material" data-c="c-jail"' in side_html
    # the moved paragraph: left at its old place, linked to its new place and back
    assert 'id="sbs-c-move" tabindex="-1" href="#sbs-c-move-to">moved to ↑' in side_html
    assert 'id="sbs-c-move-to" tabindex="-1" href="#sbs-c-move">moved from ↓' in side_html
    # the deleted recommendation has an empty right-hand cell that says so
    assert "deleted: not in the after version" in side_html


def test_unchanged_runs_are_folded_and_pages_shown() -> None:
    paras = [f"Paragraph {n} says nothing new." for n in range(200)]
    pages = [1 + n // 10 for n in range(200)]
    b = doc(paras, path="b.pdf", fmt="pdf", pages=pages)
    a = doc([*paras[:120], "Paragraph 120 says something new.", *paras[121:]],
            path="a.pdf", fmt="pdf", pages=pages)
    c = comparison(b, a, [change("c1", "replace", side(b, "nothing", after="Paragraph 120"),
                                 side(a, "something"), "material", "claim changed")])
    page = render_html(c, b, a)
    side_html = section(page, "view-side")
    folds = re.findall(r'<details class="fold"><summary>([^<]+)</summary>', side_html)
    assert folds == ["119 unchanged paragraphs · before pp.&#160;1–12, after pp.&#160;1–12",
                     "78 unchanged paragraphs · before pp.&#160;13–20, after pp.&#160;13–20"]
    changed_row = side_html[side_html.index('<div class="row chg">'):]
    assert changed_row.index("Paragraph 120") < changed_row.index("<details")
    assert '<span class="pg">p.&#160;13</span>' in changed_row
    assert '<p class="where">before p.&#160;13 → after p.&#160;13 · ' in page


def test_no_documents_gives_the_change_list_only() -> None:
    cmp, _, _ = fixture_pair()
    page = render_html(cmp)
    assert 'id="change-list"' in page and 'id="view-side"' not in page
    assert 'data-view="' not in page


def test_same_input_same_bytes() -> None:
    cmp, b, a = fixture_pair()
    assert render_html(cmp, b, a) == render_html(cmp, b, a)


def test_furniture_is_listed_collapsed() -> None:
    b = doc(["One.", "Two."], furniture=[Furniture("header", "DRAFT — confidential", (1, 2))])
    a = doc(["One.", "Two!"], furniture=[Furniture("footer", "Page N of M", (1,))])
    c = comparison(b, a, [change("c1", "replace", side(b, "."), side(a, "!"), "editorial")])
    furn = section(render_html(c, b, a), "furniture")
    assert "<details><summary>2 running headers, footers" in furn
    assert "<q>DRAFT — confidential</q> <span class=\"fp\">(pages 1, 2)</span>" in furn
    assert "<q>Page N of M</q>" in furn


HOSTILE = [
    "<script>window.__pwned = 1</script> and </script><script>window.__pwned=2</script>",
    "</style><style>body{display:none}</style> <img src=x onerror=\"window.__pwned=3\">",
    'a <a href="javascript:window.__pwned=4">link</a> javascript:alert(1)',
    "RTL \u202eevil\u202c and zero\u200bwidth and tag\U000e0041 and lone \ud800 surrogate",
]


def hostile_pair() -> tuple[object, object, object]:
    b = doc([("heading", "<h1>Sec</h1>"), *HOSTILE], path='b"<x>.txt')
    a = doc([("heading", "<h1>Sec</h1>"), *HOSTILE[:3], HOSTILE[3].replace("evil", "good")],
            path="a</title><script>x</script>.txt")
    c = comparison(b, a, [change('c-"><script>', "replace", side(b, "evil"), side(a, "good"),
                                 "material", "<b>reason</b> </script>")],
                   warnings=["<script>warn</script>"])
    return c, b, a


def test_hostile_text_is_escaped_and_runs_nothing() -> None:
    c, b, a = hostile_pair()
    page = render_html(c, b, a)  # type: ignore[arg-type]
    page.encode("utf-8")  # no lone surrogate survives
    tags = parse(page)
    scripts = [t for t, _ in tags.tags if t == "script"]
    assert scripts == ["script"]
    assert [t for t, _ in tags.tags if t in ("style", "img", "iframe", "object", "h1")].count(
        "style") == 1
    assert not any(t == "img" for t, _ in tags.tags)  # only page pictures are images
    for tag, attrs in tags.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in ("href", "src"):
                assert value is not None and (value.startswith("#") or value.startswith(
                    "data:image/png;base64,")), (tag, name, value)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "javascript:alert(1)" in page  # as text, never as a link
    assert '<abbr class="ctl" title="U+202E RIGHT-TO-LEFT OVERRIDE">[U+202E]</abbr>' in page
    assert "[U+200B]" in page and "[U+E0041]" in page and "[U+D800]" in page
    assert "\u202e" not in page and "\ud800" not in page


def test_content_security_policy_allows_exactly_the_inline_style_and_script() -> None:
    cmp, b, a = fixture_pair()
    page = render_html(cmp, b, a)
    tags = parse(page)
    csp = next(v["content"] for t, v in tags.tags
               if t == "meta" and v.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    css, js = "".join(tags.raw["style"]), "".join(tags.raw["script"])
    assert csp == (f"default-src 'none'; style-src 'sha256-{digest(css)}'; "
                   f"script-src 'sha256-{digest(js)}'; img-src data:; base-uri 'none'; "
                   "form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'")


def test_esc_keeps_ordinary_text_and_joiners() -> None:
    assert esc("a < b & \"c\" 'd'") == "a &lt; b &amp; &quot;c&quot; &#x27;d&#x27;"
    assert esc("emoji 👩\u200d💻 and Persian \u200c") == "emoji 👩\u200d💻 and Persian \u200c"
    assert esc("שלום world") == "שלום world"


def test_a_deletion_shows_a_caret_where_the_text_was() -> None:
    b = doc(["We relied on the report, which describes misuse.", "Next."])
    a = doc(["We relied on the report.", "Next."])
    at = a.text.index(".")
    gone = side(b, ", which describes misuse")
    c = comparison(b, a, [change("c1", "delete", gone, Side("", a.blocks[0].text, at, at),
                                 "redaction", "clause removed")])
    page = render_html(c, b, a)
    side_html = section(page, "view-side")
    assert ('<span class="chg caret k-redaction" data-c="c1" title="text deleted here: '
            'redaction · deleted · clause removed"><span class="sr">text deleted here</span>'
            '<span aria-hidden="true">‸</span></span>.') in side_html
    assert simple(section(page, "view-redline")).count(
        "We relied on the report[-, which describes misuse-].") == 1
    assert "<ins>" not in section(page, "changes")


def test_edits_inside_a_moved_paragraph_show_at_both_ends() -> None:
    moved_b, moved_a = "Access was limited to 200 requests.", "Access was limited to 300 requests."
    b = doc(["Intro.", moved_b, "Middle one.", "Middle two.", "End."])
    a = doc(["Intro.", "Middle one.", "Middle two.", moved_a, "End."])
    move = change("c-mv", "move", side(b, moved_b), side(a, moved_a), "material", "moved")
    edit = change("c-num", "replace", side(b, "200"), side(a, "300"), "material",
                  "number changed: 200 → 300", move_id="c-mv")
    page = render_html(comparison(b, a, [move, edit]), b, a)
    side_html = simple(section(page, "view-side"))
    assert "moved to ↓Access was limited to [-200-] requests." in side_html
    assert "moved from ↑Access was limited to {+300+} requests." in side_html
    rl = simple(section(page, "view-redline"))
    assert "moved from here to ↓Access was limited to 200 requests." in rl
    assert "moved here from ↑Access was limited to [-200-]{+300+} requests." in rl
    assert rl.index("Middle two.") < rl.index("moved here from")


def test_documents_must_be_the_ones_compared() -> None:
    cmp, b, a = fixture_pair()
    with pytest.raises(UsageError) as err:
        render_html(cmp, a, b)
    assert str(err.value) == (
        "the before document is not the one compared (its SHA-256 differs); "
        "pass the two Documents that compare() was given")
