"""auditor: what changed between a draft and its published version, and does the record say so.

Public API::

    from auditor import compare, extract
    doc = extract("draft.pdf")
    result = compare("draft.pdf", "published.html")

The API names are imported when first used, so that a command loads only the machinery it
needs (``auditor extract`` never imports the comparison's).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Ledger", "__version__", "compare", "extract", "render_html", "scan"]

if TYPE_CHECKING:
    from auditor.compare import compare
    from auditor.extract import extract
    from auditor.ledger import Ledger
    from auditor.render.html import render_html
    from auditor.scan import scan


class _Package(types.ModuleType):
    """The package module, whose API names resolve to the functions of the same name.

    Each function lives in a module of its own name (``auditor.compare.compare``); importing
    that module makes Python record the module as the package's attribute, which is ignored
    here, so that ``auditor.compare`` stays the function however the modules were imported.
    """

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *__all__})


def _lazy(name: str) -> property:
    def get(_: types.ModuleType) -> Any:
        return getattr(importlib.import_module(f"{__name__}.{name}"), name)

    def keep(_: types.ModuleType, value: Any) -> None:
        """The import system recording the submodule: the name stays the function."""

    return property(get, keep)


for _name in ("compare", "extract", "scan"):
    setattr(_Package, _name, _lazy(_name))
sys.modules[__name__].__class__ = _Package

#: Other API names, each imported from its module on first use.
_ELSEWHERE = {"Ledger": "auditor.ledger", "render_html": "auditor.render.html"}


def __getattr__(name: str) -> object:
    """Import ``Ledger`` and the HTML renderer on first use: comparing does not need them."""
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
