"""Character clean-up and line joining: typesetting undone, spelling and punctuation kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.normalize import (
    Vocabulary,
    attach_spacing_accents,
    clean_chars,
    clean_inline,
    join_hyphenated,
    join_lines,
)


def vocabulary(text: str, breaks: list[tuple[str, str, str]] | None = None) -> Vocabulary:
    v = Vocabulary()
    v.add(text)
    v.learn_breaks(breaks or [("evalu", "-", "ation")])
    return v


def test_ligatures_invisibles_and_spaces() -> None:
    assert clean_inline("the ﬁrst\u00a0ﬂoor, ef\u00adﬁcient\u200b oﬃce\t ") == \
        "the first floor, efficient office"


def test_quotes_and_dashes_are_not_unified() -> None:
    text = "“curly” \"straight\" ‘single’ – en — em ‐ hyphen"
    assert clean_chars(text) == text


def test_spacing_accents_go_back_on_their_letters() -> None:
    assert attach_spacing_accents("a na¨ıve caf´e ¨uber") == "a naïve café über"
    assert attach_spacing_accents("don´t") == "don´t"  # an apostrophe, not an accent
    # a Greek oxia is a spacing acute once in NFC: it attaches too
    assert clean_chars("caf\u1ffde") == "café"
    assert clean_chars("“caf´e”\u00a0") == "“café” "


@pytest.mark.parametrize(("left", "right", "joined"), [
    ("evalu-", "ation of", "evaluation of"),       # fragments of one word
    ("self-", "driving cars", "self-driving cars"),  # a prefix that keeps its hyphen
    ("long-", "term plans", "long-term plans"),    # two words the text uses alone
    ("role-", "play", "role-play"),                # the compound is spelled so elsewhere
    ("safe-", "guards", "safeguards"),             # the joined word is spelled so elsewhere
    ("COVID-", "19", "COVID-19"),                  # a digit after the break
    ("Anglo-", "Saxon", "Anglo-Saxon"),            # a capital after the break
    ("Git\u2010", "Hub", "GitHub"),                # the text spells it GitHub elsewhere
    ("in\u2010", "clude", "include"),              # U+2010: automatic hyphenation
    ("ex\u00ad", "ample", "example"),              # a soft hyphen always goes
])
def test_line_end_hyphens(left: str, right: str, joined: str) -> None:
    v = vocabulary("we plan the long term; role-play and safeguards on GitHub for the term")
    assert join_hyphenated(left, right, v) == joined


def test_hyphen_minus_is_kept_when_the_typesetter_does_not_break_words() -> None:
    # A browser without hyphenation: every line-end hyphen-minus is part of the text.
    v = vocabulary("acts of real world violence", breaks=[("real", "-", "world")])
    assert not v.minus_breaks_words
    assert join_hyphenated("real-", "world violence", v) == "real-world violence"
    # WeasyPrint hyphenates with U+2010, so a hyphen-minus at a line end is real.
    v = vocabulary("set off", breaks=[("in", "\u2010", "clude"), ("set", "-", "off")])
    assert join_hyphenated("set-", "off", v) == "set-off"


def test_join_lines() -> None:
    v = vocabulary("")
    assert join_lines("the 737–", "9 airplanes", v) == "the 737–9 airplanes"
    assert join_lines("values—", "that", v) == "values—that"
    assert join_lines("see https://", "www.example.org", v) == "see https://www.example.org"
    assert join_lines("a pause –", "then", v) == "a pause – then"
    assert join_lines("plain", "words", v) == "plain words"


@given(st.text(alphabet=st.sampled_from("abc ﬁﬂ\u00ad\u00a0\u200b-–‐¨ıé.\t"), max_size=40))
def test_cleaning_twice_changes_nothing(text: str) -> None:
    once = clean_inline(text)
    assert clean_inline(once) == once


@given(st.text(alphabet=st.sampled_from("ab É ß\u02b0-‐_1²½.,’'“()\n\u2028\u00a0\u200b"),
               max_size=40))
def test_the_vocabulary_learns_every_word_of_the_text(text: str) -> None:
    # the words are found chunk by chunk: the same as one pass of the word pattern
    from auditor.normalize import _TOKEN

    v = Vocabulary()
    v.add(text)
    tokens = set(_TOKEN.findall(text.lower().replace("\u2010", "-")))
    compounds = {t for t in tokens if "-" in t}
    assert v.compounds == compounds
    assert v.words == (tokens - compounds) | {w for t in compounds for w in t.split("-")}
