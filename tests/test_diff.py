"""Word-token diff: tokens, noise, sliding, letter detail and the budget."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from auditor.diff import (
    Differ,
    block_key,
    budget_warning,
    is_marker,
    letter_detail,
    merge_close_edits,
    same_tokens,
    tokenize,
)
from auditor.normalize import clean_chars


def texts(text: str) -> list[str]:
    return [text[t.start:t.end] for t in tokenize(text)]


def edits(a: str, b: str, **kw: int) -> list[tuple[str, str]]:
    d = Differ(a, b, **kw)
    found, _ = d.diff(tokenize(a), tokenize(b))
    return [(a[e.a_start:e.a_end], b[e.b_start:e.b_end]) for e in found]


def test_redaction_markers_numbers_and_contractions_are_single_tokens() -> None:
    text = ("In [REDACTED] and █████ ██ or [removed at the request of Lumen Labs], [...] "
            "<redacted> we don’t pay 1,000.50 or 3.5%.")
    assert texts(text) == [
        "In", "[REDACTED]", "and", "█████ ██", "or", "[removed at the request of Lumen Labs]",
        ",", "[...]", "<redacted>", "we", "don’t", "pay", "1,000.50", "or", "3.5", "%", ".",
    ]
    assert is_marker("[removed at the request of the company]")
    assert not is_marker("[1]")


def test_a_marker_replacing_words_is_one_change() -> None:
    assert edits("We met Ellen Marsh on Monday.", "We met ████ on Monday.") == [
        ("Ellen Marsh", "████")]


def test_white_space_ligatures_soft_hyphens_and_line_end_hyphens_are_not_changes() -> None:
    assert edits("The ﬁnal\n  evalu- ation of the com\u00admittee.",
                 "The final evaluation of the committee.") == []


def test_invisible_characters_inside_words_vanish_from_keys() -> None:
    # every character a word token may hold without being a letter is dropped from its key,
    # and from the block key, so that blocks equal up to them match exactly
    for mark in "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe":
        text = f"com{mark}mittee ﬁnal"
        assert tokenize(text).keys == ["committee", "final"]
        assert block_key(text) == "committee final"


@given(st.text(alphabet=st.sampled_from("ab ﬁ\u00ad\u00a0\u0085\u2028\u1680\t\n\x1f.’"),
               max_size=30))
def test_a_block_key_is_the_clean_text_with_white_space_collapsed(text: str) -> None:
    assert block_key(text) == " ".join(clean_chars(text).split())


def test_texts_that_surely_tokenize_alike() -> None:
    def keys(texts: list[str]) -> list[str]:
        return [k for t in texts for k in tokenize(t).keys]

    alike = (["The orchard, cut", "by a page break."], ["The  orchard,\ncut by a page break."])
    assert same_tokens(*alike) and keys(alike[0]) == keys(alike[1])
    # a marker may hold white space, or cross from one block into the next: tokenize to know
    cut_marker = (["It was [removed at", "the request of Lumen]."],
                  ["It was [removed at the request of Lumen]."])
    assert not same_tokens(*cut_marker) and keys(cut_marker[0]) != keys(cut_marker[1])
    assert not same_tokens(["long-term"], ["long- term"])  # same tokens, but not surely
    assert not same_tokens(["a b"], ["a c"])


def test_quotes_dashes_case_and_punctuation_are_changes() -> None:
    assert edits('He said "no" - twice. The Board', "He said “no” – twice, the board") == [
        ('"', "“"), ('" -', "” –"), (". The Board", ", the board")]


def test_an_inserted_sentence_slides_to_sentence_boundaries() -> None:
    a = "Amber is red. Amber is warm."
    b = "Amber is red. Amber is new. Amber is warm."
    assert edits(a, b) == [("", "Amber is new.")]


def test_short_equalities_between_edits_are_bridged() -> None:
    assert merge_close_edits([(0, 1, 0, 1), (2, 3, 2, 3)]) == [(0, 3, 0, 3)]
    # a long unchanged stretch keeps two changes apart
    assert merge_close_edits([(0, 1, 0, 1), (6, 7, 6, 7)]) == [(0, 1, 0, 1), (6, 7, 6, 7)]


def test_letter_detail_only_for_single_word_typos() -> None:
    assert letter_detail("recieved", "received") == [
        (0, "rec"), (-1, "i"), (0, "e"), (1, "i"), (0, "ved")]
    assert letter_detail("may", "might") is None  # different words, not a typo
    assert letter_detail("the cat", "the cats") is None


def test_over_the_budget_unchanged_sentences_still_anchor_a_word_diff() -> None:
    a = " ".join(f"Sentence number {n} stays." for n in range(20)) + " The 17 results."
    b = " ".join(f"Sentence number {n} stays." for n in range(20)) + " The 16 results."
    d = Differ(a, b, max_tokens=10)
    found, _ = d.diff(tokenize(a), tokenize(b))
    assert [(a[e.a_start:e.a_end], b[e.b_start:e.b_end]) for e in found] == [("17", "16")]
    assert d.budget_hits == []


def test_over_the_budget_without_anchors_is_coarse_and_says_so() -> None:
    a = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    b = "one two three four five six seven eight nine ten eleven"
    d = Differ(a, b, max_tokens=10)
    found, _ = d.diff(tokenize(a), tokenize(b))
    assert [(a[e.a_start:e.a_end], b[e.b_start:e.b_end]) for e in found] == [(a, b)]
    assert d.budget_hits == [(0, 0, 10, 11)]
    assert budget_warning(*d.budget_hits[0]) == (
        "diff budget hit: 10 + 11 tokens with no unchanged sentence (before offset 0) are "
        "reported as one replacement, not word by word")
