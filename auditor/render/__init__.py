"""Renderers of a :class:`~auditor.models.Comparison`: terminal, JSON, Markdown (and HTML).

Each renderer is a function ``render(comparison, …) -> str``; the CLI writes the string.
"""
