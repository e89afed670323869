"""Errors and exit codes.

Every error the library raises is an :class:`AuditorError`. Each carries the exit code the
command line returns for it and a hint saying what to do next. The CLI turns them into one
line on stderr (see ``auditor.cli``); the library never prints or exits.

The exit codes are a stable contract (DESIGN §4.3).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Stable exit codes of the ``auditor`` command."""

    OK = 0  #: ran; nothing at or above the ``--fail-on`` level
    FINDINGS = 1  #: ran; findings at or above ``--fail-on``
    USAGE = 2  #: bad arguments, options or configuration
    INPUT = 3  #: unreadable, encrypted, unsupported or text-less input; unwritable output
    LEDGER = 4  #: review ledger integrity problem
    INTERNAL = 70  #: a bug in auditor


class AuditorError(Exception):
    """Base of every error auditor raises on purpose.

    ``message`` says what went wrong, ``hint`` what to do next; ``str()`` joins them in one
    line.
    """

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class UsageError(AuditorError):
    """Arguments, options or configuration that cannot work."""

    exit_code = ExitCode.USAGE


class ConfigError(UsageError):
    """An invalid configuration file or key."""


class InputError(AuditorError):
    """An input file auditor cannot read as a document."""

    exit_code = ExitCode.INPUT


class FileMissingError(InputError):
    """The path does not exist or is not a regular file."""


class UnsupportedFormatError(InputError):
    """The content is not one of the formats auditor reads."""


class EncryptedError(InputError):
    """The document is encrypted and the password (if any) did not open it."""


class CorruptFileError(InputError):
    """The file claims a format but cannot be parsed as it."""


class NoTextError(InputError):
    """The document has no text to work on (empty, or scanned without a text layer)."""


class TooLargeError(InputError):
    """The input is over the configured size limit."""


class OutputError(AuditorError):
    """The output cannot be written (no permission, disk full, a folder that went away)."""

    exit_code = ExitCode.INPUT


class RefusedError(AuditorError):
    """auditor will not write what was asked because the record says otherwise (e.g. a
    footnote claiming "conclusions unchanged" when a decision or the comparison disagrees)."""

    exit_code = ExitCode.FINDINGS


class LedgerError(AuditorError):
    """The review ledger is missing, malformed or its hash chain is broken."""

    exit_code = ExitCode.LEDGER
