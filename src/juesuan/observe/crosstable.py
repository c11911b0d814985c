"""Group C facts: the same quantity in two tables, and part ≤ whole between T6 and T7.

Values are compared in 万元 (tables printed in 元 are converted). A difference of about
10,000× is a money-unit error (``scale``), not an arithmetic one. Every compared pair is an observation
with the interval bounds of both sides; the rule files state the relation (``left = right``, ``left ≤ right``).
"""

from __future__ import annotations

from decimal import Decimal

from juesuan.model.document import Document, Row, Table
from juesuan.observe.arithmetic import fold_tails
from juesuan.observe.facts import Fact, fact_extractor
from juesuan.observe.table_access import ev_row, find, ref, row_label, table_name, to_wan, total_row, usable
from juesuan.text.intervals import check_le, check_sum
from juesuan.text.normalize import normalize_label
from juesuan.vocab.catalog import SANGONG_PARTS

_SCALE = Decimal(10000)


def _is_scale(a: Decimal, b: Decimal) -> bool:
    if a == 0 or b == 0:
        return False
    r = abs(a / b)
    return any(abs(r - s) / s < Decimal("0.001") for s in (_SCALE, 1 / _SCALE))


def crosscheck(check: str, ta: Table, ra: Row, ca: str, tb: Table, rb: Row, cb: str, *, label_a: str, label_b: str,
               part_of: bool = False) -> Fact | None:
    a, b = ra.values.get(ca), rb.values.get(cb)
    if a is None or b is None:
        return None
    a_w, b_w = to_wan(ta, a), to_wan(tb, b)
    if part_of:
        chk = check_le(a_w, b_w)
    else:
        # each side keeps its printed precision (converted units keep a scaled exponent)
        chk = check_sum(a_w, [b_w])
    scale = not part_of and chk.status == "break" and _is_scale(a_w, b_w)
    return Fact(
        kind="crosscheck", key=f"{check}|{ref(ta, ra, ca)}|{ref(tb, rb, cb)}",
        fields={
            "check": check, "$status": chk.status, "scale": scale, **chk.bounds(), "table_a": ta.id, "table_b": tb.id, "name_a": table_name(ta), "name_b": table_name(tb),
            "row_a": row_label(ra), "row_b": row_label(rb), "column_a": ca, "column_b": cb, "label_a": label_a, "label_b": label_b,
            "unit_a": ta.money_unit or "万元", "unit_b": tb.money_unit or "万元",
            "total_ref": f"x|{check}|{ref(ta, ra, ca)}", "depends": ref(ta, ra, ca), "depends2": ref(tb, rb, cb),
        },
        evidence=[ev_row(ta, ra, ca), ev_row(tb, rb, cb)],
        values={"stated": chk.stated, "expected": chk.expected, "difference": chk.difference, "envelope": chk.envelope},
    )


def _pairs(doc: Document) -> list[Fact | None]:
    t = {tid: usable(doc, tid) for tid in ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8")}
    out: list[Fact | None] = []
    t1, t2, t3, t4, t5, t6, t8 = t["T1"], t["T2"], t["T3"], t["T4"], t["T5"], t["T6"], t["T8"]
    if t1 and t2 and (a := find(t1, "本年收入合计", "收入")) and (b := total_row(t2)):
        out.append(crosscheck("t1_t2_income", t1, a, "决算数", t2, b, "合计", label_a="本年收入合计", label_b="收入决算表合计"))
    if t1 and t3 and (a := find(t1, "本年支出合计", "支出")) and (b := total_row(t3)):
        out.append(crosscheck("t1_t3_expense", t1, a, "决算数", t3, b, "合计", label_a="本年支出合计", label_b="支出决算表合计"))
    if t2 and t4 and (a := total_row(t2)) and (b := find(t4, "本年收入合计", "收入")):
        out.append(crosscheck("t2_t4_appropriation", t2, a, "财政拨款收入", t4, b, "决算数", label_a="财政拨款收入合计",
                              label_b="财政拨款本年收入合计"))
    if t4 and t5 and (a := find(t4, "本年支出合计", "支出")) and (b := total_row(t5)):
        out.append(crosscheck("t4_t5_general", t4, a, "一般公共预算财政拨款", t5, b, "合计", label_a="一般公共预算财政拨款支出",
                              label_b="一般公共预算财政拨款支出合计"))
    if t5 and t6 and (b := total_row(t5)):
        pers, pub = find(t6, "人员经费合计"), find(t6, "公用经费合计")
        if pers is not None and pub is not None and pers.values.get("决算数") is not None and pub.values.get("决算数") is not None:
            both = Row(code=None, name="人员经费合计+公用经费合计",
                       values={"决算数": pers.values["决算数"] + pub.values["决算数"]}, page=pers.page, line=pers.line,
                       side=None, raw=f"{pers.raw} ； {pub.raw}")
            out.append(crosscheck("t5_t6_basic", t6, both, "决算数", t5, b, "基本支出", label_a="基本支出决算表合计",
                                  label_b="一般公共预算财政拨款基本支出"))
    if t4 and t8 and (a := find(t4, "本年支出合计", "支出")) and (b := total_row(t8)):
        out.append(crosscheck("t4_t8_fund", t4, a, "政府性基金预算财政拨款", t8, b, "合计", label_a="政府性基金预算财政拨款支出",
                              label_b="政府性基金预算财政拨款支出合计"))
    for ta, tb, col_a, check in ((t1, t3, "决算数", "t1_t3_by_class"), (t4, t5, "一般公共预算财政拨款", "t4_t5_by_class")):
        if not (ta and tb):
            continue
        by_code = {r.code: r for r in tb.rows if r.code and len(r.code) == 3}
        for a in ta.rows:
            if a.side == "支出" and a.code in by_code and a.values.get(col_a) is not None:
                b = by_code[a.code]
                if a.values[col_a] == 0 and b.values.get("合计") is None:
                    continue
                out.append(crosscheck(check, ta, a, col_a, tb, b, "合计", label_a=a.name, label_b=b.name))
    t7 = t["T7"]
    if t6 and t7:
        for code, item in SANGONG_PARTS.items():
            part = next((r for r in t6.rows if r.code == code), None)
            whole = find(t7, item)
            if part is not None and whole is not None:
                out.append(crosscheck("t6_le_t7", t6, part, "决算数", t7, whole, "决算数", label_a=row_label(part), label_b=item,
                                      part_of=True))
    return out


@fact_extractor("crosscheck")
def crosstable_checks(doc: Document) -> list[Fact]:
    return fold_tails([f for f in _pairs(doc) if f is not None], "crosscheck", "cross-table")


def _coded(t: Table) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for r in t.rows:
        if r.code and r.code.isdigit() and len(r.code) in (3, 5, 7) and r.code not in out:
            out[r.code] = r
    return out


def _same_name(a: str, b: str) -> bool:
    na, nb = normalize_label(a), normalize_label(b)
    return not na or not nb or na == nb or na in nb or nb in na


@fact_extractor("codematch")
def t2_t3_by_code(doc: Document) -> list[Fact]:
    """T2 (income) and T3 (expense) list the same function-classification codes under the same names.

    Amounts per code legitimately differ (carry-overs), so only the code list and the names are compared."""
    t2, t3 = usable(doc, "T2"), usable(doc, "T3")
    if not (t2 and t3):
        return []
    a, b = _coded(t2), _coded(t3)
    if not a or not b:
        return []
    out: list[Fact] = []
    for code in sorted(set(a) & set(b)):
        ra, rb = a[code], b[code]
        if not _same_name(ra.name, rb.name):
            out.append(Fact(
                kind="codematch", key=f"t2_t3_name|{code}",
                fields={"check": "t2_t3_name", "status": "break", "code": code, "name_a": table_name(t2), "name_b": table_name(t3),
                        "row_a": ra.name, "row_b": rb.name},
                evidence=[ev_row(t2, ra), ev_row(t3, rb)],
            ))
    for only, ta, tb, ra_map in (("t2_only", t2, t3, a), ("t3_only", t3, t2, b)):
        other = b if only == "t2_only" else a
        codes = [c for c in sorted(ra_map) if c not in other and any(v not in (None, Decimal(0)) for v in ra_map[c].values.values())]
        if codes:
            out.append(Fact(
                kind="codematch", key=f"{only}|{','.join(codes)}",
                fields={"check": "t2_t3_codes", "status": "break", "direction": only, "count": len(codes),
                        "codes": "、".join(f"{c} {ra_map[c].name}" for c in codes[:6]) + ("等" if len(codes) > 6 else ""),
                        "name_a": table_name(ta), "name_b": table_name(tb)},
                evidence=[ev_row(ta, ra_map[c]) for c in codes[:6]] + ([ev_row(tb, tb.rows[0])] if tb.rows else []),
            ))
    return out
