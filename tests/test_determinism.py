"""Same input, same output, byte for byte: across processes with different hash seeds (set
and dict orders of strings change with ``PYTHONHASHSEED``), and with one process or several.

Each command runs as a real process, as a user runs it, so nothing cached in this test
process can hide a difference.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

DRAFT_PDF, PUBLISHED_PDF = FIXTURES / "report-draft.pdf", FIXTURES / "report-published.pdf"

COMMANDS = {
    "extract pdf json": ["extract", str(DRAFT_PDF), "--format", "json"],
    "extract docx json": ["extract", str(FIXTURES / "report-draft.docx"), "--format", "json"],
    "compare pdf json": ["compare", str(DRAFT_PDF), str(PUBLISHED_PDF), "--format", "json"],
    "compare docx→html markdown": ["compare", str(FIXTURES / "report-draft.docx"),
                                   str(FIXTURES / "report-published.html"), "--format",
                                   "markdown"],
    "compare pdf html": ["compare", str(DRAFT_PDF), str(PUBLISHED_PDF), "--format", "html"],
    "scan pdf json": ["scan", str(FIXTURES / "scan" / "leak-incremental-update.pdf"),
                      "--removed-from", str(DRAFT_PDF), "--format", "json", "--show-secrets"],
    "scan docx json": ["scan", str(FIXTURES / "scan" / "leak-tracked-deletion.docx"),
                       "--format", "json", "--show-secrets"],
}


def _run(args: list[str], tmp_path: Path, seed: str, workers: str) -> bytes:
    out = tmp_path / f"out-{seed}-{workers}"
    env = {**os.environ, "PYTHONHASHSEED": seed, "AUDITOR_WORKERS": workers,
           "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "auditor", *args, "-o", str(out)], env=env,
                          capture_output=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return out.read_bytes()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_output_is_the_same_bytes_whatever_the_hash_seed_or_process_count(
        name: str, tmp_path: Path) -> None:
    args = COMMANDS[name]
    first = _run(args, tmp_path, "1", "1")
    assert first
    assert _run(args, tmp_path, "2", "1") == first
    assert _run(args, tmp_path, "3", "2") == first

