"""Name similarity: the one home of the jellyfish measures used to match names.

Each measure keeps the exact scoring its callers had before (they differ on purpose):

* ``jaro_winkler(a, b)`` — plain Jaro-Winkler (table titles, section hints, row labels, unit names);
* ``levenshtein_ratio(a, b)`` — 1 − edit distance / longer length;
* ``name_similarity(a, b)`` — budget-subject names: the lower of Jaro-Winkler and the Levenshtein
  ratio, trying the variants with and without a trailing "支出" (inputs already cleaned);
* ``subsumed_similarity(a, b, ...)`` — 1 for equal names, a fixed score when one name contains the
  other (and the shorter is long enough), Jaro-Winkler otherwise;
* ``window_similarity(q, n)`` — the best Jaro-Winkler of ``q`` against ``n`` and against every window
  of ``n`` about ``q``'s length (a slightly misspelt part of a long name).

All are memoised.
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish


@lru_cache(maxsize=65536)
def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1]."""
    return float(jellyfish.jaro_winkler_similarity(a, b))


@lru_cache(maxsize=65536)
def levenshtein_ratio(a: str, b: str) -> float:
    """1 − Levenshtein distance / length of the longer string (both non-empty)."""
    return 1 - jellyfish.levenshtein_distance(a, b) / max(len(a), len(b))


@lru_cache(maxsize=65536)
def name_similarity(a: str, b: str) -> float:
    """Subject-name similarity in [0, 1]: the lower of Jaro-Winkler and the Levenshtein ratio,
    trying the variants with and without a trailing "支出"; 1.0 on an exact variant match."""
    if not a or not b:
        return 0.0
    best = 0.0
    for x in {a, a.removesuffix("支出"), a + "支出" if not a.endswith("支出") else a}:
        for y in {b, b.removesuffix("支出")}:
            if not x or not y:
                continue
            if x == y:
                return 1.0
            jw = jellyfish.jaro_winkler_similarity(x, y)
            lev = 1 - jellyfish.levenshtein_distance(x, y) / max(len(x), len(y))
            best = max(best, min(jw, lev))
    return best


@lru_cache(maxsize=65536)
def subsumed_similarity(a: str, b: str, min_len: int = 4, contained: float = 1.0) -> float:
    """1.0 for equal names, ``contained`` when one contains the other and the shorter has at
    least ``min_len`` characters, else Jaro-Winkler; 0.0 when either is empty."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if (a in b or b in a) and min(len(a), len(b)) >= min_len:
        return contained
    return jaro_winkler(a, b)


@lru_cache(maxsize=16384)
def window_similarity(q: str, n: str) -> float:
    """The best Jaro-Winkler of ``q`` against ``n`` and against each window of ``n`` of width
    len(q) − 1, len(q), len(q) + 1."""
    best = jellyfish.jaro_winkler_similarity(q, n)
    for width in {max(1, len(q) - 1), len(q), len(q) + 1}:
        if width > len(n):
            continue
        for i in range(len(n) - width + 1):
            s = jellyfish.jaro_winkler_similarity(q, n[i : i + width])
            if s > best:
                best = s
    return best
