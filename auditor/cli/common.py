"""Options and output helpers shared by the commands."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from auditor.errors import UsageError


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to stdout, or atomically to the file ``output``."""
    if not text.endswith("\n"):
        text += "\n"
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    write_atomic(Path(output), text.encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: folder {folder} does not exist", "create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None,
    help="Write the output to this file instead of stdout.",
)
