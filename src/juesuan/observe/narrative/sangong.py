"""Group D facts: 三公 amounts and rates in the text against T7; 机关运行经费 against T6 公用经费."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Row, Table
from juesuan.model.narrative.textscan import Para, money, paragraphs, tokens
from juesuan.observe.fact_make import ev, make_fact, register
from juesuan.observe.narrative.common import (
    _DEC0,
    _para_ev,
    _pos,
    _row_ev,
    _sentences,
    _unit_of,
    label_class,
)
from juesuan.text.format import fmt
from juesuan.text.intervals import half_unit, pct_holds, percent_range, q2
from juesuan.text.normalize import normalize_label

# --------------------------------------------------------------------------- D8 三公 in the text vs T7

_SG_ITEMS: tuple[tuple[str, str], ...] = (
    (r"公务用车购置及运行|公务用车购置和运行|公务用车购置及运行维护|公务用车购置及运维", "公务用车购置及运行费"),
    (r"公务用车购置", "公务用车购置费"),
    (r"公务用车运行", "公务用车运行费"),
    (r"因公出国|出国（境）|出国\(境\)", "因公出国（境）费"),
    (r"公务接待", "公务接待费"),
    (r"三公", "合计"),
)


def _sg_item(text: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for prio, (pat, item) in enumerate(_SG_ITEMS):
        for m in re.finditer(pat, text):
            cand = (m.start(), -prio, item)
            if best is None or cand > best:
                best = cand
    return best[2] if best else None


def _sangong_claims(doc: Document) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in paragraphs(doc):
        if not re.search(r"三公|因公出国|公务用车|公务接待", p.text):
            continue
        toks = tokens(p.text)
        for st_off, sent in _sentences(p.text):
            for cl in re.finditer(r"[^；;]+", sent):
                c0 = st_off + cl.start()
                c1 = st_off + cl.end()
                ctoks = [t for t in toks if c0 <= t.start < c1]
                mt = money(ctoks)
                if not mt:
                    continue
                item = _sg_item(p.text[c0 : mt[0].start])
                if item is None:
                    continue
                if re.search(r"上年|上年度|\d{4}年度?(决算|支出)", p.text[c0 : mt[0].start]) and not re.search(r"预算|决算", p.text[c0 : mt[0].start][-8:]):
                    continue
                rec: dict[str, Any] = {"item": item, "para": p, "start": mt[0].start, "unit": mt[0].unit}
                for t in mt:
                    c = label_class(t.label)
                    if re.search(r"上年|较\d{4}|比\d{4}", t.label):
                        continue
                    if c == "budget" and "budget" not in rec:
                        rec["budget"] = t.value
                    elif c in ("actual", "plain") and "actual" not in rec and "budget" not in rec or (c == "actual" and "决算" in t.label and "actual" not in rec):
                        rec["actual"] = t.value
                    elif c == "short" and "预算" in t.label and "short" not in rec:
                        rec["short"] = t.value
                        rec["short_word"] = "低于" if re.search(r"低于|节省|节约|少于", t.label) else "高于"
                for t in ctoks:
                    if t.unit == "%" and re.search(r"完成|执行率", t.label) and "rate" not in rec:
                        rec["rate"] = t.value
                if "budget" not in rec and "actual" in rec and "short" in rec:
                    sgn = 1 if rec["short_word"] == "低于" else -1
                    rec["budget"] = rec["actual"] + sgn * rec["short"]
                    rec["budget_implied"] = True
                if "budget" in rec or "actual" in rec or "rate" in rec:
                    out.append(rec)
    return out


def _t7_row(t7: Table, item: str) -> Row | None:
    key = normalize_label(item)
    for r in t7.rows:
        n = normalize_label(r.name)
        if n == key or (item == "公务用车购置及运行费" and n.startswith("公务用车购置及运行")) or (item == "公务用车运行费" and n.startswith("公务用车运行")):
            return r
    return None


@register("narr_sangong")
def sangong(doc: Document) -> list[Any]:
    """三公 amounts and rates in the text against T7 (预算数 / 决算数): one fact per document, listing
    every contradicted item (they usually share one cause, e.g. a T7 预算 column copied from 决算)."""
    facts = _sangong_items(doc)
    if len(facts) <= 1:
        return facts
    order = {"合计": 0}
    facts.sort(key=lambda f: (order.get(f.fields["item"], 1), f.fields.get("line") or 0))
    f0 = facts[0]
    detail = "；".join(f.fields["detail"] for f in facts)
    f0.fields["items"] = len(facts)
    f0.fields["detail"] = detail
    seen_ev: set[tuple[Any, Any, str]] = set()
    evs = []
    for f in facts:
        for e in f.evidence:
            k = (e.line, e.table, e.text)
            if k not in seen_ev:
                seen_ev.add(k)
                evs.append(e)
    f0.evidence = evs[:5]
    return [f0]


def _sangong_items(doc: Document) -> list[Any]:
    t7 = doc.table("T7")
    if t7 is None or not t7.rows:
        return []
    out: list[Any] = []
    seen: set[tuple[str, str, Decimal]] = set()
    unit = _unit_of(doc, t7)
    for c in _sangong_claims(doc):
        row = _t7_row(t7, c["item"])
        if row is None or c.get("unit", "万元") != unit:
            continue
        p: Para = c["para"]
        tb = row.values.get("预算数")
        ta = row.values.get("决算数")
        checks: list[tuple[str, Decimal, Decimal | None, Decimal]] = []
        if c.get("budget") is not None and tb is not None:
            env = half_unit(tb) + (half_unit(c["actual"]) * 2 if c.get("budget_implied") else half_unit(c["budget"]))
            checks.append(("预算数", c["budget"], tb, env))
        if c.get("actual") is not None and ta is not None:
            checks.append(("决算数", c["actual"], ta, half_unit(ta) + half_unit(c["actual"])))
        for col, stated, table_v, env in checks:
            if table_v is None or abs(stated - table_v) <= env:
                continue
            k = (c["item"], col, stated)
            if k in seen:
                continue
            seen.add(k)
            out.append(
                make_fact(
                    "narr_sangong",
                    f"sg:{c['item']}:{col}:{stated}",
                    {"check": "sangong_amount", "status": "break", "item": c["item"], "column": col, "implied": bool(c.get("budget_implied")) and col == "预算数",
                     "items": 1, "detail": f"{c['item']}{col}：正文 {fmt(stated)} 万元{'（由执行数与差额推得）' if c.get('budget_implied') and col == '预算数' else ''}，表中 {fmt(table_v)} 万元", **_pos(p)},
                    [_para_ev(p, c["start"]), _row_ev(t7, row, col)],
                    {"stated": stated, "expected": table_v, "difference": q2(stated - table_v), "envelope": env},
                )
            )
        # a rate that the table's own budget and actual cannot give
        if c.get("rate") is not None and tb and ta is not None and not any(k[0] == c["item"] and k[1] == "预算数" for k in seen):
            rng = percent_range(ta, tb)
            if rng is not None and not pct_holds(c["rate"], rng):
                k = (c["item"], "rate", c["rate"])
                if k not in seen:
                    seen.add(k)
                    exp = q2(ta / tb * 100)
                    out.append(
                        make_fact(
                            "narr_sangong",
                            f"sgrate:{c['item']}:{c['rate']}",
                            {"check": "sangong_rate", "status": "break", "item": c["item"], "column": "执行率", "implied": False,
                             "items": 1, "detail": f"{c['item']}执行率：正文 {fmt(c['rate'])}%，按表应为 {fmt(exp)}%", **_pos(p)},
                            [_para_ev(p, c["start"]), _row_ev(t7, row, "预算数")],
                            {"stated": c["rate"], "expected": exp, "difference": q2(c["rate"] - exp), "envelope": half_unit(c["rate"])},
                        )
                    )
    return out


# --------------------------------------------------------------------------- D9 机关运行经费 vs T6 公用经费


def public_expenses(doc: Document) -> tuple[Decimal, Table, Row | None] | None:
    t6 = doc.table("T6")
    if t6 is None or not t6.rows:
        return None
    for r in t6.rows:
        if normalize_label(r.name) in ("公用经费合计", "公用经费"):
            v = r.values.get("决算数")
            if v is not None:
                return v, t6, r
    vals = [r.values.get("决算数") for r in t6.rows if r.code in ("302", "307", "310", "399")]
    vals2 = [v for v in vals if v is not None]
    if not vals2:
        return None
    return sum(vals2, _DEC0), t6, None


@register("narr_jiguan")
def jiguan(doc: Document) -> list[Any]:
    """Reported 机关运行经费 against the T6 公用经费 total."""
    pe = public_expenses(doc)
    if pe is None:
        return []
    total, t6, row = pe
    for p in paragraphs(doc):
        if p.in_table or "机关运行经费" not in p.text or "：指" in p.text or ":指" in p.text:
            continue
        m = re.search(r"机关运行经费", p.text)
        if m is None:
            continue
        toks = [t for t in money(tokens(p.text)) if t.start > m.start() and label_class(t.label) not in ("change", "short", "budget")]
        if not toks:
            continue
        t = toks[0]
        if t.start - m.end() > 30 or t.unit != _unit_of(doc, t6):
            continue
        env = half_unit(t.value) + half_unit(total)
        if abs(t.value - total) <= env:
            return []
        evs = [_para_ev(p, t.start)]
        if row is not None:
            evs.append(_row_ev(t6, row, "决算数"))
        else:
            evs.append(ev(f"公开06表 公用经费（302+307+310+399）合计 {fmt(total)}", t6.page, t6.line, "T6", "公用经费", "决算数"))
        return [
            make_fact(
                "narr_jiguan",
                f"jiguan:{p.line}",
                {"check": "jiguan_vs_t6", "status": "over" if t.value > total else "under", **_pos(p)},
                evs,
                {"stated": t.value, "expected": total, "difference": q2(t.value - total), "envelope": env},
            )
        ]
    return []
