"""Renderers: results as text for people (terminal, Markdown, HTML) and programs (JSON)."""
