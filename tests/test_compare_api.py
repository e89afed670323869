"""``auditor.compare``: inputs, furniture, footnotes, warnings, ordering and the fail level."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from auditor import compare
from auditor.compare import has_changes_at, order_changes
from auditor.extract import extract_bytes
from auditor.extract.assemble import RawBlock, build_document
from auditor.extract.sniff import from_bytes
from auditor.models import Change, Document, Furniture

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "cases"


def doc(*blocks: tuple[str, str], furniture: tuple[Furniture, ...] = ()) -> Document:
    raw = from_bytes("\n".join(t for _, t in blocks).encode(), "mem.txt")
    return build_document(raw, "text", [RawBlock(k, t) for k, t in blocks],
                          furniture=furniture)


def test_paths_and_documents_give_the_same_changes() -> None:
    before, after = CASES / "number-change" / "before.txt", CASES / "number-change" / "after.txt"
    by_path = compare(before, after)
    by_doc = compare(extract_bytes(before.read_bytes(), str(before), fmt="text"),
                     extract_bytes(after.read_bytes(), str(after), fmt="text"))
    assert by_path.changes == by_doc.changes
    assert by_path.before.path == str(before)


def test_furniture_is_reported_and_never_compared() -> None:
    a = doc(("paragraph", "The ferry leaves at nine."),
            furniture=(Furniture("header", "Draft for review"), Furniture("page-number",
                                                                          "Page N")))
    b = doc(("paragraph", "The ferry leaves at nine."),
            furniture=(Furniture("header", "Published version"),))
    result = compare(a, b)
    assert result.changes == ()
    assert result.furniture_before == ("Draft for review", "Page N")
    assert result.furniture_after == ("Published version",)


def test_a_footnote_printed_elsewhere_is_not_a_change() -> None:
    body = ("The survey covered forty villages in the northern valleys over two years.",
            "Most households kept goats, and a few kept bees for wax and honey.")
    note = "1. Two villages refused to take part in the second year of the survey."
    a = doc(("paragraph", body[0]), ("footnote", note), ("paragraph", body[1]))
    b = doc(("paragraph", body[0]), ("paragraph", body[1]), ("footnote", note))
    assert compare(a, b).changes == ()


def test_a_limit_hit_is_a_warning_and_the_result_stays_the_same() -> None:
    # one 2,500-word sentence with every fourth word changed: over the diff budget, and no
    # unchanged sentence to cut it at (the last three words, unchanged, are trimmed first)
    rng = random.Random(3)
    words = [f"w{rng.randrange(3000)}" for _ in range(2500)]
    edited = [f"x{k}" if k % 4 == 0 else w for k, w in enumerate(words)]
    a, b = doc(("paragraph", " ".join(words))), doc(("paragraph", " ".join(edited)))
    first, second = compare(a, b), compare(a, b)
    assert first == second
    assert len(first.changes) == 1
    assert first.warnings == ("diff budget hit: 2497 + 2497 tokens with no unchanged sentence "
                              "(before offset 0) are reported as one replacement, not word "
                              "by word",)


def _change(cls: str, n: int) -> Change:
    return Change(id=f"c-{n}", op="replace", before=None, after=None, cls=cls)


def test_changes_are_ordered_by_class_then_kept_in_reading_order() -> None:
    changes = [_change("editorial", 1), _change("material", 2), _change("redaction", 3),
               _change("material", 4), _change("editorial", 5)]
    assert [c.id for c in order_changes(changes)] == ["c-3", "c-2", "c-4", "c-1", "c-5"]


@pytest.mark.parametrize(("classes", "level", "expected"), [
    (("editorial",), "any", True),
    (("editorial",), "material", False),
    (("editorial", "material"), "material", True),
    (("material",), "redaction", False),
    (("redaction",), "material", True),
    ((), "any", False),
])
def test_fail_level(classes: tuple[str, ...], level: str, expected: bool) -> None:
    base = compare(doc(("paragraph", "x")), doc(("paragraph", "x")))
    result = replace(base, changes=tuple(_change(c, n) for n, c in enumerate(classes)))
    assert has_changes_at(result, level) is expected


def test_progress_is_reported_stage_by_stage() -> None:
    seen: list[tuple[str, int, int]] = []
    compare(CASES / "number-change" / "before.txt", CASES / "number-change" / "after.txt",
            progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[:4] == [("extracting before", 0, 1), ("extracting before", 1, 1),
                        ("extracting after", 0, 1), ("extracting after", 1, 1)]
    assert seen[-1][0] == "diffing" and seen[-1][1] == seen[-1][2]


def test_the_api_names_stay_the_functions_whatever_was_imported() -> None:
    import auditor
    import auditor.compare
    import auditor.extract
    import auditor.scan

    for name in ("compare", "extract", "scan"):
        fn = getattr(auditor, name)
        assert callable(fn) and fn.__module__.startswith(f"auditor.{name}")


def test_the_command_line_loads_a_commands_machinery_only_for_that_command() -> None:
    heavy = ("auditor.align", "auditor.diff", "auditor.classify", "auditor.scan",
             "auditor.ledger", "auditor.cli.compare", "auditor.cli.review")
    code = (f"import sys, auditor.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
    code = ("import sys; from auditor.cli import cli; "
            "cli.main(['extract', sys.argv[1]], standalone_mode=False); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")
    err = subprocess.run([sys.executable, "-c", code, str(CASES / "number-change" / "after.txt")],
                         capture_output=True, text=True, check=True).stderr
    assert err.strip() == "[]"
