"""Group B facts: identities inside one table (template footnotes), with rounding envelopes.

Every instance of an identity becomes an ``identity`` observation carrying the interval bounds of both
sides (``left_lo/left_hi`` the stated total, ``right_lo/right_hi`` the sum of its printed parts); the rule
files state the relation (``left = right``) and durable-rules decides. Instances that differ inside the
rounding envelope are additionally summarised once per document (尾数误差, info). ``$status`` (ok/tail/
break, Python side only) drives that summary and the blame of one wrong cell, never a finding.
``total_ref`` names the stated total; ``depends``/``depends2`` name totals used as inputs,
so that a rule can stay silent when one of its inputs is itself already reported wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from juesuan.model.document import Document, Row, Table
from juesuan.observe.context import identities
from juesuan.observe.facts import Evidence, Fact, fact_extractor
from juesuan.observe.identities import Identity, expand
from juesuan.observe.table_access import ev_row, find, ref, row_label, table_name, total_row, usable
from juesuan.text.intervals import ZERO, Check, check_sum
from juesuan.vocab.catalog import PERSONNEL_CLASSES, PUBLIC_CLASSES

FUNCTION_TABLES = ("T2", "T3", "T5", "T8", "T9")
# The row identities (T2/T3/T5/T8/T9 合计 = Σ columns, T8 年末 = 年初 + 收入 − 支出, T4 合计 = Σ sources) are
# declared in their rule files (``each:`` + ``assert:``) and expanded by juesuan.observe.identities.
T1_INCOME_LINES = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
                   "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
T4_INCOME_LINES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def identity(
    check: str, t: Table, total: Row, column: str, parts: list[tuple[Row, str]], *, label: str, parts_label: str,
    minus: Iterable[tuple[Row, str]] = (), depends: str = "", depends2: str = "", total_ev_col: str | None = None,
) -> Fact | None:
    """The observation of one instance of ``total[column] = Σ parts − Σ minus`` (None when not stated)."""
    stated = total.values.get(column)
    minus = list(minus)
    vals = [r.values.get(c) for r, c in parts]
    subs = [r.values.get(c) for r, c in minus]
    if stated is None or all(v is None for v in vals + subs):
        return None  # not stated: nothing to check
    chk: Check = check_sum(stated, [v for v in vals if v is not None], minus=[v for v in subs if v is not None])
    evidence: list[Evidence] = [ev_row(t, total, total_ev_col or column)]
    seen = {id(total)}
    for r, c in parts + minus:
        if id(r) not in seen and (r.values.get(c) not in (None, Decimal(0))):
            evidence.append(ev_row(t, r, c))
            seen.add(id(r))
        if len(evidence) >= 8:
            break
    key = f"{check}|{ref(t, total, column)}"
    return Fact(
        kind="identity", key=key,
        fields={
            "check": check, "group": "arithmetic", "$status": chk.status, **chk.bounds(), "table": t.id, "table_name": table_name(t),
            "row_label": row_label(total), "column": column, "label": label, "parts_label": parts_label,
            "total_ref": ref(t, total, column), "depends": depends, "depends2": depends2,
            "difference_abs": float(abs(chk.difference)),
            "row_identity": check.endswith("_row_sum"),
            "$parts": tuple(ref(t, r, c) for r, c in parts),  # "$" fields stay in Python (not asserted)
        },
        evidence=evidence,
        values={"stated": chk.stated, "expected": chk.expected, "difference": chk.difference, "envelope": chk.envelope},
    )


def _summary_identities(t: Table, out: list[Fact]) -> None:
    """T1 / T4: 本年收入合计, 本年支出合计, 总计 on both sides, 收入总计 = 支出总计."""
    is_t1 = t.id == "T1"
    inc_col = "决算数"
    exp_col = "决算数" if is_t1 else "合计"
    inc_total = find(t, "本年收入合计", "收入")
    exp_total = find(t, "本年支出合计", "支出")
    inc_grand = find(t, "总计", "收入")
    exp_grand = find(t, "总计", "支出")
    lines = T1_INCOME_LINES if is_t1 else T4_INCOME_LINES
    if inc_total is not None:
        parts = [(r, inc_col) for r in t.rows if r.side == "收入" and r.name in lines]
        out.append(identity("summary_income_total", t, inc_total, inc_col, parts, label="本年收入合计", parts_label="各项收入"))
    if exp_total is not None:
        parts = [(r, exp_col) for r in t.rows if r.side == "支出" and r.code and len(r.code) == 3]
        out.append(identity("summary_expense_total", t, exp_total, exp_col, parts, label="本年支出合计", parts_label="各功能分类支出"))
    if inc_grand is not None and inc_total is not None:
        extra = ("使用非财政拨款结余", "年初结转和结余") if is_t1 else ("年初财政拨款结转和结余",)
        parts = [(inc_total, inc_col)] + [(r, inc_col) for r in t.rows if r.side == "收入" and r.name in extra]
        out.append(identity("summary_grand_total", t, inc_grand, inc_col, parts, label="收入总计",
                            parts_label="本年收入合计+结余/结转", depends=ref(t, inc_total, inc_col)))
    if exp_grand is not None and exp_total is not None:
        extra = ("结余分配", "年末结转和结余") if is_t1 else ("年末财政拨款结转和结余",)
        parts = [(exp_total, exp_col)] + [(r, exp_col) for r in t.rows if r.side == "支出" and r.name in extra]
        out.append(identity("summary_grand_total", t, exp_grand, exp_col, parts, label="支出总计",
                            parts_label="本年支出合计+结余分配+年末结转和结余", depends=ref(t, exp_total, exp_col)))
    if inc_grand is not None and exp_grand is not None:
        f = identity("summary_balance", t, exp_grand, exp_col, [(inc_grand, inc_col)], label="支出总计", parts_label="收入总计",
                     depends=ref(t, inc_grand, inc_col), depends2=ref(t, exp_grand, exp_col))
        if f is not None:
            f.fields["total_ref"] = f"{t.id}|balance"
        out.append(f)


def _children(rows: list[Row], parent: str) -> list[Row]:
    n = len(parent)
    want = 5 if n == 3 else 7
    return [r for r in rows if r.code and len(r.code) == want and r.code.startswith(parent)]


def _hierarchy(t: Table, out: list[Fact]) -> None:
    coded = [r for r in t.rows if r.code]
    cols = [c for c in t.columns if any(r.values.get(c) is not None for r in coded)]
    for r in coded:
        if len(r.code or "") not in (3, 5):
            continue
        kids = _children(coded, r.code or "")
        if not kids:
            continue
        lvl = "类" if len(r.code or "") == 3 else "款"
        sub = "款" if lvl == "类" else "项"
        for c in cols:
            out.append(identity("code_hierarchy", t, r, c, [(k, c) for k in kids], label=f"{lvl}级数", parts_label=f"所属{sub}级科目之和"))
    tot = total_row(t)
    classes = [r for r in coded if len(r.code or "") == 3]
    if tot is not None and classes:
        for c in cols:
            out.append(identity("table_total", t, tot, c, [(k, c) for k in classes], label="合计", parts_label="各类级科目之和"))


def _t6(t: Table, out: list[Fact]) -> None:
    coded = [r for r in t.rows if r.code]
    for r in coded:
        if len(r.code or "") == 3:
            kids = [k for k in coded if len(k.code or "") == 5 and (k.code or "").startswith(r.code or "")]
            if kids:
                out.append(identity("t6_class_sum", t, r, "决算数", [(k, "决算数") for k in kids], label="类级数", parts_label="所属款级科目之和"))
    for total_name, classes in (("人员经费合计", PERSONNEL_CLASSES), ("公用经费合计", PUBLIC_CLASSES)):
        tot = find(t, total_name)
        if tot is None:
            continue
        parts = [(r, "决算数") for r in coded if r.code in classes]
        if not parts:  # no class rows printed: sum the 款 rows of those classes
            parts = [(r, "决算数") for r in coded if len(r.code or "") == 5 and (r.code or "")[:3] in classes]
        out.append(identity("t6_group_total", t, tot, "决算数", parts, label=total_name, parts_label="+".join(classes) + " 类"))


def _t7(t: Table, out: list[Fact]) -> None:
    total = find(t, "合计")
    abroad = find(t, "因公出国（境）费")
    car = find(t, "公务用车购置及运行费")
    buy = find(t, "公务用车购置费")
    run = find(t, "公务用车运行费")
    recv = find(t, "公务接待费")
    for col in ("预算数", "决算数"):
        if car is not None and (buy is not None or run is not None):
            out.append(identity("t7_vehicle", t, car, col, [(r, col) for r in (buy, run) if r is not None],
                                label="公务用车购置及运行费", parts_label="公务用车购置费+公务用车运行费", total_ev_col=col))
        if total is not None:
            parts = [(r, col) for r in (abroad, car, recv) if r is not None]
            if car is None:
                parts += [(r, col) for r in (buy, run) if r is not None]
            out.append(identity("t7_total", t, total, col, parts, label="“三公”经费合计",
                                parts_label="因公出国（境）费+公务用车购置及运行费+公务接待费",
                                depends=ref(t, car, col) if car is not None else "", total_ev_col=col))


def _declared(doc: Document, tid: str) -> list[Fact]:
    """The observations of the identities the rule files declare over the rows of table ``tid``."""
    mine = [i for i in identities() if isinstance(i, Identity) and i.table == tid]
    return expand(doc, sorted(mine, key=lambda i: "BALANCE" in i.code))  # sums before the balance (report order)


@fact_extractor("identity")
def arithmetic_identities(doc: Document) -> list[Fact]:
    out: list[Fact | None] = []
    for tid in ("T1", "T4"):
        t = usable(doc, tid)
        if t is not None:
            _summary_identities(t, out)  # type: ignore[arg-type]
            out.extend(_declared(doc, tid))
    for tid in FUNCTION_TABLES:
        t = usable(doc, tid)
        if t is not None:
            out.extend(_declared(doc, tid))  # the row identities first, then the code hierarchy
            _hierarchy(t, out)  # type: ignore[arg-type]
    t6 = usable(doc, "T6")
    if t6 is not None:
        _t6(t6, out)  # type: ignore[arg-type]
    t7 = usable(doc, "T7")
    if t7 is not None:
        _t7(t7, out)  # type: ignore[arg-type]
    declared = [i for i in identities() if isinstance(i, Identity)]
    out.extend(expand(doc, [i for i in declared if i.table not in ("T4", *FUNCTION_TABLES)]))
    facts = [f for f in out if f is not None]
    _blame_one_cell(facts)
    return fold_tails(facts, "identity", "arithmetic")


def _blame_one_cell(facts: list[Fact]) -> None:
    """One wrong cell breaks its row identity and a column identity (合计 = Σ类, 款 = Σ项): report it once.

    A column identity gets ``depends``/``depends2`` pointing at the row identity that explains it — the
    same cell (its own row identity breaks by the same amount) or a child cell whose row identity breaks
    by the opposite amount. The rules' ``unless`` (durable-rules $not join) then suppresses it."""
    rows = {f.fields["total_ref"]: f for f in facts if f.fields.get("row_identity") and f.fields["$status"] == "break"}
    if not rows:
        return
    for f in facts:
        if f.fields["check"] not in ("code_hierarchy", "table_total") or f.fields["$status"] != "break":
            continue
        d, env = f.values["difference"] or ZERO, f.values["envelope"] or ZERO
        own = rows.get(f.fields["total_ref"])
        if own is not None and abs((own.values["difference"] or ZERO) - d) <= env + (own.values["envelope"] or ZERO):
            f.fields["depends"] = own.fields["total_ref"]
        for p in f.fields.get("$parts", ()):
            kid = rows.get(p)
            if kid is not None and abs((kid.values["difference"] or ZERO) + d) <= env + (kid.values["envelope"] or ZERO):
                f.fields["depends2"] = p
                break


def _col(f: Fact) -> str:
    col = f.fields.get("column") or f.fields.get("column_a")
    return f"（{col}）" if col and col not in ("决算数", "合计") else ""


def fold_tails(facts: list[Fact], kind: str, group: str) -> list[Fact]:
    """Every observation stays; the rounding tails are also summarised in one fact (at most ``info``)."""
    breaks = list(facts)
    tails = [f for f in facts if f.fields["$status"] == "tail"]
    if tails:
        worst = max(tails, key=lambda f: abs(f.values["difference"] or 0))
        examples = "；".join(
            f"{f.fields.get('table_name') or f.fields.get('name_a')} {f.fields.get('row_label') or f.fields.get('row_a')}"
            f"{_col(f)} {f.values['stated']}/{f.values['expected']}" for f in tails[:3]
        )
        breaks.append(Fact(
            kind=kind, key=f"rounding_tail|{group}",
            fields={"check": "rounding_tail", "group": group, "$status": "tail", "count": len(tails), "examples": examples,
                    "total_ref": f"tail|{group}", "depends": "", "depends2": ""},
            evidence=[e for f in tails[:3] for e in f.evidence[:2]],
            values={k: worst.values.get(k) for k in ("stated", "expected", "difference", "envelope")},
        ))
    return breaks
