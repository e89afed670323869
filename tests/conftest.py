"""Shared test helpers."""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = Path(os.environ.get("AUDITOR_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def needs_corpus() -> pytest.MarkDecorator:
    """Skip a test when ../shared/corpus is not next to the checkout."""
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail with TimeoutError when the block runs longer than ``seconds``: for the tests of
    hostile or pathological input, where a hang (or time in n²) is the failure."""
    def fail(*_: object) -> None:
        raise TimeoutError(f"did not finish within {seconds} s")
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def deadline() -> Iterator[None]:
    """The test must finish within 20 seconds (see :func:`time_limit`)."""
    with time_limit(20):
        yield


def load_script(path: Path) -> ModuleType:
    """Import a script that is not in a package (a fixture generator, a benchmark) as a
    module named after its file."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
