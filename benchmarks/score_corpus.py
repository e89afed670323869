#!/usr/bin/env python3
"""Score ``auditor.compare`` on the real revisions in ``../shared/corpus/pairs``.

For every pair and every input format (txt, md, html, pdf, and the cross-format pair
before.docx → after.html), run compare, turn each change into the corpus schema and score
with the corpus' own ``tools/score.py``. A change is fed honestly: its before side as the
sentences of ``before.context`` and its after side as the sentences of ``after.context`` —
nothing that is not in a context. A sentence already fed for an earlier change is fed once.

    python benchmarks/score_corpus.py [--corpus DIR] [--formats txt,md,...] [--show-errors N]

Predictions and scores go to ``benchmarks/out/score/`` (git-ignored). Prints a table of
sentence-side precision/recall/F1 per pair and format, and the changed numbers found.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor import compare  # noqa: E402
from auditor.errors import AuditorError  # noqa: E402
from auditor.extract import extract  # noqa: E402
from auditor.models import Change, Document, Side  # noqa: E402
from auditor.sentences import document_index  # noqa: E402

FORMATS = {
    "txt": ("before.txt", "after.txt"),
    "md": ("before.md", "after.md"),
    "html": ("before.html", "after.html"),
    "pdf": ("before.pdf", "after.pdf"),
    "docx-html": ("before.docx", "after.html"),
}
TARGETS = {"txt": 0.99, "md": 0.99, "html": 0.99, "pdf": 0.95, "docx-html": 0.93}


def context_sentences(doc: Document, side: Side) -> list[tuple[int, int]]:
    """The sentence spans that make up ``side.context`` (checked to be exactly it)."""
    a = side.context_start if side.context_start is not None else -1
    b = a + len(side.context)
    if a < 0 or doc.text[a:b] != side.context or not a <= side.start <= side.end <= b:
        raise AssertionError(f"context does not match the document at {side.start}")
    return [(s, e) for s, e in document_index(doc).spans if s >= a and e <= b]


def to_entries(changes: tuple[Change, ...], doc_a: Document,
               doc_b: Document) -> list[dict[str, Any]]:
    """Corpus-schema entries: per change, its unseen context sentences, paired in order."""
    seen: set[tuple[str, int, int]] = set()
    out: list[dict[str, Any]] = []

    def fresh(doc: Document, side: Side | None, tag: str) -> list[str]:
        if side is None:
            return []
        got = []
        for s, e in context_sentences(doc, side):
            if (tag, s, e) not in seen:
                seen.add((tag, s, e))
                got.append(doc.text[s:e])
        return got

    for ch in changes:
        before, after = fresh(doc_a, ch.before, "b"), fresh(doc_b, ch.after, "a")
        if ch.op == "move":
            out += [{"kind": "delete", "before": s, "after": None} for s in before]
            out += [{"kind": "insert", "before": None, "after": s} for s in after]
        else:
            out += pair_sentences(before, after)
    return out


def _words(s: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", s).lower())


def _sim(x: str, y: str) -> float:
    """Word similarity as the corpus pairs sentences (difflib ratio; a sentence mostly
    contained in a much longer one counts as just similar enough)."""
    tx, ty = _words(x), _words(y)
    sm = difflib.SequenceMatcher(None, tx, ty, autojunk=False)
    r = sm.ratio()
    short = min(len(tx), len(ty))
    if r < 0.5 and short >= 5 and sum(b.size for b in sm.get_matching_blocks()) >= 0.8 * short:
        return 0.5
    return r


def pair_sentences(before: list[str], after: list[str]) -> list[dict[str, Any]]:
    """Entries for one change, in the corpus' own pairing: sentences paired in order by
    similarity (≥ 0.5), then an unpaired neighbour glued to a pair when that raises its
    similarity by 0.15 (a sentence split in two, or two merged)."""
    pairs = _monotone_pairs(before, after)
    groups = [([i], [j]) for i, j in pairs]
    used = ({i for i, _ in pairs}, {j for _, j in pairs})
    for g in groups:
        for side, seq, oseq in ((0, before, after), (1, after, before)):
            idx, other = g[side], g[1 - side]
            base = _sim(" ".join(seq[k] for k in idx), " ".join(oseq[k] for k in other))
            for cand in (idx[-1] + 1, idx[0] - 1):
                if 0 <= cand < len(seq) and cand not in used[side]:
                    new = sorted([*idx, cand])
                    s2 = _sim(" ".join(seq[k] for k in new), " ".join(oseq[k] for k in other))
                    if s2 >= base + 0.15:
                        idx[:] = new
                        used[side].add(cand)
                        base = s2
    groups += [([i], []) for i in range(len(before)) if i not in used[0]]
    groups += [([], [j]) for j in range(len(after)) if j not in used[1]]
    entries = []
    for bs, as_ in groups:
        b = " ".join(before[k] for k in bs) or None
        a = " ".join(after[k] for k in as_) or None
        entries.append({"kind": "replace" if a and b else "delete" if b else "insert",
                        "before": b, "after": a})
    return entries


def _monotone_pairs(before: list[str], after: list[str]) -> list[tuple[int, int]]:
    n, m = len(before), len(after)
    sim = [[_sim(b, a) for a in after] for b in before]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= 0.5 else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= 0.5 and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def run_format(corpus: Path, fmt: str, out: Path) -> dict[str, Any]:
    pred_dir = out / fmt
    pred_dir.mkdir(parents=True, exist_ok=True)
    names, pairs_dir, secs = [], out / f"{fmt}-pairs", {}
    pairs_dir.mkdir(exist_ok=True)
    for pair in sorted((corpus / "pairs").iterdir()):
        fa, fb = (pair / f for f in FORMATS[fmt])
        if not (fa.exists() and fb.exists()):
            continue
        try:
            t0 = time.perf_counter()
            doc_a, doc_b = extract(fa), extract(fb)
            cmp = compare(doc_a, doc_b)
            secs[pair.name] = time.perf_counter() - t0
        except AuditorError as exc:
            print(f"  {fmt} {pair.name}: skipped ({exc})", file=sys.stderr)
            continue
        entries = to_entries(cmp.changes, doc_a, doc_b)
        (pred_dir / f"{pair.name}.json").write_text(json.dumps({"changes": entries}, indent=1))
        link = pairs_dir / pair.name
        if not link.exists():
            link.symlink_to(pair)
        names.append(pair.name)
    if not names:
        return {}
    scores = out / f"{fmt}.scores.json"
    subprocess.run(
        [sys.executable, str(corpus / "tools" / "score.py"), "--pairs-dir", str(pairs_dir),
         "--pred-dir", str(pred_dir), "--json", str(scores), "--quiet"],
        check=True, stdout=subprocess.DEVNULL,
    )
    result: dict[str, Any] = json.loads(scores.read_text())
    result["seconds"] = secs
    return result


def show_errors(corpus: Path, fmt: str, out: Path, n: int) -> None:
    for pred in sorted((out / fmt).glob("*.json")):
        subprocess.run([sys.executable, str(corpus / "tools" / "score.py"), "--truth",
                        str(corpus / "pairs" / pred.stem / "truth.json"), "--predicted",
                        str(pred), "--show-errors", str(n)], check=True)


def table(results: dict[str, dict[str, Any]]) -> str:
    rows = ["| format | pair | sides P | sides R | sides F1 | entries F1 | numbers found | s |",
            "|---|---|---|---|---|---|---|---|"]
    for fmt, res in results.items():
        for name, r in res["per_pair"].items():
            s, num = r["sides"], r["detected"]["numbers_changed"]
            rows.append(f"| {fmt} | {name} | {s['precision']:.3f} | {s['recall']:.3f} | "
                        f"{s['f1']:.3f} | {r['entries']['f1']:.3f} | {num['hit']}/{num['n']} | "
                        f"{res['seconds'][name]:.2f} |")
        m, num = res["micro"]["sides"], res["detected"]["numbers_changed"]
        ok = "meets" if m["f1"] >= TARGETS[fmt] else "BELOW"
        rows.append(f"| **{fmt}** | **all (micro)** — target {TARGETS[fmt]}: {ok} | "
                    f"**{m['precision']:.3f}** | **{m['recall']:.3f}** | **{m['f1']:.3f}** | "
                    f"{res['micro']['entries']['f1']:.3f} | {num['hit']}/{num['n']} | |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "score")
    a = ap.parse_args()
    results = {}
    for fmt in a.formats.split(","):
        res = run_format(a.corpus, fmt, a.out)
        if res:
            results[fmt] = res
            if a.show_errors:
                show_errors(a.corpus, fmt, a.out, a.show_errors)
    print(table(results))


if __name__ == "__main__":
    main()
