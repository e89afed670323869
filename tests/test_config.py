"""Configuration: TOML via --config or [tool.auditor]; every bad key named, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import Config, load_config
from auditor.errors import ConfigError, ExitCode

GOOD = """
[classify]
redaction_markers = ["[withheld]", "re:<<[A-Z]+>>"]
entities = ["Lumen Labs"]
conclusion_headings = ["Bottom line"]
disabled_rules = ["typo-fixed"]
"""


def test_config_file(tmp_path: Path) -> None:
    f = tmp_path / "auditor.toml"
    f.write_text(GOOD)
    assert load_config(f) == Config(("[withheld]", "re:<<[A-Z]+>>"), ("Lumen Labs",),
                                    ("Bottom line",), ("typo-fixed",), str(f))


def test_pyproject_next_to_the_documents(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.auditor.classify]\nentities = ["Orbit AI"]\n')
    config = load_config(None, near=[tmp_path / "after.pdf"])
    assert config.entities == ("Orbit AI",)
    assert config.path == f"{(tmp_path / 'pyproject.toml').resolve()} [tool.auditor]"


def test_no_config_anywhere_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(None, near=[tmp_path / "a.txt"]) == Config()


@pytest.mark.parametrize(("text", "message"), [
    ("[classify]\nentitys = []\n",
     "unknown key 'classify.entitys'; known keys: classify.redaction_markers, "
     "classify.entities, classify.conclusion_headings, classify.disabled_rules"),
    ("[render]\ncolour = true\n", "unknown key 'render'; known keys: "),
    ("[classify]\nentities = \"Lumen Labs\"\n",
     "'classify.entities' must be a list of non-empty strings; e.g. [\"Lumen Labs\"]"),
    ("[classify]\ndisabled_rules = [\"typo\"]\n",
     "'classify.disabled_rules' names an unknown rule 'typo'; rule ids: marker-redaction, "),
    ("[classify]\nredaction_markers = [\"re:[\"]\n",
     "'classify.redaction_markers' has an invalid regular expression '[': unterminated "
     "character set at position 0; fix the pattern, or drop the re: prefix to match it "
     "literally"),
    ("classify = 3\n", "'classify' must be a table; write it as [classify]"),
    ("[classify\n", "not valid TOML: "),
])
def test_invalid_config_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(f)
    assert str(info.value).startswith(f"config {f}: {message}")
    assert info.value.exit_code == ExitCode.USAGE


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.toml")
    assert str(info.value) == (f"config {tmp_path / 'nope.toml'}: no such file; "
                               "check the path given to --config")


def test_cli_invalid_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from auditor.cli import cli

    bad = tmp_path / "auditor.toml"
    bad.write_text("[classify]\nentitys = []\n")
    draft = tmp_path / "a.txt"
    draft.write_text("We found 17 flaws.\n")
    result = CliRunner().invoke(cli, ["compare", str(draft), str(draft), "--config", str(bad)],
                                standalone_mode=False)
    assert result.return_value == ExitCode.USAGE
    assert result.stderr == (
        f"auditor: config {bad}: unknown key 'classify.entitys'; known keys: "
        "classify.redaction_markers, classify.entities, classify.conclusion_headings, "
        "classify.disabled_rules\n")


def test_cli_config_changes_the_classification(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from auditor.cli import cli

    (tmp_path / "a.txt").write_text("The model recieved credit.\n")
    (tmp_path / "b.txt").write_text("The model received credit.\n")
    args = ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json"]
    default = CliRunner().invoke(cli, args, standalone_mode=False)
    assert '"class": "editorial"' in default.stdout
    (tmp_path / "pyproject.toml").write_text(
        '[tool.auditor.classify]\ndisabled_rules = ["typo-fixed"]\n')
    near = CliRunner().invoke(cli, args, standalone_mode=False)
    assert '"class": "material"' in near.stdout and '"typo-fixed"' not in near.stdout
