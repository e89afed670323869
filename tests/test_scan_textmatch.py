"""Removed passages are found through hyphenation, ligatures and line breaks, and short ones
only with their context."""

from __future__ import annotations

from auditor.scan.textmatch import make_needle, squash


def test_squash_survives_typesetting() -> None:
    assert squash("Con\ufb01dential red-\nteam  results") == "confidentialredteamresults"
    assert squash("Ca\u00adf\u00e9 \u201cquoted\u201d") == "cafequoted"


def test_whole_passage_found_across_a_hyphenated_line_break() -> None:
    needle = make_needle("the confidential red-team results")
    assert needle is not None
    assert needle.found_in(squash("as the confi-\ndential red-team re\u00adsults show")) == "whole"
    assert needle.found_in(squash("the published results")) is None


def test_short_passage_needs_its_context() -> None:
    assert make_needle("17") is None  # no context: too short to search alone
    needle = make_needle("17", "Helios-2 scored 17 of 23 on the benchmark.")
    assert needle is not None
    assert needle.whole == "helios2scored17of23on"
    assert needle.found_in(squash("Helios-2 scored 17 of 23 on the benchmark")) == "whole"
    assert needle.found_in(squash("Helios-2 scored 16 of 23 on the benchmark")) is None


def test_long_passage_found_in_part_unless_the_part_is_still_shown() -> None:
    passage = ("Lumen Labs asked us to remove the paragraph on the internal red-team results "
               "because it names an unreleased product")
    needle = make_needle(passage)
    assert needle is not None
    leak = squash("to remove the paragraph on the internal red-team results")
    assert needle.found_in(leak) == "part"
    shown = squash("We agreed to remove the paragraph on the internal red-team results.")
    assert needle.without(shown).found_in(leak) is None
