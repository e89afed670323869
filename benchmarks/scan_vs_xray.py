"""Side by side: x-ray (the best-known bad-redaction finder) and `auditor scan` on the same
PDFs — the corpus's real files and our leak fixtures (run by hand).

    python benchmarks/scan_vs_xray.py [--xray-python PATH] [--show-secrets]

x-ray runs in its own virtualenv (``python -m venv V && V/bin/pip install x-ray``; its
``inspect`` is async in 0.4), given by --xray-python or XRAY_PYTHON. For each file: what x-ray
reports (page and text of each bad redaction, or its crash), and auditor's findings of the
overlay and hidden-text checks (the ones comparable to x-ray's), then a summary of files where
one finds something the other does not.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from auditor.errors import AuditorError
from auditor.scan import scan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("AUDITOR_CORPUS", ROOT.parent / "shared" / "corpus")) / "pdf"
FIXTURES = ROOT / "fixtures" / "scan"
XRAY = os.environ.get("XRAY_PYTHON", str(ROOT.parent / "venvs" / "xray" / "bin" / "python"))
COMPARABLE = ("text-under-", "hidden-text-")

_RUNNER = """
import asyncio, json, sys, xray
out = {}
for path in sys.argv[2:]:
    try:
        found = asyncio.run(xray.inspect(path))
        out[path] = {str(p): [r["text"] for r in rs] for p, rs in found.items()}
    except Exception as exc:
        out[path] = {"error": f"{type(exc).__name__}: {exc}"}
open(sys.argv[1], "w").write(json.dumps(out))
"""


def run_xray(python: str, files: list[Path]) -> dict[str, dict[str, object]]:
    """x-ray's findings per file (MuPDF prints to stdout, so the result goes via a file)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "xray.json"
        subprocess.run([python, "-c", _RUNNER, str(out), *map(str, files)],
                       capture_output=True, text=True, check=True)
        return dict(json.loads(out.read_text()))


def ours(path: Path) -> list[tuple[int | None, str, str]] | str:
    try:
        report = scan(path)
    except AuditorError as exc:
        return f"cannot audit (exit {int(exc.exit_code)})"
    return [(f.page, f"{f.check}/{f.severity}", f.evidence or "") for f in report.findings
            if f.check.startswith(COMPARABLE)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--xray-python", default=XRAY)
    ap.add_argument("--show-secrets", action="store_true")
    args = ap.parse_args()
    files = sorted(CORPUS.rglob("*.pdf")) + sorted(FIXTURES.glob("*.pdf"))
    xray = run_xray(args.xray_python, files)
    only_x: list[str] = []
    only_us: list[str] = []
    both: list[str] = []
    refused: list[str] = []

    def show(text: str) -> str:
        return repr(text[:60]) if args.show_secrets or FIXTURES in Path(text).parents \
            else f"[{len(text)} chars]"

    for path in files:
        name = str(path.relative_to(ROOT.parent if FIXTURES in path.parents else CORPUS))
        x = xray[str(path)]
        mine = ours(path)
        x_hits = [] if "error" in x else [(p, t) for p, ts in x.items() for t in ts]  # type: ignore[union-attr]
        if not x_hits and not mine and "error" not in x:
            continue
        print(f"== {name}")
        if "error" in x:
            print(f"   x-ray   : CRASH {x['error']}")
        for page, text in x_hits:
            print(f"   x-ray   : p{page} bad redaction {show(str(text))}")
        if isinstance(mine, str):
            print(f"   auditor : {mine}")
        else:
            for page, check, text in mine:
                print(f"   auditor : p{page} {check} {show(text)}")
        if isinstance(mine, str):
            refused.append(f"{name} (x-ray: {x.get('error', 'no findings')})")
            continue
        found_x, found_us = bool(x_hits), bool(mine)
        (both if found_x and found_us else only_x if found_x else only_us).append(name)
    print(f"\nboth found something: {len(both)}; only x-ray: {len(only_x)}; only auditor: "
          f"{len(only_us)}; auditor refuses to audit (exit 3): {len(refused)}")
    for label, names in (("both", both), ("only x-ray", only_x), ("only auditor", only_us),
                         ("refused", refused)):
        for name in names:
            print(f"   {label}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
