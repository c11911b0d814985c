"""Group D facts: listed items against their total; the same quantity stated twice."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document
from juesuan.model.narrative.textscan import Para, Tok, money, paragraphs, tokens
from juesuan.observe.fact_make import make_fact, register
from juesuan.observe.narrative.common import (
    _close,
    _para_ev,
    _pos,
    _sentences,
    label_class,
)
from juesuan.observe.narrative.lines import line_amounts
from juesuan.observe.narrative.percent import _percent_claims
from juesuan.observe.narrative.sangong import _sangong_claims
from juesuan.text.format import fmt
from juesuan.text.intervals import half_unit, q2, sum_holds

# --------------------------------------------------------------------------- D3 listed items vs total




def _bracketed(text: str, offset: int) -> set[int]:
    """Absolute positions of ``text`` (starting at ``offset``) that stand inside round brackets."""
    depth, out = 0, set()
    for k, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth:
            out.add(offset + k)
    return out


@register("narr_list_sum")
def list_sums(doc: Document) -> list[Any]:
    """Items listed under a total (其中：… / 主要用于以下方面：… / numbered items) add up to it."""
    out: list[Any] = []
    paras = [p for p in paragraphs(doc) if not p.in_table]
    fixes: dict[tuple[int | None, Decimal], Decimal] = {}
    for f in line_amounts(doc):
        for e in f.evidence:
            if e.table is None:
                fixes[(e.line, f.values["stated"])] = f.values["expected"]
    # (a) inline: "<total> 万元……其中：A x 万元，B y 万元。" within one sentence
    for p in paras:
        toks = tokens(p.text)
        for st_off, sent in _sentences(p.text):
            m = re.search(r"其中[：:]", sent)
            if not m:
                continue
            # the total: the last amount before 其中 in the paragraph that is neither a budget nor a change
            head = [t for t in money(toks) if t.start < st_off + m.start() and label_class(t.label) in ("actual", "plain")]
            total = head[-1] if head else None
            if total is None:
                continue
            items = _first_amounts_per_clause(sent[m.end() :], st_off + m.end(), toks)
            # a part given in brackets after its item ("公务用车购置及运行费12.64万元（其中：运行费12.64万元）")
            # is not another item of the list
            inside = _bracketed(sent[m.end() :], st_off + m.end())
            items = [i for i in items if i.start not in inside]
            if len(items) < 2:
                continue
            unit = total.unit
            if any(i.unit != unit for i in items):
                continue
            ok, s, env = sum_holds(total.value, [i.value for i in items])
            if ok:
                continue
            out.append(_sum_fact(p, total, items, s, env, [p]))
    # (b) numbered items under a header ending with "：" that carries the total(s)
    i = 0
    while i < len(paras):
        hp = paras[i]
        if not hp.text.rstrip().endswith((":", "：")):
            i += 1
            continue
        htoks = money(tokens(hp.text))
        if not htoks:
            i += 1
            continue
        by_label: dict[str, Tok] = {}
        for t in htoks:
            c = label_class(t.label)
            if c == "budget" and "budget" not in by_label:
                by_label["budget"] = t
            elif c in ("actual", "plain") and "actual" not in by_label:
                by_label["actual"] = t
        items_b: list[Tok] = []
        items_a: list[Tok] = []
        members: list[Para] = []
        paired = "budget" in by_label and "actual" in by_label
        head_style = _numbering(hp.text)
        style: str | None = None
        j = i + 1
        while j < len(paras):
            q = paras[j]
            if re.match(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", q.text):
                break
            qt = money(tokens(q.text))
            if not qt or qt[0].start > 60:
                break
            qs = _numbering(q.text)
            if j == i + 1:
                style = qs
                if qs != "none" and qs == head_style:
                    break
                if not paired and len(qt) >= 2 and qs == "none":
                    # one paragraph listing the items: "办公费6.04万元,印刷费1.24万元,…"
                    inline = _first_amounts_per_clause(q.text, 0, tokens(q.text))
                    if len(inline) >= 2:
                        items_a = inline
                        members = [q] * len(inline)
                        j += 1
                        break
            elif qs != style:
                break
            if paired and not any(label_class(t.label) == "budget" for t in qt):
                break
            # a restatement of the total itself ("一般公共预算财政拨款支出。年初预算为 3810.00 ...") is not an item
            b = next((t for t in qt if label_class(t.label) == "budget"), None)
            a = next((t for t in qt if label_class(t.label) in ("actual", "plain") and (b is None or t.start > b.start or "决算" in t.label)), None)
            if b is None and a is None:
                break
            hb, ha = by_label.get("budget"), by_label.get("actual")
            if hb is not None and ha is not None and b is not None and a is not None and b.value == hb.value and a.value == ha.value:
                j += 1
                continue
            if b is not None:
                items_b.append(b)
            if a is not None:
                items_a.append(a)
            members.append(q)
            j += 1
        for lab, items in (("budget", items_b), ("actual", items_a)):
            total = by_label.get(lab)
            if total is None or len(items) < 2 or any(x.unit != total.unit for x in items):
                continue
            if lab == "budget" and len(items) != len(members):
                continue
            ok, s, env = sum_holds(total.value, [x.value for x in items])
            if ok:
                continue
            if lab == "actual" and fixes:
                corrected = [fixes.get((q.line, x.value), x.value) for q, x in zip(members, items, strict=False)]
                if len(corrected) == len(items) and sum_holds(total.value, corrected)[0]:
                    continue  # the wrong line amount is the finding; the sum follows from it
            out.append(_sum_fact(hp, total, items, s, env, members, measure="年初预算" if lab == "budget" else "决算数"))
        i = max(j, i + 1)
    return out


def _numbering(text: str) -> str:
    t = text.lstrip()
    for name, pat in (("paren", r"^[（(]\d{1,2}[)）]"), ("dot", r"^\d{1,2}\s*[.．]"), ("dun", r"^\d{1,2}、"), ("circled", r"^[①-⑳]")):
        if re.match(pat, t):
            return name
    return "none"


def _first_amounts_per_clause(text: str, offset: int, toks: list[Tok]) -> list[Tok]:
    items: list[Tok] = []
    start = 0
    for m in list(re.finditer(r"[；;，,、]", text)) + [None]:
        end = m.start() if m else len(text)
        clause_toks = [t for t in money(toks) if offset + start <= t.start < offset + end]
        if clause_toks:
            t = clause_toks[0]
            if label_class(t.label) not in ("change", "short") and "占" not in t.label:
                items.append(t)
        start = (m.end() if m else len(text))
    return items


def _sum_fact(p: Para, total: Tok, items: list[Tok], s: Decimal, env: Decimal, members: list[Para], measure: str = "") -> Any:
    over = s > total.value
    evs = [_para_ev(p, total.start)] + [_para_ev(q) for q in members[:3] if q is not p]
    return make_fact(
        "narr_list_sum",
        f"sum:{p.line}:{p.index}:{total.start}:{measure}",
        {
            "check": "list_sum",
            "status": "over" if over else "under",
            "items": len(items),
            "measure": measure or "金额",
            "item_values": "、".join(fmt(i.value) for i in items[:12]),
            "gap": fmt(abs(q2(s - total.value))),
            **_pos(p),
        },
        evs,
        {"stated": total.value, "expected": s, "difference": q2(s - total.value), "envelope": env},
    )


# --------------------------------------------------------------------------- D4 the same quantity stated twice


@register("narr_repeat")
def repeats(doc: Document) -> list[Any]:
    """The same budget's execution (执行数/执行率) stated twice with different values; 三公 budget twice."""
    _, triples = _percent_claims(doc)
    groups: dict[Decimal, list[dict[str, Any]]] = defaultdict(list)
    for tr in triples:
        b = tr["budget"]
        if b and b >= 1 and not tr["implied"]:
            groups[b].append(tr)
    out: list[Any] = []
    for budget, trs in sorted(groups.items()):
        distinctive = budget.as_tuple().exponent < 0 and budget != budget.to_integral_value() or budget >= 1000
        if not distinctive:
            heads = {_bigrams(tr["para"].text[: max(0, tr["para"].text.find(fmt(budget)))]) for tr in trs}
            hl = sorted(heads, key=lambda h: sorted(h))
            if len(hl) > 1 and any(_jaccard(hl[0], h) < 0.3 for h in hl[1:]):
                continue  # two different projects with the same round budget
        variants: dict[Decimal, list[dict[str, Any]]] = defaultdict(list)
        for tr in trs:
            key = next((k for k in variants if _close(k, tr["actual"])), tr["actual"])
            variants[key].append(tr)
        if len(variants) < 2:
            continue
        ordered = sorted(variants.items(), key=lambda kv: (-len(kv[1]), kv[1][0]["para"].index))
        main_val, main = ordered[0]
        other_val, other = ordered[1]
        evs = [_para_ev(main[0]["para"], main[0]["tok"].start), _para_ev(other[0]["para"], other[0]["tok"].start)]
        out.append(
            make_fact(
                "narr_repeat",
                f"exec:{budget}",
                {
                    "check": "execution_twice",
                    "status": "break",
                    "quantity": f"预算数 {fmt(budget)} 万元的执行数",
                    "budget": fmt(budget),
                    "value_a": fmt(main_val),
                    "rate_a": fmt(main[0]["rate"]),
                    "count_a": len(main),
                    "value_b": fmt(other_val),
                    "gap": fmt(abs(q2(other_val - main_val))),
                    "rate_b": fmt(other[0]["rate"]),
                    "count_b": len(other),
                    "page": main[0]["para"].page,
                    "line": main[0]["para"].line,
                },
                evs,
                {"stated": other_val, "expected": main_val, "difference": q2(other_val - main_val), "envelope": half_unit(other_val) + half_unit(main_val)},
            )
        )
    # 三公 total budget stated twice (only when there is no T7 to compare with)
    sg = _sangong_claims(doc)
    t7 = doc.table("T7")
    if t7 is None or not t7.rows:
        budgets = [c for c in sg if c["item"] == "合计" and c.get("budget") is not None and not c.get("budget_implied")]
        vals: dict[Decimal, list[dict[str, Any]]] = defaultdict(list)
        for c in budgets:
            vals[c["budget"]].append(c)
        if len(vals) >= 2:
            ordered2 = sorted(vals.items(), key=lambda kv: (-len(kv[1]), kv[1][0]["para"].index))
            (va, ca), (vb, cb) = ordered2[0], ordered2[1]
            out.append(
                make_fact(
                    "narr_repeat",
                    "sangong-budget",
                    {
                        "check": "sangong_budget_twice",
                        "status": "break",
                        "quantity": "“三公”经费预算数",
                        "value_a": fmt(va),
                        "count_a": len(ca),
                        "value_b": fmt(vb),
                        "gap": fmt(abs(q2(vb - va))),
                        "count_b": len(cb),
                        "rate_a": "",
                        "rate_b": "",
                        "budget": "",
                        "page": ca[0]["para"].page,
                        "line": ca[0]["para"].line,
                    },
                    [_para_ev(ca[0]["para"]), _para_ev(cb[0]["para"])],
                    {"stated": vb, "expected": va, "difference": q2(vb - va), "envelope": half_unit(va) + half_unit(vb)},
                )
            )
    return out


def _bigrams(text: str) -> frozenset[str]:
    t = re.sub(r"[^\u4e00-\u9fff]", "", text)
    t = re.sub(r"(年度|预算|调整后|全年|年初|项目)", "", t)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
