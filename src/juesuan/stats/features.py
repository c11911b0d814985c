"""Per-document features for the statistical layer (GUIDE §2 G).

``document_features(doc)`` takes the JSON dict form of ``juesuan.model.document.Document`` and returns
``{feature name: [observation, ...]}``. An observation is a dict::

    {"feature": "completion", "value": Decimal, "subject": str, "level": "unit"|"item"|"project",
     "evidence": [{page, line, text, table, row, column}], "low_ok": bool}

Unit-level features have at most one observation; item/project-level ones (completion and
execution rates, growth, indicator ratios, score gaps) keep one per claim / performance row, with
the evidence they came from. Everything is tolerant of missing pieces: a feature that cannot be
computed is simply absent.

``FEATURES`` describes each feature: Chinese label, unit, the domain range outside which a value
is notable (moderate) or strong, whether robust z is computed on the log scale, and why it matters.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan.stats.doc_values import (
    _NUM,
    _SANGONG,
    _claim_ev,
    _dec,
    _ev,
    _level,
    _obs,
    _pct,
    _row,
    _row_ev,
    _table,
    _wan,
)
from juesuan.stats.peers import total_spending


@dataclass(frozen=True)
class FeatureSpec:
    name: str
    label: str
    unit: str  # "%" | "万元/人" | "倍" | "分"
    level: str  # "unit" | "item"
    moderate: tuple[float | None, float | None] = (None, None)  # (low, high) domain bounds, None = unbounded
    strong: tuple[float | None, float | None] = (None, None)
    log: bool = False  # robust z on log scale
    reference: float | None = None  # the natural centre (100% for rates) used to pick a document's extreme item
    why: str = ""


FEATURES: dict[str, FeatureSpec] = {s.name: s for s in (
    FeatureSpec("completion", "预算完成率（决算数/年初预算）", "%", "item", (50, 200), (20, 500), True, 100.0,
                "决算数远离年初预算说明预算编制不实或年中大幅追加/未执行，违背预算法“以支定收、严格执行”的要求，需核实数字是否有误。"),
    FeatureSpec("execution", "预算执行率（执行数/预算数）", "%", "item", (50, 200), (20, 500), True, 100.0,
                "执行率过低意味着资金闲置、绩效目标难以实现；超过100%则执行数超出预算，需核实。"),
    FeatureSpec("growth", "同比增减幅度", "%", "item", (None, 200), (None, 1000), False, 0.0,
                "收支规模同比成倍变化需要有充分的原因说明，也可能是数字或单位错误。"),
    FeatureSpec("sangong_share", "“三公”经费占支出合计比重", "%", "unit", (None, 10), (None, 25), True, None,
                "“三公”经费受中央八项规定严格控制，占比异常偏高需重点关注。"),
    FeatureSpec("gongyong_share", "公用经费占基本支出比重", "%", "unit", (None, None), (None, None), False, None,
                "公用经费占比明显偏离同类单位，可能存在经费分类不当或运行成本异常。"),
    FeatureSpec("basic_share", "基本支出占支出合计比重", "%", "unit", (None, None), (None, None), False, None,
                "基本支出与项目支出结构明显偏离同类单位，可能存在支出分类不当。"),
    FeatureSpec("per_capita", "人均支出", "万元/人", "unit", (None, None), (None, None), True, None,
                "人均支出明显偏离同类单位，需结合职能核实人员数与支出规模。"),
    FeatureSpec("score_gap", "自评得分高出预算执行率", "分", "item", (None, 40), (None, 60), False, 0.0,
                "预算执行率很低而自评分接近满分，说明自评未如实反映执行情况（财预〔2020〕10号）。"),
    FeatureSpec("indicator_ratio", "绩效指标实际值/目标值", "倍", "item", (0.3, 5), (0.1, 20), True, 1.0,
                "实际完成值与目标值相差数倍，说明目标设置不合理或完成值填报有误。"),
)}

UNIT_SCALARS = ("unit_completion", "unit_execution", "sangong_share", "gongyong_share", "basic_share", "score_gap_max")

# ------------------------------------------------------------------ the features


def _completion(doc: dict[str, Any], projects: set[str]) -> list[dict[str, Any]]:
    out = []
    for c in doc.get("claims") or []:
        if c.get("kind") != "completion" or (c.get("unit") or "%") != "%":
            continue
        v = _dec(c.get("value"))
        if v is None:
            continue
        subject = c.get("subject") or ""
        out.append(_obs("completion", v, subject, _level(subject, c.get("subject_code"), projects), [_claim_ev(c)],
                        low_ok=bool(_SANGONG.search(subject))))
    return out


def _execution(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in doc.get("performance") or []:
        b, e = _dec(p.get("budget")), _dec(p.get("executed"))
        rate = _pct(e, b) if b is not None and e is not None and b > 0 else _dec(p.get("rate"))
        if rate is None:
            continue
        evid = [_ev(p.get("page"), p.get("line"), p.get("execution_raw") or p.get("raw"), "绩效自评表", p.get("project"), "执行率")]
        level = "unit" if p.get("kind") == "unit" else "project"
        out.append(_obs("execution", rate, p.get("project") or "", level, evid, budget=b, executed=e))
    for c in doc.get("claims") or []:
        if c.get("kind") != "rate" or (c.get("unit") or "%") != "%":
            continue
        v = _dec(c.get("value"))
        if v is None:
            continue
        subject = c.get("subject") or ""
        # the same rate already taken from a self-evaluation table: add the sentence as evidence
        same = next((o for o in out if abs(o["value"] - v) <= Decimal("0.05")), None)
        if same is not None:
            if len(same["evidence"]) < 3:
                same["evidence"].append(_claim_ev(c))
            continue
        out.append(_obs("execution", v, subject, "unit" if re.search(r"整体|部门|单位", subject) else "project",
                        [_claim_ev(c)], low_ok=bool(_SANGONG.search(subject))))
    return out


def _growth(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in doc.get("claims") or []:
        if c.get("kind") != "growth" or (c.get("unit") or "%") != "%":
            continue
        v = _dec(c.get("value"))
        if v is None:
            continue
        if (c.get("direction") or "") in ("减少", "下降", "小于") and v > 0:
            v = -v
        out.append(_obs("growth", v, c.get("subject") or "", "item", [_claim_ev(c)], low_ok=True))
    return out


def _sangong_share(doc: dict[str, Any]) -> list[dict[str, Any]]:
    t7, t3 = _table(doc, "T7"), _table(doc, "T3")
    total = total_spending(doc)
    if not t3 or total is None or total <= 0:
        return []
    r3 = _row(t3, ("合计", "总计"))
    ev3 = [_row_ev(t3, r3, "合计")] if r3 else []
    if t7 is None:
        return []
    r7 = _row(t7, ("合计",))
    if r7 is None or (r7.get("values") or {}).get("决算数") is None:
        if t7.get("empty"):
            ev = [_ev(t7.get("empty_statement_page") or t7.get("page"), t7.get("empty_statement_line") or t7.get("line"),
                      t7.get("empty_statement") or t7.get("title"), "T7", "合计", "决算数")]
            return [_obs("sangong_share", Decimal("0.00"), "“三公”经费", "unit", ev + ev3)]
        return []
    v7 = _wan(Decimal((r7.get("values") or {})["决算数"]), t7, doc)
    share = _pct(v7, total)
    if share is None:
        return []
    return [_obs("sangong_share", share, "“三公”经费", "unit", [_row_ev(t7, r7, "决算数"), *ev3],
                 numerator=v7, denominator=total)]


def _t6_totals(t6: dict[str, Any]) -> tuple[Decimal | None, Decimal | None, list[dict[str, Any]]]:
    rp = _row(t6, ("人员经费合计",))
    rg = _row(t6, ("公用经费合计",))

    def val(r: dict[str, Any] | None) -> Decimal | None:
        return _dec((r or {}).get("values", {}).get("决算数")) if r else None

    p, g = val(rp), val(rg)
    ev = [_row_ev(t6, r, "决算数") for r in (rg, rp) if r]
    if p is None or g is None:
        cls = {r.get("code"): _dec((r.get("values") or {}).get("决算数")) for r in t6.get("rows") or [] if r.get("code") and len(r["code"]) == 3}
        if p is None and any(cls.get(c) is not None for c in ("301", "303")):
            p = sum((cls.get(c) or Decimal(0) for c in ("301", "303")), Decimal(0))
        if g is None and any(cls.get(c) is not None for c in ("302", "307", "310", "399")):
            g = sum((cls.get(c) or Decimal(0) for c in ("302", "307", "310", "399")), Decimal(0))
    return p, g, ev


def _gongyong_share(doc: dict[str, Any]) -> list[dict[str, Any]]:
    t6 = _table(doc, "T6")
    if not t6 or not t6.get("rows"):
        return []
    p, g, ev = _t6_totals(t6)
    if p is None or g is None:
        return []
    share = _pct(g, p + g)
    return [] if share is None else [_obs("gongyong_share", share, "公用经费", "unit", ev, numerator=g, denominator=p + g)]


def _basic_share(doc: dict[str, Any]) -> list[dict[str, Any]]:
    t3 = _table(doc, "T3")
    r = _row(t3, ("合计", "总计"))
    if not t3 or not r:
        return []
    vals = r.get("values") or {}
    total, basic = _dec(vals.get("合计")), _dec(vals.get("基本支出"))
    if total is None or basic is None or total <= 0:
        return []
    share = _pct(basic, total)
    return [] if share is None else [_obs("basic_share", share, "基本支出", "unit", [_row_ev(t3, r, "基本支出")],
                                          numerator=basic, denominator=total)]


_STAFF = re.compile(r"编制|在职|实有|人员|职工|干部")


def _per_capita(doc: dict[str, Any]) -> list[dict[str, Any]]:
    total = total_spending(doc)
    if total is None or total <= 0:
        return []
    for c in doc.get("claims") or []:
        if c.get("kind") == "count" and (c.get("unit") or "") == "人" and _STAFF.search(c.get("subject") or ""):
            n = _dec(c.get("value"))
            if n is not None and n > 0:
                v = (total / n).quantize(Decimal("0.0001"))
                return [_obs("per_capita", v, c.get("subject") or "", "unit", [_claim_ev(c)], staff=n, denominator=total)]
    return []


def _score_gap(execution: list[dict[str, Any]], doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for p in doc.get("performance") or []:
        total = _dec(p.get("total_score"))
        b, e = _dec(p.get("budget")), _dec(p.get("executed"))
        rate = _pct(e, b) if b is not None and e is not None and b > 0 else _dec(p.get("rate"))
        if total is None or rate is None or total > 100:
            continue
        gap = total - min(rate, Decimal(100))
        ev = [_ev(p.get("page"), p.get("line"), p.get("execution_raw") or p.get("raw"), "绩效自评表", p.get("project"), "执行率")]
        out.append(_obs("score_gap", gap.quantize(Decimal("0.01")), p.get("project") or "",
                        "unit" if p.get("kind") == "unit" else "project", ev, low_ok=True, total_score=total, rate=rate))
    return out


def _first_number(s: str | None) -> Decimal | None:
    m = _NUM.search((s or "").replace("，", ","))
    return _dec(m.group(0).replace(",", "")) if m else None


def _indicator_ratio(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for p in doc.get("performance") or []:
        for ind in p.get("indicators") or []:
            tgt, act = ind.get("target") or "", ind.get("actual") or ""
            if re.search(r"[≤<＜]|以下|不超过|不高于|低于|率.*[≤<]", tgt) or re.search(r"故障|投诉|差错|事故|失误|发生率|超标", ind.get("name") or ""):
                continue  # a negative indicator: smaller is better, the ratio means nothing
            t, a = _first_number(tgt), _first_number(act)
            if t is None or a is None or t <= 0 or a < 0:
                continue
            if ("%" in tgt) != ("%" in act) and ("%" in tgt or "%" in act):
                continue  # different kinds of figure: a rule's business
            ratio = (a / t).quantize(Decimal("0.001"))
            ev = [_ev(ind.get("page"), ind.get("line"), ind.get("raw") or f"{ind.get('name')} {tgt} {act}", "绩效自评表",
                      ind.get("name"), "实际完成值")]
            out.append(_obs("indicator_ratio", ratio, f"{p.get('project') or ''}·{ind.get('name') or ''}", "item", ev,
                            target=tgt, actual=act))
    return out


def document_features(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """All feature observations of one document (see module docstring)."""
    projects = {str(p.get("project") or "") for p in doc.get("performance") or [] if p.get("kind") != "unit"}
    execution = _execution(doc)
    feats = {
        "completion": _completion(doc, projects),
        "execution": execution,
        "growth": _growth(doc),
        "sangong_share": _sangong_share(doc),
        "gongyong_share": _gongyong_share(doc),
        "basic_share": _basic_share(doc),
        "per_capita": _per_capita(doc),
        "score_gap": _score_gap(execution, doc),
        "indicator_ratio": _indicator_ratio(doc),
    }
    return {k: v for k, v in feats.items() if v}


def transform(feature: str, value: float) -> float:
    """The scale robust z is computed on (log for ratio-like features)."""
    spec = FEATURES.get(feature)
    if spec is not None and spec.log:
        return math.log(max(value, 0.0) + 1.0)
    return value


def domain_level(obs: dict[str, Any]) -> int:
    """0 = inside the domain range, 1 = moderate, 2 = strong (outside the strong bounds)."""
    spec = FEATURES.get(obs["feature"])
    if spec is None:
        return 0
    v = float(obs["value"])
    level = 0
    for k, (lo, hi) in ((1, spec.moderate), (2, spec.strong)):
        if (hi is not None and v > hi) or (lo is not None and v < lo and not obs.get("low_ok")):
            level = k
    return level


def extreme(feature: str, observations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The document's most extreme observation of a feature (farthest from the natural centre)."""
    if not observations:
        return None
    spec = FEATURES.get(feature)
    ref = spec.reference if spec else None
    if ref is None:
        return observations[0]

    def dist(o: dict[str, Any]) -> float:
        v = float(o["value"])
        if spec is not None and spec.log:
            if o.get("low_ok") and v < ref:
                return 0.0
            return abs(math.log((max(v, 0.0) + 1.0) / (ref + 1.0)))
        if o.get("low_ok") and v < ref:
            return 0.0
        return abs(v - ref)

    return max(observations, key=dist)


def unit_scalars(feats: dict[str, list[dict[str, Any]]]) -> dict[str, float | None]:
    """Per-document scalars for the multivariate detector (None = not available)."""

    def first_unit(name: str) -> float | None:
        obs = [o for o in feats.get(name, []) if o["level"] == "unit"]
        return float(obs[0]["value"]) if obs else None

    def single(name: str) -> float | None:
        obs = feats.get(name) or []
        return float(obs[0]["value"]) if obs else None

    execution = first_unit("execution")
    if execution is None:
        proj = [o for o in feats.get("execution", []) if o.get("budget") and o.get("executed") is not None]
        b = sum((o["budget"] for o in proj), Decimal(0))
        if b > 0:
            execution = float(sum((o["executed"] for o in proj), Decimal(0)) / b * 100)
    gaps = [float(o["value"]) for o in feats.get("score_gap", [])]
    return {
        "unit_completion": first_unit("completion"),
        "unit_execution": execution,
        "sangong_share": single("sangong_share"),
        "gongyong_share": single("gongyong_share"),
        "basic_share": single("basic_share"),
        "score_gap_max": max(gaps) if gaps else None,
    }
