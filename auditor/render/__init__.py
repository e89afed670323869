"""Renderers: turn results into text for people (terminal, Markdown, HTML, LaTeX) and
programs (JSON elsewhere)."""
