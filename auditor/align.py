"""Block alignment between two versions, in layers, and move detection.

    blocks ──1. exact keys unique on both sides (patience anchors, longest increasing run)──▶
           ──2. sequence matching of the keys between anchors (difflib, autojunk=False)──────▶
           ──3. fuzzy pairing of what is left in each gap (order-preserving, by shared words);
                 adjacent pairs and fragments (a paragraph cut by a page break) join a group──▶
           ──4. moves: a deleted and an inserted block that are near-identical (≥ 0.9)──────▶
           Alignment: groups in reading order (equal, pair, delete, insert, move)

A block's key is its token keys (see :mod:`auditor.diff`), so white space, reflow and
ligatures never prevent a match. Everything is deterministic: ties break by position.

A false move is worse than a missed one, so a move needs a near-identical block of some length
that could not be paired in place.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from auditor import seqmatch
from auditor.diff import Tokens, same_tokens

#: Pair two blocks in place when their token similarity (difflib ratio) reaches this...
PAIR_RATIO = 0.5
#: ...or when this share of the shorter block's tokens occurs, in order, in the longer one.
PAIR_CONTAINMENT = 0.8
#: A deleted and an inserted block this similar are one moved block.
MOVE_RATIO = 0.9
#: A move needs at least this many word tokens (shorter blocks are too common to be sure).
MOVE_MIN_WORDS = 4
#: Move candidates: a word in more units than this (or a twentieth of them) is not looked up;
#: each deleted unit keeps this many couples, those sharing the most rare words.
MOVE_INDEX_LIMIT = 200
MOVE_CANDIDATES = 16
#: A gap with more block pairs than this gets candidates from shared rare words only.
FULL_GAP = 2500
#: Blocks longer than this (both together, in tokens) are compared by their shared tokens in
#: any order: difflib's in-order match costs quadratic time on them.
LONG_BLOCK = 4000
#: Adjacent pairs joined into one group (to diff across a cut) stay under this many tokens.
MAX_GROUP_TOKENS = 3000


@dataclass(frozen=True)
class Group:
    """Aligned blocks: ``a`` are before-block indices, ``b`` after-block indices.

    ``kind`` is ``equal`` (same tokens), ``pair`` (to be diffed), ``delete``, ``insert`` or
    ``move`` (near-identical blocks at different places; ``b`` is where it went).
    """

    kind: str
    a: tuple[int, ...]
    b: tuple[int, ...]


@dataclass(frozen=True)
class Alignment:
    """The groups in before-document order (an insert sits where it would be in before)."""

    groups: tuple[Group, ...]
    warnings: tuple[str, ...] = ()


def align_blocks(
    a: Sequence[Tokens],
    b: Sequence[Tokens],
    streams_a: Sequence[str] | None = None,
    streams_b: Sequence[str] | None = None,
    keys: tuple[Sequence[str], Sequence[str]] | None = None,
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
) -> Alignment:
    """Align two documents given as token runs, one per block.

    ``streams_*`` name the stream of each block (e.g. "body" and "notes"): each stream is
    aligned on its own, because where footnotes land among the body text is layout (a PDF
    prints them at the foot of the page that cites them, a web page at the end). ``keys``
    are the blocks' exact-match keys (equal keys must mean equal tokens; by default the
    tokens themselves), so that blocks that match exactly need never be tokenized; ``texts``
    the blocks' texts, so that a gap whose two sides surely tokenize alike (see
    :func:`~auditor.diff.same_tokens`) is paired without tokenizing it.
    """
    sa = streams_a or ["body"] * len(a)
    sb = streams_b or ["body"] * len(b)
    ka, kb = keys or ([_block_key(t) for t in a], [_block_key(t) for t in b])
    groups: list[Group] = []
    leftovers: list[tuple[list[int], list[int]]] = []
    for stream in sorted(set(sa) | set(sb)):
        ia = [i for i, s in enumerate(sa) if s == stream]
        jb = [j for j, s in enumerate(sb) if s == stream]
        _align_stream(a, b, ia, jb, [ka[i] for i in ia], [kb[j] for j in jb], groups,
                      leftovers, texts)
    moves, unchecked = _find_moves(a, b, _unique_only(leftovers, ka, kb))
    warnings = _gap_warnings(groups)
    if unchecked:
        warnings += (f"moves: {unchecked} deleted block(s) share no rare word with an inserted "
                     "one (too few distinct words in the documents); they were not checked "
                     "for moves",)
    return Alignment(tuple(_apply_moves(groups, moves)), warnings)


def _unique_only(leftovers: list[tuple[list[int], list[int]]], ka: Sequence[str],
                 kb: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """Leftovers whose text occurs once in each document: which copy of a repeated block
    "moved" cannot be told, and a false move is worse than a missed one."""
    ca, cb = Counter(ka), Counter(kb)

    def unique(key: str) -> bool:
        return ca[key] <= 1 and cb[key] <= 1

    return [([i for i in d if unique(ka[i])], [j for j in n if unique(kb[j])])
            for d, n in leftovers]


def _gap_warnings(groups: list[Group]) -> tuple[str, ...]:
    """Say so where a long stretch without any identical block had to be paired by shared
    rare words alone (blocks it could not pair are reported whole)."""
    out = []
    run_a = run_b = 0
    for g in [*groups, Group("equal", (), ())]:
        if g.kind == "equal":
            if run_a * run_b > FULL_GAP:
                out.append(f"alignment: a stretch of {run_a + run_b} blocks with no identical "
                           "block on either side was paired by shared rare words only")
            run_a = run_b = 0
            continue
        run_a += len(g.a)
        run_b += len(g.b)
    return tuple(out)


def _align_stream(a: Sequence[Tokens], b: Sequence[Tokens], ia: list[int], jb: list[int],
                  ka: list[str], kb: list[str], groups: list[Group],
                  leftovers: list[tuple[list[int], list[int]]],
                  texts: tuple[Sequence[str], Sequence[str]] | None) -> None:
    """Align the blocks ``ia`` of before with the blocks ``jb`` of after (one stream)."""
    matched = _anchor_runs(ka, kb)
    prev_i = prev_j = 0
    for i, j in [*matched, (len(ia), len(jb))]:
        gap = _fuzzy_gap(a, b, ia[prev_i:i], jb[prev_j:j], texts)
        groups.extend(gap)
        leftovers.append(([g.a[0] for g in gap if g.kind == "delete"],
                          [g.b[0] for g in gap if g.kind == "insert"]))
        if i < len(ia):
            groups.append(Group("equal", (ia[i],), (jb[j],)))
        prev_i, prev_j = i + 1, j + 1


def _block_key(tokens: Tokens) -> str:
    return " ".join(tokens.keys)


# -- layers 1 and 2: exact matches --------------------------------------------------------------


def _anchor_runs(ka: list[str], kb: list[str]) -> list[tuple[int, int]]:
    """Index pairs of equal blocks: unique keys as anchors, then sequence matching between."""
    anchors = _patience_anchors(ka, kb)
    out: list[tuple[int, int]] = []
    pi = pj = 0
    for ai, aj in [*anchors, (len(ka), len(kb))]:
        sm = difflib.SequenceMatcher(None, ka[pi:ai], kb[pj:aj], autojunk=False)
        for m in sm.get_matching_blocks():
            out.extend((pi + m.a + k, pj + m.b + k) for k in range(m.size))
        if ai < len(ka):
            out.append((ai, aj))
        pi, pj = ai + 1, aj + 1
    return out


def _patience_anchors(ka: list[str], kb: list[str]) -> list[tuple[int, int]]:
    """Blocks whose key occurs exactly once on each side, kept in increasing order on both;
    of the orders possible, the one that keeps the most text in place (so that of two
    swapped blocks, the shorter one is the one that moved)."""
    ca, cb = Counter(ka), Counter(kb)
    where_b = {k: j for j, k in enumerate(kb) if cb[k] == 1}
    pairs = [(i, where_b[k], len(k) + 1) for i, k in enumerate(ka)
             if ca[k] == 1 and k in where_b]
    return _best_monotone(pairs)


# -- layer 3: fuzzy pairing inside a gap ---------------------------------------------------------


def _fuzzy_gap(
    a: Sequence[Tokens], b: Sequence[Tokens], ia: list[int], jb: list[int],
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
) -> list[Group]:
    """Pair the blocks of one gap in order; the rest are deletions and insertions."""
    if not ia or not jb:
        return [Group("delete", (i,), ()) for i in ia] + [Group("insert", (), (j,)) for j in jb]
    if texts is not None and _surely_same_words(texts, ia, jb):
        return [Group("pair", tuple(ia), tuple(jb))]  # as below, without tokenizing
    keys_a = [a[i].keys for i in ia]
    keys_b = [b[j].keys for j in jb]
    if _same_words_cut_differently(keys_a, keys_b):
        # The commonest gap in PDFs: one paragraph cut by a page break on one side only.
        return [Group("pair", tuple(ia), tuple(jb))]
    cands = _candidates(keys_a, keys_b)
    chosen = _best_monotone(cands)
    matched = {(x, y): m for x, y, m in cands}
    groups = _grow_groups([(x, y, matched[x, y]) for x, y in chosen], keys_a, keys_b)
    return _gap_groups(groups, ia, jb)


def _surely_same_words(texts: tuple[Sequence[str], Sequence[str]], ia: list[int],
                       jb: list[int]) -> bool:
    return surely_same_words([texts[0][i] for i in ia], [texts[1][j] for j in jb])


def surely_same_words(texts_a: Sequence[str], texts_b: Sequence[str]) -> bool:
    """What :func:`_same_words_cut_differently` would find for blocks of these texts, told
    from the texts when they surely tokenize alike (:func:`~auditor.diff.same_tokens`) and
    surely have few enough tokens (see :func:`most_tokens`); False when only the tokens
    can tell."""
    if sum(len(t) - t.count(" ") for t in texts_a) > MAX_GROUP_TOKENS \
            and sum(map(most_tokens, texts_a)) > MAX_GROUP_TOKENS:
        return False
    return same_tokens(texts_a, texts_b)


def most_tokens(text: str) -> int:
    """At most how many tokens ``text`` holds (:func:`~auditor.diff.tokenize`): a token
    holds no white space, and either holds a character other than a letter or digit, or
    is followed by one or by the end of its run of characters (tokens made of letters
    and digits alone are as long as they can be). So, twice the characters other than
    letters, digits and white space, plus the runs of characters between white space."""
    return 2 * len(_OTHER.findall(text)) + len(text.split())


_OTHER = re.compile(r"[^\w\s]|_")


def _same_words_cut_differently(ka: list[list[str]], kb: list[list[str]]) -> bool:
    """The gap holds the same tokens on both sides, only cut into blocks differently."""
    if sum(map(len, ka)) != sum(map(len, kb)) or sum(map(len, ka)) > MAX_GROUP_TOKENS:
        return False
    return [t for k in ka for t in k] == [t for k in kb for t in k]


def _candidates(ka: list[list[str]], kb: list[list[str]]) -> list[tuple[int, int, int]]:
    """``(x, y, matched tokens)`` for every pairable couple of blocks in the gap.

    The shared bag of tokens bounds the in-order match from above, so most couples are
    ruled out without running difflib; difflib keeps its index of the after block for all
    before blocks."""
    if len(ka) * len(kb) <= FULL_GAP:
        couples = [(x, y) for y in range(len(kb)) for x in range(len(ka))]
    else:
        couples = sorted(_rare_word_couples(ka, kb), key=lambda c: (c[1], c[0]))
    bags_a = [Counter(k) for k in ka]
    bags_b = [Counter(k) for k in kb]
    out = []
    for x, y in couples:
        n, k = len(ka[x]), len(kb[y])
        if not n or not k or not is_pairable(min(n, k), n, k):
            continue
        if not is_pairable(sum((bags_a[x] & bags_b[y]).values()), n, k):
            continue
        m = matched_tokens(ka[x], kb[y], quick=False)
        if is_pairable(m, n, k):
            out.append((x, y, m))
    return sorted(out)


def matched_tokens(ka: Sequence[str], kb: Sequence[str], quick: bool = True) -> int:
    """How many tokens the two sequences share in order (:func:`auditor.seqmatch.matched`);
    for very long blocks, whose in-order match difflib takes quadratic time for, the tokens
    they share in any order. ``quick``: 0 for sequences that share less than a fifth of their
    tokens in any order."""
    if not ka or not kb:
        return 0
    if len(ka) + len(kb) > LONG_BLOCK:
        return sum((Counter(ka) & Counter(kb)).values())
    if quick:
        sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
        if sm.real_quick_ratio() < 0.2 or sm.quick_ratio() < 0.2:
            return 0
    return seqmatch.matched(ka, kb)


def is_pairable(m: int, n: int, k: int) -> bool:
    """Similar enough to be one block edited in place."""
    if n + k == 0:
        return False
    shorter = min(n, k)
    return 2 * m / (n + k) >= PAIR_RATIO or (shorter >= 5 and m >= PAIR_CONTAINMENT * shorter)


def _rare_word_couples(ka: list[list[str]], kb: list[list[str]]) -> list[tuple[int, int]]:
    """Candidate couples in a big gap: blocks sharing words that are rare in the gap."""
    df: Counter[str] = Counter()
    for toks in (*ka, *kb):
        df.update(set(toks))
    limit = max(3, (len(ka) + len(kb)) // 50)
    index: dict[str, list[int]] = defaultdict(list)
    for y, toks in enumerate(kb):
        for t in set(toks):
            if df[t] <= limit:
                index[t].append(y)
    couples: list[tuple[int, int]] = []
    for x, toks in enumerate(ka):
        shared: Counter[int] = Counter()
        for t in set(toks):
            if df[t] <= limit:
                shared.update(index.get(t, ()))
        best = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
        couples.extend((x, y) for y, _ in best)
    return sorted(couples)


def _best_monotone(cands: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The order-preserving set of couples with the most matched tokens (a weighted longest
    increasing subsequence, with a Fenwick tree of prefix maxima over the after index)."""
    cands = sorted(cands, key=lambda c: (c[0], -c[1]))
    size = max((y for _, y, _ in cands), default=-1) + 2
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # (score, candidate) prefix maxima
    scores: list[int] = []
    back: list[int] = []
    for n, (_x, y, m) in enumerate(cands):
        top, prev = _prefix_max(tree, y)  # best chain ending at an after index below y
        scores.append(top + m)
        back.append(prev)
        _raise(tree, y + 1, (top + m, n))
    if not scores:
        return []
    n = max(range(len(scores)), key=lambda k: (scores[k], -k))
    out = []
    while n >= 0:
        out.append((cands[n][0], cands[n][1]))
        n = back[n]
    return out[::-1]


def _prefix_max(tree: list[tuple[int, int]], k: int) -> tuple[int, int]:
    best = (0, -1)
    while k > 0:
        if tree[k][0] > best[0]:
            best = tree[k]
        k -= k & -k
    return best


def _raise(tree: list[tuple[int, int]], k: int, value: tuple[int, int]) -> None:
    while k < len(tree):
        if value[0] > tree[k][0]:
            tree[k] = value
        k += k & -k


def _grow_groups(
    chosen: list[tuple[int, int, int]], ka: list[list[str]], kb: list[list[str]]
) -> list[tuple[list[int], list[int]]]:
    """Glue to each pair ``(x, y, matched tokens)`` the unpaired neighbours its other side
    contains (fragments of a block split by a page break, or blocks merged or split), then
    join groups that follow each other where a side ends mid-sentence (a paragraph cut at
    different points)."""
    pairs = [([x], [y], m) for x, y, m in chosen]
    used_a = {x for x, _, _ in chosen}
    used_b = {y for _, y, _ in chosen}
    for ga, gb, m in pairs:
        _glue(ga, gb, ka, kb, used_a, m)
        _glue(gb, ga, kb, ka, used_b)
    groups: list[tuple[list[int], list[int]]] = []
    for ga, gb, _ in pairs:
        if groups and _joins(groups[-1], (ga, gb), ka, kb):
            groups[-1][0].extend(ga)
            groups[-1][1].extend(gb)
        else:
            groups.append((ga, gb))
    return groups


def _joins(group: tuple[list[int], list[int]], nxt: tuple[list[int], list[int]],
           ka: list[list[str]], kb: list[list[str]]) -> bool:
    """Whether ``nxt`` continues ``group``: it follows right after it on both sides and the
    group ends mid-sentence on a side (a paragraph cut at different points, whose words may
    cross the cut), within a size that one diff can take."""
    (ga, gb), (na, nb) = group, nxt
    if ga[-1] != na[0] - 1 or gb[-1] != nb[0] - 1:
        return False
    size = sum(len(ka[i]) for i in (*ga, *na)) + sum(len(kb[j]) for j in (*gb, *nb))
    if size > MAX_GROUP_TOKENS:
        return False
    if _ends_open(ka[ga[-1]]) or _ends_open(kb[gb[-1]]):
        return True
    # Both end a sentence, but the cut may still fall between different sentences on the
    # two sides: join when the two together match clearly better than each apart.
    def flat(ix: list[int], keys: list[list[str]]) -> list[str]:
        return [t for i in ix for t in keys[i]]

    apart = (matched_tokens(flat(ga, ka), flat(gb, kb))
             + matched_tokens(flat(na, ka), flat(nb, kb)))
    need = max(3, 0.02 * size)
    both_a, both_b = flat(ga + na, ka), flat(gb + nb, kb)
    # The tokens the two share in any order bound the in-order match: most often that
    # settles it without the costliest measure (same answer).
    if len(both_a) + len(both_b) <= LONG_BLOCK \
            and sum((Counter(both_a) & Counter(both_b)).values()) - apart < need:
        return False
    return matched_tokens(both_a, both_b) - apart >= need


def _ends_open(keys: list[str]) -> bool:
    """True when a block does not end a sentence (a fragment cut by a page break)."""
    tail = [k for k in keys[-2:] if k not in _CLOSERS]
    return not tail or tail[-1] not in _TERMINALS


_TERMINALS = frozenset(".!?…:;")
_CLOSERS = frozenset("\"'”’»)]")


def _glue(side: list[int], other: list[int], ks: list[list[str]], ko: list[list[str]],
          used: set[int], current: int | None = None) -> None:
    """Add unpaired blocks next to ``side`` whose words the ``other`` side holds.

    ``current`` is what ``side`` matches of ``other`` when already known; difflib runs only
    for a neighbour that shares enough words to be worth measuring."""
    other_keys = [t for o in other for t in ko[o]]
    other_bag = Counter(other_keys)
    measure = None
    for step in (-1, 1):
        while True:
            nxt = (side[0] if step < 0 else side[-1]) + step
            if nxt < 0 or nxt >= len(ks) or nxt in used or not ks[nxt]:
                break
            # the words it shares with the other side bound what it can add
            if sum((Counter(ks[nxt]) & other_bag).values()) < 0.5 * len(ks[nxt]):
                break
            if measure is None:
                measure = _Matcher(other_keys)
            if current is None:
                current = measure([t for s in side for t in ks[s]])
            joined = [*side, nxt] if step > 0 else [nxt, *side]
            m = measure([t for s in joined for t in ks[s]])
            if m - current < 0.5 * len(ks[nxt]):
                break
            side[:] = joined
            used.add(nxt)
            current = m


class _Matcher:
    """Tokens matched in order against one fixed sequence (difflib indexes it once)."""

    def __init__(self, keys: list[str]) -> None:
        self._n = len(keys)
        self._sm = difflib.SequenceMatcher(None, autojunk=False)
        self._sm.set_seq2(keys)
        self._keys = keys

    def __call__(self, keys: list[str]) -> int:
        if len(keys) + self._n > LONG_BLOCK:
            return matched_tokens(keys, self._keys)
        self._sm.set_seq1(keys)
        return sum(b.size for b in self._sm.get_matching_blocks())


def _gap_groups(
    groups: list[tuple[list[int], list[int]]], ia: list[int], jb: list[int]
) -> list[Group]:
    """Groups of one gap in order: unpaired blocks before each pair, then the pair."""
    out: list[Group] = []
    x = y = 0
    for ga, gb in [*groups, ([len(ia)], [len(jb)])]:
        out.extend(Group("delete", (ia[i],), ()) for i in range(x, ga[0]))
        out.extend(Group("insert", (), (jb[j],)) for j in range(y, gb[0]))
        if ga[0] < len(ia):
            out.append(Group("pair", tuple(ia[i] for i in ga), tuple(jb[j] for j in gb)))
        x, y = ga[-1] + 1, gb[-1] + 1
    return out


# -- layer 4: moves -----------------------------------------------------------------------------


Unit = tuple[int, ...]


def _find_moves(
    a: Sequence[Tokens], b: Sequence[Tokens],
    leftovers: list[tuple[list[int], list[int]]],
) -> tuple[dict[Unit, Unit], int]:
    """Before blocks → after blocks for each move, best matches first, and how many deleted
    units could not be checked (see :func:`_move_couples`). A unit is one block, or
    consecutive leftover blocks of which all but the last stop mid-sentence (a paragraph cut
    by a page break at one end of the move)."""
    dels = [u for d, _ in leftovers for u in _units(d, a) if _words(_keys(u, a)) >= MOVE_MIN_WORDS]
    ins = [u for _, n in leftovers for u in _units(n, b) if _words(_keys(u, b)) >= MOVE_MIN_WORDS]
    ka = {u: _keys(u, a) for u in dels}
    kb = {u: _keys(u, b) for u in ins}
    cands = []
    couples, unchecked = _move_couples(ka, kb)
    for i, j in couples:
        n = len(ka[i]) + len(kb[j])
        if 2 * sum((Counter(ka[i]) & Counter(kb[j])).values()) / n < MOVE_RATIO:
            continue
        ratio = 2 * matched_tokens(ka[i], kb[j]) / n
        if ratio >= MOVE_RATIO:
            cands.append((-ratio, i, j))
    moves: dict[Unit, Unit] = {}
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in sorted(cands, key=lambda c: (c[0], -len(c[1]) - len(c[2]), c[1], c[2])):
        if used_a.isdisjoint(i) and used_b.isdisjoint(j):
            moves[i] = j
            used_a.update(i)
            used_b.update(j)
    return moves, unchecked


def _units(indices: list[int], toks: Sequence[Tokens]) -> list[Unit]:
    """Each block, and each run of up to three consecutive blocks of which all but the last
    stop mid-sentence."""
    out: list[Unit] = []
    for n, i in enumerate(indices):
        run = [i]
        out.append((i,))
        for j in indices[n + 1:n + 3]:
            if j != run[-1] + 1 or not _ends_open(toks[run[-1]].keys):
                break
            run.append(j)
            out.append(tuple(run))
    return out


def _keys(unit: Unit, toks: Sequence[Tokens]) -> list[str]:
    return [k for i in unit for k in toks[i].keys]


def _move_couples(ka: dict[Unit, list[str]], kb: dict[Unit, list[str]]
                  ) -> tuple[list[tuple[Unit, Unit]], int]:
    """Couples that could be near-identical: of similar length and sharing one of their
    rarest words (two blocks that share 90 % of their words share some of the rare ones;
    this is the prefix filter of similarity joins); and how many deleted units had only
    words too common to look up.

    A word in more than :data:`MOVE_INDEX_LIMIT` units (or a twentieth of them) is not looked
    up, and each deleted unit keeps the :data:`MOVE_CANDIDATES` couples sharing the most rare
    words: on text of a few distinct words every block shares its rarest words with every
    other, and the couples would grow with the square of the blocks (2 × 6,000 paragraphs
    of 18 words took 1.6 GB)."""
    df: Counter[str] = Counter()
    for keys in (*ka.values(), *kb.values()):
        df.update(set(keys))
    limit = max(MOVE_INDEX_LIMIT, (len(ka) + len(kb)) // 20)

    def prefix(keys: list[str]) -> list[str]:
        distinct = sorted(set(keys), key=lambda k: (df[k], k))
        return distinct[: len(distinct) - math.ceil(0.8 * len(distinct)) + 1]

    index: dict[str, list[Unit]] = defaultdict(list)
    for j, keys in kb.items():
        for key in prefix(keys):
            if df[key] <= limit:
                index[key].append(j)
    couples: list[tuple[Unit, Unit]] = []
    unchecked = 0
    for i, keys in ka.items():
        n = len(keys)
        shared: Counter[Unit] = Counter()
        usable = [key for key in prefix(keys) if df[key] <= limit]
        for key in usable:
            shared.update(j for j in index.get(key, ()) if 0.8 * n <= len(kb[j]) <= n / 0.8)
        if not usable and kb:
            unchecked += 1
        best = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MOVE_CANDIDATES]
        couples.extend((i, j) for j, _ in best)
    return sorted(couples), unchecked


def _words(keys: list[str]) -> int:
    return sum(1 for k in keys if k[:1].isalnum())


def _apply_moves(groups: list[Group], moves: dict[Unit, Unit]) -> list[Group]:
    """Replace the deletions and insertions that are moves by one move group each, placed
    where the block was in before."""
    starts = {u[0]: u for u in moves}
    moved_from = {i for u in moves for i in u}
    moved_to = {j for u in moves.values() for j in u}
    out = []
    for g in groups:
        if g.kind == "delete" and g.a[0] in starts:
            unit = starts[g.a[0]]
            out.append(Group("move", unit, moves[unit]))
        elif (g.kind == "delete" and g.a[0] in moved_from) or \
                (g.kind == "insert" and g.b[0] in moved_to):
            continue
        else:
            out.append(g)
    return out
