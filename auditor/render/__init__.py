"""Renderers: turn results into text for people (terminal, Markdown, HTML, LaTeX) and
programs (JSON).

Each renderer is a function ``render(result, …) -> str``; the CLI writes the string.
"""
