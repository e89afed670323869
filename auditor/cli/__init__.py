"""The ``auditor`` command line: parse → call the library → render → exit code.

One handler (:class:`AuditorGroup`) turns every failure into one line on stderr and the
documented exit code; the traceback is shown only with ``--debug`` (or AUDITOR_DEBUG=1).
Commands live in one module each and hold no logic of their own.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import gc
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from auditor import __version__
from auditor.errors import AuditorError, ExitCode


def _debug_requested(args: Sequence[str] | None) -> bool:
    argv = list(args) if args is not None else sys.argv[1:]
    return "--debug" in argv or os.environ.get("AUDITOR_DEBUG", "") not in ("", "0")


def _quiet_library_logs(debug: bool) -> None:
    """The PDF libraries log what they repair in damaged files ("incorrect startxref
    pointer"); without a handler Python prints those records on stderr, which is for our one
    line only. They are dropped, or shown with ``--debug``."""
    if not debug:
        logging.getLogger("pypdf").addHandler(logging.NullHandler())
        logging.getLogger("pypdf").propagate = False


def _fail(message: str, code: int) -> int:
    click.echo(f"auditor: {message}", err=True)
    return code


class AuditorGroup(click.Group):
    """A click group whose ``main`` owns the error → exit-code policy, and whose commands
    are imported when used: a run loads only its own command's modules."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy: dict[str, str] = {}  # command name -> "module:attribute"

    def add_lazy(self, name: str, where: str) -> None:
        """Register the command ``name``, found at ``where`` ("module:attribute")."""
        self._lazy[name] = where

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self._lazy.pop(cmd_name, None)
        if where is not None:
            module, _, attr = where.partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._run(args, prog_name, complete_var, **extra)
        if not standalone_mode:
            return code
        sys.exit(code)

    def _run(self, args: Sequence[str] | None, prog_name: str | None,
             complete_var: str | None, **extra: Any) -> int:
        debug = _debug_requested(args)
        _quiet_library_logs(debug)
        try:
            rv = super().main(args, prog_name or "auditor", complete_var,
                              standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "auditor"
            return _fail(f"{exc.format_message()} (see '{where} --help')", ExitCode.USAGE)
        except click.ClickException as exc:
            return _fail(exc.format_message(), exc.exit_code)
        except click.Abort:
            return _fail("aborted", ExitCode.FINDINGS)
        except AuditorError as exc:
            if debug:
                traceback.print_exc()
            return _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (``auditor … | head``): not an error of ours.
            _silence_stdout()
            return ExitCode.OK
        except OSError as exc:
            if exc.errno not in _WRITE_ERRNOS:
                return _internal(exc, debug)
            return _fail(_stdout_failure(exc), ExitCode.INPUT)
        except KeyboardInterrupt:
            return _fail("interrupted", 130)
        except Exception as exc:  # a bug: one line, traceback on request
            return _internal(exc, debug)
        return rv if isinstance(rv, int) else ExitCode.OK


#: What writing to standard output can fail with when the fault is not ours (a file given
#: with ``-o`` has its own message, from the command).
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS,
                           errno.EACCES, errno.EPERM, errno.EBADF})


def _stdout_failure(exc: OSError) -> str:
    return f"cannot write the output: {exc.strerror or exc} (try -o FILE elsewhere)"


def _internal(exc: Exception, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    return _fail(
        f"internal error: {type(exc).__name__}: {exc} (this is a bug; rerun with --debug for "
        "the traceback and report it)",
        ExitCode.INTERNAL,
    )


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group("auditor", cls=AuditorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="auditor")
@click.option("--debug", is_flag=True, help="Show the traceback when something fails.")
def cli(debug: bool) -> None:
    """What changed between a draft and its published version, and does the record say so.

    \b
    Exit codes: 0 ok · 1 findings at or above --fail-on · 2 usage · 3 input or output problem
                4 ledger integrity · 70 internal error
    """


def _register() -> None:
    cli.add_lazy("extract", "auditor.cli.extract:extract_cmd")
    cli.add_lazy("compare", "auditor.cli.compare:compare_cmd")
    cli.add_lazy("scan", "auditor.cli.scan:scan_cmd")
    cli.add_lazy("review", "auditor.cli.review:review_cmd")
    cli.add_lazy("recs", "auditor.cli.recs:recs_cmd")


_register()


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    _collect_rarely()
    _exit(cli.main(args=argv, prog_name="auditor", standalone_mode=False))


def _collect_rarely() -> None:
    """Tune Python's cyclic garbage collector for one command in a process of its own.

    A command allocates millions of small objects (line fragments, tokens) and frees them by
    reference counting; the collector walked them again and again for nothing: 5-8 % of a
    run's time (~120 ms of a 350-page compare). The objects the imports made are frozen out
    of its walks, and it runs every 100,000 allocations instead of 700; the cycles a run
    leaves (a few thousand objects) are still collected while young.
    """
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _exit(code: int) -> NoReturn:
    """End the process without tearing the interpreter down.

    At exit Python frees every object one by one and unloads every module: ~25 ms after a
    350-page compare, for memory the system takes back at once. The exit handlers still run
    and the standard streams are flushed first: a reader that went away is not an error,
    output that could not be written is (exit 3, as for a file given with ``-o``).
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:
        _fail(_stdout_failure(exc), ExitCode.INPUT)
        code = code or ExitCode.INPUT
    except ValueError:  # closed
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code)
