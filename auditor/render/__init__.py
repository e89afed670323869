"""Renderers: a :class:`~auditor.models.Comparison` as terminal text, JSON, Markdown or HTML."""
