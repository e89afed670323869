"""Each rule on one hand-made change: the class, the rule ids and the reason a user reads."""

from __future__ import annotations

import importlib

import pytest
from handmade import change, doc

from auditor.classify import RULE_IDS, classify
from auditor.config import Config
from auditor.models import Change


def one(before: str, after: str, b: str | None, a: str | None, op: str | None = None,
        config: Config | None = None) -> Change:
    bd, ad = doc(before), doc(after)
    (result,), _ = classify([change(bd, b, ad, a, op=op)], bd, ad, config)
    return result


CASES = [
    # before sentence, after sentence, removed, added, class, rules, reason
    ("We relied on report IR-2291 from Lumen Labs.", "We relied on [REDACTED].",
     "report IR-2291 from Lumen Labs", "[REDACTED]", "redaction",
     ("marker-redaction", "entity-changed"), "text naming 'IR-2291' replaced by [REDACTED]"),
    ("The access was limited by ████ terms.", "The access was limited by ████ and █ terms.",
     "terms", "and █ terms", "redaction", ("marker-redaction",),
     "text 'terms' replaced by █"),
    ("It ran well. We used the Acme Labs cluster for it. It ended.",
     "It ran well. It ended.", "We used the Acme Labs cluster for it.", None, "redaction",
     ("clause-removed",), "sentence naming 'Acme Labs' removed"),
    ("The model passed, which surprised the whole team greatly, in May.",
     "The model passed in May.", ", which surprised the whole team greatly,", None, "redaction",
     ("clause-removed",), "clause removed: ', which surprised the whole team greatly,'"),
    ("We found 17 jailbreaks.", "We found 16 jailbreaks.", "17", "16", "material",
     ("number-changed",), "number changed: 17 → 16"),
    ("It completed 3 of 4 tasks.", "It completed 2 of 4 tasks.", "3", "2", "material",
     ("number-changed",), "number changed: 3 → 2"),
    ("Success was 40% overall.", "Success was 45% overall.", "40%", "45%", "material",
     ("number-changed",), "percentage changed: 40% → 45%"),
    ("It cost $2 million in total.", "It cost $3 million in total.", "$2 million",
     "$3 million", "material", ("number-changed",), "amount changed: $2 million → $3 million"),
    ("We tested v1.2 of the model.", "We tested v1.3 of the model.", "v1.2", "v1.3",
     "material", ("number-changed",), "version changed: v1.2 → v1.3"),
    ("It ended on 3 March 2026.", "It ended on 4 March 2026.", "3 March 2026", "4 March 2026",
     "material", ("date-changed",), "date changed: 3 March 2026 → 4 March 2026"),
    ("The model does not cross the threshold.", "The model does cross the threshold.",
     "not ", None, "material", ("negation-changed",), "negation removed: not"),
    ("Misuse is likely in this area.", "Misuse is unlikely in this area.", "likely",
     "unlikely", "material", ("negation-changed", "hedge-changed"),
     "negation changed: likely → unlikely; hedging changed: likely → unlikely"),
    ("Lumen Labs must fix the classifier.", "Lumen Labs should fix the classifier.", "must",
     "should", "material", ("modality-changed",), "modality changed: must → should"),
    ("The results show a risk.", "The results suggest a risk.", "show", "suggest",
     "material", ("hedge-changed",), "hedging changed: show → suggest"),
    ("The model was built by Lumen Labs.", "The model was built by Orbit AI.", "Lumen Labs",
     "Orbit AI", "material", ("entity-changed",), "entity changed: 'Lumen Labs' → 'Orbit AI'"),
    ("The team met.", "The team met. The model is safe to release.", None,
     "The model is safe to release.", "material", ("claim-added",),
     "sentence added: 'The model is safe to release.'"),
    ("We read the reports.", "We read the internal reports.", None, "internal ", "material",
     ("claim-added",), "words added: 'internal'"),
    ("We read the internal reports.", "We read the reports.", "internal ", None, "material",
     ("words-removed",), "words removed: 'internal'"),
    ("The effect was small.", "The affect was small.", "effect", "affect", "material",
     ("claim-rewritten",), "wording changed: 'effect' → 'affect'"),
    ("The model recieved credit.", "The model received credit.", "recieved", "received",
     "editorial", ("typo-fixed",), "typo fixed: recieved → received"),
    ("We ran the the tests.", "We ran the tests.", "the ", None, "editorial", ("typo-fixed",),
     "repeated word removed: the the"),
    ("It used three of four graders.", "It used 3 of 4 graders.", "three of four", "3 of 4",
     "editorial", ("number-format",), "number written differently: three → 3"),
    ("It ended on 3 March 2026.", "It ended on 2026-03-03.", "3 March 2026", "2026-03-03",
     "editorial", ("number-format",),
     "number written differently: 3 March 2026 → 2026-03-03"),
    ("It cost $2 million.", "It cost $2,000,000.", "$2 million", "$2,000,000", "editorial",
     ("number-format",), "number written differently: $2 million → $2,000,000"),
    ("It came third.", "It came 3rd.", "third", "3rd", "editorial", ("number-format",),
     "number written differently: third → 3rd"),
    ("We analysed the colour data.", "We analyzed the color data.", "analysed the colour",
     "analyzed the color", "editorial", ("spelling-variant",),
     "spelling variant: colour → color"),
    ("The data set is big.", "The dataset is big.", "data set", "dataset", "editorial",
     ("spelling-variant",), "words joined or split (compound)"),
    ("It isn't safe.", "It is not safe.", "isn't", "is not", "editorial",
     ("spelling-variant",), "contraction written out"),
    ("We use machine learning here.", "We use ML here.", "machine learning", "ML", "editorial",
     ("spelling-variant",), "abbreviation written out or shortened"),
    ("A back-channel exists.", "A Back-Channel exists.", "back-channel", "Back-Channel",
     "editorial", ("case-only",), "case changed: back → Back"),
    ("It worked, mostly.", "It worked; mostly.", ",", ";", "editorial", ("punctuation-only",),
     "punctuation changed: , → ;"),
    ('He said "no" then.', "He said “no” then.", '"no"', "“no”", "editorial",
     ("quote-dash-style",), 'quote/dash style: " → “'),
    ("It can lead to suspension.", "It can lead to the suspension.", None, "the ", "editorial",
     ("article-only",), "article added: the"),
    ("It ran — slowly.", "It ran – slowly.", "—", "–", "editorial", ("quote-dash-style",),
     "quote/dash style: — → –"),
]


@pytest.mark.parametrize(("before", "after", "b", "a", "cls", "rules", "reason"), CASES,
                         ids=[c[5][0] + ":" + c[6][:30] for c in CASES])
def test_rule(before: str, after: str, b: str | None, a: str | None, cls: str,
              rules: tuple[str, ...], reason: str) -> None:
    result = one(before, after, b, a)
    assert (result.cls, result.rules, result.reason) == (cls, rules, reason)


def test_every_listed_rule_has_a_case_or_a_test() -> None:
    covered = {r for case in CASES for r in case[5]}
    covered |= {"renumbered", "moved-unchanged", "moved-across-conclusions", "whitespace-only"}
    assert set(RULE_IDS) == covered


def test_whitespace_only() -> None:
    result = one("It ran slowly .", "It ran slowly.", "slowly .", "slowly.")
    assert (result.cls, result.rules) == ("editorial", ("whitespace-only",))


def test_renumbered_heading_is_editorial_but_a_changed_title_is_not() -> None:
    bd = doc("3. Results\n\nText here.")
    ad = doc("4. Results\n\nText here.")
    (ch,), _ = classify([change(bd, "3.", ad, "4.")], bd, ad)
    assert (ch.cls, ch.rules, ch.reason) == ("editorial", ("renumbered",), "renumbered: 3. → 4.")
    ad2 = doc("4. Findings\n\nText here.")
    (ch2,), _ = classify([change(bd, "3. Results", ad2, "4. Findings")], bd, ad2)
    assert ch2.cls == "material"


def test_a_number_in_running_text_is_not_renumbering() -> None:
    result = one("We ran 3. Then more.", "We ran 4. Then more.", "3.", "4.")
    assert result.rules == ("number-changed",)


def test_unsure_is_material_never_editorial() -> None:
    # two real words one letter apart: could be a typo fix, could be a new meaning
    assert one("Fill in the form now.", "Fill in the from now.", "form", "from").cls == "material"
    assert one("It is a risk.", "It is a risks.", "risk", "risks").cls == "material"


def test_case_change_of_an_entity_is_not_an_entity_change() -> None:
    result = one("We thank lumen labs.", "We thank Lumen Labs.", "lumen labs", "Lumen Labs")
    assert (result.cls, result.rules) == ("editorial", ("case-only",))


def test_moved_paragraph_unchanged_is_editorial() -> None:
    bd = doc("Intro\n\nA paragraph that moves.\n\nOther text stays.")
    ad = doc("Intro\n\nOther text stays.\n\nA paragraph that moves.")
    ch = change(bd, "A paragraph that moves.", ad, "A paragraph that moves.", op="move")
    (result,), _ = classify([ch], bd, ad)
    assert (result.cls, result.rules) == ("editorial", ("moved-unchanged",))
    assert result.reason == "paragraph moved: 'A paragraph that moves.'"


def test_disabled_rule_no_longer_explains() -> None:
    config = Config(disabled_rules=("typo-fixed",))
    result = one("The model recieved credit.", "The model received credit.", "recieved",
                 "received", config=config)
    assert (result.cls, result.rules) == ("material", ("claim-rewritten",))


def test_configured_marker_and_entity() -> None:
    config = Config(redaction_markers=("re:<<[A-Z]+>>",), entities=("northwind",))
    result = one("We thank the partner.", "We thank <<WITHHELD>>.", "the partner",
                 "<<WITHHELD>>", config=config)
    assert (result.cls, result.rules[0]) == ("redaction", "marker-redaction")
    result = one("The evaluator was Northwind.", "The evaluator was us.", "Northwind", "us",
                 config=config)
    assert result.reason == "entity removed: 'Northwind'"


def test_changes_come_back_ordered_by_class_keeping_order_within() -> None:
    bd = doc("We found 17 flaws. The model recieved credit. It is not safe. Lumen Labs ran it.")
    ad = doc("We found 16 flaws. The model received credit. It is safe. [REDACTED] ran it.")
    changes = [change(bd, "17", ad, "16", "c-1"), change(bd, "recieved", ad, "received", "c-2"),
               change(bd, "not ", ad, None, "c-3"),
               change(bd, "Lumen Labs", ad, "[REDACTED]", "c-4")]
    out, _ = classify(changes, bd, ad)
    assert [(c.id, c.cls) for c in out] == [
        ("c-4", "redaction"), ("c-1", "material"), ("c-3", "material"), ("c-2", "editorial")]


def test_classify_is_deterministic() -> None:
    bd, ad = doc("We found 17 flaws in Helios-2."), doc("We found 16 flaws in Helios-3.")
    changes = [change(bd, "17 flaws in Helios-2", ad, "16 flaws in Helios-3")]
    assert classify(changes, bd, ad) == classify(changes, bd, ad)


def test_unpaired_rewrite_is_judged_as_one_rewrite_not_a_redaction() -> None:
    bd = doc("Intro\n\nSafeguards blocked 23 of 40 attempts, mostly role-play ones.\n\nEnd.")
    ad = doc("Intro\n\nSafeguards blocked 24 of 40 attempts, mostly role-play ones.\n\nEnd.")
    gone = change(bd, "Safeguards blocked 23 of 40 attempts, mostly role-play ones.", ad, None,
                  "c-1", pure=True)
    new = change(bd, None, ad, "Safeguards blocked 24 of 40 attempts, mostly role-play ones.",
                 "c-2", pure=True)
    out, _ = classify([gone, new], bd, ad)
    assert [(c.id, c.op, c.cls, c.reason) for c in out] == [
        ("c-1", "delete", "material", "number changed: 23 → 24"),
        ("c-2", "insert", "material", "number changed: 23 → 24")]


def test_unpaired_identical_blocks_are_a_move() -> None:
    bd = doc("Results\n\nSome text here.\n\nOther text.")
    ad = doc("Other text.\n\nResults\n\nSome text here.")
    gone = change(bd, "Other text.", ad, None, "c-1", pure=True)
    new = change(bd, None, ad, "Other text.", "c-2", pure=True)
    out, _ = classify([gone, new], bd, ad)
    assert {(c.cls, c.rules) for c in out} == {("editorial", ("moved-unchanged",))}


def test_section_number_put_before_a_title_is_editorial() -> None:
    bd = doc("Rules\n\nThreats of violence\n\nYou may not threaten anyone.")
    ad = doc("Rules\n\n3.1 Threats of violence\n\nYou may not threaten anyone.")
    (ch,), _ = classify([change(bd, None, ad, "3.1 ")], bd, ad)
    assert (ch.cls, ch.rules, ch.reason) == ("editorial", ("renumbered",), "number added: 3.1")


def test_number_of_a_title_in_running_text_becoming_a_heading_is_not_a_number_change() -> None:
    bd = doc("Terms\n\nWe pay you. 2.1 Payment. Fees apply.")
    ad = doc("Terms\n\n2.1. Payment.\n\nFees apply.")
    (ch,), _ = classify([change(bd, "2.1", ad, "2.1.")], bd, ad)
    assert ch.cls == "editorial" and "number-changed" not in ch.rules


def test_the_word_list_read_directly_is_pyspellcheckers_dictionary() -> None:
    from spellchecker import SpellChecker

    spelling = importlib.import_module("auditor.classify.spelling")
    words = spelling._sorted_word_list()
    assert words is not None  # the data file is in the plain, sorted form the fast path reads
    dictionary = frozenset(SpellChecker(language="en").word_frequency.dictionary)
    assert words.keys() == dictionary
    # looked up by bisection: every word is found, and near misses around each are not
    sample = sorted(dictionary)[::7]
    assert all(w in words for w in sample)
    near = {v for w in sample for v in (w[:-1], w + "s", w + "q", w.upper(), f"{w}\"", w + " ")}
    assert {v for v in near if v in words} == near & dictionary
