"""The README documents every ``auditor review`` and ``auditor recs`` command and option, and
its worked-example footnote is the one auditor writes."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from auditor.cli.recs import recs_cmd
from auditor.cli.review import review_cmd

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GOLDEN = ROOT / "tests" / "golden" / "footnote" / "worked-example.md"


@pytest.mark.parametrize("group", [review_cmd, recs_cmd], ids=["review", "recs"])
def test_every_command_and_option_is_documented(group: click.Group) -> None:
    for name, command in group.commands.items():
        assert f"auditor {group.name} {name}" in README or \
            re.search(rf"auditor {group.name} [a-z|-]*\b{name}\b", README), name
        for param in command.params:
            for opt in getattr(param, "opts", []) + getattr(param, "secondary_opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"{group.name} {name} {opt}"


def test_readme_footnote_is_the_golden_one() -> None:
    quoted = README.split("The footnote (the hash at the end")[1].split("\n\n", 1)[1]
    quoted = quoted.split("\nThe removed words appear nowhere")[0]
    readme = " ".join(line.removeprefix(">").strip() for line in quoted.splitlines())
    golden = " ".join(GOLDEN.read_text(encoding="utf-8").split())
    strip_hash = re.compile(r"SHA-256 [0-9a-f]{16}")
    assert strip_hash.sub("", " ".join(readme.split())) == strip_hash.sub("", golden)
