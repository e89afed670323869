from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract import extract_bytes
from auditor.extract.sniff import from_bytes, sniff


def test_blocks_spans_and_sections() -> None:
    doc = extract_bytes(b"Scope\n\nWe looked at\nthree things.\n\n- one\n- two\n", "a.txt")
    assert [(b.kind, b.text, b.section) for b in doc.blocks] == [
        ("heading", "Scope", None),
        ("paragraph", "We looked at three things.", "Scope"),
        ("list_item", "- one", "Scope"),
        ("list_item", "- two", "Scope"),
    ]
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
    assert doc.source.format == "text"
    assert doc.page_at(3) is None


def test_ligatures_soft_hyphens_and_spaces_are_cleaned() -> None:
    doc = extract_bytes("The ﬁrst\u00a0ﬂoor is ex\u00adcellent.".encode(), "a.txt")
    assert doc.text == "The first floor is excellent."


def test_sniff_by_content_not_name() -> None:
    assert sniff(from_bytes(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "a.txt")) \
        == "html"
    assert sniff(from_bytes(b"# Title\n\nSome *text*.", "notes.txt")) == "markdown"
    assert sniff(from_bytes(b"Just words.\n", "x.html")) == "text"
    assert sniff(from_bytes(b"%PDF-1.7\n...", "x.txt")) == "pdf"


@settings(max_examples=60)
@given(st.lists(st.text(alphabet=st.sampled_from("abc XYZ.,-1"), min_size=1, max_size=30),
                min_size=1, max_size=6))
def test_extracting_extracted_text_changes_nothing(paras: list[str]) -> None:
    source = "\n\n".join(paras).encode()
    if not source.strip():
        return
    try:
        first = extract_bytes(source, "a.txt", fmt="text")
    except Exception:  # all-blank input: an error, tested elsewhere
        return
    second = extract_bytes(first.text.encode(), "b.txt", fmt="text")
    assert second.text == first.text


def test_numbered_titles_with_a_full_stop_are_headings() -> None:
    doc = extract_bytes(b"2. Sponsored Developer Obligations.\n\nYou must comply.\n\n"
                        b"2.1. Matching Fund Terms.\n\nFunds are matched.\n\n"
                        b"3. Lumen Labs should strengthen the classifier.\n\n"
                        b"4. Binding Agreement. This is an agreement.\n", "a.txt")
    assert [(b.kind, b.level, b.section) for b in doc.blocks] == [
        ("heading", 1, None),
        ("paragraph", None, "2. Sponsored Developer Obligations."),
        ("heading", 2, "2. Sponsored Developer Obligations."),
        ("paragraph", None, "2.1. Matching Fund Terms."),
        ("list_item", None, "2.1. Matching Fund Terms."),
        ("list_item", None, "2.1. Matching Fund Terms."),
    ]
