"""Renderers: turn results into terminal text, JSON, Markdown, HTML or LaTeX."""
