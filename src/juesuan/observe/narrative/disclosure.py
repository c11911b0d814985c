"""Group D facts: counts and coverage of the self-evaluation, glossary function classifications."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Row
from juesuan.model.narrative.textscan import Para, paragraphs
from juesuan.observe.claim_join import (
    Seg,
    function_rows,
    parse_subject,
    similarity,
)
from juesuan.observe.fact_make import ev, make_fact, register
from juesuan.observe.narrative.common import (
    _para_ev,
    _pos,
    _row_ev,
    _tname,
    _unit_of,
)
from juesuan.text.format import fmt
from juesuan.text.intervals import half_unit, pct_holds, percent_range, q2
from juesuan.text.normalize import normalize_label

# --------------------------------------------------------------------------- D6 counts and coverage

_COUNT = re.compile(r"共(?:涉及|有|包括|计)?\s*(?:一级)?项目\s*(\d+)\s*个|共(?:涉及|有|包括|计)?\s*(\d+)\s*个(?:一级)?项目")


def project_tables(doc: Document) -> list[Any]:
    seen: dict[str, Any] = {}
    for pf in doc.performance:
        if pf.kind != "project":
            continue
        k = normalize_label(pf.project)
        if k not in seen:
            seen[k] = pf
    return list(seen.values())


def _project_titles(doc: Document) -> int:
    """Title lines of project self-evaluation tables (a second count, independent of the table parser)."""
    n = 0
    for tl in doc.lines:
        t = (tl.text or "").strip()
        if len(t) <= 60 and re.search(r"项目(支出)?(绩效)?自评(表|价表)$|项目(支出)?绩效自评表", t) and not re.search(r"汇总|附件\d|说明", t):
            n += 1
    return n


@register("narr_count")
def counts(doc: Document) -> list[Any]:
    """共涉及项目 N 个 against the number of project self-evaluation tables disclosed."""
    projects = project_tables(doc)
    if not projects:
        return []
    out = []
    for p in paragraphs(doc):
        if p.in_table or "自评" not in p.text and "绩效" not in p.text:
            continue
        m = _COUNT.search(p.text)
        if not m:
            continue
        n = int(m.group(1) or m.group(2))
        if n == len(projects) or n == _project_titles(doc):
            continue
        names = "；".join(pf.project for pf in projects[:12])
        evs = [_para_ev(p, m.start())] + [ev(pf.raw or pf.project, pf.page, pf.line) for pf in projects[:4]]
        out.append(
            make_fact(
                "narr_count",
                f"count:{p.line}:{p.index}",
                {"check": "project_count", "status": "break", "stated_count": n, "disclosed_count": len(projects), "projects": names, **_pos(p)},
                evs,
                {"stated": Decimal(n), "expected": Decimal(len(projects)), "difference": Decimal(n - len(projects))},
            )
        )
        break
    return out


_COVER = re.compile(r"(?:资金|金额)\s*(\d[\d,]*(?:\.\d+)?)\s*万元?\s*[，,]?\s*占(?:本单位|本部门)?(一般公共预算)?(?:财政拨款)?项目支出(?:总额|总数|合计)?的?\s*(\d+(?:\.\d+)?)\s*[%％]")


@register("narr_coverage")
def coverage(doc: Document) -> list[Any]:
    """A claimed coverage (资金 X 万元，占一般公共预算项目支出总额的 P%) against T5 (else T3) 项目支出."""
    out = []
    for p in paragraphs(doc):
        if p.in_table:
            continue
        m = _COVER.search(p.text)
        if not m:
            continue
        x = Decimal(m.group(1).replace(",", ""))
        pct = Decimal(m.group(3))
        tids = ("T5",) if m.group(2) else ("T5", "T3")
        cands = []
        for tid in tids:
            t = doc.table(tid)
            if t is None:
                continue
            total_row = next((r for r in t.rows if r.name in ("合计", "总计") and r.values.get("项目支出") is not None), None)
            if total_row is not None and total_row.values["项目支出"]:
                cands.append((t, total_row, total_row.values["项目支出"]))
        if not cands or _unit_of(doc, cands[0][0]) != "万元":
            continue
        if any((rng := percent_range(x, c[2])) is None or pct_holds(pct, rng) for c in cands):
            continue
        t, total_row, base = cands[0]
        assert base is not None
        exp = q2(x / base * 100)
        out.append(
            make_fact(
                "narr_coverage",
                f"cover:{p.line}:{p.index}",
                {"check": "coverage", "status": "break", "amount": fmt(x), "base": fmt(base), "table": t.id, "table_name": _tname(t.id), **_pos(p)},
                [_para_ev(p, m.start()), _row_ev(t, total_row, "项目支出")],
                {"stated": pct, "expected": exp, "difference": q2(pct - exp), "envelope": half_unit(pct)},
            )
        )
    return out


# --------------------------------------------------------------------------- D7 glossary function codes


def _glossary(paras: list[Para]) -> list[Para]:
    start = None
    for p in paras:
        if p.in_table:
            continue
        if re.search(r"名词解释", p.text) and len(p.text) <= 20:
            start = p.index
    if start is None:
        return []
    out = []
    for p in paras[start + 1 :]:
        if p.in_table:
            continue
        if re.match(r"^\s*(第[一二三四五六七八九十]+部分|附件)", p.text):
            break
        out.append(p)
    return out


@register("narr_glossary")
def glossary(doc: Document) -> list[Any]:
    """名词解释: function classifications explained vs those used in T3/T5 (names at the stated level)."""
    tables = [t for t in (doc.table("T5"), doc.table("T3")) if t is not None and function_rows(t)]
    if not tables:
        return []
    gl = _glossary(paragraphs(doc))
    if not gl:
        return []
    rows: dict[str, Row] = {}
    for t in tables:
        for r in function_rows(t):
            rows.setdefault(r.code or "", r)
    gl_text = "".join(normalize_label(p.text) for p in gl)
    segs: list[tuple[Seg, Para]] = []
    coded: list[tuple[str, str, Para]] = []
    for p in gl:
        for s in parse_subject(p.text):
            segs.append((s, p))
        for m in re.finditer(r"(?<![\d.])(2\d{2}|2\d{4}|2\d{6})(?![\d.])\s*([\u4e00-\u9fff（）()]{2,30})", p.text):
            coded.append((m.group(1), m.group(2), p))
    if not segs and not coded:
        return []
    for code, name, p in coded:
        if code not in rows:
            segs.append((Seg(f"{code} {name}", {3: "类", 5: "款", 7: "项"}[len(code)]), p))
    levels = {s.level for s, _ in segs}
    out = []
    unused: list[tuple[Seg, Para]] = []
    for s, p in segs:
        want = {"类": 3, "款": 5, "项": 7}.get(s.level or "")
        ok = any(similarity(s.name, r.name) >= 0.88 and (want is None or len(code) == want) for code, r in rows.items())
        ok = ok or any(normalize_label(r.name) == normalize_label(s.name) for r in rows.values())
        if not ok and not any(normalize_label(u.name) == normalize_label(s.name) for u, _ in unused):
            unused.append((s, p))
    if unused:
        names = "、".join(f"{s.name}（{s.level}）" for s, _ in unused[:10])
        out.append(
            make_fact(
                "narr_glossary",
                "glossary-unused",
                {"check": "glossary_unused", "status": "break", "names": names, "count": len(unused), "page": unused[0][1].page, "line": unused[0][1].line},
                [_para_ev(p) for _, p in unused[:3]],
                {"stated": Decimal(len(unused))},
            )
        )
    missing: list[Row] = []
    for code, r in sorted(rows.items()):
        lvl = {3: "类", 5: "款", 7: "项"}.get(len(code))
        if lvl not in levels or lvl == "类" and "款" in levels and False:
            continue
        if lvl != "项" and "项" in levels:
            continue  # explained to 项 level: check the 项 rows only
        name = normalize_label(r.name)
        if not name or name in gl_text:
            continue
        if any(similarity(r.name, s.name) >= 0.88 for s, _ in segs):
            continue
        missing.append(r)
    if missing:
        t0 = tables[0]
        names = "、".join(f"{r.code} {r.name}" for r in missing[:10])
        out.append(
            make_fact(
                "narr_glossary",
                "glossary-missing",
                {"check": "glossary_missing", "status": "break", "names": names, "count": len(missing), "page": gl[0].page, "line": gl[0].line},
                [ev(r.raw or f"{r.code} {r.name}", r.page, r.line, t0.id, r.code, None) for r in missing[:3]] + [_para_ev(gl[0])],
                {"stated": Decimal(len(missing))},
            )
        )
    return out
