"""Group D facts: amounts quoted for a named 类/款/项 line, and named totals, against the tables."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Row, Table
from juesuan.model.narrative.textscan import Para, Tok, money, paragraphs, tokens
from juesuan.observe.claim_join import (
    Seg,
    ancestors,
    clean_name,
    function_rows,
    parse_subject,
    resolve,
    resolve_name,
)
from juesuan.observe.fact_make import make_fact, register
from juesuan.observe.narrative.common import (
    _DEC0,
    _close,
    _para_ev,
    _pos,
    _row_ev,
    _tail,
    _tname,
    _unit_of,
    label_class,
)
from juesuan.text.intervals import half_unit, q2
from juesuan.text.normalize import normalize_label

# --------------------------------------------------------------------------- D1 amounts for named lines


def _line_column_tables(doc: Document) -> list[Table]:
    out = []
    for tid in ("T5", "T3", "T9", "T8"):
        t = doc.table(tid)
        if t is not None and function_rows(t):
            out.append(t)
    return out


def _row_total(row: Row) -> Decimal | None:
    for col in ("合计", "小计", "本年支出合计", "决算数"):
        v = row.values.get(col)
        if v is not None:
            return v
    vals = [v for k, v in row.values.items() if v is not None and k in ("基本支出", "项目支出")]
    return sum(vals, _DEC0) if vals else None


@register("narr_line_amount")
def line_amounts(doc: Document) -> list[Any]:
    """An amount quoted for a named 类/款/项 equals that line's value in the tables."""
    tables = _line_column_tables(doc)
    if not tables:
        return []
    found: dict[tuple[str, Decimal], dict[str, Any]] = {}
    for p in paragraphs(doc):
        if p.in_table:
            continue
        toks = money(tokens(p.text))
        if not toks:
            continue
        prev_end = 0
        chain: list[Seg] = []
        used = False
        for t in toks:
            window = p.text[prev_end : t.start]
            segs = parse_subject(window)
            if segs:
                chain = segs
                used = False
            elif not chain:
                # a numbered item naming a 类 without marker: "1.一般公共服务支出3,249.78万元"
                head = re.match(r"^\s*[（(]?\d{1,2}[.、)）．]\s*([\u4e00-\u9fff（）()、]{3,30}?)\s*$", window)
                if head and prev_end == 0:
                    chain = [Seg(clean_name(head.group(1)), None)]
            prev_end = t.end
            if not chain or t.unit != _unit_of(doc, tables[0]):
                continue
            cls = label_class(t.label)
            if cls not in ("actual", "plain"):
                continue
            tail = _tail(t.label)
            if any(w in tail for w in ("预算", "上年", "年初", "人员经费", "公用经费", "占", "其他资金", "结转", "结余")):
                continue
            column = "基本支出" if "基本支出" in tail else ("项目支出" if "项目支出" in tail else None)
            # one amount per named line, unless the label says 决算 again ("…主要用于工资 200 万元" is not the line)
            if used and "决算" not in tail and column is None:
                continue
            used = True
            match = None
            table = None
            for tb in tables:
                if chain[-1].level:
                    match = resolve(chain, tb)
                else:
                    match = resolve_name(chain[-1].name, tb)
                    if match is not None and len(match.row.code or "") != 3:
                        match = None
                if match is not None:
                    table = tb
                    break
            if match is None or table is None:
                continue
            code = match.row.code or ""
            values: list[tuple[Table, Row, Decimal]] = []
            for tb in tables:
                r = next((x for x in function_rows(tb) if x.code == code), None)
                if r is not None:
                    v = _row_total(r) if column is None else r.values.get(column)
                    if v is not None:
                        values.append((tb, r, v))
            if not values:
                continue
            if any(_close(t.value, v) for _, _, v in values):
                continue
            tb0, row0, exp = values[0]
            key = (f"{code}:{column or ''}", t.value)
            anc_level, anc_name = "", ""
            for a in ancestors(row0, tb0):
                av = _row_total(a) if column is None else a.values.get(column)
                if av is not None and _close(t.value, av):
                    anc_level = {3: "类", 5: "款"}.get(len(a.code or ""), "")
                    anc_name = a.name
            stated_level = chain[-1].level or {3: "类", 5: "款", 7: "项"}.get(len(code), "")
            rec = found.get(key)
            if rec is None:
                rec = {
                    "code": code,
                    "row": row0,
                    "table": tb0,
                    "stated": t.value,
                    "expected": exp,
                    "subject": "".join(f"{s.name}（{s.level}）" if s.level else s.name for s in chain),
                    "level": stated_level,
                    "anc_level": anc_level,
                    "anc_name": anc_name,
                    "column": column,
                    "paras": [],
                }
                found[key] = rec
            rec["paras"].append((p, t))
    _claims_line_amounts(doc, tables, found)
    out = []
    for (_, stated), rec in found.items():
        code = rec["code"]
        p0, t0 = rec["paras"][0]
        evs = [_para_ev(p, t.start) for p, t in rec["paras"][:3]]
        evs.append(_row_ev(rec["table"], rec["row"], rec["column"] or "合计"))
        env = half_unit(stated) + half_unit(rec["expected"])
        out.append(
            make_fact(
                "narr_line_amount",
                f"{code}:{rec['column'] or ''}:{stated}",
                {
                    "check": "line_amount",
                    "status": "break",
                    "parent_total": bool(rec["anc_level"]),
                    "parent_level": rec["anc_level"],
                    "parent_name": rec["anc_name"],
                    "subject": rec["subject"],
                    "code": code,
                    "row_name": rec["row"].name,
                    "level": rec["level"],
                    "table": rec["table"].id,
                    "table_name": _tname(rec["table"].id),
                    "column": rec["column"] or "合计",
                    "mentions": len(rec["paras"]),
                    **_pos(p0),
                },
                evs,
                {"stated": stated, "expected": rec["expected"], "difference": q2(stated - rec["expected"]), "envelope": env},
            )
        )
    return out


def _claims_line_amounts(doc: Document, tables: list[Table], found: dict[tuple[str, Decimal], dict[str, Any]]) -> None:
    """Second source: claims of engine/claims.py whose subject was resolved to a function code."""
    unit = _unit_of(doc, tables[0])
    for c in doc.claims:
        code = c.subject_code or ""
        if c.kind != "amount" or c.measure != "决算数" or c.unit != unit or not code.startswith("2") or len(code) not in (3, 5, 7):
            continue
        if any(rec["code"] == code and rec["stated"] == c.value for rec in found.values()):
            continue
        if any(rec["code"] == code and any(p.line == c.line for p, _ in rec["paras"]) for rec in found.values()):
            continue
        values = []
        for tb in tables:
            r = next((x for x in function_rows(tb) if x.code == code), None)
            if r is not None and _row_total(r) is not None:
                values.append((tb, r, _row_total(r)))
        if not values or any(_close(c.value, v) for _, _, v in values if v is not None):
            continue
        tb0, row0, exp = values[0]
        assert exp is not None
        anc_level, anc_name = "", ""
        for a in ancestors(row0, tb0):
            av = _row_total(a)
            if av is not None and _close(c.value, av):
                anc_level = {3: "类", 5: "款"}.get(len(a.code or ""), "")
                anc_name = a.name
        para = Para(c.sentence or c.text, c.sentence or c.text, c.page, c.line)
        tok = Tok(c.value, c.unit, 0, 0, "", 0)
        key = (f"{code}:", c.value)
        rec = found.setdefault(key, {
            "code": code, "row": row0, "table": tb0, "stated": c.value, "expected": exp, "subject": c.subject,
            "level": c.subject_level or {3: "类", 5: "款", 7: "项"}.get(len(code), ""), "anc_level": anc_level,
            "anc_name": anc_name, "column": None, "paras": [],
        })
        rec["paras"].append((para, tok))


# --------------------------------------------------------------------------- D1b totals named in the text

# (label tail pattern, candidate (table, row name, side, column) — the first that exists is used)
_TOTALS: tuple[tuple[str, str, tuple[tuple[str, str, str | None, str], ...]], ...] = (
    (r"(一般公共预算)?财政拨款收[、入和]?支[出]?(决算)?总计(均为|各为|为|均|各)?$", "财政拨款收支总计",
     (("T4", "总计", None, "决算数"), ("T4", "总计", None, "合计"))),
    (r"一般公共预算财政拨款支出(决算)?(数|合计)?(为)?$", "一般公共预算财政拨款支出", (("T5", "合计", None, "合计"), ("T5", "合计", None, "小计"))),
    (r"一般公共预算财政拨款基本支出(决算)?(数|合计)?(为)?$", "一般公共预算财政拨款基本支出", (("T5", "合计", None, "基本支出"),)),
    (r"^[^财]*收[、入和]?支[出]?(决算)?总计(均为|各为|为|均|各)?$", "收支总计", (("T1", "总计", None, "决算数"),)),
    (r"^[^财]*(本年)?收入合计(为)?$", "本年收入合计", (("T1", "本年收入合计", "收入", "决算数"),)),
    (r"^[^财]*(本年)?支出合计(为)?$", "本年支出合计", (("T1", "本年支出合计", "支出", "决算数"),)),
)


def _total_rows(doc: Document, cands: tuple[tuple[str, str, str | None, str], ...]) -> list[tuple[Table, Row, str, Decimal]]:
    out = []
    for tid, name, side, col in cands:
        t = doc.table(tid)
        if t is None:
            continue
        for r in t.rows:
            if normalize_label(r.name) != name or (side is not None and r.side not in (None, side)):
                continue
            v = r.values.get(col)
            if v is None and len(r.values) == 1:
                v = next(iter(r.values.values()))
            if v is not None:
                out.append((t, r, col, v))
    return out


@register("narr_total_amount")
def total_amounts(doc: Document) -> list[Any]:
    """Totals quoted in the text (收支总计, 本年收入合计, 一般公共预算财政拨款支出 …) equal the tables."""
    if not doc.tables:
        return []
    found: dict[tuple[str, Decimal], dict[str, Any]] = {}
    for p in paragraphs(doc):
        if p.in_table:
            continue
        toks = money(tokens(p.text))
        for t in toks:
            if label_class(t.label) not in ("actual", "plain"):
                continue
            tail = re.sub(r"^\d{4}\s*年度?", "", _tail(t.label))
            for pat, what, cands in _TOTALS:
                if not re.search(pat, tail):
                    continue
                rows = _total_rows(doc, cands)
                if not rows or t.unit != _unit_of(doc, rows[0][0]):
                    break
                if any(_close(t.value, v) for *_, v in rows):
                    break
                rec = found.setdefault((what, t.value), {"what": what, "rows": rows, "paras": []})
                rec["paras"].append((p, t))
                break
    out = []
    for (what, stated), rec in found.items():
        tb, row, col, exp = rec["rows"][0]
        p0, t0 = rec["paras"][0]
        out.append(
            make_fact(
                "narr_total_amount",
                f"total:{what}:{stated}",
                {"check": "total_amount", "status": "break", "total": what, "table": tb.id, "table_name": _tname(tb.id), "column": col, "mentions": len(rec["paras"]), **_pos(p0)},
                [*(_para_ev(p, t.start) for p, t in rec["paras"][:2]), _row_ev(tb, row, col)],
                {"stated": stated, "expected": exp, "difference": q2(stated - exp), "envelope": half_unit(stated) + half_unit(exp)},
            )
        )
    return out
