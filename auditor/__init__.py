"""auditor: what changed between a draft and its published version, and does the record say so.

Public API::

    from auditor import extract
    doc = extract("draft.pdf")
"""

from __future__ import annotations

__version__ = "0.1.0"

from auditor.extract import extract
from auditor.scan import scan

__all__ = ["__version__", "extract", "scan"]
