"""The transparency footnote: what review happened and what it changed, from the record only.

    ledger + comparison ──reconcile──▶ refuse if they disagree ──▶ Footnote (runs of text)
                                                                 └──render──▶ md/html/latex/text

Every number and claim comes from the ledger (requests, decisions, appeals) checked against the
comparison. The builder refuses (:class:`RefusedError`, exit 1) rather than write something the
record does not support: "conclusions unchanged" when the comparison or a decision says they
changed; a footnote at all while a request is undecided, a change is unexplained, or an edit
recorded as made cannot be found (``allow_unreconciled`` states those instead). Sealed quotes
stay sealed: a redaction is described by its size and place, never by the removed words.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.errors import RefusedError, UsageError
from auditor.models import Change, Comparison
from auditor.reconcile import Reconciliation
from auditor.review_state import Request, Review
from auditor.review_terms import CONCLUSIONS, FOOTNOTE_LANGS

LANGS = FOOTNOTE_LANGS
_MADE = ("accepted", "modified")
_LABEL = {"redaction": "Redaction", "material": "Material edit", "editorial": "Editorial edit"}


@dataclass(frozen=True)
class Run:
    """A stretch of text and how to show it: text, strong, or quote (typographic quotes)."""

    style: str
    text: str


Para = tuple[Run, ...]


@dataclass(frozen=True)
class Footnote:
    """The footnote's content, independent of the output format."""

    title: str
    paragraphs: tuple[Para, ...]
    made: tuple[Para, ...]
    declined_intro: Para | None
    declined: tuple[Para, ...]
    closing: tuple[Para, ...]


def t(text: str) -> Run:
    return Run("text", text)


def q(text: str) -> Run:
    return Run("quote", text)


def b(text: str) -> Run:
    return Run("strong", text)


def build_footnote(review: Review, comparison: Comparison, rec: Reconciliation, *,
                   show_declined: bool = False, conclusions: str = "auto",
                   allow_unreconciled: bool = False, lang: str = "en",
                   published_text: str | None = None) -> Footnote:
    """Build the footnote, or refuse when the record does not support it."""
    if lang not in LANGS:
        raise UsageError(f"unknown footnote language '{lang}'", f"use one of: {', '.join(LANGS)}")
    if conclusions not in CONCLUSIONS:
        raise UsageError(f"unknown --conclusions value '{conclusions}'",
                         f"use one of: {', '.join(CONCLUSIONS)}")
    gaps = unreconciled(rec)
    if gaps and not allow_unreconciled:
        more = f" (and {len(gaps) - 1} more)" if len(gaps) > 1 else ""
        raise RefusedError(f"refusing to write the footnote: {gaps[0]}{more}",
                           "see 'auditor review reconcile'; record what is missing, or pass "
                           "--allow-unreconciled to state it in the footnote")
    changed = _conclusions_changed(rec, conclusions)
    requests = list(review.requests.values())
    made = [r for r in requests if r.status in _MADE]
    declined = [r for r in requests if r.status == "declined"]
    place = _Places(comparison, rec, published_text)
    return Footnote(
        title="Note on pre-publication review.",
        paragraphs=(_intro(review), _counts(requests, made, declined),
                    _conclusions_para(changed, comparison)),
        made=tuple(_made_item(r, place, rec, comparison) for r in made),
        declined_intro=(t("Requests we declined:"),) if show_declined and declined else None,
        declined=tuple(_declined_item(r) for r in declined) if show_declined else (),
        closing=(*_gap_paras(gaps), _record_para(review)),
    )


def unreconciled(rec: Reconciliation) -> list[str]:
    """Where the ledger and the comparison disagree, one sentence each (empty: they agree)."""
    out = [f"{rid} has no decision yet" for rid in rec.pending]
    if rec.undisclosed:
        out.append(f"{_n(len(rec.undisclosed), 'material or redaction change')} in the "
                   f"published text {_is(len(rec.undisclosed))} not explained by an accepted "
                   f"request ({', '.join(rec.undisclosed)})")
    out += [f"{rid} is recorded as made but no change in the published text matches it"
            for rid in rec.not_applied]
    out += [f"the text {rid} asked to redact is still in the published version"
            for rid in rec.still_present]
    out += [f"{rid} is recorded as declined but the published text changed there"
            for rid in rec.declined_but_changed]
    return out


def _conclusions_changed(rec: Reconciliation, asserted: str) -> bool:
    if asserted == "unchanged" and rec.conclusions:
        raise RefusedError("refusing to state that the conclusions are unchanged: "
                           + "; ".join(rec.conclusions),
                           "drop --conclusions unchanged to state what the record says")
    return asserted == "changed" or bool(rec.conclusions)


def _intro(review: Review) -> Para:
    meta = review.meta
    text = f"Before publication, {meta.reviewer} reviewed a draft of this report"
    text += f" under {_strip(meta.agreement)}." if meta.agreement else "."
    if meta.scope:
        text += f" The agreed scope of the review was {_strip(meta.scope)}."
    deciders = list(dict.fromkeys(r.decision.by for r in review.requests.values()
                                  if r.decision is not None))
    if deciders:
        text += f" Each request was decided by {_join(deciders)}."
    return (t(text),)


def _counts(requests: list[Request], made: list[Request], declined: list[Request]) -> Para:
    if not requests:
        return (t("No edits were requested."),)
    n = len(requests)
    mandatory = sum(1 for r in requests if r.mandatory)
    levels = _join([f"{c} {w}" for c, w in ((mandatory, "mandatory"),
                                            (n - mandatory, "recommended")) if c])
    text = f"{_n(n, 'edit')} {_was(n)} requested ({levels})"
    outside = sum(1 for r in requests if not r.within_agreed_scope)
    text += f"; {outside} {_was(outside)} outside the agreed scope. " if outside else ". "
    kinds = [_n(sum(1 for r in made if r.kind == k), _LABEL[k].lower())
             for k in _LABEL if any(r.kind == k for r in made)]
    pending = n - len(made) - len(declined)
    parts = [f"made {_join(kinds)}" if made else "",
             f"declined {_n(len(declined), 'request')}" if declined else "",
             f"have not decided on {_n(pending, 'request')}" if pending else ""]
    text += f"We {_join([p for p in parts if p])}."
    return (t(text),)


def _conclusions_para(changed: bool, comparison: Comparison) -> Para:
    if not changed:
        return (t("The review did not change our conclusions."),)
    moved = [s for s in comparison.conclusions.statements if s.status != "unchanged"]
    text = "The review changed our conclusions."
    if moved:
        text += (f" The comparison of the draft with the published version finds "
                 f"{_n(len(moved), 'conclusion statement')} changed.")
    return (t(text),)


class _Places:
    """Where a request's changes sit, said without quoting anything sealed."""

    def __init__(self, comparison: Comparison, rec: Reconciliation,
                 published_text: str | None) -> None:
        self.by_id = {c.id: c for c in comparison.changes}
        self.rec = rec
        self.published_text = published_text

    def changes(self, r: Request) -> list[Change]:
        return [self.by_id[cid] for cid in self.rec.changes_for(r.id)]

    def where(self, r: Request) -> str:
        """" on page 4", " in section “Method”", or the request's own location."""
        for c in self.changes(r):
            if c.after is not None and c.after.page is not None:
                return f" on page {c.after.page}"
            section = c.after.section if c.after else None
            if section is None and c.before and c.before.section and self.published_text \
                    and c.before.section in self.published_text:
                section = c.before.section  # only a heading that is itself published
            if section:
                return f" in section “{section}”"
        return f" at {_strip(r.location)}" if r.location else ""


def _made_item(r: Request, place: _Places, rec: Reconciliation,
               comparison: Comparison) -> Para:
    changes = place.changes(r)
    runs = [b(_LABEL[r.kind]), t(f" ({_who(r)}): ")]
    if r.kind == "redaction":
        runs += [*_removed(r, changes), t(place.where(r)), *_marker(changes)]
    else:
        runs += [*_changed(r, changes), t(place.where(r))]
    runs.append(t("."))
    runs += _tail(r, changed=_touches_conclusions(r, changes))
    return tuple(runs)


def _who(r: Request) -> str:
    return f"{r.id}, {r.level}, requested by {r.requested_by}; basis: {_strip(r.basis)}"


def _removed(r: Request, changes: list[Change]) -> list[Run]:
    """What was removed: the removed words when the quote is kept, else only how many."""
    removed = [c.before.text.strip(" ,;.") for c in changes
               if c.before is not None and c.before.text.strip(" ,;.")]
    if r.quote.get("kept"):
        runs = [t("we removed ")]
        for n, text in enumerate(removed[:3] or [r.quote["text"]]):
            runs += [t(" and " if n else ""), q(text)]
        return runs
    if len(removed) > 1:
        words = sum(len(text.split()) for text in removed)
        return [t(f"we removed {len(removed)} passages ({_n(words, 'word')} in all)")]
    words = len(removed[0].split()) if removed else int(r.quote["words"])
    return [t(f"we removed a passage of {_n(words, 'word')}")]


def _marker(changes: list[Change]) -> list[Run]:
    for c in changes:
        if c.cls == "redaction" and c.after is not None and c.after.text.strip():
            return [t(" and put "), q(c.after.text.strip()), t(" in its place")]
    return []


def _changed(r: Request, changes: list[Change]) -> list[Run]:
    if not r.quote.get("kept"):
        return [t(f"we changed a passage of {_n(int(r.quote['words']), 'word')}")]
    runs: list[Run] = []
    for c in changes[:3]:
        before = c.before.text.strip() if c.before else ""
        after = c.after.text.strip() if c.after else ""
        if not (before or after):
            continue
        runs.append(t("; " if runs else "we "))
        if before and after:
            runs += [t("changed "), q(before), t(" to "), q(after)]
        else:
            runs += [t("deleted " if before else "added "), q(before or after)]
    return runs or [t("we changed "), q(r.quote["text"])]


def _touches_conclusions(r: Request, changes: list[Change]) -> bool:
    said = r.decision is not None and bool(r.decision.affects_conclusions)
    return said or any(c.in_conclusions and c.cls != "editorial" for c in changes)


def _tail(r: Request, changed: bool) -> list[Run]:
    out = []
    if r.reason:
        out.append(t(f" Reason given: {_sentence(r.reason)}"))
    if r.decision is not None and r.decision.decision == "modified":
        note = f": {_sentence(r.decision.note)}" if r.decision.note else "."
        out.append(t(f" We made a modified version of the requested edit{note}"))
    elif r.decision is not None and r.decision.note:
        lead = "Our reason for declining" if r.status == "declined" else "Our note"
        out.append(t(f" {lead}: {_sentence(r.decision.note)}"))
    if not r.within_agreed_scope:
        out.append(t(" This request was outside the agreed scope."))
    for appeal in r.appeals:
        state = f"the appeal was {appeal.outcome}" if appeal.outcome else "the appeal is pending"
        out.append(t(f" {appeal.by} appealed our decision; {state}."))
    if changed:
        out.append(t(" This edit changed our conclusions."))
    return out


def _declined_item(r: Request) -> Para:
    runs = [b(f"Declined {_LABEL[r.kind].lower()}"), t(f" ({_who(r)}): ")]
    verb = "remove" if r.kind == "redaction" else "change"
    if r.quote.get("kept"):
        runs += [t(f"the request was to {verb} "), q(r.quote["text"])]
    else:
        runs.append(t(f"the request was to {verb} a passage of "
                      f"{_n(int(r.quote['words']), 'word')}"))
    runs.append(t(f" at {_strip(r.location)}." if r.location else "."))
    return tuple(runs + _tail(r, changed=False))


def _gap_paras(gaps: list[str]) -> list[Para]:
    if not gaps:
        return []
    return [(t("The record is not fully reconciled: " + "; ".join(gaps) + "."),)]


def _record_para(review: Review) -> Para:
    return (t(f"Generated by auditor from the review record (entry {review.entries}, SHA-256 "
              f"{(review.head or '')[:16]})."),)


# -- wording helpers -------------------------------------------------------------------------

def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def _is(count: int) -> str:
    return "is" if count == 1 else "are"


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _strip(text: str | None) -> str:
    return (text or "").strip().rstrip(".")


def _sentence(text: str | None) -> str:
    text = (text or "").strip()
    return text if text.endswith((".", "!", "?")) else text + "."
