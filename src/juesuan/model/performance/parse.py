"""Performance self-evaluation tables (绩效自评表) -> ``juesuan.model.document.Performance``.

Public entry: ``extract_performance(raw) -> list[Performance]``.

What is read (GUIDE §1 part 5, §2 E):

* the whole-unit table (整体支出绩效自评表, kind "unit"), each project table (项目支出绩效自评表,
  kind "project") and the summary tables (…自评（情况）汇总表, kind "summary": one Performance per
  listed project/unit, its 自评得分 as ``total_score``);
* per table: name (项目名称 / 单位名称 row, else from the title), the budget-execution line
  (预算数 A, 执行数 B, 执行率, 得分, 分值), 总分, 自评等级, and the indicator rows (一级/二级 forward-filled,
  三级, 指标值, 完成值, 单位, 分值/权重, 得分).

How: the raw block stream is flattened to rows and cut into one region per table
(engine/performance_rows.py: a table starts at a title line containing 自评…表, or untitled at a 项目名称
row, and runs until the next title, a section heading or a narrative paragraph, so a table split over
several grids or pages stays one table). Inside, header rows are recognised by their labels
(engine/performance_labels.py) and each data row's non-empty cells are aligned to the header by content,
and by position only where the row is regular (engine/performance_align.py), because text exports
collapse and shift cells and PDFs merge them (None). Values are kept as printed: a figure that is not
stated stays None; nothing is computed here (the checks are in engine/facts_performance.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.ingest.raw import RawDocument
from juesuan.model.document import Indicator, Performance
from juesuan.model.performance import labels as pl
from juesuan.model.performance.align import Col, align
from juesuan.model.performance.headers import (
    _cols,
    _exec_compat,
    _exec_subheader,
    _ind_compat,
    _indicator_header,
)
from juesuan.model.performance.rows import (
    GRADE_LABEL,
    GRADE_VALUE,
    META_ROW,
    NAME_INLINE,
    NAME_ROW,
    STOP_ROW,
    TEXT_TOTAL,
    TOTAL_ROW,
    Item,
    Region,
    flatten,
    regions,
    title_text,
)
from juesuan.model.performance.summary import (
    _parse_summary,
)
from juesuan.text.normalize import normalize_text

# --------------------------------------------------------------------------- one table


_TOTAL_LINE = re.compile(r"总额|合计|总计|总体|整体支出|资金总额|^小计")
_SUB_LINE = re.compile(r"^(其中|当年财政|上年结转|其他资金|资金来源|资金结构|基本支出|项目支出|[（(]\d[)）]|中央|省级|市级|地方资金)")


@dataclass
class _State:
    name: str | None = None
    name_is_unit: bool = False
    ind_cols: list[Col] = field(default_factory=list)
    exec_cols: list[Col] = field(default_factory=list)
    mode: str | None = None
    exec_best: tuple[int, dict[str, tuple[int, str]], Item] | None = None  # (priority, aligned, row)
    exec_sublines: int = 0
    exec_head_weight: Decimal | None = None
    exec_formula_weight: Decimal | None = None
    total: Decimal | None = None
    grade: str | None = None
    l1: str | None = None
    l2: str | None = None
    l2_weight: Decimal | None = None
    indicators: list[tuple[Indicator, tuple[str | None, str | None], Decimal | None]] = field(default_factory=list)


def _parse_table(region: Region) -> list[Performance]:
    title = region.titles[-1] if region.titles else None
    titles = " ".join(pl.label(title_text(t) or "") for t in region.titles)
    if "汇总" in titles:
        return _parse_summary(region, title)
    st = _State()
    rows = region.rows
    skip: set[int] = set()
    for k, it in enumerate(rows):
        if k in skip:
            continue
        toks = it.tokens()
        if not toks:
            continue
        first = pl.label(toks[0][1])
        if it.kind == "text":
            _grade(st, toks)
            m = TEXT_TOTAL.match(first)
            if m and st.total is None:
                st.total = Decimal(m.group(3))
            continue
        positional = it.source != "pipe"  # pipe exporters drop blank cells: positions mean nothing
        if NAME_ROW.match(first) and len(toks) >= 2:
            if st.name is None:
                st.name = pl.value_text(toks[1][1])
                st.name_is_unit = "项目" not in first
            st.mode = None
            continue
        m = NAME_INLINE.match(pl.value_text(toks[0][1]))
        if m and st.name is None:  # "项目名称：校园改造" in one cell
            st.name = m.group(2).strip()
            st.name_is_unit = "项目" not in m.group(1)
            continue
        if META_ROW.match(first):
            continue
        _grade(st, toks)
        if st.mode == "exec" and re.match(r"^(合计|总计|小计)", first):
            _exec_row(st, it, toks, positional)
            continue
        if TOTAL_ROW.match(first):
            _total(st, it, toks)
            st.mode = None
            continue
        if STOP_ROW.match(first):
            st.mode = None
            continue
        icols, used = _indicator_header(rows, k)
        if icols:
            skip.update(range(k + 1, k + 1 + used))
            roles = {c.role for c in icols}
            st.ind_cols = icols
            st.mode = "ind" if roles & {pl.ACTUAL, pl.SCORE} else None  # a goal table without results is not a self-evaluation
            continue
        if pl.is_execution_header(it.cells):
            st.exec_cols = _cols(it, pl.execution_role)
            for c in st.exec_cols:
                txt = it.cells[c.pos or 0] or ""
                if c.role == pl.LABEL and st.exec_head_weight is None:
                    st.exec_head_weight = pl.heading_weight(txt)
                if c.role == pl.SCORE:
                    st.exec_formula_weight = pl.formula_weight(txt) or st.exec_formula_weight
                    if st.exec_head_weight is None:
                        st.exec_head_weight = pl.heading_weight(txt)
            sub = _exec_subheader(st.exec_cols, rows[k + 1]) if k + 1 < len(rows) else None
            if sub:
                st.exec_cols = sub
                skip.add(k + 1)
            # the label cell may stand alone before the header ("预算执行情况（万元）（20分）")
            if st.exec_head_weight is None and k > 0:
                prev = rows[k - 1].lone()
                if prev and pl.execution_role(prev) == pl.LABEL:
                    st.exec_head_weight = pl.heading_weight(prev)
            st.mode = "exec"
            continue
        if st.mode == "exec":
            _exec_row(st, it, toks, positional)
            continue
        if st.mode == "ind":
            _indicator_row(st, it, toks, positional)
    return _finish(st, region, title)


def _grade(st: _State, toks: list[tuple[int, str]]) -> None:
    for n, (_, t) in enumerate(toks):
        s = pl.label(t)
        if GRADE_LABEL.match(s):
            for _, v in toks[n + 1: n + 3]:
                m = GRADE_VALUE.match(pl.label(v))
                if m:
                    st.grade = m.group(1)
                    return
        m = re.match(r"^(?:自评|评价|绩效)?(?:等级|评级|结果)[:：为]?[“\"]?(优秀|良好|合格|不合格|优|良|中|差)", s)
        if m:
            st.grade = m.group(1)
            return


def _total(st: _State, it: Item, toks: list[tuple[int, str]]) -> None:
    nums = [(i, pl.number(t)) for i, t in toks[1:]]
    nums = [(i, v) for i, v in nums if v is not None]
    if not nums:
        return
    score_pos = next((c.pos for c in st.ind_cols if c.role == pl.SCORE), None)
    weight_pos = next((c.pos for c in st.ind_cols if c.role == pl.WEIGHT), None)
    if it.source != "pipe" and score_pos is not None:
        at = dict(nums)
        if score_pos in at:
            st.total = at[score_pos]
            return
        if weight_pos is not None and weight_pos in at and len(nums) == 1:
            return  # only the weight total is printed
    st.total = nums[-1][1]


def _exec_row(st: _State, it: Item, toks: list[tuple[int, str]], positional: bool) -> None:
    got = align(toks, st.exec_cols, _exec_compat, positional, regular_share=0.6)  # figures are typed: trust positions sooner
    if not (got.keys() & {pl.BUDGET, pl.EXECUTED, pl.RATE, pl.INITIAL}):
        return
    lab = pl.label(got[pl.LABEL][1]) if pl.LABEL in got else ""
    if not lab:
        # the label may be in a column the header left unnamed
        lab = next((pl.label(t) for _, t in toks if pl.number(t) is None and pl.percent(t) is None), "")
    if _TOTAL_LINE.search(lab) and not _SUB_LINE.match(lab):
        prio = 3
    elif not lab:
        prio = 2
    elif _SUB_LINE.match(lab):
        prio = 0
    else:
        prio = 1
    if prio == 0:
        st.exec_sublines += 1
    if st.exec_best is None or prio > st.exec_best[0]:
        st.exec_best = (prio, got, it)


def _indicator_row(st: _State, it: Item, toks: list[tuple[int, str]], positional: bool) -> None:
    got = align(toks, st.ind_cols, _ind_compat, positional)
    l1_cell = got.get(pl.L1)
    l2_cell = got.get(pl.L2)
    if l1_cell is not None:
        new_l1 = pl.level_text(l1_cell[1])
        if new_l1 != st.l1 and l2_cell is None:
            st.l2, st.l2_weight = None, None
        st.l1 = new_l1
    if l2_cell is not None:
        st.l2, st.l2_weight = pl.split_weight(l2_cell[1])
    if pl.NAME not in got:
        return
    name_raw = got[pl.NAME][1]
    name = pl.clean_name(name_raw)
    if pl.is_placeholder_name(name):
        return
    vals = {r: got[r][1] for r in (pl.TARGET, pl.ACTUAL, pl.WEIGHT, pl.SCORE, pl.UNIT) if r in got}
    weight = pl.number(vals[pl.WEIGHT]) if pl.WEIGHT in vals else None
    if weight is None and not any(c.role == pl.WEIGHT for c in st.ind_cols):
        stripped, w = pl.split_weight(name)
        if w is not None:
            name, weight = stripped, w  # "职责明确（1分）": the weight printed with the name
    if weight is None and not (vals.keys() & {pl.TARGET, pl.ACTUAL, pl.SCORE}):
        return
    ind = Indicator(
        level1=st.l1,
        level2=st.l2,
        name=name,
        unit=pl.value_text(vals[pl.UNIT]) if pl.UNIT in vals else None,
        target=pl.value_text(vals[pl.TARGET]) if pl.TARGET in vals else None,
        actual=pl.value_text(vals[pl.ACTUAL]) if pl.ACTUAL in vals else None,
        weight=weight,
        score=pl.number(vals[pl.SCORE]) if pl.SCORE in vals else None,
        page=it.page,
        line=it.line,
        raw=it.raw,
    )
    st.indicators.append((ind, (st.l1, st.l2), st.l2_weight))


_EXEC_WEIGHT_MAX = Decimal(30)


def _finish(st: _State, region: Region, title: Item | None) -> list[Performance]:
    titles = " ".join(pl.label(title_text(t) or t.lone() or "") for t in region.titles)
    inds = [x[0] for x in st.indicators]
    _implicit_weights(st)
    budget = executed = rate = score = weight = None
    exec_raw = ""
    if st.exec_best is not None and not (st.exec_best[0] == 0 and st.exec_sublines > 1):  # sub-lines only: no total
        _, got, row = st.exec_best
        budget = pl.number(got[pl.BUDGET][1]) if pl.BUDGET in got else None
        if budget is None and pl.INITIAL in got and not any(c.role == pl.BUDGET for c in st.exec_cols):
            budget = pl.number(got[pl.INITIAL][1])
        executed = pl.number(got[pl.EXECUTED][1]) if pl.EXECUTED in got else None
        rate = _rate(got[pl.RATE][1]) if pl.RATE in got else None
        score = pl.number(got[pl.SCORE][1]) if pl.SCORE in got else None
        w = pl.number(got[pl.WEIGHT][1]) if pl.WEIGHT in got else None
        weight = w if w is not None and 0 < w <= _EXEC_WEIGHT_MAX else None
        exec_raw = row.raw
    if weight is None:
        weight = st.exec_formula_weight or st.exec_head_weight
    if weight is not None and not (0 < weight <= _EXEC_WEIGHT_MAX):
        weight = None
    if not inds and st.total is None and st.name is None:
        return []  # an execution-like header alone (a budget table under a stray title) is not a self-evaluation
    kind = _kind(titles, st)
    project = st.name or _name_from_title(region.titles) or ""
    anchor = title or (region.rows[0] if region.rows else None)
    return [Performance(
        project=normalize_text(project),
        kind=kind,
        budget=budget,
        executed=executed,
        rate=rate,
        score=score,
        execution_weight=weight,
        total_score=st.total,
        grade=st.grade,
        indicators=inds,
        page=anchor.page if anchor else None,
        line=anchor.line if anchor else None,
        raw=(title.raw if title else (anchor.raw if anchor else "")),
        execution_raw=exec_raw,
    )]


def _rate(cell: str) -> Decimal | None:
    """执行率 as a percentage: "75.90%" -> 75.90; a bare "87" under 执行率 -> 87; "0.87" -> 87."""
    p = pl.percent(cell)
    if p is not None:
        return p
    n = pl.number(cell)
    if n is None:
        return None
    exp = n.as_tuple().exponent
    if 0 < n <= 1 and isinstance(exp, int) and exp < 0:
        return n * 100
    return n


def _implicit_weights(st: _State) -> None:
    """Without a 分值 column, a second-level label's weight ("数量指标（30分）") is the weight of its
    only indicator."""
    if any(c.role == pl.WEIGHT for c in st.ind_cols):
        return
    groups: dict[tuple[str | None, str | None], list[tuple[Indicator, Decimal | None]]] = {}
    for ind, key, w in st.indicators:
        groups.setdefault(key, []).append((ind, w))
    for members in groups.values():
        if len(members) == 1:
            ind, w = members[0]
            if ind.weight is None and w is not None:
                ind.weight = w


def _kind(titles: str, st: _State) -> str:
    if "汇总" in titles:
        return "summary"
    if re.search(r"整体", titles):
        return "unit"
    if re.search(r"项目", titles):
        return "project"
    if st.name is not None and st.name_is_unit:
        return "unit"
    return "project"


_TITLE_STRIP = [
    re.compile(r"[（(]\s*\d{4}\s*年度?\s*[)）]"),
    re.compile(r"^附件\s*[\d一二三四五六七八九十]*(-\d+)?\s*[:：，,、.．]?\s*"),
    re.compile(r"^[一二三四五六七八九十]+[、.．]\s*"),
    re.compile(r"^\d{4}\s*年度?\s*"),
    re.compile(r"(部门|单位)?(整体|项目)?(支出)?(绩效)?(评价)?自评价?(情况)?(汇总)?(表|报告).*$"),
    re.compile(r"[（(]\s*\d{4}\s*年度?\s*[)）]$"),
]


def _name_from_title(titles: list[Item]) -> str | None:
    for t in reversed(titles):
        s = pl.label(title_text(t) or t.lone() or "")
        paren = re.search(r"自评价?表[（(]([^（）()]+)[)）]", s)
        if paren and not re.fullmatch(r"\d{4}\s*年度?", paren.group(1)):
            return paren.group(1)
        for rx in _TITLE_STRIP:
            s = rx.sub("", s)
        s = re.sub(r"(项目|部门|单位)$", "", s) if len(s) > 2 else s
        if s and not re.fullmatch(r"[（(]?\d{4}年度?[)）]?|部门名称|单位名称|项目名称", s):
            return s
    return None


# --------------------------------------------------------------------------- entry


def extract_performance(raw: RawDocument) -> list[Performance]:
    """Every self-evaluation table of the document, in document order."""
    out: list[Performance] = []
    for region in regions(flatten(raw)):
        out.extend(_parse_table(region))
    return out
