"""``auditor compare``: output formats, files, and the exit-code contract (DESIGN §4.3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "cases"
NUMBERS = CASES / "number-change"
SAME = CASES / "identical"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def pair(case: Path) -> list[str]:
    return [str(case / "before.txt"), str(case / "after.txt")]


def test_terminal_output_is_plain_when_not_a_terminal(runner: CliRunner) -> None:
    code, out, err = run(runner, "compare", *pair(NUMBERS))
    assert (code, err) == (0, "")
    assert "\x1b[" not in out
    assert out.splitlines()[2] == "2 changes: 2 material · 2 replace"
    assert "     The orchard produced [-340-] {+314+} crates of apples in 2024." in out
    assert "     Prices rose by [-12-] {+9.5+}% over the year." in out


def test_json_output_follows_the_contract(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", *pair(NUMBERS), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "auditor.compare/1"
    assert doc["summary"] == {"changes": 2, "redaction": 0, "material": 2, "editorial": 0,
                              "moved": 0, "conclusions_changed": False}
    first = doc["changes"][0]
    assert (first["op"], first["before"]["text"], first["after"]["text"]) == \
        ("replace", "340", "314")
    assert first["before"]["context"] == "The orchard produced 340 crates of apples in 2024."


def test_markdown_output(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", *pair(NUMBERS), "--format", "markdown")
    assert code == 0
    assert "> The orchard produced ~~340~~ **314** crates of apples in 2024." in out
    assert "**Conclusions:" in out.splitlines()[2]


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "changes.json"
    code, out, _ = run(runner, "compare", *pair(NUMBERS), "--format", "json", "-o",
                       str(target))
    assert (code, out) == (0, "")
    assert json.loads(target.read_text())["summary"]["changes"] == 2


@pytest.mark.parametrize(("case", "level", "code"), [
    (NUMBERS, None, 0),  # compare never fails on changes by default
    (NUMBERS, "any", 1),
    (NUMBERS, "material", 1),
    (NUMBERS, "redaction", 0),  # material changes only: below the redaction level
    (SAME, "any", 0),
])
def test_fail_on(runner: CliRunner, case: Path, level: str | None, code: int) -> None:
    args = ["compare", *pair(case)] + (["--fail-on", level] if level else [])
    assert run(runner, *args)[0] == code


def test_identical_documents(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", *pair(SAME))
    assert code == 0
    assert out.splitlines()[2] == "No changes."


def test_missing_input_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = run(runner, "compare", str(tmp_path / "nope.pdf"), pair(SAME)[1])
    assert (code, out) == (3, "")
    assert err == f"auditor: {tmp_path / 'nope.pdf'}: no such file; check the path\n"


def test_bad_fail_on_level_is_a_usage_error(runner: CliRunner) -> None:
    code, out, err = run(runner, "compare", *pair(SAME), "--fail-on", "editorial")
    assert (code, out) == (2, "")
    assert err.startswith("auditor: Invalid value for '--fail-on': 'editorial' is not one of")
    assert err.count("\n") == 1


def test_missing_argument_is_a_usage_error(runner: CliRunner) -> None:
    code, _, err = run(runner, "compare", pair(SAME)[0])
    assert code == 2
    assert err == ("auditor: Missing argument 'AFTER'. (see 'auditor compare --help')\n")
