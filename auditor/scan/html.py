"""Leak checks on a published HTML page: what the source carries that the reader does not see.

* comments (``<!-- … -->``);
* elements hidden from the reader: the ``hidden`` attribute, inline styles and simple
  stylesheet rules (``.class``/``#id``) with ``display: none``, ``visibility: hidden``,
  ``font-size: 0`` or ``opacity: 0``, ``<template>`` contents, and hidden inputs with a value;
* ``data-*`` attribute values, ``<meta>`` values, and ``alt``/``title`` text.

Elements are reported with their source line; only the outermost of nested hidden elements
is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from auditor.scan.findings import Finding

_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])"
                     r"|opacity\s*:\s*0(?![.\d]*[1-9])", re.IGNORECASE)
_BRACE = re.compile(r"[{}]")
_SIMPLE_SELECTOR = re.compile(r"^\s*([.#])([A-Za-z_][\w-]*)\s*$")
_BENIGN_META = {"viewport", "charset", "color-scheme", "theme-color", "format-detection",
                "referrer", "robots", "googlebot", "x-ua-compatible", "content-type",
                "content-language", "handheldfriendly", "mobileoptimized"}
_PEOPLE_META = {"author", "creator", "dc.creator", "article:author", "publisher"}


def parse_html(text: str) -> etree._Element:
    """Parse untrusted HTML: no network, no huge trees."""
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=False)
    return lxml.html.document_fromstring(text or "<html></html>", parser=parser)


def find_html_leaks(root: etree._Element) -> Iterator[Finding]:
    """All HTML checks, in document order."""
    yield from find_comments(root)
    yield from find_hidden_elements(root)
    yield from find_data_attributes(root)
    yield from find_meta(root)
    yield from find_alt_text(root)


def find_comments(root: etree._Element) -> Iterator[Finding]:
    for node in root.iter(etree.Comment):
        text = " ".join(str(node.text or "").split())
        if text:
            yield Finding("html-comment", "medium", "an HTML comment",
                          location=f"line {node.sourceline}", evidence=text)


def find_hidden_elements(root: etree._Element) -> Iterator[Finding]:
    hidden_classes, hidden_ids = hiding_selectors(root)
    for el in root.iter():
        if not isinstance(el.tag, str) or not is_hidden(el, hidden_classes, hidden_ids):
            continue
        if any(is_hidden(a, hidden_classes, hidden_ids) for a in el.iterancestors()):
            continue
        text = _value(el) if el.tag == "input" else _text(el)
        if text:
            yield Finding("html-hidden", "medium", f"a hidden <{el.tag}> element",
                          location=f"line {el.sourceline}", evidence=text)


def hiding_selectors(root: etree._Element) -> tuple[set[str], set[str]]:
    """Classes and ids that a ``<style>`` block hides (simple selectors only)."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in root.iter("style"):
        for selectors, body in css_rules(style.text or ""):
            if not _HIDING.search(body):
                continue
            for sel in selectors.split(","):
                m = _SIMPLE_SELECTOR.match(sel)
                if m:
                    (classes if m.group(1) == "." else ids).add(m.group(2))
    return classes, ids


def css_rules(css: str) -> Iterator[tuple[str, str]]:
    """``(selectors, body)`` of each rule whose body holds no braces, in linear time: the
    text after the brace before a ``{`` and the text up to the ``}`` right after it (a regular
    expression for this backtracks in n² over a long run without braces)."""
    braces = [(m.start(), m.group()) for m in _BRACE.finditer(css)]
    for k, (at, brace) in enumerate(braces):
        if brace == "{" and k + 1 < len(braces) and braces[k + 1][1] == "}":
            after = braces[k - 1][0] + 1 if k else 0
            if at > after:
                yield css[after:at], css[at + 1:braces[k + 1][0]]


def is_hidden(el: etree._Element, classes: set[str], ids: set[str]) -> bool:
    if not isinstance(el.tag, str) or el.tag in ("head", "script", "style", "noscript"):
        return False
    if el.get("hidden") is not None or el.tag == "template":
        return True
    if el.tag == "input" and (el.get("type") or "").lower() == "hidden":
        return True
    if _HIDING.search(el.get("style") or ""):
        return True
    return bool(set((el.get("class") or "").split()) & classes) or el.get("id") in ids


def find_data_attributes(root: etree._Element) -> Iterator[Finding]:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in sorted(el.attrib.items()):
            if name.startswith("data-") and str(value).strip():
                yield Finding("html-data-attribute", "low", f"a {name} attribute on <{el.tag}>",
                              location=f"line {el.sourceline}", evidence=str(value).strip())


def find_meta(root: etree._Element) -> Iterator[Finding]:
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("http-equiv") or "").strip()
        value = (el.get("content") or "").strip()
        if not name or not value or name.lower() in _BENIGN_META:
            continue
        severity = "medium" if name.lower() in _PEOPLE_META else "low"
        yield Finding("html-meta", severity, f"a <meta> tag named {name!r}",
                      location=f"line {el.sourceline}", evidence=value)


def find_alt_text(root: etree._Element) -> Iterator[Finding]:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("alt", "title"):
            value = " ".join((el.get(attr) or "").split())
            if value:
                yield Finding("html-alt-text", "low", f"{attr} text of <{el.tag}>",
                              location=f"line {el.sourceline}", evidence=value)


def visible_text(root: etree._Element) -> str:
    """The text a reader sees: the body without scripts, styles and hidden elements."""
    classes, ids = hiding_selectors(root)
    parts: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "head", "title"):
            continue
        if is_hidden(el, classes, ids) or any(
                is_hidden(a, classes, ids) or a.tag in ("script", "style", "head")
                for a in el.iterancestors()):
            continue
        parts.append(el.text or "")
        parts.extend(c.tail or "" for c in el)
    return " ".join(" ".join(parts).split())


def _text(el: etree._Element) -> str:
    return " ".join(" ".join(el.itertext()).split())


def _value(el: etree._Element) -> str:
    return (el.get("value") or "").strip()
