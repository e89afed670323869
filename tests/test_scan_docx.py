"""`auditor scan` on Word files: each leak fixture gives exactly its findings, removed text is
found where it survives, and hostile packages are refused in one line (exit 3), never hang."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.errors import CorruptFileError, TooLargeError
from auditor.scan import Limits, scan
from tests.conftest import load_script

pytestmark = pytest.mark.usefixtures("deadline")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCAN = FIXTURES / "scan"
REMOVED = SCAN / "removed.txt"
SECRET = REMOVED.read_text().strip()


MDLF = load_script(FIXTURES / "make_docx_leak_fixtures.py")
PROPS_HIGH = [("docx-properties", "medium")] * 7 + [("docx-properties", "low")] * 5
#: fixture → every finding, in report order, as (check, severity).
EXPECTED = {
    "leak-tracked-deletion.docx": [("docx-tracked-deletion", "high"),
                                   ("docx-properties", "medium"),
                                   ("docx-tracked-insertion", "low")],
    "leak-comment.docx": [("docx-comment", "medium"), ("docx-properties", "medium"),
                          ("docx-comment", "low")],
    "leak-hidden-text.docx": [("docx-hidden-text", "medium")] * 4,
    "leak-properties.docx": PROPS_HIGH,
    "leak-embedded-file.docx": [("docx-embedded-file", "medium")],
    "leak-custom-xml.docx": [("docx-custom-xml", "medium")],
    "leak-alt-text.docx": [("docx-alt-text", "low")],
    "leak-glossary.docx": [("docx-glossary", "low")],
    "leak-link-uri.docx": [("link-uri", "low")],
    "clean-plain.docx": [("docx-properties", "low")],
}


def findings(path: Path, **kw: object) -> list[tuple[str, str]]:
    return [(f.check, f.severity) for f in scan(path, **kw).findings]  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gives_exactly_its_findings(name: str) -> None:
    report = scan(SCAN / name)
    assert report.format == "docx" and report.pages is None
    assert [(f.check, f.severity) for f in report.findings] == EXPECTED[name]


def test_clean_fixture_has_nothing_above_low() -> None:
    report = scan(SCAN / "clean-plain.docx", removed_file=REMOVED)
    assert not report.failed("medium")
    assert [(f.check, f.location) for f in report.findings] == [
        ("docx-properties", "docProps/core.xml dc:title")]


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - {"clean-plain.docx",
                                                         "leak-link-uri.docx"}))
def test_removed_passage_is_found_where_it_survives(name: str) -> None:
    report = scan(SCAN / name, removed_file=REMOVED)
    survivors = [f for f in report.findings if f.check == "removed-text"]
    assert len(survivors) == 1
    (found,) = survivors
    assert found.severity == "high" and found.removed == SECRET and found.page is None
    assert found.location is not None
    assert found.location.split(":")[0] in {c for c, _ in EXPECTED[name]}


@pytest.mark.parametrize(("name", "where"), [
    ("leak-tracked-deletion.docx",
     "docx-tracked-deletion: word/document.xml, paragraph 2, by an author, 2026-01-01T00:00:00Z"),
    ("leak-comment.docx",
     "docx-comment: word/comments.xml, comment 0, by an author, 2026-01-01T00:00:00Z"),
    ("leak-hidden-text.docx", "docx-hidden-text: word/document.xml, paragraph 2"),
])
def test_removed_given_directly_names_where(name: str, where: str) -> None:
    report = scan(SCAN / name, removed=[SECRET])
    (found,) = [f for f in report.findings if f.check == "removed-text"]
    assert found.location == where
    assert found.message.startswith("a removed passage survives in the docx-")


def test_tracked_deletion_keeps_names_out_of_messages() -> None:
    report = scan(SCAN / "leak-tracked-deletion.docx")
    deletion, author, insertion = report.findings
    assert deletion.evidence == SECRET
    assert deletion.message == "text deleted with tracked changes is still in the file"
    assert author.evidence == "Jane Roe"
    assert insertion.evidence == "results"
    for f in report.findings:
        assert "Jane" not in f.message + (f.location or "")
        assert "Tamarind" not in f.message + (f.location or "")


def test_hidden_runs_of_one_paragraph_are_one_finding() -> None:
    report = scan(SCAN / "leak-hidden-text.docx")
    assert [(f.message, f.location, f.evidence) for f in report.findings] == [
        ("text formatted as hidden", "word/document.xml, paragraph 1",
         "Reviewer only: check the count."),
        ("text formatted as hidden", "word/document.xml, paragraph 2", SECRET),
        ("white text on a white page", "word/document.xml, paragraph 3",
         "Lumen Labs internal draft."),
        ("text under 2 points", "word/document.xml, paragraph 4", "Draft 3."),
    ]


def test_moved_text_is_low_where_the_document_shows_it(tmp_path: Path) -> None:
    m = MDLF
    rev = 'w:id="1" w:author="Jane Roe" w:date="2026-01-01T00:00:00Z"'
    doc = m.body(m.paragraph(f"<w:moveFrom {rev}>{m.run(m.LINE1)}</w:moveFrom>"),
                 m.paragraph(m.run("Summary first.")),
                 m.paragraph(f'<w:moveTo w:id="2" w:author="Jane Roe">{m.run(m.LINE1)}'
                             "</w:moveTo>"))
    path = tmp_path / "moved.docx"
    path.write_bytes(m.package(doc))
    report = scan(path)
    assert [(f.check, f.severity, f.location) for f in report.findings] == [
        ("docx-properties", "medium", "word/document.xml w:author"),
        ("docx-tracked-deletion", "low",
         "word/document.xml, paragraph 1, by an author, 2026-01-01T00:00:00Z"),
        ("docx-tracked-insertion", "low", "word/document.xml, paragraph 3, by an author"),
    ]


def test_embedded_text_is_searched_but_not_reported() -> None:
    (finding,) = scan(SCAN / "leak-embedded-file.docx").findings
    assert finding.location == "word/embeddings/Microsoft_Word_Document.docx"
    assert finding.message.startswith("an embedded file (")
    assert finding.evidence is not None and SECRET in finding.evidence
    assert finding.to_dict()["evidence"]["masked"] is True


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_json_masks_unless_show_secrets(runner: CliRunner) -> None:
    path = str(SCAN / "leak-comment.docx")
    code, out, _ = run(runner, "scan", path, "--format", "json", "--removed", str(REMOVED))
    assert code == 1
    assert "Tamarind" not in out and "Jane Roe" not in out
    report = json.loads(out)
    assert report["file"]["format"] == "docx" and report["file"]["pages"] is None
    assert report["summary"] == {"findings": 4, "low": 1, "medium": 2, "high": 1,
                                 "fail_on": "high", "failed": True}
    assert all(f["evidence"] is None or f["evidence"]["masked"] for f in report["findings"])
    code, out, _ = run(runner, "scan", path, "--format", "json", "--show-secrets")
    assert code == 0
    texts = [f["evidence"]["text"] for f in json.loads(out)["findings"] if f["evidence"]]
    assert texts == [f"Cut {SECRET} before publishing.", "Jane Roe"]


def test_cli_exit_codes(runner: CliRunner) -> None:
    code, out, _ = run(runner, "scan", str(SCAN / "leak-tracked-deletion.docx"),
                       "--fail-on", "high")
    assert code == 1
    assert "docx-tracked-deletion" in out and "Tamarind" not in out
    code, out, _ = run(runner, "scan", str(SCAN / "clean-plain.docx"), "--fail-on", "medium")
    assert code == 0
    assert "1 finding(s): 1 low" in out
    assert run(runner, "scan", str(SCAN / "clean-plain.docx"))[0] == 0


# Hostile packages -------------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "hostile.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(runner: CliRunner, path: Path) -> str:
    code, out, err = run(runner, "scan", str(path))
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def set_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size the central directory declares for ``member``."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46: at + 46 + length] == member.encode():
            struct.pack_into("<I", out, at + 24, size)
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 46)
    raise AssertionError(member)


def big_document(size: int) -> str:
    return MDLF.body(MDLF.paragraph(MDLF.run(MDLF.LINE1))).replace(
        "<w:body>", "<w:body>" + " " * size, 1)


def test_damaged_zip(runner: CliRunner, tmp_path: Path) -> None:
    data = (SCAN / "leak-tracked-deletion.docx").read_bytes()
    path = write(tmp_path, data[: len(data) // 2])
    assert refused(runner, path) == (
        f"auditor: cannot audit {path}: a damaged DOCX file (the ZIP archive is truncated or "
        "corrupt); open it in Word or LibreOffice and save it again\n")


def test_zip_without_the_document(runner: CliRunner, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "no-document.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/styles.xml", "<w:styles/>")
    assert refused(runner, path) == (
        f"auditor: cannot audit {path}: a ZIP archive, not a document; auditor reads PDF, "
        "DOCX, HTML, Markdown and plain text\n")


def test_member_declaring_a_huge_size(runner: CliRunner, tmp_path: Path) -> None:
    data = set_declared_size(MDLF.package(MDLF.plain_body()), "word/document.xml", 3 << 30)
    path = write(tmp_path, data)
    assert refused(runner, path) == (
        f"auditor: cannot audit {path}: part word/document.xml decompresses to more than 64 MB; "
        "the file is hostile (a decompression bomb) or damaged\n")


def test_member_inflating_past_its_declared_size(runner: CliRunner, tmp_path: Path) -> None:
    data = MDLF.package(big_document(80 << 20))
    assert len(data) < 200_000
    path = write(tmp_path, set_declared_size(data, "word/document.xml", 1000))
    err = refused(runner, path)
    assert err == (f"auditor: cannot audit {path}: part word/document.xml cannot be read (Bad "
                   "CRC-32 for file 'word/document.xml'); the file is damaged\n")


def test_honest_bomb_over_the_part_limit(tmp_path: Path) -> None:
    path = write(tmp_path, MDLF.package(big_document(80 << 20)))
    with pytest.raises(TooLargeError) as exc:
        scan(path)
    assert str(exc.value) == (f"cannot audit {path}: part word/document.xml decompresses to "
                              "more than 64 MB; the file is hostile (a decompression bomb) "
                              "or damaged")
    total = write(tmp_path, MDLF.package(big_document(3 << 19)), "total.docx")
    with pytest.raises(TooLargeError) as exc:
        scan(total, limits=Limits(max_total_part_bytes=1 << 20))
    assert str(exc.value) == (f"cannot audit {total}: its parts decompress to more than 1 MB "
                              "in all; the file is hostile (a decompression bomb) or damaged")


def test_too_many_members(runner: CliRunner, tmp_path: Path) -> None:
    parts = {f"word/media/x{i}.png": b"" for i in range(10_001)}
    path = write(tmp_path, MDLF.package(MDLF.plain_body(), parts))
    assert refused(runner, path) == (
        f"auditor: cannot audit {path}: 10,006 ZIP members is over the limit of 10,000; the "
        "file is hostile or damaged\n")


def test_billion_laughs(runner: CliRunner, tmp_path: Path) -> None:
    refs = [f"&lol{i};" * 10 for i in range(9)]
    lol = "".join(f'<!ENTITY lol{i + 1} "{ref}">' for i, ref in enumerate(refs))
    doc = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{lol}]>'
           f'<w:document xmlns:w="{MDLF.NS_W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r>'
           "</w:p></w:body></w:document>")
    path = write(tmp_path, MDLF.package(doc))
    assert refused(runner, path) == (
        f"auditor: cannot audit {path}: part word/document.xml declares a DTD, which Word "
        "files never do; the file is hostile (an entity bomb?) or damaged\n")


def test_malformed_part(tmp_path: Path) -> None:
    path = write(tmp_path, MDLF.package(MDLF.plain_body(), {"word/comments.xml": "<w:comments"}))
    with pytest.raises(CorruptFileError, match=r"^cannot audit .*: part word/comments.xml is not "
                                               r"well-formed XML \("):
        scan(path)


def test_encrypted_office_file(runner: CliRunner, tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode(
        "utf-16-le") + b"\0" * 512
    path = write(tmp_path, data)
    assert refused(runner, path) == (
        f"auditor: cannot audit {path}: an encrypted (password-protected) Office document; a "
        "reader without the password sees nothing; to audit the content, save an unprotected "
        "copy (Word: File > Info > Protect Document) and scan that\n")


def test_a_thumbnail_is_reported_as_a_picture_that_may_show_an_earlier_version() -> None:
    # python-docx's default template carries docProps/thumbnail.jpeg: a picture of a page
    # that is not this document's
    found = [f for f in scan(FIXTURES / "report-draft.docx").findings
             if f.check == "docx-embedded-file"]
    assert [(f.severity, f.location, f.message) for f in found] == [
        ("medium", "docProps/thumbnail.jpeg", "a thumbnail picture of the first page, which "
         "may show an earlier version (8,324 bytes)")]


def test_the_docx_fixtures_are_reproducible(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MDLF, "OUT", tmp_path)
    MDLF.main()
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(MDLF.DOCX)
    for name in made:
        assert (tmp_path / name).read_bytes() == (SCAN / name).read_bytes(), name
