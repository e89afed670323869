"""User configuration: a TOML file given with ``--config``, or ``[tool.auditor]`` in a
``pyproject.toml`` next to the documents.

The file (or the ``[tool.auditor]`` table) holds one table per part of auditor::

    [classify]
    redaction_markers = ["[withheld]", "re:\\bTBD-\\d+\\b"]   # literal, or re: + regex
    entities = ["Lumen Labs", "Helios-2"]                    # names that count as entities
    conclusion_headings = ["Bottom line"]                    # more conclusion-bearing headings
    disabled_rules = ["typo-fixed"]                          # rule ids switched off

Every key is checked: an unknown key, a wrong type, an unknown rule id or a bad regular
expression raises :class:`~auditor.errors.ConfigError` naming the file and the key.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError

_LIST_KEYS = ("redaction_markers", "entities", "conclusion_headings", "disabled_rules")


@dataclass(frozen=True)
class Config:
    """Validated user settings. The defaults are auditor's built-in behaviour."""

    redaction_markers: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    conclusion_headings: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    path: str | None = None  #: where the settings were read from, if anywhere


def load_config(
    path: str | os.PathLike[str] | None = None, near: Iterable[str | os.PathLike[str]] = ()
) -> Config:
    """Read the configuration.

    ``path`` is a file named by the user (``--config``): it must exist. Without it, the first
    ``pyproject.toml`` with a ``[tool.auditor]`` table in the folders of the files ``near``
    is used; with none, the defaults.
    """
    if path is not None:
        p = Path(path)
        if not p.is_file():
            what = "no such file" if not p.exists() else "not a regular file"
            raise ConfigError(f"config {p}: {what}", "check the path given to --config")
        return config_from_dict(_read_toml(p), f"config {p}", str(p))
    for doc in near:
        candidate = Path(doc).resolve().parent / "pyproject.toml"
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("auditor")
            if table is not None:
                where = f"{candidate} [tool.auditor]"
                return config_from_dict(table, f"config {where}", where)
    return Config()


def config_from_dict(
    data: Mapping[str, Any], where: str = "config", path: str | None = None
) -> Config:
    """Validate a parsed configuration table; ``where`` starts every error message."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where}: expected a table", "see the README, section Configuration")
    for key in sorted(data):
        if key != "classify":
            raise _unknown(where, key)
    classify = data.get("classify", {})
    if not isinstance(classify, Mapping):
        raise ConfigError(f"{where}: 'classify' must be a table", "write it as [classify]")
    values: dict[str, tuple[str, ...]] = {}
    for key in sorted(classify):
        if key not in _LIST_KEYS:
            raise _unknown(where, f"classify.{key}")
        values[key] = _strings(classify[key], where, f"classify.{key}")
    _check_rules(values.get("disabled_rules", ()), where)
    _check_markers(values.get("redaction_markers", ()), where)
    return Config(path=path, **values)


def _read_toml(path: Path) -> dict[str, Any]:
    # imported here: most runs read no settings file, and the parser takes ~5 ms to import
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path}: not valid TOML: {exc}", "fix the syntax") from None
    except OSError as exc:
        raise ConfigError(f"config {path}: cannot read it: {exc.strerror}", None) from None


def _unknown(where: str, key: str) -> ConfigError:
    known = ", ".join(f"classify.{k}" for k in _LIST_KEYS)
    return ConfigError(f"{where}: unknown key '{key}'", f"known keys: {known}")


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(
            f"{where}: '{key}' must be a list of non-empty strings", 'e.g. ["Lumen Labs"]'
        )
    return tuple(value)


def _check_rules(rules: tuple[str, ...], where: str) -> None:
    from auditor.classify.engine import RULE_IDS

    for rule in rules:
        if rule not in RULE_IDS:
            raise ConfigError(
                f"{where}: 'classify.disabled_rules' names an unknown rule '{rule}'",
                f"rule ids: {', '.join(RULE_IDS)}",
            )


def _check_markers(markers: tuple[str, ...], where: str) -> None:
    for marker in markers:
        if not marker.startswith("re:"):
            continue
        try:
            re.compile(marker[3:])
        except re.error as exc:
            raise ConfigError(
                f"{where}: 'classify.redaction_markers' has an invalid regular expression "
                f"{marker[3:]!r}: {exc}",
                "fix the pattern, or drop the re: prefix to match it literally",
            ) from None
