"""``auditor recs``: the 17-recommendation example built through the command line, its table
checked exactly under both counting rules, the "9 vs 8" reconciliation, and every error path.

The example mirrors a published review: 17 recommendations (6 high-urgency) in four
categories; the reviewer counts one item as partially addressed, the developer (author) as
implemented. The texts are ours.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from review_example import ENV

from auditor.cli import cli

# id, category, urgency, author status, reviewer status, text
ITEMS = [
    ("R1", "Elicitation", "high", "implemented", "implemented",
     "Run every dangerous-capability task with the strongest available prompting."),
    ("R2", "Elicitation", "high", "implemented", "implemented",
     "Give the model tool access during autonomy tasks."),
    ("R3", "Elicitation", "high", "implemented", "implemented",
     "Report results for the checkpoint that is deployed."),
    ("R4", "Elicitation", "high", "implemented", "implemented",
     "Fine-tune against refusals before measuring capabilities."),
    ("R5", "Elicitation", "normal", "implemented", "implemented",
     "Sample each task at least ten times."),
    ("R6", "Elicitation", "normal", "not-adopted", "not-adopted",
     "Let external experts write a share of the prompts."),
    ("R7", "Elicitation", "normal", "not-adopted", "not-adopted",
     "Publish the grading rubric."),
    ("R8", "Additional evaluation", "high", "implemented", "implemented",
     "Evaluate multi-turn jailbreaks, not only single prompts."),
    ("R9", "Additional evaluation", "normal", "implemented", "implemented",
     "Add a held-out set of tasks written after training."),
    ("R10", "Additional evaluation", "normal", "not-adopted", "not-adopted",
     "Measure performance with and without a scratchpad."),
    ("R11", "Additional evaluation", "normal", "not-adopted", "not-adopted",
     "Repeat the cyber tasks in a realistic network range."),
    ("R12", "Additional evaluation", "normal", "implemented", "partial",
     "Estimate how capability grows with inference compute."),
    ("R13", "Additional evaluation", "normal", "not-adopted", "not-adopted",
     "Test the model in languages other than English."),
    ("R14", "Mitigations", "normal", "not-adopted", "not-adopted",
     "Show that the misuse classifier generalises to paraphrases."),
    ("R15", "Other information", "high", "not-adopted", "not-adopted",
     "Share the internal red-team findings with the reviewer."),
    ("R16", "Other information", "normal", "implemented", "implemented",
     "State the dates between which testing ran."),
    ("R17", "Other information", "normal", "not-adopted", "not-adopted",
     "Describe the compute used for the evaluations."),
]

STRICT_MD = """\
| Category | Implemented / Recommended (High-urgency) | Implemented / Recommended (Total) |
|---|---:|---:|
| Elicitation | 4 / 4 | 5 / 7 |
| Additional evaluation | 1 / 1 | 2 / 6 |
| Mitigations | 0 / 0 | 0 / 1 |
| Other information | 0 / 1 | 1 / 3 |
| **Total** | **5 / 6** | **8 / 17** |

Statuses as recorded by the reviewer; partially addressed items count in the denominator only.

**Reconciliation**

- R12 (Additional evaluation, normal urgency): author implemented, reviewer partial.
- Implemented (Total): 8 / 17 counting partial in the denominator only; 9 / 17 counting \
partial as implemented — the difference is R12 (partial).
- By the author's statuses 9 / 17 are implemented, by the reviewer's 8 / 17 (counting \
partial in the denominator only).
"""

LENIENT_MD = """\
| Category | Implemented / Recommended (High-urgency) | Implemented / Recommended (Total) |
|---|---:|---:|
| Elicitation | 4 / 4 | 5 / 7 |
| Additional evaluation | 1 / 1 | 3 / 6 |
| Mitigations | 0 / 0 | 0 / 1 |
| Other information | 0 / 1 | 1 / 3 |
| **Total** | **5 / 6** | **9 / 17** |

Statuses as recorded by the reviewer; partially addressed items count as implemented.

**Reconciliation**

- R12 (Additional evaluation, normal urgency): author implemented, reviewer partial.
- Implemented (Total): 9 / 17 counting partial as implemented; 8 / 17 counting partial in \
the denominator only — the difference is R12 (partial).
"""

NINE_VS_EIGHT = ("Implemented (Total): 8 / 17 counting partial in the denominator only; "
                 "9 / 17 counting partial as implemented — the difference is R12 (partial).")


def recs(runner: CliRunner, ledger: Path, *args: str) -> Result:
    return runner.invoke(cli, ["recs", *args, "--ledger", str(ledger)], env=ENV)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 17 recommendations with both parties' statuses, recorded once per module."""
    runner = CliRunner()
    path = tmp_path_factory.mktemp("recs") / "review.jsonl"
    result = runner.invoke(cli, ["review", "init", "--title", "System card review", "--author",
                                 "Lumen Labs", "--reviewer", "Northwind Evaluations",
                                 "--ledger", str(path)], env=ENV)
    assert result.exit_code == 0
    for rid, category, urgency, author, reviewer, text in ITEMS:
        assert recs(runner, path, "add", "--id", rid, "--category", category, "--urgency",
                    urgency, "--text", text).stdout.startswith(f"{rid} added (seq ")
        for party, status in (("author", author), ("reviewer", reviewer)):
            result = recs(runner, path, "status", rid, "--party", party, "--status", status)
            assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture
def ledger(example: Path, tmp_path: Path) -> Path:
    for suffix in ("", ".head"):
        shutil.copy(f"{example}{suffix}", tmp_path / f"review.jsonl{suffix}")
    return tmp_path / "review.jsonl"


def test_markdown_table_strict(runner: CliRunner, ledger: Path) -> None:
    result = recs(runner, ledger, "table", "--format", "markdown")
    assert (result.exit_code, result.stdout) == (0, STRICT_MD)
    assert NINE_VS_EIGHT in result.stdout


def test_markdown_table_partial_as_implemented(runner: CliRunner, ledger: Path) -> None:
    result = recs(runner, ledger, "table", "--format", "markdown", "--count-partial",
                  "as-implemented")
    assert (result.exit_code, result.stdout) == (0, LENIENT_MD)


def cells(data: dict[str, object]) -> list[tuple[str, str, str]]:
    rows = [*data["rows"], data["total"]]  # type: ignore[misc]
    return [(r["category"], r["high"]["cell"], r["total"]["cell"]) for r in rows]


def test_json_table_under_both_rules(runner: CliRunner, ledger: Path) -> None:
    strict = json.loads(recs(runner, ledger, "table", "--format", "json").stdout)
    assert strict["schema"] == "auditor.recs-table/1"
    assert (strict["count_partial"], strict["party"]) == ("denominator-only", "reviewer")
    assert cells(strict) == [("Elicitation", "4 / 4", "5 / 7"),
                             ("Additional evaluation", "1 / 1", "2 / 6"),
                             ("Mitigations", "0 / 0", "0 / 1"),
                             ("Other information", "0 / 1", "1 / 3"),
                             ("Total", "5 / 6", "8 / 17")]
    assert strict["total"]["total"] == {"implemented": 8, "recommended": 17, "cell": "8 / 17"}
    rec = strict["reconciliation"]
    assert rec["differences"] == [{"id": "R12", "category": "Additional evaluation",
                                   "urgency": "normal", "author": "implemented",
                                   "reviewer": "partial"}]
    assert rec["partial"] == ["R12"]
    assert rec["other_rule"]["total"] == {"implemented": 9, "recommended": 17, "cell": "9 / 17"}
    assert rec["by_party"] == {"author": {"implemented": 9, "recommended": 17, "cell": "9 / 17"},
                               "reviewer": {"implemented": 8, "recommended": 17,
                                            "cell": "8 / 17"}}
    assert NINE_VS_EIGHT in rec["lines"]

    lenient = json.loads(recs(runner, ledger, "table", "--format", "json", "--count-partial",
                              "as-implemented").stdout)
    assert cells(lenient) == [("Elicitation", "4 / 4", "5 / 7"),
                              ("Additional evaluation", "1 / 1", "3 / 6"),
                              ("Mitigations", "0 / 0", "0 / 1"),
                              ("Other information", "0 / 1", "1 / 3"),
                              ("Total", "5 / 6", "9 / 17")]
    assert lenient["reconciliation"]["other_rule"]["total"]["cell"] == "8 / 17"


def test_the_authors_view(runner: CliRunner, ledger: Path) -> None:
    data = json.loads(recs(runner, ledger, "table", "--format", "json", "--party",
                           "author").stdout)
    assert data["total"]["total"]["cell"] == "9 / 17"
    assert data["reconciliation"]["partial"] == []
    assert data["reconciliation"]["lines"][1] == (
        "Implemented (Total): 9 / 17 counting partial in the denominator only; 9 / 17 counting "
        "partial as implemented — no item is partially addressed.")


def test_terminal_html_and_latex_tables(runner: CliRunner, ledger: Path) -> None:
    term = recs(runner, ledger, "table").stdout
    rows = [re.split(r"\s{2,}", line.strip()) for line in term.splitlines()]
    assert rows[0] == ["Category", "Implemented / Recommended (High-urgency)",
                       "Implemented / Recommended (Total)"]
    assert ["Additional evaluation", "1 / 1", "2 / 6"] in rows
    assert ["Total", "5 / 6", "8 / 17"] in rows
    assert NINE_VS_EIGHT in " ".join(term.split())
    html = recs(runner, ledger, "table", "--format", "html").stdout
    assert "<tr><td>Mitigations</td><td>0 / 0</td><td>0 / 1</td></tr>" in html
    assert "<tfoot><tr><th>Total</th><td>5 / 6</td><td>8 / 17</td></tr></tfoot>" in html
    latex = recs(runner, ledger, "table", "--format", "latex").stdout
    assert "Other information & 0 / 1 & 1 / 3 \\\\" in latex
    assert "\\textbf{Total} & \\textbf{5 / 6} & \\textbf{8 / 17} \\\\" in latex


def test_list(runner: CliRunner, ledger: Path) -> None:
    data = json.loads(recs(runner, ledger, "list", "--format", "json").stdout)
    assert [i["id"] for i in data["items"]] == [i[0] for i in ITEMS]
    assert data["items"][11]["author_status"] == "implemented"
    assert data["items"][11]["reviewer_status"] == "partial"
    term = recs(runner, ledger, "list").stdout
    assert "R12" in term and "partial" in term


def test_the_latest_status_counts_and_is_verified(runner: CliRunner, ledger: Path) -> None:
    assert recs(runner, ledger, "status", "R12", "--party", "reviewer", "--status",
                "implemented", "--rationale", "Now covered in the appendix",
                "--evidence", "https://example.org/card#appendix").exit_code == 0
    data = json.loads(recs(runner, ledger, "table", "--format", "json").stdout)
    assert data["total"]["total"]["cell"] == "9 / 17"
    assert data["reconciliation"]["differences"] == []
    result = runner.invoke(cli, ["review", "verify", "--ledger", str(ledger)], env=ENV)
    assert result.exit_code == 0 and "53 entries" in result.stdout


def test_export_import_round_trip(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    for fmt in ("json", "csv"):
        out = tmp_path / f"recs.{fmt}"
        assert recs(runner, ledger, "export", "--format", fmt, "-o", str(out)).exit_code == 0
        fresh = tmp_path / f"fresh-{fmt}.jsonl"
        runner.invoke(cli, ["review", "init", "--title", "T", "--author", "A", "--reviewer",
                            "R", "--ledger", str(fresh)], env=ENV)
        result = recs(runner, fresh, "import", str(out))
        assert (result.exit_code, result.stdout) == (
            0, "imported 17 recommendations (51 entries, seq 2–52)\n")
        assert recs(runner, fresh, "table", "--format", "markdown").stdout == STRICT_MD


def test_validation_errors(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    cases = [
        (["add", "--id", "R7", "--category", "C", "--urgency", "high", "--text", "t"],
         "auditor: duplicate recommendation id 'R7' (already recorded at seq 20); use a new "
         "id, or 'auditor recs status' to update it\n"),
        (["status", "R99", "--party", "author", "--status", "implemented"],
         "auditor: unknown recommendation id 'R99'; known ids: R1, R2, R3, R4, R5, R6, R7, R8, "
         "R9, R10, R11, R12, R13, R14, R15, R16, R17\n"),
        (["status", "R1", "--party", "author", "--status", "done"],
         "auditor: unknown status 'done'; use one of: implemented, partial, not-adopted, "
         "pending\n"),
        (["status", "R1", "--party", "editor", "--status", "partial"],
         "auditor: unknown party 'editor'; use one of: author, reviewer\n"),
        (["add", "--id", "R 18", "--category", "C", "--urgency", "high", "--text", "t"],
         "auditor: invalid recommendation id 'R 18'; use letters, digits, '.', '_' or '-', "
         "e.g. R7\n"),
        (["add", "--id", "R18", "--category", "C", "--urgency", "urgent", "--text", "t"],
         "auditor: unknown urgency 'urgent'; use one of: high, normal\n"),
    ]
    before = ledger.read_bytes()
    for args, message in cases:
        result = recs(runner, ledger, *args)
        assert (result.exit_code, result.stderr) == (2, message), args
    assert ledger.read_bytes() == before


def test_import_errors_name_the_row_and_write_nothing(runner: CliRunner, ledger: Path,
                                                      tmp_path: Path) -> None:
    before = ledger.read_bytes()
    cases = [
        ("id,category,urgency,text\nR18,C,high,t\nR18,C,normal,u\n",
         "auditor: row 2: duplicate recommendation id 'R18' (also row 1); give every "
         "recommendation its own id\n"),
        ("id,category,urgency,text,author_status\nR18,C,high,t,done\n",
         "auditor: row 1: unknown status 'done'; use one of: implemented, partial, "
         "not-adopted, pending\n"),
        ("id,category,urgency,text\nR3,C,high,t\n",
         "auditor: row 1: duplicate recommendation id 'R3' (already recorded at seq 8); use a "
         "new id, or 'auditor recs status' to update it\n"),
        ("id,catgory,urgency,text\nR18,C,high,t\n",
         "auditor: row 1: unknown column 'catgory'; columns are: id, category, urgency, text, "
         "author_status, reviewer_status, author_rationale, author_evidence, "
         "reviewer_rationale, reviewer_evidence\n"),
    ]
    for content, message in cases:
        f = tmp_path / "in.csv"
        f.write_text(content)
        result = recs(runner, ledger, "import", str(f))
        assert (result.exit_code, result.stderr) == (2, message)
    bad = tmp_path / "bad.json"
    bad.write_text('{"items": [')
    result = recs(runner, ledger, "import", str(bad))
    assert result.exit_code == 3 and result.stderr.startswith(f"auditor: {bad}: not valid JSON")
    result = recs(runner, ledger, "import", str(tmp_path / "none.csv"))
    assert (result.exit_code, result.stderr) == (
        3, f"auditor: {tmp_path / 'none.csv'}: no such file; check the path\n")
    assert ledger.read_bytes() == before


def test_recs_need_a_started_ledger(runner: CliRunner, tmp_path: Path) -> None:
    result = recs(runner, tmp_path / "none.jsonl", "list")
    assert result.exit_code == 4
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = recs(runner, empty, "add", "--id", "R1", "--category", "C", "--urgency", "high",
                  "--text", "t")
    assert (result.exit_code, result.stderr) == (
        4, "auditor: the ledger does not start with 'review.init'; start a review with "
           "'auditor review init'\n")
