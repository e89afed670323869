"""Conclusions: which statements carry them, and whether an edit changed them."""

from __future__ import annotations

import importlib
import sys

from handmade import change, doc

from auditor.classify import classify
from auditor.classify.conclusions import (
    _CONCLUDING,
    _MAY_CONCLUDE,
    _REACH,
    _blocks_that_may_conclude,
    conclusion_regions,
    is_conclusion_heading,
    may_conclude,
)
from auditor.config import Config
from auditor.models import Statement

BEFORE = """Report on Helios-2

1. Methods

We ran 40 attacks. Overall, the access was adequate.

2. Results

The model completed 9 of 30 tasks.

3. Conclusions

We conclude that the model poses a moderate risk. The safeguards are not yet adequate.

3.1 Next steps

Lumen Labs should publish its red-team results.
"""


def test_headings_numbered_or_not() -> None:
    for h in ("Conclusions", "5. Conclusion", "Executive summary", "Key findings:", "TL;DR",
              "IV. Discussion and limitations", "Summary of findings", "Abstract",
              "Conclusion: next steps"):
        assert is_conclusion_heading(h), h
    for h in ("Results", "Summary statistics table", "Discussions with staff", "Abstracts"):
        assert not is_conclusion_heading(h), h
    assert is_conclusion_heading("Bottom line up front", ["bottom line up front"])


def test_regions_include_subsections_and_concluding_sentences() -> None:
    statements = [r.text for r in conclusion_regions(doc(BEFORE)) if r.statement]
    assert statements == [
        "Overall, the access was adequate.",
        "We conclude that the model poses a moderate risk.",
        "The safeguards are not yet adequate.",
        "Lumen Labs should publish its red-team results.",
    ]


def test_the_quick_test_never_misses_a_concluding_sentence() -> None:
    # every kind of concluding sentence, in any case, and with letters that ignoring case
    # folds specially (a Kelvin sign, a long s, a dotted capital I)
    sentences = ["In conclusion, it holds.", "TO SUMMARIZE: fine.", "overall it is safe.",
                 "Taken together these show it.", "We therefore judge it safe.",
                 "Our key findings are these.", "The main judgement stands.",
                 "This Evaluation Finds no risk.", "ALL IN ALL, good.", "On balance, yes.",
                 "\u0130n short, no.", "The \u212aey takeaway is this.", "In \u017fummary, no.",
                 "To conclude: no.", "To sum up, no.", "We thus assess it as low.",
                 "We conclude so.", "The central conclusions hold.", "This study concludes so.",
                 "\u201cIn summary\u201d, said she.", "The primary takeaways are these."]
    for s in sentences:
        assert _CONCLUDING.search(s), s
        assert may_conclude(f"Some words before. {s} And after."), s
    assert not may_conclude("The model completed 9 of 30 tasks. Prices rose.")


def test_the_quick_test_over_a_whole_document_finds_the_same_blocks() -> None:
    plain = ["In conclusion, it holds.", "We find that it is safe.", "TO SUMMARIZE: fine.",
             "Prices rose by 3 per cent.", "The judge ruled. Overall, we agree.",
             "Our work: the key takeaways are these.", "Nothing to see here at all.",
             "the main\nfinding stands.", "We thus assess it as low."]
    d = doc("Findings\n\n" + "\n\n".join(plain))
    assert len(d.blocks) == len(plain) + 1
    expected = {i for i, b in enumerate(d.blocks) if may_conclude(b.text)}
    assert _blocks_that_may_conclude(d) == expected and len(expected) == 6
    assert _blocks_that_may_conclude(doc("\u0130n short, no.\n\nOverall, yes.")) is None
    # a phrase is looked for only this near a concluding word it holds
    parser = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else
                                     "sre_parse")
    assert parser.parse(_MAY_CONCLUDE.pattern).getwidth()[1] <= _REACH


def test_material_edit_in_conclusions_changes_them() -> None:
    after = BEFORE.replace("a moderate risk", "a low risk")
    bd, ad = doc(BEFORE), doc(after)
    (ch,), concl = classify([change(bd, "moderate", ad, "low", "c-1")], bd, ad)
    assert ch.in_conclusions and ch.cls == "material"
    assert concl.changed
    assert Statement("We conclude that the model poses a low risk.", "modified",
                     ("c-1",)) in concl.statements
    assert [s.status for s in concl.statements].count("unchanged") == 3


def test_editorial_edit_in_conclusions_does_not_change_them() -> None:
    after = BEFORE.replace("red-team", "red team")
    bd, ad = doc(BEFORE), doc(after)
    (ch,), concl = classify([change(bd, "red-team", ad, "red team", "c-1")], bd, ad)
    assert ch.in_conclusions and ch.cls == "editorial"
    assert not concl.changed
    assert Statement("Lumen Labs should publish its red team results.", "unchanged",
                     ("c-1",)) in concl.statements


def test_removed_and_added_statements() -> None:
    after = BEFORE.replace(" The safeguards are not yet adequate.", "").replace(
        "should publish its red-team results.",
        "should publish its red-team results. Further testing is needed.")
    bd, ad = doc(BEFORE), doc(after)
    changes = [change(bd, " The safeguards are not yet adequate.", ad, None, "c-1"),
               change(bd, None, ad, " Further testing is needed.", "c-2")]
    out, concl = classify(changes, bd, ad)
    assert [(c.id, c.cls, c.in_conclusions) for c in out] == [
        ("c-1", "redaction", True), ("c-2", "material", True)]
    statuses = {s.text: (s.status, s.change_ids) for s in concl.statements}
    assert statuses["The safeguards are not yet adequate."] == ("removed", ("c-1",))
    assert statuses["Further testing is needed."] == ("added", ("c-2",))
    assert concl.changed


def test_deleted_word_pairs_the_statement_with_its_after_version() -> None:
    after = BEFORE.replace("are not yet adequate", "are adequate")
    bd, ad = doc(BEFORE), doc(after)
    (ch,), concl = classify([change(bd, "not yet ", ad, None, "c-1")], bd, ad)
    assert (ch.rules, ch.reason) == (("negation-changed",), "negation removed: not")
    assert Statement("The safeguards are adequate.", "modified", ("c-1",)) in concl.statements
    assert len(concl.statements) == 4


def test_edit_outside_conclusions_leaves_them() -> None:
    after = BEFORE.replace("9 of 30", "8 of 30")
    bd, ad = doc(BEFORE), doc(after)
    (ch,), concl = classify([change(bd, "9", ad, "8", "c-1")], bd, ad)
    assert not ch.in_conclusions and ch.cls == "material"
    assert not concl.changed
    assert all(s.status == "unchanged" for s in concl.statements)


def test_paragraph_moved_out_of_the_conclusions_is_material() -> None:
    after = BEFORE.replace("\nLumen Labs should publish its red-team results.\n", "").replace(
        "The model completed 9 of 30 tasks.",
        "The model completed 9 of 30 tasks.\n\nLumen Labs should publish its red-team results.")
    bd, ad = doc(BEFORE), doc(after)
    text = "Lumen Labs should publish its red-team results."
    (ch,), concl = classify([change(bd, text, ad, text, "c-1", op="move")], bd, ad)
    assert (ch.cls, ch.rules, ch.reason) == (
        "material", ("moved-unchanged", "moved-across-conclusions"),
        "paragraph moved out of the conclusions")
    assert concl.changed
    off = Config(disabled_rules=("moved-across-conclusions",))
    (ch,), _ = classify([change(bd, text, ad, text, "c-1", op="move")], bd, ad, off)
    assert ch.cls == "editorial"


def test_configured_heading_counts() -> None:
    text = "Intro\n\nBottom line\n\nThe model is safe."
    bd, ad = doc(text), doc(text.replace("safe", "unsafe"))
    _, concl = classify([change(bd, "safe", ad, "unsafe")], bd, ad,
                        Config(conclusion_headings=("Bottom line",)))
    assert concl.changed and concl.statements[0].status == "modified"
    _, concl = classify([change(bd, "safe", ad, "unsafe")], bd, ad)
    assert not concl.changed and concl.statements == ()
