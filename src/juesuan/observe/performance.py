"""Group E facts: performance self-evaluation (绩效自评表) arithmetic and plausibility.

Reads ``Document.performance`` (engine/performance.py) and, for the text-vs-table checks, the
narrative through juesuan.model.narrative.textscan. Scoring per 财预〔2020〕10号 and provincial practice
(Hubei: execution score = 20 × 执行率; national template: 10).

Fact kinds: perf_exec (执行率 / 执行得分), perf_indicator (one indicator), perf_table (one
table's sums, weights, grade, zero execution), perf_text (summary text vs the table). The
indicator facts are in ``observe/perf_indicators.py``, shared helpers in ``observe/perf_common.py``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Performance
from juesuan.model.narrative.textscan import money, paragraphs, tokens
from juesuan.observe.context import decimal_param
from juesuan.observe.fact_make import ev, make_fact, register
from juesuan.observe.perf_common import (
    _D0,
    _D100,
    _hs,
    _iev,
    _key,
    _pev,
    _pos,
    grade_for,
)
from juesuan.observe.perf_indicators import (
    indicator_facts,
)
from juesuan.text.format import fmt
from juesuan.text.intervals import half_unit, pct_holds, percent_range, q2
from juesuan.text.normalize import normalize_label, normalize_text
from juesuan.text.similarity import subsumed_similarity

# --------------------------------------------------------------------------- execution


def execution_weight(pf: Performance) -> tuple[Decimal | None, bool]:
    """(weight, stated) — the 分值 the table prints for the budget-execution line (or in its formula).

    The execution score is judged against the profile's ``execution_weight`` (Hubei 20, national 10);
    the printed weight is shown in the finding and checked against the headings by PERF-EXEC-WEIGHT-MISMATCH."""
    if pf.execution_weight is not None:
        return pf.execution_weight, True
    raw = normalize_text(pf.execution_raw or "")
    m = re.search(r"(\d+)\s*分?\s*\*\s*执行率", raw)
    if m:
        return Decimal(m.group(1)), True
    return None, False


@register("perf_exec")
def execution_facts(doc: Document) -> list[Any]:
    """执行率 = 执行数 ÷ 预算数; 执行得分 = 分值 × min(执行率, 1)."""
    out: list[Any] = []
    for pf in doc.performance:
        if pf.budget is None or pf.executed is None:
            continue
        rate_ok = True
        if pf.rate is not None and pf.budget > 0:
            rng = percent_range(pf.executed, pf.budget)
            if rng is not None and not pct_holds(pf.rate, rng):
                rate_ok = False
                exp = q2(pf.executed / pf.budget * 100)
                out.append(
                    make_fact(
                        "perf_exec",
                        f"rate:{_key(pf)}",
                        {"check": "exec_rate", "budget": fmt(pf.budget), "executed": fmt(pf.executed), **_pos(pf),
                         "rate_lo": float(pf.rate - half_unit(pf.rate)), "rate_hi": float(pf.rate + half_unit(pf.rate)),
                         "exec_rate_lo": float(rng[0]), "exec_rate_hi": float(rng[1])},
                        [_pev(pf)],
                        {"stated": pf.rate, "expected": exp, "difference": q2(pf.rate - exp), "envelope": half_unit(pf.rate)},
                    )
                )
        if pf.score is None or pf.budget <= 0 or not rate_ok:
            continue
        printed, stated_w = execution_weight(pf)
        w = decimal_param("execution_weight", "20")  # the profile's weight: the rule compares with it
        lo, hi = percent_range(pf.executed, pf.budget) or (_D0, _D0)
        exp = q2(w * min(pf.executed / pf.budget, Decimal(1)))
        out.append(
            make_fact(
                "perf_exec",
                f"score:{_key(pf)}",
                {
                    "check": "exec_score",
                    "weight": float(w),
                    "weight_text": fmt(w),
                    "weight_stated": stated_w,
                    "weight_printed": fmt(printed) if printed is not None else "",
                    "rate": fmt(q2(pf.executed / pf.budget * 100)),
                    # the printed score and executed ÷ budget capped at 1, as intervals
                    "score_lo": float(pf.score - half_unit(pf.score)), "score_hi": float(pf.score + half_unit(pf.score)),
                    "exec_share_lo": float(min(lo, _D100) / 100), "exec_share_hi": float(min(hi, _D100) / 100),
                    **_pos(pf),
                },
                [_pev(pf)],
                {"stated": pf.score, "expected": exp, "difference": q2(pf.score - exp), "envelope": half_unit(pf.score) + Decimal("0.005")},
            )
        )
    out.extend(_text_exec_scores(doc))
    return out


def _text_exec_scores(doc: Document) -> list[Any]:
    """A narrative '执行率 75.9%。此项得分为 15.87 分' whose score is not weight × rate (20 or 10)."""
    out: list[Any] = []
    weights = {decimal_param("execution_weight", "20")}  # the profile's weight
    for p in paragraphs(doc):
        if p.in_table or "执行率" not in p.text:
            continue
        toks = tokens(p.text)
        rate = next((t for t in toks if t.unit == "%" and "执行率" in t.label), None)
        if rate is None:
            continue
        score = next((t for t in toks if t.unit == "分" and t.start > rate.start and re.search(r"得分|评分|此项", t.label) and p.text[rate.end : t.start].count("。") <= 1), None)
        if score is None:
            continue
        # the rate itself must be consistent with the amounts before it (else the rate is the finding)
        from juesuan.observe.narrative.common import label_class

        mt = [t for t in money(toks) if t.start < rate.start]
        b = next((t for t in reversed(mt) if label_class(t.label) == "budget"), None)
        a = next((t for t in reversed(mt) if _is_exec_label(t.label) and (b is None or t.start > b.start)), None)
        if b is not None and a is not None:
            rng = percent_range(a.value, b.value)
            if rng is not None and not pct_holds(rate.value, rng):
                continue
        r = min(rate.value, _D100) / 100
        r_lo = (rate.value - half_unit(rate.value)) / 100
        r_hi = min(rate.value + half_unit(rate.value), _D100) / 100
        if any(score.value + half_unit(score.value) >= w * r_lo and score.value - half_unit(score.value) <= w * r_hi for w in weights):
            continue
        w = max(weights)
        exp = q2(w * r)
        out.append(
            make_fact(
                "perf_exec",
                f"textscore:{p.line}:{p.index}",
                {"check": "exec_score_text", "status": "break", "weight": fmt(w), "weight_stated": False, "rate": fmt(rate.value), "project": "", "table_kind": "text", "page": p.page, "line": p.line},
                [ev(p.raw, p.page, p.line)],
                {"stated": score.value, "expected": exp, "difference": q2(score.value - exp), "envelope": half_unit(score.value)},
            )
        )
    return out


# --------------------------------------------------------------------------- table-level


@register("perf_table")
def table_facts(doc: Document) -> list[Any]:
    """Total = execution score + Σ indicator scores; weights sum to 100; grade band; zero execution
    with every output indicator at full marks."""
    out: list[Any] = []
    for pf in doc.performance:
        inds = pf.indicators
        # a table without a 分值 column sometimes lands its 得分 under 分值 for malformed rows
        has_weights = any(x.weight is not None and x.score is not None for x in inds)
        scores = [x.score if x.score is not None or has_weights else x.weight for x in inds]
        if pf.total_score is not None and inds and all(s is not None for s in scores):
            parts = [s for s in scores if s is not None]
            if pf.score is not None:
                parts.append(pf.score)
            s = sum(parts, _D0)
            env = _hs(pf.total_score) + sum((_hs(x) for x in parts), _D0)
            ok = abs(pf.total_score - s) <= env
            if not ok:
                out.append(make_fact("perf_table", f"total:{_key(pf)}", {"check": "total_sum", "status": "break", "parts": len(parts), "with_execution": pf.score is not None, **_pos(pf)},
                                     [_pev(pf, pf.raw), *[_iev(pf, x) for x in inds[:2]]],
                                     {"stated": pf.total_score, "expected": s, "difference": q2(pf.total_score - s), "envelope": env}))
        weights = [x.weight for x in inds]
        w_exec, stated = execution_weight(pf)
        if inds and all(w is not None for w in weights):
            total_w = sum((w for w in weights if w is not None), _D0)
            if w_exec is not None and stated:
                total_w += w_exec
                if total_w != _D100:
                    out.append(make_fact("perf_table", f"weights:{_key(pf)}", {"check": "weights_sum", "status": "break", "execution_weight": fmt(w_exec), **_pos(pf)},
                                         [_pev(pf, pf.raw), _pev(pf)], {"stated": total_w, "expected": _D100, "difference": total_w - _D100}))
            elif total_w > _D100:
                out.append(make_fact("perf_table", f"weights:{_key(pf)}", {"check": "weights_sum", "status": "break", "execution_weight": "", **_pos(pf)},
                                     [_pev(pf, pf.raw)], {"stated": total_w, "expected": _D100, "difference": total_w - _D100}))
        if pf.grade and pf.total_score is not None:
            g = normalize_text(pf.grade).strip("“”\"' ")[:1]
            exp_g = grade_for(pf.total_score)
            if g in "优良中差" and g != exp_g:
                out.append(make_fact("perf_table", f"grade:{_key(pf)}", {"check": "grade_band", "status": "break", "grade": g, "expected_grade": exp_g, **_pos(pf)},
                                     [_pev(pf, pf.raw)], {"stated": pf.total_score}))
        if pf.budget and pf.budget > 0 and pf.executed is not None and pf.executed / pf.budget <= Decimal("0.05"):
            outputs = [x for x in inds if x.level1 and "产出" in x.level1 and x.weight is not None and x.score is not None]
            if outputs and all(x.score is not None and x.weight is not None and x.score >= x.weight for x in outputs):
                out.append(make_fact("perf_table", f"zero:{_key(pf)}", {"check": "zero_execution_full_marks", "status": "break", "outputs": len(outputs),
                                                                        "budget": fmt(pf.budget), "executed": fmt(pf.executed), **_pos(pf)},
                                     [_pev(pf), *[_iev(pf, x) for x in outputs[:2]]],
                                     {"stated": sum((x.score for x in outputs if x.score is not None), _D0), "expected": _D0}))
    done = {f.fields.get("project") for f in out if f.fields.get("check") == "weights_sum"}
    out.extend(f for f in _heading_weights(doc) if not (f.fields.get("check") == "heading_weights_sum" and f.fields.get("project") in done))
    out.extend(_text_grades(doc))
    return out


_HW = re.compile(
    r"(预算执行情况|年度(?:绩效)?目标\s*(\d+)|(?<![\u4e00-\u9fff])(?:产出|效益|满意度)指标)(?:\s*[（(]\s*万元\s*[)）])?[^|（(]{0,12}?[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]"
)
_FORMULA = re.compile(r"(\d+)\s*分?\s*[*×xX]\s*执行率")


def _heading_weights(doc: Document) -> list[Any]:
    """Weights printed in the headings of a self-evaluation table ("预算执行情况（19分）", "年度目标1（16分）")
    add up to 100, and the execution heading agrees with its own formula ("20分*执行率")."""
    if not doc.performance or not doc.lines:
        return []
    starts: list[tuple[int, Performance]] = []
    for pf in doc.performance:
        i = next((k for k, tl in enumerate(doc.lines) if tl.line == pf.line and tl.page == pf.page), None)
        if i is not None:
            starts.append((i, pf))
    starts.sort(key=lambda x: x[0])
    out: list[Any] = []
    for n, (i, pf) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else min(len(doc.lines), i + 80)
        weights: dict[str, tuple[Decimal, Any]] = {}
        formula: tuple[Decimal, Any] | None = None
        for tl in doc.lines[max(0, i - 3) : end]:
            raw = normalize_text(tl.raw or "")
            for m in _HW.finditer(raw):
                key = "exec" if m.group(1).startswith("预算执行") else (f"goal{m.group(2)}" if m.group(2) else m.group(1)[:4])
                weights.setdefault(key, (Decimal(m.group(3)), tl))
            fm = _FORMULA.search(raw)
            if fm and formula is None:
                formula = (Decimal(fm.group(1)), tl)
        goals = [k for k in weights if k.startswith("goal")]
        levels = [k for k in weights if not k.startswith("goal") and k != "exec"]
        parts = [k for k in (goals or levels)]
        total = weights["exec"][0] + sum((weights[k][0] for k in parts), _D0) if "exec" in weights else None
        if "exec" in weights and formula is not None and weights["exec"][0] != formula[0]:
            (w, tl), (fw, _) = weights["exec"], formula
            with_formula = total - w + fw if total is not None and len(parts) >= 2 else None
            out.append(make_fact("perf_table", f"execw:{_key(pf)}", {"check": "execution_weight_mismatch", "status": "break", "heading_weight": fmt(w), "formula_weight": fmt(fw),
                                                                     "sum_note": f"，各部分分值合计因此为 {fmt(total)} 分" if with_formula == _D100 else "", **_pos(pf)},
                                 [ev(tl.raw, tl.page, tl.line, "绩效自评表", pf.project, None)], {"stated": w, "expected": fw}))
            if with_formula == _D100:
                continue  # the heading is the one defect; the sum follows from it
        if total is None or len(parts) < 2 or total == _D100:
            continue
        evs = [ev(weights[k][1].raw, weights[k][1].page, weights[k][1].line, "绩效自评表", pf.project, None) for k in ["exec", *parts][:3]]
        out.append(make_fact("perf_table", f"hweights:{_key(pf)}", {"check": "heading_weights_sum", "status": "break", "execution_weight": fmt(weights["exec"][0]),
                                                                   "detail": "、".join(fmt(weights[k][0]) for k in ["exec", *parts]), **_pos(pf)},
                             evs, {"stated": total, "expected": _D100, "difference": total - _D100}))
    return out


def _text_grades(doc: Document) -> list[Any]:
    out: list[Any] = []
    for p in paragraphs(doc):
        m = re.search(r"(?:得分|评分|总分)[为是:：]?\s*(\d+(?:\.\d+)?)\s*分[^。]{0,20}?(?:评价结果|等级|评价等级|结果)[为是:：]?\s*[“\"]?([优良中差])", p.text)
        if not m:
            continue
        sc = Decimal(m.group(1))
        g = m.group(2)
        if sc > _D100 or grade_for(sc) == g:
            continue
        out.append(make_fact("perf_table", f"textgrade:{p.line}:{p.index}", {"check": "grade_band", "status": "break", "grade": g, "expected_grade": grade_for(sc), "project": "", "table_kind": "text",
                                                                            "page": p.page, "line": p.line},
                             [ev(p.raw, p.page, p.line)], {"stated": sc}))
    return out


# --------------------------------------------------------------------------- summary text vs table


def _is_exec_label(label: str) -> bool:
    lab = re.split(r"[，,：:。；;]", label.replace(" ", ""))[-1]
    if re.search(r"基本支出|项目支出|节省|结余|低于|高于|上年", lab):
        return False
    return bool(re.search(r"执行数|执行金额|实际支出|实际执行|支出决算|决算数|实际预算支出|执行为|执行$|支出为|支出$", lab))


def _name_sim(a: str, b: str) -> float:
    a = re.sub(r"(项目|专项|资金|经费|绩效|自评|综述|20\d{2}年度?|“|”|\"|:|：)", "", normalize_label(a))
    b = re.sub(r"(项目|专项|资金|经费|绩效|自评|综述|20\d{2}年度?|“|”|\"|:|：)", "", normalize_label(b))
    return subsumed_similarity(a, b, 4, 1.0)


@register("perf_text")
def text_vs_table(doc: Document) -> list[Any]:
    """The same project's budget / execution in the summary text (…项目…预算数为 X 万元，执行数为 Y 万元)
    against its self-evaluation table."""
    projects = [pf for pf in doc.performance if pf.budget is not None]
    if not projects:
        return []
    out: list[Any] = []
    seen_projects: set[str] = set()
    for p in paragraphs(doc):
        if p.in_table:
            continue
        toks = money(tokens(p.text))
        if not toks or not re.search(r"预算", p.text) or not re.search(r"执行|实际支出|支出决算", p.text):
            continue
        head = p.text[: toks[0].start]
        if not re.search(r"项目|整体|部门|单位", head):
            continue
        best, best_s = None, 0.0
        for pf in projects:
            s = _name_sim(head, pf.project)
            if pf.kind == "unit" and re.search(r"整体", head):
                s = max(s, 0.95)
            if s > best_s:
                best, best_s = pf, s
        if best is None or best_s < 0.9:
            continue
        from juesuan.observe.narrative.common import label_class

        budget = next((t for t in toks if label_class(t.label) == "budget" and not re.search(r"基本支出|项目支出|节省|结余", t.label)), None)
        actual = next((t for t in toks if _is_exec_label(t.label) and (budget is None or t.start > budget.start)), None)
        diffs = []
        for col, tok, tv in (("预算数", budget, best.budget), ("执行数", actual, best.executed)):
            if tok is None or tv is None:
                continue
            if abs(tok.value - tv) <= half_unit(tok.value) + half_unit(tv):
                continue
            diffs.append((col, tok, tv))
        if not diffs or best.project in seen_projects:
            continue
        seen_projects.add(best.project)
        col, tok, tv = diffs[0]
        detail = "；".join(f"{c}：正文 {fmt(t.value)} 万元，自评表 {fmt(v)} 万元" for c, t, v in diffs)
        out.append(make_fact("perf_text", f"{_key(best)}:{p.line}", {"check": "text_vs_table", "status": "break", "column": "、".join(d[0] for d in diffs), "detail": detail, **_pos(best)},
                             [ev(p.raw, p.page, p.line), _pev(best)],
                             {"stated": tok.value, "expected": tv, "difference": q2(tok.value - tv), "envelope": half_unit(tok.value) + half_unit(tv)}))
    return out


EXTRACTORS = (execution_facts, indicator_facts, table_facts, text_vs_table)


def all_facts(doc: Document) -> list[Any]:
    out: list[Any] = []
    for fn in EXTRACTORS:
        out.extend(fn(doc))
    return out
