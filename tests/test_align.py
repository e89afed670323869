"""Block alignment: exact, sequence, fuzzy pairing with fragments, and cautious moves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from auditor.align import FULL_GAP, Group, align_blocks, most_tokens
from auditor.diff import Token, tokenize


def blocks(*texts: str) -> list[list[Token]]:
    return [tokenize(t) for t in texts]


def kinds(groups: tuple[Group, ...]) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(g.kind, g.a, g.b) for g in groups]


P1 = "The survey team walked the northern ridge for three days."
P2 = "They counted forty-one nests, most of them empty by the end of the season."
P3 = "Weather delayed the second visit by a week and the boat needed repairs."
P4 = "The final report was sent to the ministry in the first week of December."


def test_equal_blocks_and_an_edited_block() -> None:
    a = blocks(P1, P2, P3)
    b = blocks(P1, P2.replace("forty-one", "forty-two"), P3)
    assert kinds(align_blocks(a, b).groups) == [
        ("equal", (0,), (0,)), ("pair", (1,), (1,)), ("equal", (2,), (2,))]


def test_a_paragraph_cut_by_a_page_break_pairs_with_both_fragments() -> None:
    head, tail = P2[:30], P2[30:]
    a = blocks(P1, P2, P3)
    b = blocks(P1, head, tail, P3)
    assert kinds(align_blocks(a, b).groups) == [
        ("equal", (0,), (0,)), ("pair", (1,), (1, 2)), ("equal", (2,), (3,))]


def test_two_blocks_merged_into_one() -> None:
    a = blocks(P1, P2 + "x", P3 + "y", P4)
    b = blocks(P1, P2 + " " + P3, P4)
    assert kinds(align_blocks(a, b).groups) == [
        ("equal", (0,), (0,)), ("pair", (1, 2), (1,)), ("equal", (3,), (2,))]


def test_a_moved_block_is_a_move_and_a_swap_moves_the_shorter_block() -> None:
    a = blocks(P1, P2, P3, P4)
    b = blocks(P1, P3, P4, P2)
    assert kinds(align_blocks(a, b).groups) == [
        ("equal", (0,), (0,)), ("move", (1,), (3,)), ("equal", (2,), (1,)),
        ("equal", (3,), (2,))]


def test_a_near_identical_block_elsewhere_is_a_move_but_a_rewritten_one_is_not() -> None:
    edited = P2.replace("empty", "abandoned")  # one word of fifteen: ratio above 0.9
    rewritten = "They counted many nests, nearly all of them abandoned when winter came."
    assert kinds(align_blocks(blocks(P1, P2, P3), blocks(P1, P3, edited)).groups) == [
        ("equal", (0,), (0,)), ("move", (1,), (2,)), ("equal", (2,), (1,))]
    assert kinds(align_blocks(blocks(P1, P2, P3), blocks(P1, P3, rewritten)).groups) == [
        ("equal", (0,), (0,)), ("delete", (1,), ()), ("equal", (2,), (1,)),
        ("insert", (), (2,))]


def test_short_blocks_never_move() -> None:
    a = blocks("Overview", P1, P3)
    b = blocks(P1, P3, "Overview")
    assert [g.kind for g in align_blocks(a, b).groups] == ["delete", "equal", "equal", "insert"]


def test_a_large_gap_still_pairs_edited_blocks() -> None:
    n = 60
    assert n * n > FULL_GAP
    a = blocks(*(f"Station {k} logged {k * 7} birds of species{k} near lake{k}." for k in
                 range(n)))
    b = blocks(*(f"Station {k} logged {k * 7 + 1} birds of species{k} near lake{k}." for k in
                 range(n)))
    result = align_blocks(a, b)
    assert kinds(result.groups) == [("pair", (k,), (k,)) for k in range(n)]
    assert result.warnings == ("alignment: a stretch of 120 blocks with no identical block on "
                               "either side was paired by shared rare words only",)


def test_adjacent_pairs_join_when_a_block_ends_mid_sentence() -> None:
    a = blocks(P1, P2[:40], P2[40:] + " " + P3)
    b = blocks(P1, P2[:30], P2[30:] + " " + P3.replace("week", "month"))
    assert kinds(align_blocks(a, b).groups) == [("equal", (0,), (0,)), ("pair", (1, 2), (1, 2))]


def test_a_moved_paragraph_cut_by_a_page_break_at_its_new_place_is_one_move() -> None:
    cut = P2.index("most")
    a = blocks(P1, P2, P3, P4)
    b = blocks(P1, P3, P4, P2[:cut], P2[cut:])
    assert kinds(align_blocks(a, b).groups) == [
        ("equal", (0,), (0,)), ("move", (1,), (3, 4)), ("equal", (2,), (1,)),
        ("equal", (3,), (2,))]


def test_a_repeated_block_never_moves() -> None:
    rep = "Figures are rounded to the nearest whole number in every table."
    a = blocks(rep, P1, P2, P3, rep)
    b = blocks(P1, rep, P2, P3, rep)
    assert "move" not in [g.kind for g in align_blocks(a, b).groups]


def test_pairs_cut_at_different_sentences_join_into_one_group() -> None:
    s = [f"Sentence {w} of the report says something about {w} boats." for w in
         ("one", "two", "three", "four", "five", "six")]
    a = blocks(P1, " ".join(s[:4]), " ".join(s[4:]) + " Extra words here.", P4)
    b = blocks(P1, " ".join(s[:2]), " ".join(s[2:]), P4)
    assert kinds(align_blocks(a, b).groups) == [
        ("equal", (0,), (0,)), ("pair", (1, 2), (1, 2)), ("equal", (3,), (3,))]


@given(st.text(alphabet=st.sampled_from("ab1 _.,’'[]█\u00ad\u200b\n-é²"), max_size=60))
def test_the_token_count_bound_holds(text: str) -> None:
    assert len(tokenize(text)) <= most_tokens(text)
