"""Mangled copies of our fixtures (truncated, bytes flipped, stretches zeroed or doubled) end
in output or in one line on stderr with exit 3 — never an internal error or a traceback.

The mutations are seeded, so every run tries the same files. The cases that once ended in
"internal error" are kept as named tests below the sweep.
"""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from tests.conftest import FIXTURES

SOURCES = [FIXTURES / "report-draft.pdf", FIXTURES / "scan" / "leak-incremental-update.pdf",
           FIXTURES / "report-draft.docx", FIXTURES / "scan" / "leak-comment.docx",
           FIXTURES / "report-published.html"]
PER_SOURCE = 10
ALLOWED = {"extract": {0, 3}, "scan": {0, 1, 3}}


def mangle(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    kind = rng.choice(["truncate", "flip", "zero", "double"])
    i = rng.randrange(len(out))
    if kind == "truncate":
        return bytes(out[:max(1, i)])
    if kind == "flip":
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == "zero":
        j = min(len(out), i + rng.randint(1, 2000))
        out[i:j] = bytes(j - i)
    else:
        out[i:i] = out[i:min(len(out), i + rng.randint(1, 500))]
    return bytes(out)


def one_line_or_output(runner: CliRunner, command: str, path: Path) -> None:
    result = runner.invoke(cli, [command, str(path)])
    assert result.exit_code in ALLOWED[command], (command, path.name, result.stderr)
    lines = result.stderr.splitlines()
    if result.exit_code == 3:
        assert len(lines) == 1 and lines[0].startswith("auditor: "), lines
    else:  # output; at most a one-line note on stderr
        assert len(lines) <= 1, lines


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_mangled_copies_end_in_output_or_one_line(source: Path, tmp_path: Path,
                                                  runner: CliRunner) -> None:
    rng = random.Random(f"{source.name}-7")
    data = source.read_bytes()
    for k in range(PER_SOURCE):
        path = tmp_path / f"mangled-{k}{source.suffix}"
        path.write_bytes(mangle(data, rng))
        for command in ("extract", "scan"):
            one_line_or_output(runner, command, path)


def _first_member_offsets(data: bytes) -> tuple[int, int]:
    """(start of the compressed data of the first member, offset of its central-directory
    header)."""
    name_len, extra_len = struct.unpack_from("<HH", data, 26)
    return 30 + name_len + extra_len, data.rindex(b"PK\x01\x02", 0, data.index(b"PK\x05\x06"))


def _docx_with(tmp_path: Path, change: str) -> Path:
    source = FIXTURES / "report-draft.docx"
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as zf:
        first = zf.infolist()[0]
    start, _ = _first_member_offsets(bytes(data))
    if change == "version":
        # every central-directory header claims a ZIP version Python cannot read (18.5)
        at = data.find(b"PK\x01\x02")
        while at >= 0:
            struct.pack_into("<H", data, at + 6, 185)
            at = data.find(b"PK\x01\x02", at + 4)
    else:
        assert first.compress_type == zipfile.ZIP_DEFLATED
        for k in range(8):  # a damaged deflate stream
            data[start + 2 + k] ^= 0xFF
    path = tmp_path / f"{change}.docx"
    path.write_bytes(bytes(data))
    return path


def test_a_zip_version_python_cannot_read_is_a_damaged_file(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    path = _docx_with(tmp_path, "version")
    message = (f"{path}: a damaged DOCX file (the ZIP archive is truncated or corrupt); open it "
               "in Word or LibreOffice and save it again\n")
    result = runner.invoke(cli, ["extract", str(path)])
    assert (result.exit_code, result.stderr) == (3, f"auditor: {message}")
    result = runner.invoke(cli, ["scan", str(path)])
    assert (result.exit_code, result.stderr) == (3, f"auditor: cannot audit {message}")


def test_a_damaged_deflate_stream_is_a_damaged_file(tmp_path: Path, runner: CliRunner) -> None:
    path = _docx_with(tmp_path, "deflate")
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code == 3
    assert result.stderr == (f"auditor: {path}: a damaged DOCX file (the ZIP archive is "
                             "truncated or corrupt); open it in Word or LibreOffice and save it "
                             "again\n")
