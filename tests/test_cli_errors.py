"""Bad input gets one clear line on stderr and the documented exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from tests.conftest import FIXTURES


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = run(runner, "extract", str(tmp_path / "nope.pdf"))
    assert code == 3
    assert out == ""
    assert err == f"auditor: {tmp_path / 'nope.pdf'}: no such file; check the path\n"


def test_directory(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "extract", str(tmp_path))
    assert code == 3
    assert err == f"auditor: {tmp_path}: is a directory, not a document; name a file\n"


def test_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    code, _, err = run(runner, "extract", str(f))
    assert code == 3
    assert err == f"auditor: {f}: file is empty; nothing to extract\n"


def test_whitespace_only_file(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "blank.txt"
    f.write_text("  \n\n \t\n")
    code, _, err = run(runner, "extract", str(f))
    assert code == 3
    assert "file is empty" in err


def test_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "blob.bin"
    f.write_bytes(bytes(range(256)) * 8)
    code, _, err = run(runner, "extract", str(f))
    assert code == 3
    assert err.startswith(f"auditor: {f}: binary data of an unknown kind, not a document;")
    assert err.count("\n") == 1


def test_zip_that_is_not_docx(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "archive.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("hello.txt", "hi")
    code, _, err = run(runner, "extract", str(f))
    assert code == 3
    assert err.startswith(f"auditor: {f}: a ZIP archive, not a document;")


def test_file_over_the_size_limit(runner: CliRunner, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_MAX_INPUT_MB", "1")
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # sparse: 500 MB on paper, nothing on disk
        fh.truncate(500 * 1024 * 1024)
    code, _, err = run(runner, "extract", str(f))
    assert code == 3
    assert err == (f"auditor: {f}: 500 MB is over the 1 MB input limit; "
                   "raise it with AUDITOR_MAX_INPUT_MB if the file is genuine\n")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_input_is_read_no_further_than_the_limit(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    # a device has no size to check beforehand: reading it whole took all the memory
    monkeypatch.setenv("AUDITOR_MAX_INPUT_MB", "1")
    code, out, err = run(runner, "extract", "/dev/zero")
    assert (code, out) == (3, "")
    assert err == ("auditor: /dev/zero: over the 1 MB input limit; raise it with "
                   "AUDITOR_MAX_INPUT_MB if the file is genuine\n")


def test_usage_error_is_one_line(runner: CliRunner) -> None:
    code, out, err = run(runner, "extract")
    assert code == 2
    assert out == ""
    assert err == "auditor: Missing argument 'FILE'. (see 'auditor extract --help')\n"


def test_unknown_command(runner: CliRunner) -> None:
    code, _, err = run(runner, "frobnicate")
    assert code == 2
    assert err.startswith("auditor: No such command 'frobnicate'.")


def test_internal_error_is_one_line_without_debug(runner: CliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.cli.extract as mod

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(mod, "extract", boom)
    f = tmp_path / "a.txt"
    f.write_text("Hello.")
    code, _, err = run(runner, "extract", str(f))
    assert code == 70
    assert err == ("auditor: internal error: RuntimeError: kaboom (this is a bug; rerun with "
                   "--debug for the traceback and report it)\n")
    code, _, err = run(runner, "--debug", "extract", str(f))
    assert code == 70
    assert "Traceback (most recent call last)" in err


def test_version(runner: CliRunner) -> None:
    from auditor import __version__

    code, out, _ = run(runner, "--version")
    assert code == 0
    assert out == f"auditor, version {__version__}\n"


def test_library_log_records_stay_off_stderr(tmp_path: Path) -> None:
    """pypdf logs the repairs it makes to a damaged file; stderr is for our one line."""
    from reportlab.pdfgen.canvas import Canvas

    good = tmp_path / "good.pdf"
    canvas = Canvas(str(good), invariant=1)
    canvas.drawString(72, 720, "A page of text.")
    canvas.save()
    data = good.read_bytes()
    offset = data.rindex(b"startxref")
    real = int(data[offset + len(b"startxref"):].split()[0])
    broken = tmp_path / "bad-startxref.pdf"  # startxref a few bytes off: pypdf says so
    broken.write_bytes(data[:offset] + b"startxref\n%d\n%%%%EOF\n" % (real - 3))
    # In a subprocess: pytest's own log capture would hide the records in-process.
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(broken), "--format",
                           "json"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_a_config_or_removed_file_that_is_not_a_regular_file_says_so(
        runner: CliRunner, tmp_path: Path) -> None:
    draft, published = (str(FIXTURES / "report-draft.md"),
                        str(FIXTURES / "report-published.md"))
    code, _, err = run(runner, "compare", draft, published, "--config", os.devnull)
    assert (code, err) == (2, f"auditor: config {os.devnull}: not a regular file; check the "
                              "path given to --config\n")
    code, _, err = run(runner, "scan", published, "--removed", str(tmp_path))
    assert (code, err) == (3, f"auditor: {tmp_path}: not a regular file; name the file of "
                              "removed passages, one per line\n")
