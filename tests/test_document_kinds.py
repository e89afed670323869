"""Every extractor produces only the block kinds that ``auditor.document/1`` documents."""

from __future__ import annotations

import pytest

from auditor.extract import extract
from auditor.models import BLOCK_KINDS
from tests.conftest import FIXTURES


@pytest.mark.parametrize("fixture", ["report-draft.pdf", "report-draft.docx", "report-draft.md",
                                     "report-published.html"])
def test_every_block_kind_is_one_the_schema_names(fixture: str) -> None:
    kinds = {b.kind for b in extract(FIXTURES / fixture).blocks}
    assert kinds <= set(BLOCK_KINDS) and {"heading", "paragraph"} <= kinds
