from __future__ import annotations

import re
from bisect import bisect_right

from hypothesis import given
from hypothesis import strategies as st

from auditor.sentences import SentenceIndex, sentences


def test_abbreviations_initials_and_numbers_do_not_split() -> None:
    text = ("Dr. Smith met J. R. Tolkien, e.g. at 3.5 p.m. in the U.S. office. It rained. "
            "Did it? Yes! “Quoted.” Next one.")
    assert sentences(text) == [
        "Dr. Smith met J. R. Tolkien, e.g. at 3.5 p.m. in the U.S. office.",
        "It rained.",
        "Did it?",
        "Yes!",
        "“Quoted.”",
        "Next one.",
    ]


def test_lower_case_continuation_is_not_a_new_sentence() -> None:
    assert sentences("See section 4. below for details. Then stop.") == [
        "See section 4. below for details.",
        "Then stop.",
    ]


def test_block_break_always_ends_a_sentence() -> None:
    assert sentences("A heading\n\nA paragraph without end") == [
        "A heading",
        "A paragraph without end",
    ]


def test_list_number_at_block_start_is_not_a_sentence() -> None:
    assert sentences("3. Lumen Labs should act. Now.") == ["3. Lumen Labs should act.", "Now."]


def test_covering_span() -> None:
    text = "One two. Three four. Five six."
    idx = SentenceIndex(text)
    start = text.index("four")
    assert idx.context(start, start + 4) == "Three four."
    assert idx.context(text.index("two"), text.index("Five")) == "One two. Three four."
    assert idx.context(len(text), len(text)) == "Five six."


@given(st.text(alphabet=st.sampled_from("ab .?!\n\"A1"), max_size=80))
def test_spans_are_ordered_disjoint_and_trimmed(text: str) -> None:
    idx = SentenceIndex(text)
    prev = 0
    for a, b in idx.spans:
        assert prev <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        prev = b


def _reference_covering(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The plain definition: first sentence holding or following start, to the last one
    starting before the end."""
    if not spans:
        return start, end
    starts = [a for a, _ in spans]
    first = max(0, bisect_right(starts, start) - 1)
    if spans[first][1] <= start and first + 1 < len(spans) and end > start:
        first += 1
    last = first
    while last + 1 < len(spans) and spans[last + 1][0] < max(end, start + 1):
        last += 1
    return spans[first][0], spans[last][1]


@given(st.text(alphabet=st.sampled_from("ab .?\n\nA1"), max_size=120), st.data())
def test_covering_matches_its_definition(text: str, data: st.DataObject) -> None:
    idx = SentenceIndex(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert idx.covering(start, end) == _reference_covering(idx.spans, start, end)
    assert idx.starts_at(start) == any(a == start for a, _ in idx.spans)
    assert idx.ends_at(end) == any(b == end for _, b in idx.spans)


_UNANCHORED_END = re.compile(r"([.!?…]+)([\"'”’»)\]]*|(?<=[^\W\d_][.!?])\d{1,3})(\s+)")


@given(st.text(alphabet="ab1 .!?…\"')”\n", max_size=30))
def test_sentence_ends_are_found_as_without_the_run_anchor(text: str) -> None:
    # the end pattern only starts at the first mark of a run (linear time on "?????…");
    # it finds the same matches as the pattern without that anchor
    from auditor.sentences import _END

    def found(rx: re.Pattern[str]) -> list[tuple[int, int, tuple[str | None, ...]]]:
        return [(m.start(), m.end(), m.groups()) for m in rx.finditer(text)]

    assert found(_END) == found(_UNANCHORED_END)
