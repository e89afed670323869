"""Sealed and kept quotes: found across re-typesetting, never readable from the ledger."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from auditor import Ledger
from auditor import quotes as qt
from auditor import review as rv
from auditor.errors import LedgerError
from auditor.render import escape

KEY = bytes(range(32))


def test_words_are_normalised() -> None:
    assert qt.words("The ﬁrst “RT-17”\nplaybook") == ["the", "first", "rt", "17", "playbook"]


def test_sealed_quotes_match_across_typesetting() -> None:
    sealed = qt.seal("the red-team playbook RT-17", KEY, qt.salt_for(KEY, "E1"))
    assert sealed["tokens"] == 6 and sealed["words"] == 4 and sealed["kept"] is False
    text = qt.words("drew on the Red–Team\nplaybook rt 17, which")
    assert qt.find_sealed(text, sealed, KEY) == [(2, 8)]
    assert qt.find_sealed(text, sealed, bytes(32)) == []  # another key finds nothing


def test_sealed_digest_is_keyed_and_salted() -> None:
    a = qt.seal("IR-2291", KEY, qt.salt_for(KEY, "E1"))
    b = qt.seal("IR-2291", KEY, qt.salt_for(KEY, "E2"))
    assert a["digest"] != b["digest"]  # equal quotes do not look equal
    plain = hashlib.sha256(b"ir 2291").hexdigest()
    assert plain not in (a["digest"], b["digest"])
    # Guessing without the key: every IR-NNNN candidate, salted as stored, finds nothing.
    salt = bytes.fromhex(a["salt"])
    guesses = {qt.seal(f"IR-{n:04d}", bytes(32), salt)["digest"] for n in range(10000)}
    assert a["digest"] not in guesses


def test_fuzzy_finding() -> None:
    tokens = qt.words("For the cyber-offense area we relied on the internal incident report "
                      "IR-2291 that Lumen Labs shared under the agreement.")
    assert qt.find_fuzzy(qt.words("the internal incident report IR 2291"), tokens) == \
        (8, 14, 1.0)
    hit = qt.find_fuzzy(qt.words("the internal incident reprt IR-2291 that Lumen shared"),
                        tokens)
    assert hit is not None and hit[:2] == (8, 18) and hit[2] >= qt.MIN_FUZZY
    assert qt.find_fuzzy(qt.words("completely unrelated words here"), tokens) is None
    assert qt.find_fuzzy([], tokens) is None


def test_fuzzy_finding_in_a_long_text_only_looks_near_candidates() -> None:
    filler = " ".join(f"word{n % 97} is here." for n in range(30000))
    tokens = qt.words(f"{filler} The classifier missed 9 of 40 attempts. {filler}")
    hit = qt.find_fuzzy(qt.words("the classifier missed nine of 40 attempts"), tokens)
    assert hit is not None and tokens[hit[0]:hit[1]] == ["the", "classifier", "missed", "9",
                                                         "of", "40", "attempts"]


def test_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(qt.KEY_ENV, raising=False)
    path = tmp_path / "r.jsonl.key"
    key = qt.create_key(path)
    assert qt.load_key(path) == key and qt.create_key(path) == key
    path.write_text("zz\n")
    with pytest.raises(LedgerError, match="must be 64 hex digits"):
        qt.load_key(path)
    monkeypatch.setenv(qt.KEY_ENV, KEY.hex())
    assert qt.load_key(tmp_path / "absent.key") == KEY


def test_find_removed_for_leak_scans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(qt.KEY_ENV, KEY.hex())
    ledger = Ledger(tmp_path / "r.jsonl")
    rv.init_review(ledger, title="T", author="A", reviewer="R")
    e1 = rv.add_request(ledger, by="R", kind="redaction", basis="b", quote="playbook RT-17")
    e2 = rv.add_request(ledger, by="R", kind="redaction", basis="b", quote="Project Bluebird")
    rv.add_request(ledger, by="R", kind="redaction", basis="b", quote="the vendor list")
    rv.decide(ledger, e1, decision="accepted", by="A")
    rv.decide(ledger, e2, decision="modified", by="A")
    text = "We used the Playbook\nRT-17. Project Bluebird is gone. So is the vendor list."
    found = rv.find_removed(ledger, text)
    assert [(rid, text[a:b]) for rid, a, b in found] == [("E1", "Playbook\nRT-17"),
                                                          ("E2", "Project Bluebird")]
    assert b"Bluebird" not in ledger.path.read_bytes()


@given(st.text(max_size=80))
def test_markdown_escape_reads_back_literally(text: str) -> None:
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(
        "x " + escape.markdown(text))
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(
        "x " + escape.markdown(text))
    assert [t.type for t in tokens] in ([], ["paragraph_open", "inline", "paragraph_close"])
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert {c.type for c in inline} <= {"text", "softbreak"}
    rendered = "".join(c.content for c in inline).removeprefix("x").strip()
    assert rendered == escape.flatten(text).strip(), html


@given(st.text(max_size=80))
def test_latex_escape_leaves_no_active_character(text: str) -> None:
    out = escape.latex(text)
    stripped = out
    for command in ("\\textbackslash{}", "\\textasciicircum{}", "\\textasciitilde{}",
                    "\\textless{}", "\\textgreater{}", "\\textbar{}", "\\textquotedbl{}"):
        stripped = stripped.replace(command, "")
    for char in "\\{}$&#^_%~":
        stripped = stripped.replace("\\" + char, "")
    assert not any(c in stripped for c in "\\{}$&#^_%~<>|\"")
