"""The LaTeX footnote and recommendations table compile (when pdflatex is installed), even with
user text full of LaTeX's special characters."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_footnote import footnote, hostile_ledger

needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None,
                                    reason="pdflatex is not installed")

PREAMBLE = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\begin{document}\n"


def compile_latex(folder: Path, body: str) -> subprocess.CompletedProcess[str]:
    (folder / "doc.tex").write_text(PREAMBLE + body + "\\end{document}\n", encoding="utf-8")
    return subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=folder, capture_output=True, text=True, timeout=120, check=False)


@needs_pdflatex
def test_footnote_with_hostile_text_compiles(runner: CliRunner, tmp_path: Path) -> None:
    ledger = hostile_ledger(runner, tmp_path)
    result = footnote(runner, ledger, "--format", "latex", "--show-declined")
    assert result.exit_code == 0
    done = compile_latex(tmp_path, result.stdout)
    assert done.returncode == 0, done.stdout[-2000:]


@needs_pdflatex
def test_recs_table_compiles(tmp_path: Path) -> None:
    from auditor.recs import Rec, Status
    from auditor.recs_table import implementation_table
    from auditor.render.recs_table import render_latex

    items = [Rec(1, "R1", "Costs & $ of #1_x {a}", "high", "t",
                 {"author": Status(2, "implemented"), "reviewer": Status(3, "partial")}),
             Rec(4, "R2", "Other ~ ^ \\ stuff", "normal", "t")]
    done = compile_latex(tmp_path, render_latex(implementation_table(items)))
    assert done.returncode == 0, done.stdout[-2000:]
