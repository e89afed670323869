"""Work in a second process: the same result as in one process, errors as one process gives
them, and a clean fall-back when the child fails."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor import compare
from auditor.cli import cli
from auditor.errors import CorruptFileError
from auditor.extract import extract
from auditor.parallel import ChildFailed, ForkedCall, ForkedStep, idle_cores

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DRAFT, PUBLISHED = FIXTURES / "report-draft.pdf", FIXTURES / "report-published.pdf"

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="forks on Linux only")


@linux_only
def test_a_call_in_a_child_returns_what_it_returned() -> None:
    doc = extract(DRAFT, workers=1)
    assert ForkedCall(lambda: extract(DRAFT, workers=1)).result() == doc


@linux_only
def test_an_input_error_in_a_child_is_raised_whole() -> None:
    def fail() -> None:
        raise CorruptFileError("x.pdf: damaged PDF", "re-export it")

    with pytest.raises(CorruptFileError) as err:
        ForkedCall(fail).result()
    assert str(err.value) == "x.pdf: damaged PDF; re-export it"


@linux_only
def test_a_bug_or_a_crash_in_a_child_asks_for_the_work_in_process() -> None:
    with pytest.raises(ChildFailed):
        ForkedCall(lambda: 1 // 0).result()
    with pytest.raises(ChildFailed):
        ForkedCall(lambda: os._exit(3)).result()


@linux_only
def test_a_step_in_a_child_starts_at_once_and_finishes_with_the_message() -> None:
    parent = os.getpid()
    step = ForkedStep(lambda: (os.getpid(), [1, 2]), lambda state, message: (*state, message))
    step.send({"drafts": 3})
    child, start, message = step.result()
    assert child != parent and start == [1, 2] and message == {"drafts": 3}


@linux_only
def test_a_step_whose_child_failed_asks_for_the_work_in_process() -> None:
    crashed = ForkedStep(lambda: os._exit(3), lambda state, message: message)
    with pytest.raises(ChildFailed):
        crashed.send("x" * 1_000_000)  # more than a pipe holds: nobody reads it
        crashed.result()
    failing = ForkedStep(lambda: None, lambda state, message: 1 // message)
    failing.send(0)
    with pytest.raises(ChildFailed):
        failing.result()
    unsent = ForkedStep(lambda: 1, lambda state, message: message)
    unsent.cancel()  # the child waiting for a message is stopped


def test_idle_cores_are_counted_among_the_cores_this_process_may_use() -> None:
    assert 0 <= idle_cores() <= (os.cpu_count() or 1)


@linux_only
@pytest.mark.parametrize("workers", ["1", "2"])
def test_compare_gives_the_same_result_in_one_process_or_two(
        monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    monkeypatch.setenv("AUDITOR_WORKERS", "1")
    expected = compare(DRAFT, PUBLISHED).to_dict()
    monkeypatch.setenv("AUDITOR_WORKERS", workers)
    children: list[ForkedCall[object]] = []

    def counted(fn: Callable[[], object]) -> ForkedCall[object]:
        children.append(ForkedCall(fn))
        return children[-1]

    monkeypatch.setattr(sys.modules["auditor.compare"], "ForkedCall", counted)
    seen: list[tuple[str, int, int]] = []
    result = compare(DRAFT, PUBLISHED, progress=lambda *stage: seen.append(stage))
    assert result.to_dict() == expected
    assert len(children) == int(workers) - 1
    assert seen[:4] == [("extracting before", 0, 1), ("extracting before", 1, 1),
                        ("extracting after", 0, 1), ("extracting after", 1, 1)]


@linux_only
@pytest.mark.parametrize("crash", [False, True])
def test_changes_classified_in_a_child_are_classified_as_in_process(
        monkeypatch: pytest.MonkeyPatch, crash: bool) -> None:
    monkeypatch.setenv("AUDITOR_WORKERS", "1")
    expected = compare(DRAFT, PUBLISHED).to_dict()
    monkeypatch.setenv("AUDITOR_WORKERS", "2")
    module = sys.modules["auditor.compare"]
    steps: list[ForkedStep[Any, Any, Any]] = []
    parent = os.getpid()

    def counted(start: Callable[[], Any], finish: Callable[[Any, Any], Any]) -> Any:
        def finish_or_crash(state: Any, message: Any) -> Any:
            if crash and os.getpid() != parent:
                os._exit(3)
            return finish(state, message)

        steps.append(ForkedStep(start, finish_or_crash))
        return steps[-1]

    monkeypatch.setattr(module, "ForkedStep", counted)
    assert compare(DRAFT, PUBLISHED).to_dict() == expected
    assert len(steps) == 1  # a crashed child's changes were classified in process


@linux_only
@pytest.mark.parametrize(("before", "after", "message"), [
    ("encrypted.pdf", "truncated.pdf", "encrypted.pdf: the PDF is encrypted"),
    ("report-draft.pdf", "truncated.pdf", "truncated.pdf: truncated PDF"),
    ("zero-pages.pdf", "report-draft.pdf", "zero-pages.pdf: the PDF has no pages"),
])
def test_in_two_processes_the_first_input_error_is_the_one_reported(
        monkeypatch: pytest.MonkeyPatch, before: str, after: str, message: str) -> None:
    monkeypatch.setenv("AUDITOR_WORKERS", "2")
    result = CliRunner().invoke(cli, ["compare", str(FIXTURES / before), str(FIXTURES / after)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"auditor: {FIXTURES / message.split(':')[0]}:"
                                    f"{message.split(':', 1)[1]}")
    assert len(result.stderr.splitlines()) == 1


@linux_only
@pytest.mark.parametrize("workers", [2, 3, 4])
def test_pages_read_by_several_processes_give_the_same_document(workers: int) -> None:
    assert extract(DRAFT, workers=workers) == extract(DRAFT, workers=1)


@linux_only
@pytest.mark.parametrize(("bad_pages", "reported"), [({1}, 1), ({4}, 4), ({2, 4}, 2)])
def test_the_first_page_that_fails_is_the_one_reported(
        monkeypatch: pytest.MonkeyPatch, bad_pages: set[int], reported: int) -> None:
    pages = importlib.import_module("auditor.extract.pdf_pages")
    real = pages.page_lines

    def failing(page: Any) -> Any:
        if page.number in bad_pages:
            raise CorruptFileError(f"page {page.number} is damaged", "re-export it")
        return real(page)

    monkeypatch.setattr(pages, "page_lines", failing)  # before the fork: children too
    with pytest.raises(CorruptFileError, match=f"^page {reported} is damaged; re-export it$"):
        extract(DRAFT, workers=2)
