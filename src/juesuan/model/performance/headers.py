"""Column headers of the performance tables: how well a header text fits each column role
(indicator, budget-execution and summary tables), the indicator header found and completed, and
two header rows merged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from juesuan.model.performance import labels as pl
from juesuan.model.performance.align import Col
from juesuan.model.performance.rows import (
    GRADE_VALUE,
    Item,
)

# --------------------------------------------------------------------------- compatibilities


def _short_text(s: str) -> bool:
    s = pl.split_weight(s)[0]
    return 2 <= len(s) <= 12 and not re.search(r"\d", s) and pl.percent(s) is None


def _ind_compat(role: str, text: str) -> float | None:
    s = pl.label(text)
    num = pl.number(text)
    pct = pl.percent(text)
    if role == pl.GOAL:
        return 2.0 if pl.is_goal(s) else None
    if role == pl.L1:  # 成本指标 / 满意度指标 are level names at both levels: alone, 成本 is a second level
        if not pl.is_level1(s):
            return None
        return 1.9 if pl.level_text(s).startswith("成本") else 2.0
    if role == pl.L1W:
        return 1.0 if num is not None else None
    if role == pl.L2:  # ... and 满意度 a first level
        if pl.is_level2(s):
            return 1.9 if pl.level_text(s).startswith("满意度") else 2.0
        return 0.2 if _short_text(s) else None
    if role == pl.NAME:
        if num is not None or pct is not None or pl.is_unit(s):
            return None
        if re.match(r"^指标\d", s):
            return 1.5
        return 1.0 if len(s) <= 40 else 0.6  # long texts are explanations or results, rarely names
    if role == pl.UNIT:
        return 0.8 if pl.is_unit(s) else None
    if role in (pl.TARGET, pl.ACTUAL):
        return 0.1 if pl.is_unit(s) else 1.0
    if role == pl.WEIGHT:
        return 1.9 if num is not None and num <= 100 else None
    if role == pl.SCORE:
        return 2.0 if num is not None and num <= 100 else None
    if role == pl.REASON:
        return 0.5 if num is None and pct is None else None
    if role == pl.IGNORE:
        return 0.3
    return None


def _exec_compat(role: str, text: str) -> float | None:
    s = pl.label(text)
    num = pl.number(text)
    pct = pl.percent(text)
    if role == pl.LABEL:
        return 1.0 if num is None and pct is None and not pl.is_unit(s) else None
    if role == pl.UNIT:
        return 1.0 if pl.is_unit(s) else None
    if role == pl.RATE:
        return 3.0 if pct is not None else (0.5 if num is not None else None)
    if num is None:
        return None
    return {pl.BUDGET: 2.0, pl.EXECUTED: 1.9, pl.INITIAL: 1.0, pl.SCORE: 1.2 if num <= 100 else None,
            pl.WEIGHT: 0.8 if num <= 100 else None}.get(role)


def _summary_compat(role: str, text: str) -> float | None:
    s = pl.label(text)
    num = pl.number(text)
    pct = pl.percent(text)
    if role == pl.SEQ:
        return 1.0 if re.fullmatch(r"\d{1,3}|[.…]+", s) else None
    if role in (pl.NAME, pl.DEPT):
        if num is not None or pct is not None:
            return None
        return 1.0 if role == pl.NAME else 0.8
    if role == pl.RATE:
        return 3.0 if pct is not None else None
    if role == "grade":
        return 1.0 if GRADE_VALUE.match(s) else None
    if role == pl.IGNORE:
        return 0.3
    if num is None:
        return None
    return {pl.BUDGET: 2.0, pl.EXECUTED: 1.9, pl.SCORE: 1.5 if num <= 100 else None}.get(role)


# --------------------------------------------------------------------------- headers


def _cols(it: Item, role_of: Callable[[str], str | None]) -> list[Col]:
    cols: list[Col] = []
    for i, c in enumerate(it.cells):
        if c is None or not c.strip():
            continue
        r = role_of(c)
        if r is not None:
            cols.append(Col(r, i))
    return cols


def _indicator_header(rows: list[Item], k: int) -> tuple[list[Col], int]:
    """The indicator header starting at rows[k] (with up to three continuation rows: a merged
    自评结果 cell over 完成值/分值/得分, or a header wrapped over several lines), and how many
    continuation rows it used. ([], 0) when rows[k] is not an indicator header."""
    head = rows[k]
    toks = head.tokens()
    if not toks or any(pl.number(t) is not None or pl.percent(t) is not None for _, t in toks):
        return [], 0
    cols = _cols(head, pl.indicator_role)
    if not any(c.role == pl.NAME for c in cols) or len(cols) < 3:
        return [], 0
    # a header cell without a role ("自评结果") is a group whose sub-columns follow on the next row
    group = next((i for i, c in enumerate(head.cells) if c and c.strip() and pl.indicator_role(c) is None
                  and not pl.is_blank(c) and i > max(c2.pos or 0 for c2 in cols if c2.role == pl.NAME)), None)
    insert_at = None if group is None else sum(1 for c in cols if (c.pos or 0) < group)
    used = 0
    while not _complete(cols) and k + 1 + used < len(rows) and used < 3:
        nxt = rows[k + 1 + used]
        ntoks = nxt.tokens()
        if not ntoks or any(pl.number(t) is not None or pl.percent(t) is not None for _, t in ntoks):
            break
        sub = _cols(nxt, pl.indicator_role)
        unknown = [t for _, t in ntoks if pl.indicator_role(t) is None]
        if any(len(pl.label(t)) > 8 for t in unknown) or (not sub and len(ntoks) > 1):
            break
        positional = nxt.source != "pipe" and len(nxt.cells) >= 0.6 * len(head.cells)
        before = len(cols)
        cols = _merge_cols(cols, sub, positional, insert_at)
        if insert_at is not None:
            insert_at += len(cols) - before
        used += 1
    if not pl.is_indicator_header([c.role for c in cols]):
        return [], 0
    name_at = next(n for n, c in enumerate(cols) if c.role == pl.NAME)
    for n, c in enumerate(cols):  # a 权重/分值 column before 三级指标 weighs the first-level indicator
        if c.role == pl.WEIGHT and n < name_at:
            c.role = pl.L1W
    return cols, used


def _complete(cols: list[Col]) -> bool:
    r = {c.role for c in cols}
    return (pl.TARGET in r or pl.ACTUAL in r) and (pl.SCORE in r)


def _merge_cols(a: list[Col], b: list[Col], positional: bool, insert_at: int | None = None) -> list[Col]:
    """Header columns of a header row ``a`` completed by a continuation row ``b``.

    By position when ``b``'s cells sit under blank, group or same-role cells of ``a`` (a grid that
    kept its columns); otherwise by order: at the group cell ("自评结果" -> 完成值/分值/得分), after
    the column ``b`` refines (三级指标 -> 指标名称/指标解释说明), or at the end."""
    roles_a = {x.role for x in a}
    extra = [c for c in b if c.role == pl.IGNORE or c.role not in roles_a]
    at = {c.pos: c.role for c in a}
    if positional and all(at.get(c.pos) in (None, c.role) for c in b):
        have = {(c.role, c.pos) for c in a}
        extra = [c for c in extra if c.role == pl.IGNORE or (c.role, c.pos) not in have]  # a split 三级指标 cell adds a column
        return sorted(a + extra, key=lambda c: (c.pos if c.pos is not None else 10**6))
    extra = [Col(c.role, None) for c in extra]  # positions of a shifted row mean nothing
    if insert_at is not None:
        return a[:insert_at] + extra + a[insert_at:]
    shared = [n for n, x in enumerate(a) if x.role in {c.role for c in b} and x.role != pl.IGNORE]
    if shared:
        n = shared[-1] + 1
        return a[:n] + extra + a[n:]
    return a + extra


def _exec_subheader(exec_cols: list[Col], nxt: Item) -> list[Col] | None:
    """A second header row under the execution header splits a column ("预算数" over 年初预算数 |
    全年预算数（A）): its roles replace those of the columns above them (执行率 = B/A uses the
    全年 figure). The new columns, or None when ``nxt`` is not such a row (figures, no execution words)."""
    if nxt.kind != "row":
        return None
    toks = nxt.tokens()
    if not toks or any(pl.number(t) is not None or pl.percent(t) is not None for _, t in toks):
        return None
    roles = {i: pl.execution_role(t) for i, t in toks}
    if not any(r in (pl.INITIAL, pl.BUDGET, pl.EXECUTED, pl.RATE) for r in roles.values()):
        return None
    cols = [c for c in exec_cols if c.pos not in roles or roles[c.pos] is None]
    cols += [Col(r, i) for i, r in roles.items() if r is not None]
    if any(r == pl.BUDGET for r in roles.values()):  # the parent "预算数" over the split is no column now
        parents = {c.pos for c in cols if c.role == pl.BUDGET and c.pos not in roles}
        cols = [c for c in cols if c.pos not in parents]
    return sorted(cols, key=lambda c: c.pos or 0)
