"""Options and output helpers shared by the commands."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from auditor.errors import OutputError, UsageError


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to stdout, or atomically to the file ``output``."""
    if not text.endswith("\n"):
        text += "\n"
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    write_atomic(Path(output), text.encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it.

    A regular file is replaced through a temporary file and a rename, keeping the mode of
    the file it replaces (or the umask's default for a new one). Anything else that exists
    under the name — ``/dev/null``, a FIFO, a terminal — is written to directly, never
    replaced.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: folder {folder} does not exist", "create it first")
    try:
        _write_atomic(path, folder, data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}",
                          "nothing was written; check the folder's permissions and free space"
                          ) from None


def _write_atomic(path: Path, folder: Path, data: bytes) -> None:
    if path.exists() and not path.is_file():
        with path.open("wb") as fh:
            fh.write(data)
        return
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None,
    help="Write the output to this file instead of stdout.",
)
