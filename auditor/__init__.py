"""auditor: what changed between a draft and its published version, and does the record say so.

Public API::

    from auditor import compare, extract
    doc = extract("draft.pdf")
    result = compare("draft.pdf", "published.html")
"""

from __future__ import annotations

__version__ = "0.1.0"

from auditor.compare import compare
from auditor.extract import extract
from auditor.ledger import Ledger
from auditor.scan import scan

__all__ = ["Ledger", "__version__", "compare", "extract", "scan"]
