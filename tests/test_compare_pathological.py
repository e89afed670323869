"""A paragraph built to be slow ends in seconds with the exact changes: no step of compare or
of the classification may take time in n² on one paragraph.

Each unit below, repeated to 60 KB in a summary, once took from 15 s to many minutes: the
repeated "1," and "$1" (difflib on repetitive words, the acronym search), "v1." (a number
searched for among all others), "a." (a look-ahead of the entity pattern), "10%", and
"?", "…", "." (the sentence-end pattern scanned a run of marks again from each mark).
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    def fail(*_: object) -> None:
        raise TimeoutError("compare did not finish within 20 s")
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


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
