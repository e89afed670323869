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

from auditor.classify.conclusions import analyse_conclusions
from auditor.classify.edit import prepare
from auditor.classify.engine import RULE_IDS, classify_edit
from auditor.classify.markers import markers_for
from auditor.classify.rules import Context
from auditor.config import Config
from auditor.models import CLASSES, Change, Conclusions, Document

__all__ = ["RULE_IDS", "classify"]


def classify(
    changes: Sequence[Change],
    before: Document,
    after: Document,
    config: Config | None = None,
) -> tuple[tuple[Change, ...], Conclusions]:
    """Give every change its class, rule ids and reason, and say whether the conclusions
    changed.

    The changes come back ordered by class (redaction, material, editorial), keeping their
    given order within a class.
    """
    config = config or Config()
    ctx = Context(markers_for(config.redaction_markers), config.entities)
    disabled = frozenset(config.disabled_rules)
    inner_moves = {ch.move_id for ch in changes if ch.move_id}
    classed = [
        classify_edit(prepare(ch, before, after), ctx, disabled, ch.id in inner_moves)
        for ch in changes
    ]
    marked, conclusions = analyse_conclusions(
        classed, before, after, config.conclusion_headings,
        moves_matter="moved-across-conclusions" not in disabled,
    )
    ordered = sorted(marked, key=lambda ch: CLASSES.index(ch.cls))
    return tuple(ordered), conclusions
