"""A paragraph built to be slow ends in seconds with the exact changes: no step of compare or
of the classification may take time in n² on one paragraph.

Each unit below, repeated to 60 KB in a summary, once took from 15 s to many minutes: the
repeated "1," and "$1" (difflib on repetitive words, the acronym search), "v1." (a number
searched for among all others), "a." (a look-ahead of the entity pattern), "10%", and
"?", "…", "." (the sentence-end pattern scanned a run of marks again from each mark).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli

pytestmark = pytest.mark.usefixtures("deadline")


@pytest.mark.parametrize("unit", ["1,", "$1", "v1.", "a.", "10%", "2026-", "AB ", "[REDACTED",
                                  "?", "…", "."])
def test_a_long_repetitive_paragraph_is_compared_quickly_and_exactly(unit: str,
                                                                     tmp_path: Path) -> None:
    body = unit * (60_000 // len(unit))
    (tmp_path / "a.txt").write_text(f"Title\n\nExecutive summary\n\nIntro sentence here.\n\n"
                                    f"{body}\n\nEnd of the report.\n")
    (tmp_path / "b.txt").write_text(f"Title\n\nExecutive summary\n\nIntro sentence there.\n\n"
                                    f"{body}x\n\nEnd of the report.\n")
    result = CliRunner().invoke(cli, ["compare", str(tmp_path / "a.txt"),
                                      str(tmp_path / "b.txt"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["warnings"] == []
    assert ("replace", "here", "there") in [
        (c["op"], c["before"] and c["before"]["text"], c["after"] and c["after"]["text"])
        for c in found["changes"]]
    assert all(c["after"] is None or len(c["after"]["text"]) < 100 for c in found["changes"])


def test_two_unrelated_documents_of_few_distinct_words_end_with_a_warning(
        tmp_path: Path) -> None:
    # every block shares its rarest words with every other: move candidates once grew with
    # the square of the blocks (2 × 6,000 paragraphs: 217 s, 1.6 GB)
    import random

    words = "alpha beta gamma delta model report".split()
    for name, seed in (("a.txt", 1), ("b.txt", 2)):
        rng = random.Random(seed)
        paras = [" ".join(rng.choice(words) for _ in range(rng.randint(20, 40))) + "."
                 for _ in range(1500)]
        (tmp_path / name).write_text("\n\n".join(paras))
    result = CliRunner().invoke(cli, ["compare", str(tmp_path / "a.txt"),
                                      str(tmp_path / "b.txt"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["summary"]["moved"] == 0
    assert ("moves: 1500 deleted block(s) share no rare word with an inserted one (too few "
            "distinct words in the documents); they were not checked for moves"
            ) in found["warnings"]
