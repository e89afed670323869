"""The rules that withhold or change meaning: redaction first, then material.

Each rule is a small function ``(edit, ctx) -> reason | None`` registered with a stable id
and the class it decides. They read an :class:`~auditor.classify.edit.Edit`, whose
``before``/``after`` are whole words, and compare the two sides; a word that did not change
never reaches them. The editorial rules (which *explain* a difference away) live in
:mod:`auditor.classify.editorial`; the order of all of them is :data:`RULE_ORDER`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from auditor.classify.edit import Edit
from auditor.classify.entities import abbreviates, entity_difference, find_entities
from auditor.classify.lexicon import BOOSTERS, HEDGES, MODALS, NEGATING_PREFIXES, NEGATORS
from auditor.classify.markers import Markers
from auditor.classify.numbers import Quantity, mask_quantities, quantity_difference


@dataclass(frozen=True)
class Context:
    """What the rules need besides the edit: the configured markers and entity names."""

    markers: Markers
    entities: tuple[str, ...] = ()


Check = Callable[[Edit, Context], "str | None"]


@dataclass(frozen=True)
class Rule:
    """A named rule: its stable ``id``, the class it decides, what it means, its check."""

    id: str
    cls: str
    meaning: str
    check: Check


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` ("can't" stays one word)."""
    return [w.replace("’", "'") for w in _TOKEN.findall(text.lower())]


def quote(text: str, limit: int = 60) -> str:
    """``text`` on one line, shortened to ``limit`` characters, in single quotes."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"'{text}'"


def change_reason(noun: str, removed: Sequence[str], added: Sequence[str]) -> str:
    """"number changed: 17 → 16", "modal added: may", "negation removed: not"."""
    r, a = ", ".join(removed), ", ".join(added)
    if removed and added:
        return f"{noun} changed: {r} → {a}"
    return f"{noun} removed: {r}" if removed else f"{noun} added: {a}"


# -- redaction ---------------------------------------------------------------------------


def marker_redaction(edit: Edit, ctx: Context) -> str | None:
    """A redaction marker appears that was not there before."""
    new = Counter(ctx.markers.find(edit.after)) - Counter(ctx.markers.find(edit.before))
    if not new:
        return None
    marker = next(iter(new))
    gone = ctx.markers.strip(edit.removed).strip()
    if not gone:
        return f"redaction marker inserted: {marker}"
    names = find_entities(gone, ctx.entities)
    what = f"text naming {quote(names[0])}" if names else f"text {quote(gone)}"
    return f"{what} replaced by {marker}"


def clause_removed(edit: Edit, ctx: Context) -> str | None:
    """A clause, sentence or more is deleted with nothing in its place."""
    if edit.op != "delete" or not edit.whole:
        return None
    removed = edit.removed.strip()
    unit = "sentence" if _is_sentence(removed, edit.before_context) else "clause"
    if edit.before_block is not None and edit.before_block.kind == "heading":
        unit = "heading"
    names = find_entities(ctx.markers.strip(removed), ctx.entities)
    if names:
        return f"{unit} naming {quote(names[0])} removed"
    return f"{unit} removed: {quote(removed)}"


def _is_sentence(text: str, context: str) -> bool:
    return len(words(text)) >= 0.9 * max(1, len(words(context)))


# -- material ----------------------------------------------------------------------------


def _measured(edit: Edit) -> bool:
    """Whether the word-level rules apply: not to a whole clause added or removed."""
    return not edit.whole


def _quantities(edit: Edit, ctx: Context) -> tuple[list[Quantity], list[Quantity]]:
    return quantity_difference(ctx.markers.strip(edit.before), ctx.markers.strip(edit.after))


_NOUNS = {"number": "number", "percent": "percentage", "money": "amount",
          "version": "version", "date": "date"}


def _context_dates(edit: Edit) -> tuple[list[Quantity], list[Quantity]]:
    """Dates that differ between the two contexts: "12 January to 2[0] February 2026" shows
    as "20" → "27", which is a date change."""
    removed, added = quantity_difference(edit.before_context, edit.after_context)
    return [q for q in removed if q.kind == "date"], [q for q in added if q.kind == "date"]


def _in_a_date(q: Quantity, dates: list[Quantity]) -> bool:
    return any(re.search(rf"(?<!\d){re.escape(q.text)}(?!\d)", d.text) for d in dates)


def number_changed(edit: Edit, ctx: Context) -> str | None:
    """A number, percentage, amount of money or version number differs (as a value)."""
    if not _measured(edit):
        return None
    removed, added = (
        [q for q in side if q.kind != "date"] for side in _quantities(edit, ctx)
    )
    if removed or added:
        c_removed, c_added = _context_dates(edit)
        removed = [q for q in removed if not _in_a_date(q, c_removed)]
        added = [q for q in added if not _in_a_date(q, c_added)]
    if not removed and not added:
        return None
    kinds = {q.kind for q in removed + added}
    noun = _NOUNS[kinds.pop()] if len(kinds) == 1 else "number"
    return change_reason(noun, [q.text for q in removed], [q.text for q in added])


def date_changed(edit: Edit, ctx: Context) -> str | None:
    """A date differs (as a date: "3 March 2026" and "2026-03-03" are the same)."""
    if not _measured(edit):
        return None
    removed, added = ([q for q in side if q.kind == "date"] for side in _quantities(edit, ctx))
    if not removed and not added:
        numbers = [q for side in _quantities(edit, ctx) for q in side if q.kind == "number"]
        c_removed, c_added = _context_dates(edit)
        if not any(_in_a_date(q, c_removed + c_added) for q in numbers):
            return None
        removed, added = c_removed, c_added
    return change_reason("date", [q.text for q in removed], [q.text for q in added])


def negation_changed(edit: Edit, ctx: Context) -> str | None:
    """A negation is added or removed ("not", "never", "no", "n't", "unlikely")."""
    if not _measured(edit):
        return None
    b, a = words(edit.before), words(edit.after)
    if _negators(b) != _negators(a):
        removed = [w for w in b if _is_negator(w) and w not in a]
        added = [w for w in a if _is_negator(w) and w not in b]
        return change_reason("negation", removed, added)
    gone, new = set(b) - set(a), set(a) - set(b)
    for x in sorted(gone):
        for y in sorted(_negated_forms(x) & new):
            return f"negation changed: {x} → {y}"
    return None


def _is_negator(w: str) -> bool:
    return w in NEGATORS or w.endswith("n't")


def _negators(ws: list[str]) -> int:
    """How many negations: "isn't", "cannot" and "not" count one each."""
    return sum(1 for w in ws if _is_negator(w))


def _negated_forms(word: str) -> set[str]:
    """"likely" → {"unlikely", "inlikely", …}; "unsafe" → {"safe"} (stems of 4+ letters)."""
    forms = {p + word for p in NEGATING_PREFIXES} if len(word) >= 4 else set()
    forms |= {word[len(p):] for p in NEGATING_PREFIXES
              if word.startswith(p) and len(word) - len(p) >= 4}
    return forms


def modality_changed(edit: Edit, ctx: Context) -> str | None:
    """A modal word changes: must / should / may / can / will / required …"""
    if not _measured(edit):
        return None
    return _lexicon_change(edit, "modality", lambda w: w in MODALS)


def hedge_changed(edit: Edit, ctx: Context) -> str | None:
    """A hedge or booster changes: likely, suggests, approximately, clearly, shows …"""
    if not _measured(edit):
        return None
    return _lexicon_change(edit, "hedging", lambda w: w in HEDGES or w in BOOSTERS)


def _lexicon_change(edit: Edit, noun: str, member: Callable[[str], bool]) -> str | None:
    b = Counter(w for w in words(edit.before) if member(w))
    a = Counter(w for w in words(edit.after) if member(w))
    if b == a:
        return None
    return change_reason(noun, list((b - a).elements()), list((a - b).elements()))


def entity_changed(edit: Edit, ctx: Context) -> str | None:
    """A named entity (organisation, model, person, document id) appears or disappears."""
    if not _measured(edit):
        return None
    before = mask_quantities(ctx.markers.strip(edit.before))
    after = mask_quantities(ctx.markers.strip(edit.after))
    removed, added = entity_difference(before, after, ctx.entities)
    removed = [e for e in removed if not abbreviates(e, after)]
    added = [e for e in added if not abbreviates(e, before)]
    if not removed and not added:
        return None
    return change_reason("entity", [quote(e) for e in removed], [quote(e) for e in added])


# -- fall-backs: a difference nothing explained ----------------------------------------


def claim_added(edit: Edit, ctx: Context) -> str | None:
    """Words are inserted that no other rule explains: a new claim."""
    if edit.op != "insert":
        return None
    added = edit.added.strip()
    unit = "sentence" if edit.whole else "words"
    names = find_entities(added, ctx.entities) if edit.whole else []
    if names:
        return f"{unit} naming {quote(names[0])} added: {quote(added)}"
    return f"{unit} added: {quote(added)}"


def words_removed(edit: Edit, ctx: Context) -> str | None:
    """Words (less than a clause) are deleted that no other rule explains."""
    if edit.op != "delete":
        return None
    return f"words removed: {quote(edit.removed.strip())}"


def claim_rewritten(edit: Edit, ctx: Context) -> str | None:
    """Wording is replaced in a way no editorial rule explains."""
    if edit.op not in ("replace", "move"):
        return None
    return f"wording changed: {quote(edit.removed.strip(), 40)} → {quote(edit.added.strip(), 40)}"


REDACTION_RULES: tuple[Rule, ...] = (
    Rule("marker-redaction", "redaction",
         "a redaction marker ([REDACTED], █████, [removed at the request of …], […]) appears",
         marker_redaction),
    Rule("clause-removed", "redaction",
         "a clause, sentence, paragraph or heading is deleted with nothing in its place",
         clause_removed),
)
MATERIAL_RULES: tuple[Rule, ...] = (
    Rule("number-changed", "material",
         "a number, percentage, amount or version differs in value (not in spelling)",
         number_changed),
    Rule("date-changed", "material", "a date differs (not its format)", date_changed),
    Rule("negation-changed", "material", "a negation is added or removed", negation_changed),
    Rule("modality-changed", "material", "a modal (must/should/may/can/will…) changes",
         modality_changed),
    Rule("hedge-changed", "material", "a hedge or booster (likely, suggests, clearly…) changes",
         hedge_changed),
    Rule("entity-changed", "material",
         "an organisation, model, person or document identifier appears or disappears",
         entity_changed),
)
FALLBACK_RULES: tuple[Rule, ...] = (
    Rule("claim-added", "material", "words or sentences are inserted (a new claim)",
         claim_added),
    Rule("words-removed", "material", "words (less than a clause) are deleted",
         words_removed),
    Rule("claim-rewritten", "material", "wording is replaced; no editorial rule explains it",
         claim_rewritten),
)
