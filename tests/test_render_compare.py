"""Renderers of a comparison: colour only on a terminal, marks when plain, Markdown escaping."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from auditor import compare
from auditor.cli import compare as cli_compare
from auditor.extract import extract_bytes
from auditor.render import json as render_json
from auditor.render import markdown, terminal
from auditor.render.inline import change_lines

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "cases"


def result(case: str):  # type: ignore[no-untyped-def]
    return compare(CASES / case / "before.txt", CASES / case / "after.txt")


def test_colour_marks_words_with_styles_and_plain_text_with_brackets() -> None:
    r = result("number-change")
    coloured = terminal.render(r, color=True)
    plain = terminal.render(r, color=False)
    assert "\x1b[" in coloured and "[-340-]" not in coloured
    assert "\x1b[" not in plain and "[-340-] {+314+}" in plain


def test_no_color_or_a_pipe_turn_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli_compare._color_wanted()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli_compare._color_wanted()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not cli_compare._color_wanted()


def test_a_single_word_typo_is_marked_letter_by_letter() -> None:
    a = extract_bytes(b"The model recieved partial credit.", "a.txt", fmt="text")
    b = extract_bytes(b"The model received partial credit.", "b.txt", fmt="text")
    (typo,) = compare(a, b).changes
    assert change_lines(typo) == [("", [
        ("same", "The model "), ("same", "rec"), ("del", "i"), ("same", "e"), ("ins", "i"),
        ("same", "ved"), ("same", " partial credit.")])]
    (words,) = result("punctuation-case").changes[1:]
    assert change_lines(words)[0][1][1:4] == [("del", "Harbour Master"), ("same", " "),
                                              ("ins", "harbour master")]


def test_markdown_escapes_what_markdown_would_format() -> None:
    text = markdown.render(result("redaction-marker"))
    assert "in ~~Dunmore~~ **\\[REDACTED\\]** on 4 May." in text
    assert text.startswith("# Changes: `")


def test_json_is_deterministic_and_follows_the_schema() -> None:
    first, second = render_json.render(result("moved-and-edited")), \
        render_json.render(result("moved-and-edited"))
    assert first == second
    doc = json.loads(first)
    assert doc["schema"] == "auditor.compare/1"
    # classified: the edit inside the block (material) comes before the move (editorial)
    edit, move = doc["changes"]
    assert (move["op"], edit["op"], edit["move_id"]) == ("move", "replace", move["id"])
