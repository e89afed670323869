"""What one scan may spend on a file (kept free of PDF libraries so that importing
``auditor`` stays cheap)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one scan may spend on a file. Over a limit, the scan stops with a clear error.

    The defaults are far above what real documents need (a 350-page book has ~1,500 objects and
    ~7 MB of decompressed streams) and far below what would exhaust the machine. The ``*_part*``
    limits bound a DOCX package (a ZIP archive): its member count, and the decompressed size of
    one member and of all members read.
    """

    max_objects: int = 500_000
    max_stream_bytes: int = 64 * 1024 * 1024
    max_total_stream_bytes: int = 768 * 1024 * 1024
    max_depth: int = 200
    max_pixels: int = 6_000_000
    max_revisions: int = 64
    max_parts: int = 10_000
    max_part_bytes: int = 64 * 1024 * 1024
    max_total_part_bytes: int = 512 * 1024 * 1024
