"""Bounded sequence matching: opcodes that describe the two sequences exactly, difflib's
answer on ordinary input, and a coarse but quick answer on input built to be slow."""

from __future__ import annotations

import itertools
import json
from difflib import SequenceMatcher
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from auditor import seqmatch
from auditor.cli import cli

words = st.lists(st.sampled_from(["the", "model", "17", "of", "40", "tasks", "not", "may"]),
                 max_size=40)


@given(words, words)
def test_opcodes_describe_both_sequences(a: list[str], b: list[str]) -> None:
    ops = seqmatch.opcodes(a, b)
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)  # contiguous, in order
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    assert all(x[0] != y[0] for x, y in itertools.pairwise(ops))  # no neighbours alike


@given(words, words)
def test_without_common_ends_the_opcodes_are_difflibs(a: list[str], b: list[str]) -> None:
    # nothing set aside and far under the budget: exactly difflib's answer
    a, b = ["start-a", *a, "end-a"], ["start-b", *b, "end-b"]
    assert seqmatch.opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@given(words, words, words)
def test_common_ends_are_equal_stretches(head: list[str], a: list[str], b: list[str]) -> None:
    # an edit inside a text: its unchanged start is one equal stretch, whatever the middle
    ops = seqmatch.opcodes([*head, "x", *a], [*head, "y", *b])
    assert (ops[0] == ("equal", 0, len(head), 0, len(head))) if head else ops[0][0] != "equal"
    assert seqmatch.matched([*head, *a], [*head, *a]) == len(head) + len(a)


def test_repetitive_input_gets_a_quick_answer(deadline: None) -> None:
    a = ["1", ","] * 40_000
    b = ["1", ","] * 20_000 + ["x"] + ["1", ","] * 20_001
    ops = seqmatch.opcodes(a, b)  # the ends set aside: only the insertion is left
    assert [t for t, *_ in ops] == ["equal", "insert", "equal"]
    assert seqmatch.matched(a, b) == len(a)
    c = ["1", ","] * 30_000 + ["2", ","] * 3_000
    d = ["2", ","] * 3_000 + ["1", ","] * 30_000
    # a middle over the budget is one replaced stretch
    assert seqmatch.opcodes(c, d)[0] == ("replace", 0, 65_999, 0, 65_999)


def test_compare_of_a_paragraph_of_thousands_of_numbers_ends(tmp_path: Path,
                                                            deadline: None) -> None:
    # a word added after 30,000 "1," in a summary took minutes to classify (difflib on the
    # repetitive words of the context and of the conclusion statements)
    body = "1," * 30_000
    (tmp_path / "a.txt").write_text(f"Title\n\nExecutive summary\n\nIntro here.\n\n{body}\n\n"
                                    "End of the report.\n")
    (tmp_path / "b.txt").write_text(f"Title\n\nExecutive summary\n\nIntro there.\n\n{body}x"
                                    "\n\nEnd of the report.\n")
    result = CliRunner().invoke(cli, ["compare", str(tmp_path / "a.txt"),
                                      str(tmp_path / "b.txt"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["op"], c["class"], c["after"]["text"]) for c in changes] == [
        ("replace", "material", "there"), ("insert", "material", "x")]
