"""Align the cells of one table row to the columns of its header by content (and position when trustworthy).

Text exports collapse or shift cells, PDF tables merge them: a row's non-empty cells are, however,
always in header order. ``align`` assigns each non-empty cell to at most one header column, keeping
the order, maximising the sum of per-cell compatibilities (``compat(role, cell)``; None = impossible).
A cell that fits nowhere is dropped at a cost. When most cells of the row sit exactly under a header
column they fit (a regular grid), sitting under the column earns a bonus, which settles the ambiguous
cases (one number under 分值/得分; a name that looks like a level label).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DROP = -1.5
BONUS = 1.5


@dataclass
class Col:
    role: str
    pos: int | None  # column index in the grid (None when unknown)


Compat = Callable[[str, str], float | None]


def align(cells: list[tuple[int, str]], cols: list[Col], compat: Compat, positional: bool = True,
          regular_share: float = 0.8) -> dict[str, tuple[int, str]]:
    """cells: (grid index, cell text) of the non-empty cells in order. Returns role -> (index, text)."""
    n, m = len(cells), len(cols)
    if n == 0:
        return {}
    bonus = positional and _regular(cells, cols, compat, regular_share)

    def score(i: int, j: int) -> float | None:
        idx, text = cells[i]
        c = compat(cols[j].role, text)
        if c is None:
            return None
        if bonus and cols[j].pos is not None and cols[j].pos == idx:
            c += BONUS
        return c

    neg = float("-inf")
    # best[i][j]: best total having placed cells[:i] using columns[:j]
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, int | None] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(0, m + 1):
            # drop cell i-1
            cand = best[i - 1][j] + DROP
            arg: tuple[int, int, int | None] = (i - 1, j, None)
            if j > 0:
                # column j-1 unused
                if best[i][j - 1] > cand:
                    cand, arg = best[i][j - 1], (i, j - 1, None)
                s = score(i - 1, j - 1)
                if s is not None and best[i - 1][j - 1] + s > cand:
                    cand, arg = best[i - 1][j - 1] + s, (i - 1, j - 1, j - 1)
            best[i][j] = cand
            back[i][j] = arg
    out: dict[str, tuple[int, str]] = {}
    i, j = n, m
    while i > 0:
        arg = back[i][j]
        if arg is None:
            break
        pi, pj, used = arg
        if used is not None:
            out.setdefault(cols[used].role, cells[i - 1])
        i, j = pi, pj
    return out


def _regular(cells: list[tuple[int, str]], cols: list[Col], compat: Compat, share: float) -> bool:
    """True when at least ``share`` of the cells sit exactly under a header column they fit."""
    at = {c.pos: c for c in cols if c.pos is not None}
    if not at:
        return False
    hits = 0
    for idx, text in cells:
        c = at.get(idx)
        if c is not None:
            v = compat(c.role, text)
            if v is not None and v >= 0.5:
                hits += 1
    return hits >= max(1, share * len(cells))
