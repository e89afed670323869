"""auditor: what changed between a draft and its published version, and does the record say so.

Public API::

    from auditor import compare, extract
    doc = extract("draft.pdf")
    result = compare("draft.pdf", "published.html")
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from auditor.compare import compare
from auditor.extract import extract
from auditor.ledger import Ledger
from auditor.scan import scan

if TYPE_CHECKING:
    from auditor.render.html import render_html

__all__ = ["Ledger", "__version__", "compare", "extract", "render_html", "scan"]


def __getattr__(name: str) -> object:
    """Import the HTML renderer on first use: comparing or scanning does not need it."""
    if name == "render_html":
        from auditor.render.html import render_html

        return render_html
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
