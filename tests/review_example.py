"""The worked example of the README, built through the command line (shared by the tests).

A fictional evaluator (Northwind Evaluations) reviews Helios-2 for Lumen Labs; Lumen Labs
asks for one confidential reference to be removed (accepted) and for a conclusion to be
softened (declined).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from auditor.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ledger-example"
ENV = {"SOURCE_DATE_EPOCH": "1774345800", "AUDITOR_REVIEW_KEY": "5e" * 32, "COLUMNS": "120",
       "AUDITOR_LEDGER": None}

STEPS: list[list[str]] = [
    ["init", "--title", "Safeguards Review of Helios-2", "--author", "Northwind Evaluations",
     "--reviewer", "Lumen Labs", "--agreement", "the evaluation agreement of 12 January 2026",
     "--scope", "confidential information of Lumen Labs"],
    ["add-doc", "{dir}/draft.txt", "--label", "draft"],
    ["request", "--by", "Lumen Labs", "--kind", "redaction", "--basis",
     "confidential information", "--quote", "the red-team playbook RT-17", "--reason",
     "The playbook is an internal document."],
    ["request", "--by", "Lumen Labs", "--kind", "material", "--basis", "tone",
     "--recommended", "--outside-scope", "--quote", "should not be released with open weights",
     "--reason", "We consider this conclusion premature."],
    ["decide", "E1", "--decision", "accepted", "--by", "Northwind Evaluations"],
    ["decide", "E2", "--decision", "declined", "--by", "Northwind Evaluations", "--note",
     "The results in the Findings section support it."],
    ["add-doc", "{dir}/published.txt", "--label", "published"],
]


def review(runner: CliRunner, ledger: Path, *args: str,
           env: dict[str, str | None] | None = None) -> Result:
    """Run ``auditor review ARGS --ledger LEDGER`` with the example's fixed clock and key."""
    return runner.invoke(cli, ["review", *args, "--ledger", str(ledger)],
                         env={**ENV, **(env or {})})


def build(runner: CliRunner, folder: Path, steps: list[list[str]] | None = None) -> Path:
    """Copy the example's documents into ``folder`` and record the review there."""
    for name in ("draft.txt", "published.txt", "comparison.json"):
        shutil.copy(EXAMPLE / name, folder / name)
    ledger = folder / "auditor-review.jsonl"
    for step in STEPS if steps is None else steps:
        result = review(runner, ledger, *(a.replace("{dir}", str(folder)) for a in step))
        assert result.exit_code == 0, (step, result.output, result.stderr)
    return ledger
