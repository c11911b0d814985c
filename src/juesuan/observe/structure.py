"""Group A facts: completeness and consistency of the disclosure's structure.

* ``table_presence``: a standard table neither found nor declared empty; found only in the 目录;
  printed twice; declared empty without a statement (or with one that does not name it)
* ``section_presence``: a mandatory section (名词解释, 三公, 机关运行经费, 政府采购, 国有资产占用,
  预算绩效) that has neither a heading nor any body text about it
* ``consistency``: table titles of another year; unit names in table headers that differ from
  the unit; money units mixed across tables or not declared
"""

from __future__ import annotations

import re

from juesuan.ingest.raw import TextLine
from juesuan.model.document import Document
from juesuan.observe.facts import Evidence, Fact, fact_extractor
from juesuan.observe.table_access import TABLE_NAMES
from juesuan.text.normalize import normalize_label, snippet
from juesuan.text.similarity import jaro_winkler
from juesuan.vocab.catalog import tables_for

_TABLE_WORDS = {
    "T7": ("三公",), "T8": ("政府性基金",), "T9": ("国有资本经营",), "T6": ("基本支出",), "T5": ("一般公共预算",),
    "T4": ("财政拨款",), "T3": ("支出",), "T2": ("收入",), "T1": ("收入支出",),
}
_SECTION_KEYWORDS = {
    "名词解释": ("名词解释",),
    "三公经费": ("三公",),
    "机关运行经费": ("机关运行经费", "运行经费"),
    "政府采购": ("政府采购",),
    "国有资产占用": ("国有资产", "资产占用", "车辆"),
    "预算绩效": ("绩效",),
}


_FUND_WORDS = {"T8": "政府性基金", "T9": "国有资本经营"}


def _narrative_statement(doc: Document, base: str) -> str | None:
    """A sentence elsewhere in the text that says the fund of an empty T8/T9 (Y8/Y9) table has nothing
    ("政府性基金拨款支出预算为0", "本部门没有使用国有资本经营预算拨款安排的支出"): the table is explained."""
    fund = _FUND_WORDS.get(base)
    if fund is None:
        return None
    pat = re.compile(rf"(无|没有|未安排|不涉及).{{0,16}}{fund}|{fund}[^。；]{{0,24}}(为0(?![.\d])|为零|为空|无数据|空表|未安排)")
    for tl in doc.lines:
        if "|" not in tl.text and pat.search(tl.text):
            return tl.raw.strip()
    return None


def _line_ev(tl: TextLine) -> Evidence:
    return Evidence(page=tl.page, line=tl.line, text=snippet(tl.raw))


def _table_facts(doc: Document) -> list[Fact]:
    out: list[Fact] = []
    notes = " ".join(doc.notes)
    for spec in tables_for(doc.report_kind):  # T1–T9 for a 决算, Y1–Y9 for a 预算
        tid = spec.id
        t = doc.table(tid)
        name = TABLE_NAMES.get(tid) or spec.canonical
        if t is None:
            toc_only = f"{tid} 标题仅见于目录" in notes
            note = next((n for n in doc.notes if n.startswith(tid)), "")
            out.append(Fact("table_presence", f"missing|{tid}", {
                "check": "missing", "present": False, "table": tid, "table_name": name, "toc_only": toc_only, "note": note,
            }, [Evidence(text=note or f"全文未找到《{name}》", table=tid)], {}))
            continue
        if t.empty:
            has_values = any(v not in (None,) and v != 0 for r in t.rows for v in r.values.values())
            if has_values:
                continue
            st = t.empty_statement or _narrative_statement(doc, spec.base) or ""
            words = _TABLE_WORDS.get(spec.base, ())
            names_it = bool(st) and ("本表" in st or "此表" in st or "该表" in st or any(w in st for w in words))
            if not st or not names_it:
                out.append(Fact("table_presence", f"empty|{tid}", {
                    "check": "empty_unexplained" if not st else "empty_statement_unnamed", "table": tid, "table_name": name,
                    "explained": bool(st), "names_table": False,
                    "statement": st,
                }, [Evidence(page=t.page, line=t.line, text=snippet(t.raw_title or t.title or name), table=tid)]
                   + ([Evidence(page=t.empty_statement_page, line=t.empty_statement_line, text=snippet(st), table=tid)] if st else []),
                   {}))
    for n in doc.notes:  # 决算 only: budget templates print some tables twice by design (two economic
        # classifications of 基本支出), and a budget table's title in the 目录 is not a second copy
        m = re.match(r"(T\d) 重复出现", n)
        if m:
            tid = m.group(1)
            t = doc.table(tid)
            out.append(Fact("table_presence", f"duplicate|{tid}", {
                "check": "duplicate", "copies": 2, "table": tid, "table_name": TABLE_NAMES.get(tid) or tid, "note": n,
            }, [Evidence(page=t.page if t else None, line=t.line if t else None, text=snippet(n), table=tid)], {}))
    return out


def _body_mentions(doc: Document, words: tuple[str, ...]) -> TextLine | None:
    toc_lines = {(s.page, s.line) for s in doc.sections if s.in_toc}
    for tl in doc.lines:
        if (tl.page, tl.line) in toc_lines or "|" in tl.text:
            continue
        if any(w in tl.text for w in words) and len(tl.text) > 12:
            return tl
        if tl.text.strip(" ：:") in words:  # a heading printed without its number ("名词解释")
            return tl
    return None


def _section_facts(doc: Document) -> list[Fact]:
    from juesuan.model.section_lookup import find_section
    from juesuan.model.sections import MANDATORY_SECTIONS

    out: list[Fact] = []
    if not doc.lines:
        return out
    from juesuan.observe.context import param

    wanted = (param("mandatory_sections") or {}).get("yusuan" if doc.report_kind == "预算" else "juesuan")
    for name in MANDATORY_SECTIONS:
        if wanted is not None and name not in wanted:
            continue
        if find_section(doc.sections, name) is not None:
            continue
        if _body_mentions(doc, _SECTION_KEYWORDS.get(name, (name,))) is not None:
            continue
        toc = find_section(doc.sections, name, include_toc=True)
        ev = [Evidence(page=toc.page, line=toc.line, text=snippet(toc.raw or toc.title))] if toc is not None else \
            [Evidence(text=f"全文未见“{name}”相关标题或说明")]
        out.append(Fact("section_presence", f"missing|{name}", {
            "check": "missing", "present": False, "section": name, "in_toc": toc is not None,
        }, ev, {}))
    return out


_YEAR = re.compile(r"(20\d{2})\s*年度?")
_UNIT_LINE = re.compile(r"^(?:编制)?(?:单位|部门)\s*[:：]\s*(\S.{1,40}?)\s*(?:\||金额单位|单位[:：]|$)")


def _consistency_facts(doc: Document) -> list[Fact]:
    out: list[Fact] = []
    if doc.year:
        for t in doc.tables:
            m = _YEAR.search(t.raw_title or t.title or "")
            if m and int(m.group(1)) != doc.year and t.rows:
                out.append(Fact("consistency", f"table_year|{t.id}", {
                    "check": "table_year", "table": t.id, "table_name": TABLE_NAMES[t.id], "printed_year": int(m.group(1)),
                    "year": doc.year,
                }, [Evidence(page=t.page, line=t.line, text=snippet(t.raw_title or t.title), table=t.id)], {}))
    if doc.unit:
        base = normalize_label(re.sub(r"[（(]本级[)）]", "", doc.unit))
        odd: list[TextLine] = []
        for tl in doc.lines:
            m = _UNIT_LINE.match(tl.text)
            if not m:
                continue
            name = normalize_label(re.sub(r"[（(]本级[)）]", "", m.group(1)))
            if not name or name in ("万元", "元") or base in name or name in base:
                continue
            if jaro_winkler(name, base) < 0.85:
                odd.append(tl)
        if odd:
            out.append(Fact("consistency", "unit_name", {
                "check": "unit_name", "unit": doc.unit, "count": len(odd), "example": snippet(odd[0].raw, 60),
            }, [_line_ev(x) for x in odd[:5]], {}))
    units = {t.money_unit for t in doc.tables if t.money_unit and t.rows and not t.empty}
    if len(units) > 1:
        ts = [t for t in doc.tables if t.money_unit and t.rows and not t.empty]
        out.append(Fact("consistency", "money_unit_mixed", {
            "check": "money_unit_mixed", "unit_count": len(units), "units": "、".join(sorted(units)),
            "detail": "；".join(f"{TABLE_NAMES[t.id]}：{t.money_unit}" for t in ts),
        }, [Evidence(page=t.page, line=t.line, text=snippet(t.raw_title or t.title or TABLE_NAMES[t.id]), table=t.id) for t in ts[:9]], {}))
    filled = [t for t in doc.tables if t.rows and not t.empty]
    undeclared = [t for t in filled if not t.money_unit]
    if undeclared and len(undeclared) == len(filled):  # one declaration anywhere counts for the set
        out.append(Fact("consistency", "money_unit_missing", {
            "check": "money_unit_missing", "undeclared": len(undeclared), "tables": "、".join(TABLE_NAMES[t.id] for t in undeclared),
        }, [Evidence(page=t.page, line=t.line, text=snippet(t.raw_title or t.title or TABLE_NAMES[t.id]), table=t.id) for t in undeclared[:5]], {}))
    return out


def _not_a_disclosure(doc: Document) -> bool:
    """Neither kind recognised and no table found: not a 预决算 disclosure as far as the reader can tell. The
    ingest finding "未能核查" is the root cause; nine missing tables and the missing sections would only echo it."""
    return doc.report_kind is None and not doc.tables


@fact_extractor("table_presence")
def table_presence(doc: Document) -> list[Fact]:
    if any(p.fatal for p in doc.problems) or _not_a_disclosure(doc):
        return []
    return _table_facts(doc)


@fact_extractor("section_presence")
def section_presence(doc: Document) -> list[Fact]:
    return [] if _not_a_disclosure(doc) else _section_facts(doc)


@fact_extractor("consistency")
def consistency(doc: Document) -> list[Fact]:
    return _consistency_facts(doc)
