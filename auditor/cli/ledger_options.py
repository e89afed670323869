"""Options and helpers shared by ``auditor review`` and ``auditor recs``."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

import click

from auditor.errors import UsageError
from auditor.ledger import Ledger

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_LEDGER = "auditor-review.jsonl"


def ledger_option(fn: F) -> F:
    """``--ledger PATH`` (after the subcommand name), default ./auditor-review.jsonl."""
    return click.option(
        "--ledger", "ledger_path", default=DEFAULT_LEDGER, show_default=True,
        envvar="AUDITOR_LEDGER", type=click.Path(dir_okay=False),
        help="The review ledger (JSON Lines). Also AUDITOR_LEDGER.",
    )(fn)


def open_ledger(path: str) -> Ledger:
    """The ledger at ``path``; timestamps follow SOURCE_DATE_EPOCH when it is set."""
    return Ledger(path, clock=_clock())


def _clock() -> Callable[[], datetime]:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return lambda: datetime.now(timezone.utc)
    try:
        fixed = datetime.fromtimestamp(int(raw), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH='{raw}' is not a number of seconds",
                         "unset it, or give seconds since 1970-01-01 UTC") from None
    return lambda: fixed


def terminal() -> tuple[int, bool]:
    """(width, color) for rich output: COLUMNS or the terminal; color only on a terminal."""
    cols = os.environ.get("COLUMNS", "")
    width = int(cols) if cols.isdigit() and int(cols) > 20 else \
        shutil.get_terminal_size((100, 24)).columns
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return width, color


def warn(message: str) -> None:
    """A warning on stderr (stdout carries only the output)."""
    click.echo(f"auditor: warning: {message}", err=True)
