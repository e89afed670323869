"""``auditor compare … --format html`` end to end on the fixture pairs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import cli
from tests.conftest import FIXTURES


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False, standalone_mode=False)
    code = result.return_value if isinstance(result.return_value, int) else result.exit_code
    return code, result.stdout, result.stderr


def test_html_report_of_the_pdf_pair_matches_the_json(runner: CliRunner, tmp_path: Path) -> None:
    pair = [str(FIXTURES / "report-draft.pdf"), str(FIXTURES / "report-published.pdf")]
    out = tmp_path / "report.html"
    code, stdout, stderr = run(runner, "compare", *pair, "--format", "html", "-o", str(out))
    assert (code, stdout, stderr) == (0, "", "")
    page = out.read_text("utf-8")
    _, js, _ = run(runner, "compare", *pair, "--format", "json")
    summary = json.loads(js)["summary"]
    counts = {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', page)}
    assert counts == {k: summary[k] for k in counts} and counts["changes"] > 0
    ids = re.findall(r'<li class="item [^"]*" id="item-([\w-]+)"', page)
    assert sorted(ids) == sorted(c["id"] for c in json.loads(js)["changes"])
    assert page.count('<img src="data:image/png;base64,') >= 2  # changed pages, both sides
    assert 'data-view="pages"' in page


def test_html_report_of_the_markdown_pair_has_no_pictures(runner: CliRunner) -> None:
    pair = [str(FIXTURES / "report-draft.md"), str(FIXTURES / "report-published.md")]
    code, stdout, _ = run(runner, "compare", *pair, "--format", "html")
    assert code == 0 and stdout.startswith("<!DOCTYPE html>")
    assert "<img " not in stdout and 'id="view-redline"' in stdout


def test_html_report_of_a_missing_file_is_an_input_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["compare", "nope.pdf", str(FIXTURES / "report-draft.md"),
                                 "--format", "html"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == "auditor: nope.pdf: no such file; check the path\n"


def test_html_report_is_the_same_bytes_every_time(runner: CliRunner) -> None:
    pair = [str(FIXTURES / "report-draft.pdf"), str(FIXTURES / "report-published.pdf")]
    first = run(runner, "compare", *pair, "--format", "html")
    assert first[0] == 0 and run(runner, "compare", *pair, "--format", "html") == first
