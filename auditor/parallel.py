"""When a second process is worth starting, and running one call in a forked child.

auditor is single-threaded Python. Work that does not depend on other work — the two
documents of a comparison, runs of pages of a long PDF — can run in forked processes on
cores that would otherwise sit idle. Forking is only safe and only pays off when:

* the platform forks cheaply and safely (Linux);
* the program runs no other thread (a forked child inherits locks another thread may hold,
  and can deadlock on them);
* cores are idle *now*: on a busy machine extra processes only compete for the same cores.

Results never depend on whether work ran in a child: a child runs the same function on the
same input and sends its return value back whole (pickled through a pipe). When a child fails
in any other way than an input error (it crashed, or hit a bug), the caller runs the work
in-process instead, so that what the user sees is what a single process would have shown.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from auditor.errors import AuditorError

T = TypeVar("T")
S = TypeVar("S")
M = TypeVar("M")

#: Environment variable that sets the number of processes (1: never fork).
WORKERS_ENV = "AUDITOR_WORKERS"


def wanted_workers() -> int | None:
    """The number of processes ``AUDITOR_WORKERS`` asks for, or None when unset."""
    wanted = os.environ.get(WORKERS_ENV, "").strip()
    return max(1, int(wanted)) if wanted.isdigit() else None


def can_fork() -> bool:
    """Whether this process may fork a worker: on Linux, from a single-threaded program."""
    return sys.platform == "linux" and threading.active_count() == 1


def idle_cores() -> int:
    """Cores that no program is using now: the cores this process may run on, minus the
    tasks the kernel has ready to run besides this one.

    The instantaneous run queue (``/proc/loadavg``, fourth field) is used rather than the
    one-minute load average, which lags: it still counts a program that stopped seconds
    ago — often the previous run of auditor itself. It is read a few times over a
    millisecond and the smallest count kept: a program that keeps a core busy is ready to
    run at every reading, a task that only woke up for a moment is not.
    """
    try:
        cores = len(os.sched_getaffinity(0))
        running = _running_tasks()
        for _ in range(_SAMPLES - 1):
            time.sleep(0.0003)
            running = min(running, _running_tasks())
    except (AttributeError, OSError, ValueError, IndexError):
        return 1
    return max(0, cores - max(0, running - 1))


_SAMPLES = 4


def _running_tasks() -> int:
    with open("/proc/loadavg", encoding="ascii") as f:
        return int(f.read().split()[3].split("/")[0])


class ChildFailed(Exception):
    """The child ended without a result or an input error: run the work in-process."""


class ForkedCall(Generic[T]):
    """``fn()`` running in a forked child process, from the moment this is made.

    :meth:`result` waits for the child and returns what ``fn`` returned, raises the
    :class:`~auditor.errors.AuditorError` it raised, or raises :class:`ChildFailed` when it
    failed in any other way.
    """

    def __init__(self, fn: Callable[[], T]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(write, fn)
        os.close(write)
        self._pid = pid
        self._pipe = os.fdopen(read, "rb")
        self._done = False

    def result(self) -> T:
        try:
            with self._pipe:
                data = self._pipe.read()
        except BaseException:  # interrupted while waiting: the child goes too
            self.cancel()
            raise
        self._reap()
        try:
            kind, value = pickle.loads(data)
        except Exception:  # an empty or cut message: the child died
            raise ChildFailed from None
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if kind == "error":
            cls, message, hint = value
            raise cls(message, hint)
        raise ChildFailed

    def cancel(self) -> None:
        """Stop the child (when the caller gives up on it, e.g. on an interrupt)."""
        if not self._done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._pipe.close()
            self._reap()

    def _reap(self) -> None:
        if not self._done:
            self._done = True
            os.waitpid(self._pid, 0)


class ForkedStep(Generic[S, M, T]):
    """``finish(start(), message)`` in a forked child process: ``start()`` runs from the
    moment this is made, ``finish`` once :meth:`send` has passed the message (work that
    can begin before all its input is known).

    :meth:`result` returns or raises as :meth:`ForkedCall.result` does; a message that
    cannot be sent (the child is gone) raises :class:`ChildFailed`.
    """

    def __init__(self, start: Callable[[], S], finish: Callable[[S, M], T]) -> None:
        read, write = os.pipe()

        def run() -> T:  # in the child
            os.close(write)
            state = start()
            with os.fdopen(read, "rb") as inbox:
                message = pickle.load(inbox)  # a parent that went away: EOF, an error
            return finish(state, message)

        self._call = ForkedCall(run)
        os.close(read)
        self._outbox = os.fdopen(write, "wb")

    def send(self, message: M) -> None:
        try:
            with self._outbox:
                pickle.dump(message, self._outbox, pickle.HIGHEST_PROTOCOL)
        except OSError:  # the child died: nobody reads
            self.cancel()
            raise ChildFailed from None

    def result(self) -> T:
        return self._call.result()

    def cancel(self) -> None:
        """Stop the child (when its result is not wanted, or on an error)."""
        self._call.cancel()
        with contextlib.suppress(OSError):
            self._outbox.close()


def _child(write: int, fn: Callable[[], object]) -> None:
    """Run ``fn`` and send ``(kind, value)`` back; leave without running the parent's
    clean-up (``os._exit``): the child owns nothing of the parent's."""
    code = 0
    try:
        try:
            message = pickle.dumps(("ok", fn()), pickle.HIGHEST_PROTOCOL)
        except AuditorError as exc:
            message = pickle.dumps(("error", (type(exc), exc.message, exc.hint)))
        except BaseException:  # a bug or an interrupt: the parent decides
            message = pickle.dumps(("failed", None))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(message)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
