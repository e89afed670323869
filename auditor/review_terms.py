"""The vocabulary of the review ledger and the recommendation tracker, in one import-free place.

The command line builds its option choices from these at start-up, so importing them must cost
nothing; the modules that do the work import them from here too.
"""

from __future__ import annotations

#: Version labels, in the order a document goes through them.
LABELS = ("draft", "under-review", "approved", "published")
#: The NISO JAV (Journal Article Versions) stage each label corresponds to.
JAV = {"draft": "AO", "under-review": "SMUR", "approved": "AM", "published": "VoR"}
#: What an edit request asks for (the change classes of DESIGN §4.2).
KINDS = ("redaction", "material", "editorial")
DECISIONS = ("accepted", "declined", "modified")
#: How an appeal ends: the decision stands (upheld, withdrawn) or is decided again.
OUTCOMES = ("upheld", "overturned", "withdrawn")
#: ``reconcile --fail-on`` levels.
FAIL_ON = ("none", "undisclosed", "not-applied", "any")
#: ``footnote --conclusions``: state what the record says, or assert one (checked).
CONCLUSIONS = ("auto", "unchanged", "changed")
FOOTNOTE_LANGS = ("en",)
FOOTNOTE_FORMATS = ("markdown", "html", "latex", "text")

#: A recommendation's status, as each party records it.
STATUSES = ("implemented", "partial", "not-adopted", "pending")
PARTIES = ("author", "reviewer")
URGENCIES = ("high", "normal")
#: Whether a partially addressed recommendation counts as implemented.
COUNT_PARTIAL = ("denominator-only", "as-implemented")
