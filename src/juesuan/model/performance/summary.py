"""Summary performance tables (…自评（情况）汇总表): one Performance per listed project or unit, its
自评得分 as ``total_score``.
"""

from __future__ import annotations

import re

from juesuan.model.document import Performance
from juesuan.model.performance import labels as pl
from juesuan.model.performance.align import Col, align
from juesuan.model.performance.headers import (
    _cols,
    _merge_cols,
    _summary_compat,
)
from juesuan.model.performance.rows import (
    GRADE_VALUE,
    STOP_ROW,
    Item,
    Region,
)
from juesuan.text.normalize import normalize_text

# --------------------------------------------------------------------------- summary tables


def _summary_header(it: Item) -> list[Col]:
    """A header row of a summary table: labels only (no figures), at least one known column."""
    toks = it.tokens()
    if not toks or any(pl.number(t) is not None or pl.percent(t) is not None for _, t in toks):
        return []
    cols = _cols(it, pl.summary_role)
    return cols if cols and len(cols) * 2 >= len(toks) else []


def _parse_summary(region: Region, title: Item | None) -> list[Performance]:
    cols: list[Col] = []
    out: list[Performance] = []
    header_done = False
    for it in region.rows:
        toks = it.tokens()
        if not toks:
            continue
        first = pl.label(toks[0][1])
        if STOP_ROW.match(first) or first.startswith("填表"):
            continue
        hc = _summary_header(it) if not header_done else []
        if hc:
            cols = _merge_cols(cols, hc, it.source != "pipe") if cols else hc
            continue
        if not cols:
            continue
        header_done = True
        got = align(toks, cols, _summary_compat, it.source != "pipe", regular_share=0.6)
        if pl.NAME not in got:
            continue
        name = pl.value_text(got[pl.NAME][1])
        if re.search(r"合计|小计|总计", name) or re.match(r"^[一二三四五六七八九十]+、", name) or pl.is_placeholder_name(name):
            continue
        budget = pl.number(got[pl.BUDGET][1]) if pl.BUDGET in got else None
        executed = pl.number(got[pl.EXECUTED][1]) if pl.EXECUTED in got else None
        total = pl.number(got[pl.SCORE][1]) if pl.SCORE in got else None
        if budget is None and executed is None and total is None:
            continue
        grade = None
        if "grade" in got:
            m = GRADE_VALUE.match(pl.label(got["grade"][1]))
            grade = m.group(1) if m else None
        out.append(Performance(
            project=normalize_text(name),
            kind="summary",
            budget=budget,
            executed=executed,
            rate=pl.percent(got[pl.RATE][1]) if pl.RATE in got else None,
            total_score=total,
            grade=grade,
            page=it.page,
            line=it.line,
            raw=title.raw if title else "",
            execution_raw=it.raw,
        ))
    return out
