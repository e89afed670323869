"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

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
