"""Group D facts: share / growth / completion percentages recomputed; direction words; missing reasons."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Row, Table
from juesuan.model.narrative.textscan import Para, Tok, money, paragraphs, tokens
from juesuan.observe.context import param
from juesuan.observe.fact_make import make_fact, register
from juesuan.observe.narrative.common import (
    _DEC0,
    _para_ev,
    _pos,
    _row_ev,
    _sentences,
    _tail,
    label_class,
)
from juesuan.text.format import fmt
from juesuan.text.intervals import half_unit, pct_holds, percent_range, q2
from juesuan.text.normalize import normalize_label

# --------------------------------------------------------------------------- D2 percentages

_NAMED_TOTALS: tuple[tuple[str, str, str, str | None], ...] = (
    # (pattern over the denominator words, table, row name, column)
    (r"^本年收入(合计)?$|^收入合计$|^本年收入总额$", "T1", "本年收入合计", None),
    (r"^本年支出(合计)?$|^支出合计$|^本年支出总额$", "T1", "本年支出合计", None),
    (r"^一般公[共用]预算财政拨款支出(合计|总额)?$", "T5", "合计", "合计"),
    (r"^一般公[共用]预算财政拨款基本支出(合计|总额)?$", "T5", "合计", "基本支出"),
)


def _named_total(doc: Document, words: str) -> tuple[Decimal, Table, Row, str] | None:
    w = normalize_label(words).rstrip("的")
    for pat, tid, rname, col in _NAMED_TOTALS:
        if not re.search(pat, w):
            continue
        t = doc.table(tid)
        if t is None:
            continue
        for r in t.rows:
            if normalize_label(r.name) in (rname, rname.replace("合计", "总计")) or (rname == "合计" and r.name in ("合计", "总计")):
                if tid == "T1" and r.side is not None and ("收入" in rname) != (r.side == "收入"):
                    continue
                if col is None:
                    v = r.values.get("决算数") or next((x for x in r.values.values() if x is not None), None)
                    c = "决算数"
                else:
                    v = r.values.get(col)
                    if v is None and col == "合计":
                        v = r.values.get("小计")
                    c = col
                if v is not None:
                    return v, t, r, c
    return None


@dataclass
class _Pct:
    para: Para
    tok: Tok
    kind: str
    num: Decimal
    den: Decimal
    expected_lo: Decimal
    expected_hi: Decimal
    expected: Decimal
    extra_ev: list[Any]
    den_label: str


def _percent_claims(doc: Document) -> tuple[list[Any], list[dict[str, Any]]]:
    """(facts, execution triples) — share, growth and completion recomputation."""
    facts: list[Any] = []
    triples: list[dict[str, Any]] = []
    paras = paragraphs(doc)
    context_total: Decimal | None = None
    for p in paras:
        toks = tokens(p.text)
        mtoks = money(toks)
        if p.in_table:
            ctx = None
        else:
            ctx = context_total
            if re.match(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", p.text):
                context_total = None
                ctx = None
            if p.text.rstrip().endswith((":", "：")) and mtoks:
                context_total = mtoks[0].value
        numbered = bool(re.match(r"^\s*[（(]?\d{1,2}[.、)）．]", p.text))
        for st_off, sent in _sentences(p.text):
            stoks = [t for t in toks if st_off <= t.start < st_off + len(sent)]
            smoney = [t for t in stoks if t.unit in ("万元", "元", "亿元")]
            for t in stoks:
                if t.unit != "%":
                    continue
                lab = _tail(t.label) or t.label
                before = [m for m in smoney if m.start < t.start]
                if "占" in lab:
                    res = _share(doc, p, sent, st_off, t, before, smoney, mtoks, ctx if numbered else None)
                    if res is not None:
                        facts.append(res)
                elif re.search(r"完成|执行率|执行进度|为(年初|全年|调整后)?预算(数)?的", lab):
                    res, trip = _completion(p, t, before, smoney)
                    if trip is not None:
                        triples.append(trip)
                    if res is not None:
                        facts.append(res)
                elif re.search(r"增长|增加|下降|减少|降低|上升|增幅|降幅|增速", lab):
                    res = _growth(p, t, [m for m in mtoks if m.start < t.start and (m.start >= st_off or m.clause >= 0)])
                    if res is not None:
                        facts.extend(res)
    return facts, triples


def _pct_fact(p: Para, t: Tok, kind: str, num: Decimal, den: Decimal, rng: tuple[Decimal, Decimal], extra: list[Any], fields: dict[str, Any]) -> Any:
    exp = q2(num / den * 100) if den else None
    stated = t.value
    return make_fact(
        "narr_percent",
        f"{kind}:{p.line}:{p.index}:{t.start}",
        {"check": kind, "status": "break", "numerator": fmt(num), "denominator": fmt(den), **fields, **_pos(p),
         "left_lo": float(stated - half_unit(stated)), "left_hi": float(stated + half_unit(stated)), "right_lo": float(rng[0]), "right_hi": float(rng[1])},
        [_para_ev(p, t.start), *extra],
        {
            "stated": stated,
            "expected": exp,
            "difference": q2(stated - exp) if exp is not None else None,
            "envelope": half_unit(stated),
        },
    )


def _share(doc: Document, p: Para, sent: str, st_off: int, t: Tok, before: list[Tok], smoney: list[Tok], pmoney: list[Tok], ctx: Decimal | None) -> Any:
    # numerator: nearest preceding amount in the same clause that is not a change
    cands = [m for m in before if m.clause == t.clause and label_class(m.label) not in ("change", "short")]
    if not cands:
        return None
    num = cands[-1]
    mden = re.search(r"占(.*)$", t.label)
    den_words = (mden.group(1) if mden else "").strip().rstrip("的").strip()
    den_words = re.sub(r"的$", "", den_words)
    den: Decimal | None = None
    extra: list[Any] = []
    den_label = den_words
    # (1) an earlier amount in the paragraph labelled with the denominator's words
    if den_words and len(den_words) >= 3:
        key = normalize_label(den_words)
        for m in pmoney:
            if m.start >= num.start:
                break
            if key and key in normalize_label(m.label):
                den = m.value
        # (2) a named total of the tables
        if den is None:
            nt = _named_total(doc, den_words)
            if nt is not None:
                den = nt[0]
                extra.append(_row_ev(nt[1], nt[2], nt[3]))
    if den is None:
        first = pmoney[0] if pmoney else None
        mq = None
        for mm in re.finditer(r"其中|主要用于|构成", p.text[: num.start]):
            mq = mm
        heads = [m for m in pmoney if mq is not None and m.start < mq.start() and label_class(m.label) in ("actual", "plain")]
        if heads and heads[-1] is not num:
            den = heads[-1].value
            den_label = "总数"
        elif ctx is not None and (first is num or first is None):
            den = ctx
            den_label = "上文总数"
    if den is None or den == 0:
        return None
    rng = percent_range(num.value, den)
    if rng is None or pct_holds(t.value, rng):
        return None
    # a share of the same amount in a differently rounded denominator is still a break
    return _pct_fact(p, t, "share", num.value, den, rng, extra, {"base_label": den_label or "总数"})


def _completion(p: Para, t: Tok, before: list[Tok], smoney: list[Tok]) -> tuple[Any, dict[str, Any] | None]:
    budget = actual = short = None
    for m in before:
        c = label_class(m.label)
        if c == "budget":
            budget = m
        elif c in ("actual", "plain") and m.unit in ("万元", "元", "亿元"):
            actual = m
    for m in smoney:
        if label_class(m.label) == "short" and ("预算" in m.label or "节" in m.label):
            short = m
    if budget is None and actual is not None and short is not None:
        b_val = actual.value + short.value if any(w in short.label for w in ("低于", "节省", "节约", "结余", "少于")) else actual.value - short.value
        budget_val = b_val
        budget_implied = True
    elif budget is not None:
        budget_val = budget.value
        budget_implied = False
    else:
        return None, None
    if actual is None:
        return None, None
    trip = {"para": p, "tok": t, "budget": budget_val, "actual": actual.value, "rate": t.value, "implied": budget_implied}
    if budget_val == 0:
        if actual.value != 0:
            return (
                make_fact(
                    "narr_percent",
                    f"zero:{p.line}:{p.index}:{t.start}",
                    {"check": "completion_zero_base", "status": "zero_base", "numerator": fmt(actual.value), "denominator": "0", **_pos(p)},
                    [_para_ev(p, t.start)],
                    {"stated": t.value, "expected": None, "difference": None, "envelope": None},
                ),
                None,
            )
        return None, None
    if budget_implied:
        # the budget is itself derived: widen by the shortfall's half-unit
        b0 = budget_val - half_unit(actual.value) - half_unit(short.value) if short else budget_val
        b1 = budget_val + half_unit(actual.value) + half_unit(short.value) if short else budget_val
        a0, a1 = actual.value - half_unit(actual.value), actual.value + half_unit(actual.value)
        if b0 <= 0:
            return None, trip
        rng = (max(a0, _DEC0) / b1 * 100, a1 / b0 * 100)
    else:
        rng = percent_range(actual.value, budget_val)
        if rng is None:
            return None, trip
    if pct_holds(t.value, rng):
        return None, trip
    return _pct_fact(p, t, "completion", actual.value, budget_val, rng, [], {"base_label": "预算数"}), trip


def _growth(p: Para, t: Tok, before: list[Tok]) -> list[Any] | None:
    # the change amount: nearest preceding amount labelled with a change word, same sentence
    deltas = [m for m in before if label_class(m.label) == "change" and re.search(r"增加|减少|增长|下降|降低|上升", m.label)]
    if not deltas:
        return None
    d = deltas[-1]
    curs = [m for m in before if m.start < d.start and label_class(m.label) not in ("change", "short", "budget")]
    if not curs:
        return None
    cur = curs[-1]
    up_d = bool(re.search(r"增加|增长|上升", d.label.split("，")[-1]))
    down_d = bool(re.search(r"减少|下降|降低", d.label.split("，")[-1]))
    up_p = bool(re.search(r"增加|增长|上升|增幅|增速", _tail(t.label)))
    down_p = bool(re.search(r"减少|下降|降低|降幅", _tail(t.label)))
    out: list[Any] = []
    if (up_d and down_p and not up_p) or (down_d and up_p and not down_p):
        out.append(
            make_fact(
                "narr_direction",
                f"growthword:{p.line}:{p.index}:{t.start}",
                {"check": "growth_words", "status": "break", "amount_word": "增加" if up_d else "减少", "percent_word": "增长" if up_p else "下降",
                 "amount_direction": "up" if up_d else "down", "percent_direction": "up" if up_p else "down", **_pos(p)},
                [_para_ev(p, t.start)],
                {"stated": t.value},
            )
        )
    if not (up_d or down_d):
        return out
    c0, c1 = cur.value - half_unit(cur.value), cur.value + half_unit(cur.value)
    d0, d1 = d.value - half_unit(d.value), d.value + half_unit(d.value)
    if up_d:
        prev0, prev1, prev = c0 - d1, c1 - d0, cur.value - d.value
    else:
        prev0, prev1, prev = c0 + d0, c1 + d1, cur.value + d.value
    if prev0 <= 0:
        return out
    rng = (max(d0, _DEC0) / prev1 * 100, d1 / prev0 * 100)
    if pct_holds(t.value, rng):
        return out
    out.append(_pct_fact(p, t, "growth", d.value, prev, rng, [], {"base_label": "上年数", "current": fmt(cur.value)}))
    return out


@register("narr_percent")
def percent_facts(doc: Document) -> list[Any]:
    """Share (占), growth (增长/下降) and completion (完成预算的/执行率) percentages recomputed."""
    facts, _ = _percent_claims(doc)
    out: list[Any] = []
    groups: dict[tuple[str, str, str, str], list[Any]] = defaultdict(list)
    zero: list[Any] = []
    for f in facts:
        if f.kind != "narr_percent":
            continue
        if f.fields.get("status") == "zero_base":
            zero.append(f)
            continue
        groups[(f.fields["check"], str(f.values["stated"]), f.fields["numerator"], f.fields["denominator"])].append(f)
    for fs in groups.values():
        f0 = fs[0]
        f0.fields["mentions"] = len(fs)
        f0.evidence = f0.evidence + [e for f in fs[1:3] for e in f.evidence[:1]]
        out.append(f0)
    if zero:
        z0 = zero[0]
        out.append(
            make_fact(
                "narr_percent",
                "zero-base",
                {"check": "completion_zero_base", "status": "zero_base", "count": len(zero), "page": z0.fields.get("page"), "line": z0.fields.get("line")},
                [e for f in zero[:3] for e in f.evidence[:1]],
                {"stated": z0.values["stated"], "expected": None},
            )
        )
    return out


@register("narr_direction")
def direction_facts(doc: Document) -> list[Any]:
    """Direction words against the numbers: 增加…下降x%, 决算数大于/小于/较…增加 vs the two amounts."""
    facts, _ = _percent_claims(doc)
    out = [f for f in facts if f.kind == "narr_direction"]
    for p in paragraphs(doc):
        ptoks = money(tokens(p.text))
        for m in re.finditer(r"决算数?(?:较|比)?(?:年初|全年)?(?:预算数?)?(大于|小于|多于|少于|高于|低于|等于|持平|增加|减少|超过)", p.text):
            if "预算" not in p.text[m.start() : m.end() + 6]:
                continue
            mt = [x for x in ptoks if x.start < m.start()]
            budget = next((x for x in reversed(mt) if label_class(x.label) == "budget"), None)
            actual = next((x for x in reversed(mt) if label_class(x.label) in ("actual", "plain") and (budget is None or x.start > budget.start)), None)
            if budget is None or actual is None:
                continue
            word = m.group(1)
            more = word in ("大于", "多于", "高于", "增加", "超过")
            less = word in ("小于", "少于", "低于", "减少")
            same = word in ("等于", "持平")
            diff = actual.value - budget.value
            env = half_unit(actual.value) + half_unit(budget.value)
            ok = (more and diff > env) or (less and diff < -env) or (same and abs(diff) <= env)
            if ok:
                continue
            rel = "大于" if diff > env else ("小于" if diff < -env else "等于")
            claimed = "大于" if more else ("小于" if less else "等于")
            out.append(
                make_fact(
                    "narr_direction",
                    f"budgetword:{p.line}:{p.index}:{m.start()}",
                    {"check": "budget_words", "status": "break", "word": word, "claimed_relation": claimed, "phrase": m.group(0), "actual_relation": rel, "budget": fmt(budget.value), "actual": fmt(actual.value), **_pos(p)},
                    [_para_ev(p, m.start())],
                    {"stated": actual.value, "expected": budget.value, "difference": q2(diff)},
                )
            )
    return out



# --------------------------------------------------------------------------- reasons


@register("narr_reason")
def reasons(doc: Document) -> list[Any]:
    """年初预算 vs 决算 stated without any 原因 in the paragraph: the gap as a share of the budget (``gap_share``;
    a zero budget counts as unbounded). The rule says from which share on a reason is required (profile)."""
    seen = set()
    out: list[Any] = []
    paras = paragraphs(doc)
    for p in paras:
        if p.in_table:
            continue
        toks = money(tokens(p.text))
        b = next((t for t in toks if label_class(t.label) == "budget" and "年初" in t.label), None)
        if b is None:
            continue
        a = next((t for t in toks if t.start > b.start and label_class(t.label) == "actual" and "决算" in t.label), None)
        if a is None:
            continue
        dev = abs(a.value - b.value)
        if dev == 0 or (b.value == 0 and a.value <= 0):  # the share against the budget is what the rule judges
            continue
        gap_share = float(dev / b.value) if b.value > 0 else 1e9
        if "原因" in p.text or p.text.rstrip().endswith((":", "：")):
            continue
        nxt = paras[p.index + 1] if p.index + 1 < len(paras) else None
        if nxt is not None and re.match(r"^\s*(主要)?原因", nxt.text):
            continue
        key = (p.line, p.index)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            make_fact(
                "narr_reason",
                f"reason:{p.line}:{p.index}",
                {"check": "reason_missing", "reason_given": False, "gap_share": gap_share,
                 "threshold": format((Decimal(str(param("reason_required_share", "0.10"))) * 100).normalize(), "f") + "%", "budget": fmt(b.value), "actual": fmt(a.value), "gap": fmt(abs(a.value - b.value)), **_pos(p)},
                [_para_ev(p, b.start)],
                {"stated": a.value, "expected": b.value, "difference": q2(a.value - b.value)},
            )
        )
    return out
