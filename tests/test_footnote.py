"""The transparency footnote: golden output for the worked example in every format, and the
refusals that keep it from saying what the record does not support."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt
from review_example import STEPS, build, review

GOLDEN = Path(__file__).resolve().parent / "golden" / "footnote"
FORMATS = {"markdown": "md", "html": "html", "latex": "tex", "text": "txt"}


def footnote(runner: CliRunner, ledger: Path, *args: str) -> Result:
    return review(runner, ledger, "footnote", "--comparison",
                  str(ledger.parent / "comparison.json"), *args)


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("AUDITOR_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.fixture
def ledger(runner: CliRunner, tmp_path: Path) -> Path:
    return build(runner, tmp_path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_worked_example(runner: CliRunner, ledger: Path, fmt: str) -> None:
    result = footnote(runner, ledger, "--show-declined", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    check_golden(f"worked-example.{FORMATS[fmt]}", result.stdout)


def test_golden_without_declined_requests(runner: CliRunner, ledger: Path) -> None:
    result = footnote(runner, ledger)
    check_golden("worked-example-default.md", result.stdout)
    assert "should not be released" not in result.stdout
    assert "declined 1 request" in result.stdout  # the count stays; the details are a choice


def test_the_head_in_the_footnote_anchors_the_ledger(runner: CliRunner, ledger: Path) -> None:
    text = footnote(runner, ledger, "--format", "text").stdout
    head = text.split("SHA-256")[-1].strip(" \n).")
    assert review(runner, ledger, "verify", "--anchor", f"7:{head}").exit_code == 0


def test_the_sealed_quote_never_appears(runner: CliRunner, ledger: Path) -> None:
    for fmt in FORMATS:
        out = footnote(runner, ledger, "--show-declined", "--format", fmt).stdout
        assert "RT-17" not in out and "RT" not in out and "red-team" not in out


def test_refuses_to_say_unchanged_when_a_decision_says_otherwise(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    steps = [*STEPS[:4], [*STEPS[4], "--affects-conclusions"], *STEPS[5:]]
    ledger = build(runner, tmp_path, steps)
    result = footnote(runner, ledger, "--conclusions", "unchanged")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("auditor: refusing to state that the conclusions are unchanged: "
                             "the decision on E1 says it affects the conclusions; drop "
                             "--conclusions unchanged to state what the record says\n")
    out = footnote(runner, ledger).stdout
    assert "The review changed our conclusions." in out
    assert "This edit changed our conclusions." in out
    assert "did not change" not in out


def test_refuses_to_say_unchanged_when_the_comparison_says_otherwise(runner: CliRunner,
                                                                     ledger: Path) -> None:
    path = ledger.parent / "comparison.json"
    data = json.loads(path.read_text())
    data["conclusions"] = {"changed": True, "statements": [
        {"text": "We conclude that Helios-2 should not be released with open weights.",
         "status": "modified", "change_ids": []}]}
    path.write_text(json.dumps(data))
    result = footnote(runner, ledger, "--conclusions", "unchanged")
    assert result.exit_code == 1
    assert result.stderr == ("auditor: refusing to state that the conclusions are unchanged: "
                             "the comparison finds 1 conclusion statement(s) modified, removed "
                             "or added; drop --conclusions unchanged to state what the record "
                             "says\n")
    out = footnote(runner, ledger, "--format", "text").stdout
    assert "The review changed our conclusions. The comparison of the draft with the " \
           "published version finds 1 conclusion statement changed." in " ".join(out.split())


def test_unchanged_is_stated_when_the_record_agrees(runner: CliRunner, ledger: Path) -> None:
    result = footnote(runner, ledger, "--conclusions", "unchanged")
    assert result.exit_code == 0
    assert "The review did not change our conclusions." in result.stdout


def test_refuses_while_a_request_is_undecided(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path, [*STEPS[:5], STEPS[6]])
    result = footnote(runner, ledger)
    assert result.exit_code == 1
    assert result.stderr == ("auditor: refusing to write the footnote: E2 has no decision yet; "
                             "see 'auditor review reconcile'; record what is missing, or pass "
                             "--allow-unreconciled to state it in the footnote\n")


def test_refuses_undisclosed_changes_unless_told_to_state_them(runner: CliRunner,
                                                               tmp_path: Path) -> None:
    # The reviewer's redaction request was never recorded: the redaction is undisclosed.
    declined = [x.replace("E2", "E1") for x in STEPS[5]]
    ledger = build(runner, tmp_path, [STEPS[0], STEPS[1], STEPS[3], declined, STEPS[6]])
    result = footnote(runner, ledger)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "auditor: refusing to write the footnote: 1 material or redaction change in the "
        "published text is not explained by an accepted request (c-1d7da35b);")
    out = footnote(runner, ledger, "--allow-unreconciled", "--format", "text").stdout
    flat = " ".join(out.split())
    assert "1 edit was requested (1 recommended); 1 was outside the agreed scope. We declined " \
           "1 request." in flat
    assert "The record is not fully reconciled: 1 material or redaction change in the " \
           "published text is not explained by an accepted request (c-1d7da35b)." in flat
    assert "removed" not in flat and "redaction" not in flat.split("reconciled")[0]


def test_unknown_language(runner: CliRunner, ledger: Path) -> None:
    result = footnote(runner, ledger, "--lang", "de")
    assert (result.exit_code, result.stderr) == (
        2, "auditor: unknown footnote language 'de'; use one of: en\n")


HOSTILE = "A*B_C [x](y) <b>&amp; #1 $5 50% ~{}\\ ^ | \"q\"\n2. next"


def hostile_ledger(runner: CliRunner, tmp_path: Path) -> Path:
    steps = [list(s) for s in STEPS]
    steps[0][steps[0].index("--reviewer") + 1] = HOSTILE
    steps[2][steps[2].index("--reason") + 1] = HOSTILE
    return build(runner, tmp_path, steps)


def test_markdown_escapes_user_text(runner: CliRunner, tmp_path: Path) -> None:
    ledger = hostile_ledger(runner, tmp_path)
    out = footnote(runner, ledger, "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").parse(out)
    kinds = {t.type for t in tokens}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "bullet_list_open",
                     "bullet_list_close", "list_item_open", "list_item_close"}
    text = "".join(c.content for t in tokens if t.type == "inline" for c in t.children or []
                   if c.type == "text")
    assert " ".join(HOSTILE.split()) in text
    assert sum(1 for t in tokens if t.type == "list_item_open") == 1


def test_html_escapes_user_text(runner: CliRunner, tmp_path: Path) -> None:
    ledger = hostile_ledger(runner, tmp_path)
    out = footnote(runner, ledger, "--format", "html").stdout
    assert "<b>" not in out and "&lt;b&gt;&amp;amp; #1" in out
    assert "&quot;q&quot;" in out


def test_latex_escapes_user_text(runner: CliRunner, tmp_path: Path) -> None:
    ledger = hostile_ledger(runner, tmp_path)
    out = footnote(runner, ledger, "--format", "latex").stdout
    assert (r"A*B\_C [x](y) \textless{}b\textgreater{}\&amp; \#1 \$5 50\% "
            r"\textasciitilde{}\{\}\textbackslash{} \textasciicircum{} \textbar{} "
            r"\textquotedbl{}q\textquotedbl{} 2. next") in out


def test_items_say_what_changed_at_the_level_the_record_permits(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from test_reconcile import DRAFT, EXAMPLE, KEY, REDACTION, change, comparison, side

    from auditor import Ledger
    from auditor import review as rv
    from auditor.footnote import build_footnote
    from auditor.models import Side
    from auditor.reconcile import reconcile
    from auditor.render.footnote import render_footnote

    monkeypatch.setenv("AUDITOR_REVIEW_KEY", KEY.hex())
    ledger = Ledger(tmp_path / "r.jsonl")
    rv.init_review(ledger, title="T", author="Northwind", reviewer="Lumen Labs")
    for path, label in ((EXAMPLE / "draft.txt", "draft"), (EXAMPLE / "published.txt",
                                                          "published")):
        rv.add_document(ledger, path, label)
    e1 = rv.add_request(ledger, by="Lumen Labs", kind="material", basis="accuracy",
                        quote="blocked 31 of 40 attempts", reason="We recounted")
    e2 = rv.add_request(ledger, by="Lumen Labs legal", kind="redaction", basis="contract",
                        quote="the red-team playbook RT-17")
    e3 = rv.add_request(ledger, by="Lumen Labs", kind="editorial", basis="style",
                        quote="Two of us", mandatory=False)
    rv.decide(ledger, e1, decision="accepted", by="Northwind", affects_conclusions=False)
    rv.decide(ledger, e2, decision="modified", by="Northwind", note="we named the kind of "
              "document instead")
    rv.decide(ledger, e3, decision="declined", by="Northwind", note="our style")
    rv.appeal(ledger, e3, by="Lumen Labs", reason="house style")
    rv.resolve_appeal(ledger, e3, outcome="upheld", by="Northwind")
    number = change("c-num", side(DRAFT, "31"), Side("33", "The safeguards blocked 33 of 40 "
                    "attempts to obtain harmful instructions.", 0, 2, None, "Summary"))
    comp = comparison(REDACTION, number)
    review = rv.load_review(ledger)
    note = build_footnote(review, comp, reconcile(review, comp, draft=DRAFT, key=KEY),
                          show_declined=True)
    text = " ".join(render_footnote(note, "text").split())
    assert ("3 edits were requested (2 mandatory and 1 recommended). We made 1 redaction and 1 "
            "material edit and declined 1 request.") in text
    assert ("- Material edit (E1, mandatory, requested by Lumen Labs; basis: accuracy): we "
            "changed “31” to “33” in section “Summary”. Reason given: We recounted.") in text
    assert ("- Redaction (E2, mandatory, requested by Lumen Labs legal; basis: contract): we "
            "removed a passage of 4 words in section “Method” and put “[REDACTED]” in its "
            "place. We made a modified version of the requested edit: we named the kind of "
            "document instead.") in text
    assert ("- Declined editorial edit (E3, recommended, requested by Lumen Labs; basis: "
            "style): the request was to change “Two of us”. Our reason for declining: our "
            "style. Lumen Labs appealed our decision; the appeal was upheld.") in text
    assert "RT-17" not in text


def test_a_review_without_requests(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path, [STEPS[0], STEPS[1], STEPS[6]])
    path = tmp_path / "comparison.json"
    data = json.loads(path.read_text())
    data["changes"] = [c for c in data["changes"] if c["class"] == "editorial"]
    path.write_text(json.dumps(data))
    out = " ".join(footnote(runner, ledger, "--format", "text").stdout.split())
    assert "No edits were requested. The review did not change our conclusions." in out
    assert "Each request was decided" not in out


@pytest.mark.parametrize(("keep", "said"), [
    (False, "we removed 2 passages (7 words in all) in section “Method”."),
    (True, "we removed “the red-team playbook RT-17” and “under the agreement” in section "
           "“Method”."),
])
def test_a_redaction_is_described_by_what_was_removed(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, keep: bool, said: str) -> None:
    from test_reconcile import DRAFT, EXAMPLE, KEY, PUBLISHED, change, comparison, side

    from auditor import Ledger
    from auditor import review as rv
    from auditor.footnote import build_footnote
    from auditor.reconcile import reconcile
    from auditor.render.footnote import render_footnote

    monkeypatch.setenv("AUDITOR_REVIEW_KEY", KEY.hex())
    ledger = Ledger(tmp_path / "r.jsonl")
    rv.init_review(ledger, title="T", author="Northwind", reviewer="Lumen Labs")
    rv.add_document(ledger, EXAMPLE / "draft.txt", "draft")
    rv.add_document(ledger, EXAMPLE / "published.txt", "published")
    rid = rv.add_request(ledger, by="Lumen Labs", kind="redaction", basis="b", keep_quote=keep,
                         quote="Our prompts drew on the red-team playbook RT-17 that Lumen Labs "
                               "lent us under the agreement.")
    rv.decide(ledger, rid, decision="accepted", by="Northwind")
    comp = comparison(
        change("c-1", side(DRAFT, "the red-team playbook RT-17"), None, "redaction", "delete"),
        change("c-2", side(DRAFT, "under the agreement"), None, "redaction", "delete"))
    review = rv.load_review(ledger)
    note = build_footnote(review, comp, reconcile(review, comp, draft=DRAFT, key=KEY),
                          published_text=PUBLISHED.text)
    assert said in " ".join(render_footnote(note, "text").split())


def test_end_to_end_footnote_with_auditor_compare(runner: CliRunner, ledger: Path) -> None:
    """The golden footnote again, from a real comparison instead of the hand-written one."""
    from auditor import compare

    real = compare(ledger.parent / "draft.txt", ledger.parent / "published.txt")
    assert {c.id: c.cls for c in real.changes} == {"c-1d7da35b": "redaction",
                                                   "c-98483c0a": "editorial"}
    result = review(runner, ledger, "footnote", "--show-declined")
    assert result.exit_code == 0, result.stderr
    check_golden("worked-example.md", result.stdout)
