"""`-o FILE` writes atomically, with the mode a user expects, and never replaces a device."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from tests.conftest import FIXTURES

DRAFT = str(FIXTURES / "report-draft.md")


def test_new_file_gets_the_umask_mode(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "draft.txt"
    old = os.umask(0o022)
    try:
        result = runner.invoke(cli, ["extract", DRAFT, "-o", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert out.read_text(encoding="utf-8").startswith("Pre-deployment Evaluation of Helios-2\n")
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]  # no temporary file left


def test_replaced_file_keeps_its_mode(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "draft.txt"
    out.write_text("old")
    out.chmod(0o640)
    result = runner.invoke(cli, ["extract", DRAFT, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text(encoding="utf-8") != "old"


def test_a_fifo_is_written_to_not_replaced(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(cli, ["extract", DRAFT, "-o", str(fifo)])
    reader.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"Pre-deployment Evaluation of Helios-2\n")


def test_missing_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "nope" / "draft.txt"
    result = runner.invoke(cli, ["extract", DRAFT, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (f"auditor: {out}: folder {out.parent} does not exist; "
                             "create it first\n")


def test_as_a_process_it_ends_with_all_its_output_and_its_exit_code() -> None:
    # the process ends without tearing the interpreter down (auditor.cli._exit); what it
    # wrote is flushed, its exit code kept, and exit handlers still run
    case = FIXTURES / "cases" / "number-change"
    args = ["compare", str(case / "before.txt"), str(case / "after.txt"), "--format", "json",
            "--fail-on", "any"]
    expected = CliRunner().invoke(cli, args)
    code = ("import atexit, sys, auditor.cli; atexit.register(print, 'exit handler ran'); "
            "auditor.cli.main(sys.argv[1:])")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=False)
    assert (proc.returncode, expected.exit_code) == (1, 1)
    assert proc.stdout == expected.stdout + "exit handler ran\n"
    proc = subprocess.run([sys.executable, "-m", "auditor", "compare", DRAFT], text=True,
                          capture_output=True, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("auditor: Missing argument 'AFTER'")


PUBLISHED = str(FIXTURES / "report-published.md")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_an_output_file_that_cannot_be_written_is_exit_3_not_a_bug(runner: CliRunner) -> None:
    # /proc takes no new files: the temporary file cannot be made (ENOENT)
    result = runner.invoke(cli, ["compare", DRAFT, PUBLISHED, "-o", "/proc/auditor-out.json"])
    assert result.exit_code == 3
    assert result.stderr == ("auditor: /proc/auditor-out.json: cannot write: No such file or "
                             "directory; nothing was written; check the folder's permissions "
                             "and free space\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["extract", DRAFT], ["compare", DRAFT, PUBLISHED]])
def test_standard_output_on_a_full_disk_is_exit_3_not_a_bug(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "auditor", *command], stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False)
    assert proc.returncode == 3
    assert proc.stderr == ("auditor: cannot write the output: No space left on device "
                           "(try -o FILE elsewhere)\n")
