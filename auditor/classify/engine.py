"""Run the rules over one change, in the documented order, and decide its class.

    prepare ─▶ redaction rules ─▶ renumbered ─▶ material rules ─▶ editorial rules ─▶ fall-back

1. ``marker-redaction``, ``clause-removed`` — information withheld.
2. ``renumbered`` — a heading or list number that only shifted is set aside.
3. ``number-changed``, ``date-changed``, ``negation-changed``, ``modality-changed``,
   ``hedge-changed``, ``entity-changed`` — meaning changed, each named.
4. ``whitespace-only``, ``quote-dash-style``, ``number-format``, ``case-only``,
   ``spelling-variant``, ``typo-fixed``, ``punctuation-only``, ``article-only`` — differences
   explained away.
5. When nothing above fired and a difference is left: ``claim-added`` (insert),
   ``words-removed`` (delete), ``claim-rewritten`` (replace) — material.
6. ``moved-unchanged`` — a block moved whose text is the same (edits inside it are changes
   of their own); ``moved-across-conclusions`` is set later, by the conclusions pass.

The class is the most serious one among the rules that fired (redaction > material >
editorial); the reason joins the reasons of the rules of that class. A difference that no
rule explains is material: a missed material edit is the costly error.
"""

from __future__ import annotations

from dataclasses import replace

from auditor.classify.edit import Edit
from auditor.classify.editorial import EDITORIAL_RULES, LONG, distance, strip_numbering
from auditor.classify.rules import (
    FALLBACK_RULES,
    MATERIAL_RULES,
    REDACTION_RULES,
    Context,
    quote,
)
from auditor.models import CLASSES, Change

#: Every rule id in the order the rules run.
RULE_IDS: tuple[str, ...] = (
    *(r.id for r in REDACTION_RULES),
    "renumbered",
    *(r.id for r in MATERIAL_RULES),
    *dict.fromkeys(r.id for r in EDITORIAL_RULES if r.meaning),  # helpers have no meaning
    *(r.id for r in FALLBACK_RULES),
    "moved-unchanged",
    "moved-across-conclusions",
)

Finding = tuple[str, str, str]  # (rule id, class, reason)


def classify_edit(
    edit: Edit, ctx: Context, disabled: frozenset[str], moved_with_edits: bool = False
) -> Change:
    """The change of ``edit`` with its class, rules and reason set."""
    findings: list[Finding] = []
    if edit.op == "move" and moved_with_edits:
        # The edits inside the moved block are changes of their own, classified there.
        _run("moved-unchanged", "editorial", _moved(edit), disabled, findings)
        return _decide(edit.change, findings)
    for rule in REDACTION_RULES:
        _run(rule.id, rule.cls, rule.check(edit, ctx), disabled, findings)
    before, after, renumbered = strip_numbering(edit, edit.before, edit.after)
    if "renumbered" not in disabled and renumbered:
        findings.append(("renumbered", "editorial", renumbered))
        edit = replace(edit, before=before, after=after)
    for rule in MATERIAL_RULES:
        _run(rule.id, rule.cls, rule.check(edit, ctx), disabled, findings)
    editorial: list[Finding] = []
    if renumbered and before == after and "renumbered" not in disabled:
        explained, editorial = True, []
    elif edit.whole or (_long(edit) and any(f[1] != "editorial" for f in findings)):
        explained, editorial = False, []  # long and already material: nothing to explain
    else:
        explained, editorial = _explain(edit, disabled)
    if explained:
        findings += editorial  # reported only when they explain the whole difference
    if edit.op == "move" and (explained or moved_with_edits):
        _run("moved-unchanged", "editorial", _moved(edit), disabled, findings)
        explained = True
    if not explained and not any(f[1] != "editorial" for f in findings):
        for rule in FALLBACK_RULES:
            _run(rule.id, rule.cls, rule.check(edit, ctx), disabled, findings)
    return _decide(edit.change, findings)


def _long(edit: Edit) -> bool:
    return len(edit.before) + len(edit.after) > 2 * LONG


def _run(rule_id: str, cls: str, reason: str | None, disabled: frozenset[str],
         findings: list[Finding]) -> None:
    if reason is not None and rule_id not in disabled:
        findings.append((rule_id, cls, reason))


def _explain(edit: Edit, disabled: frozenset[str]) -> tuple[bool, list[Finding]]:
    """Apply the editorial normalisers: whether they leave the two sides equal, and the
    rules that brought them closer."""
    findings: list[Finding] = []
    before, after = edit.before, edit.after
    if before == after:
        if edit.op != "move":
            findings.append(("whitespace-only", "editorial", "whitespace only"))
        return True, findings
    for rule in EDITORIAL_RULES:
        if rule.id in disabled:
            continue
        b, a, detail = rule.apply(before, after)
        closer = distance(b, a) < distance(before, after)
        if closer and not any(f[0] == rule.id for f in findings):
            findings.append((rule.id, "editorial", detail or rule.meaning))
        before, after = b, a
        if before == after:
            return True, findings
    return False, findings


def _moved(edit: Edit) -> str:
    b = edit.change.before.section if edit.change.before else None
    a = edit.change.after.section if edit.change.after else None
    what = f"paragraph moved: {quote(edit.removed, 40)}"
    if b != a and (b or a):
        return f"{what} from {quote(b or 'the start', 30)} to {quote(a or 'the start', 30)}"
    return what


def _decide(change: Change, findings: list[Finding]) -> Change:
    if not findings:  # nothing at all differs that a rule could name
        findings = [("claim-rewritten", "material", "text changed")]
    rank = min(CLASSES.index(f[1]) for f in findings)
    cls = CLASSES[rank]
    reasons = [f[2] for f in findings if f[1] == cls]
    reason = "; ".join(dict.fromkeys(reasons[:3]))
    rules = tuple(dict.fromkeys(f[0] for f in findings))
    return replace(change, cls=cls, rules=rules, reason=reason)
