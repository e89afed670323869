"""Every Python example of the README runs as printed, on our fixtures.

The examples name files such as ``draft.pdf``; each runs in a folder where those names are
copies of the fixture report, so a renamed function, argument or attribute in the README
fails here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from review_example import ENV, build

from tests.conftest import FIXTURES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"^```python\n(.*?)^```$", README, flags=re.MULTILINE | re.DOTALL)

#: The file names the examples use, and the fixture each one is.
FILES = {
    "report.docx": "report-draft.docx",
    "notes.md": "report-draft.md",
    "draft.pdf": "report-draft.pdf",
    "published.pdf": "report-published.pdf",
    "published.html": "report-published.html",
}


def _first_line(code: str) -> str:
    return code.strip().splitlines()[0]


def test_the_readme_has_the_examples_this_test_knows() -> None:
    assert [_first_line(c) for c in EXAMPLES] == [
        "from auditor import extract",
        "from auditor import compare",
        "from auditor.classify import classify",
        "from auditor import compare, extract, render_html",
        "from auditor import Ledger, review",
        "from auditor import scan",
    ]


@pytest.mark.parametrize("code", EXAMPLES, ids=[_first_line(c) for c in EXAMPLES])
def test_readme_example_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    for name, fixture in FILES.items():
        shutil.copy(FIXTURES / fixture, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    if code.startswith("from auditor.classify"):
        from auditor.compare import compare_documents

        (tmp_path / "auditor.toml").write_text('[classify]\nentities = ["Helios-2"]\n')
        result, before, after = compare_documents("draft.pdf", "published.pdf")
        namespace.update(changes=list(result.changes), before_doc=before, after_doc=after)
    if code.startswith("from auditor import Ledger"):
        for key, value in ENV.items():
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)
        build(CliRunner(), tmp_path)
        namespace["published_text"] = (tmp_path / "published.txt").read_text()
    exec(compile(code, "README.md", "exec"), namespace)  # our own README
    out = capsys.readouterr().out
    if "print(" in code:
        assert out.strip(), "the example prints nothing"
