"""Classify every change as redaction, material or editorial, and judge the conclusions.

    changes ──prepare──▶ edits ──rules (ordered, named)──▶ classed changes
                                                              │
                      conclusions (headings + concluding sentences) ──▶ in_conclusions, verdict

The rules and their order are documented in :mod:`auditor.classify.engine`; the conclusion
detection in :mod:`auditor.classify.conclusions`. Everything here is pure and deterministic:
the same changes and documents give the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from auditor.classify.conclusions import Region, analyse_conclusions, conclusion_regions
from auditor.classify.edit import prepare as prepare_edit
from auditor.classify.engine import RULE_IDS, classify_edit
from auditor.classify.markers import markers_for
from auditor.classify.rules import Context
from auditor.classify.spelling import load_dictionary
from auditor.classify.twins import find_twins
from auditor.config import Config
from auditor.models import CLASSES, Change, Conclusions, Document

__all__ = ["RULE_IDS", "Regions", "classify", "prepare"]


#: The conclusion regions of the before and after documents.
Regions = tuple[list[Region], list[Region]]


def prepare(before: Document, after: Document, config: Config | None = None) -> Regions:
    """What classifying the changes between two documents needs besides the changes: the
    dictionary, loaded, and the conclusion regions of both documents (returned, for
    :func:`classify`). The comparison does this while the changes are being found."""
    load_dictionary()
    extra = (config or Config()).conclusion_headings
    return conclusion_regions(before, extra), conclusion_regions(after, extra)


def classify(
    changes: Sequence[Change],
    before: Document,
    after: Document,
    config: Config | None = None,
    regions: Regions | None = None,
) -> tuple[tuple[Change, ...], Conclusions]:
    """Give every change its class, rule ids and reason, and say whether the conclusions
    changed. ``regions`` are what :func:`prepare` returned for the same documents and
    configuration, when called before.

    The changes come back ordered by class (redaction, material, editorial), keeping their
    given order within a class.

    A block deleted whole and a block inserted whole that are near-identical (a paragraph
    the alignment did not pair, often because of extraction noise) are judged as one
    rewrite: "23 → 24" inside them is a number change, not a removed and an added
    paragraph. The changes themselves are returned as given.
    """
    config = config or Config()
    ctx = Context(markers_for(config.redaction_markers), config.entities)
    disabled = frozenset(config.disabled_rules)
    inner_moves = {ch.move_id for ch in changes if ch.move_id}
    seen = [_as_rewrite(ch, twin) for ch, twin in zip(changes, find_twins(changes), strict=True)]
    classed = [
        classify_edit(prepare_edit(ch, before, after), ctx, disabled, ch.id in inner_moves)
        for ch in seen
    ]
    marked, conclusions = analyse_conclusions(
        classed, before, after, config.conclusion_headings,
        moves_matter="moved-across-conclusions" not in disabled, regions=regions,
    )
    restored = [replace(orig, cls=ch.cls, rules=ch.rules, reason=ch.reason,
                        in_conclusions=ch.in_conclusions)
                for orig, ch in zip(changes, marked, strict=True)]
    ordered = sorted(restored, key=lambda ch: CLASSES.index(ch.cls))
    return tuple(ordered), conclusions


def _as_rewrite(change: Change, twin: Change | None) -> Change:
    """A pure delete (or insert) whose twin was inserted (or deleted) is judged as the
    rewrite it is: before → after, a move when the text is the same."""
    if twin is None:
        return change
    deleted, inserted = (change, twin) if change.op == "delete" else (twin, change)
    assert deleted.before is not None and inserted.after is not None
    same = " ".join(deleted.before.text.split()) == " ".join(inserted.after.text.split())
    return replace(change, op="move" if same else "replace", before=deleted.before,
                   after=inserted.after)
