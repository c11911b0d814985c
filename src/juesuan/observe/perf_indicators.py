"""Group E facts of the indicator rows (perf_indicator): target and actual values parsed (``parse_value``),
bounded rates (满意度, 合格率 …) and negative indicators (故障率, 投诉率 …) told apart, target vs actual
compared only when both are of the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Indicator
from juesuan.observe.fact_make import make_fact, register
from juesuan.observe.perf_common import _D100, _iev, _key, _pos
from juesuan.text.intervals import half_unit, q2
from juesuan.text.normalize import normalize_text

# --------------------------------------------------------------------------- indicators

_NUMV = re.compile(r"([≥≤<>＞＜=]|大于等于|小于等于|不低于|不高于|不少于|不超过|大于|小于|高于|低于)?\s*(-?\d+(?:\.\d+)?)\s*([%％]|[\u4e00-\u9fffA-Za-z/]{0,4})")


@dataclass
class Val:
    op: str  # ">=", "<=", "=" ...
    num: Decimal
    unit: str  # "%" or a unit word or ""
    pure: bool  # the whole cell is the value (no other words)


def parse_value(cell: str | None) -> Val | None:
    if not cell:
        return None
    s = normalize_text(cell).replace(" ", "")
    m = _NUMV.search(s)
    if not m:
        return None
    opw = m.group(1) or ""
    op = {"≥": ">=", "大于等于": ">=", "不低于": ">=", "不少于": ">=", ">": ">", "＞": ">", "大于": ">", "高于": ">",
          "≤": "<=", "小于等于": "<=", "不高于": "<=", "不超过": "<=", "<": "<", "＜": "<", "小于": "<", "低于": "<"}.get(opw, "=")
    unit = (m.group(3) or "").replace("％", "%")
    pure = m.group(0) == s or s.endswith(m.group(0)) and len(s) - len(m.group(0)) <= 1
    try:
        return Val(op, Decimal(m.group(2)), unit, pure)
    except Exception:
        return None


_BOUNDED = re.compile(r"(准确率|合格率|达标率|满意度|满意率|覆盖率|及时率|正常率|故障率|通过率|使用率|利用率|到位率|知晓率|参与率|出勤率|验收率|投诉率|差错率|错误率|完好率|受益率|结案率|办结率|响应率|上线率|在线率|连通率)")
_NEGATIVE = re.compile(r"(故障率|投诉率|差错率|错误率|失误率|事故率|发生率|失败率|流失率|返工率|超支率|违规率|不合格率)")


def _ind_unit(ind: Indicator) -> str:
    if ind.unit:
        return normalize_text(ind.unit).replace("％", "%")
    m = re.search(r"[（(]\s*([%％]|[\u4e00-\u9fff]{1,3})\s*[)）]\s*$", ind.name or "")
    return (m.group(1).replace("％", "%") if m else "")


@register("perf_indicator")
def indicator_facts(doc: Document) -> list[Any]:
    """Score ≤ weight; quantitative below target cannot score full; impossible percentages; implausible
    targets; target and actual of different kinds (one fact per table for the last)."""
    out: list[Any] = []
    for pf in doc.performance:
        mismatched: list[Indicator] = []
        for i, ind in enumerate(pf.indicators):
            base = {"indicator": ind.name, "target": ind.target or "", "actual": ind.actual or "", **_pos(pf), "page": ind.page or pf.page, "line": ind.line or pf.line}
            k = f"{_key(pf)}:{i}"
            if ind.weight is not None and ind.score is not None and ind.score > ind.weight:
                out.append(make_fact("perf_indicator", f"over:{k}", {"check": "score_over_weight", "status": "break", **base}, [_iev(pf, ind)],
                                     {"stated": ind.score, "expected": ind.weight, "difference": q2(ind.score - ind.weight)}))
            tv, av = parse_value(ind.target), parse_value(ind.actual)
            unit = _ind_unit(ind)
            # percentages over 100 where the measure is bounded
            if av is not None and _BOUNDED.search(ind.name or "") and (av.unit == "%" or unit == "%") and av.num > 100:
                out.append(make_fact("perf_indicator", f"pct:{k}", {"check": "impossible_percent", "status": "break", **base}, [_iev(pf, ind)],
                                     {"stated": av.num, "expected": _D100, "difference": q2(av.num - _D100)}))
            # implausible targets for "negative" rates (故障率 ≤ 95%, 投诉率 100%)
            if tv is not None and _NEGATIVE.search(ind.name or "") and (tv.unit == "%" or unit == "%") and tv.num >= 50:
                out.append(make_fact("perf_indicator", f"target:{k}", {"check": "implausible_target", "status": "break", **base}, [_iev(pf, ind)],
                                     {"stated": tv.num}))
            # below target with full marks (positive quantitative indicators)
            if (
                tv is not None and av is not None and tv.pure and av.pure and ind.weight is not None and ind.score is not None
                and ind.score >= ind.weight and ind.weight > 0 and tv.op in (">=", ">", "=") and av.op == "="
                and not _NEGATIVE.search(ind.name or "") and _same_kind(tv, av, unit)
                and tv.num > 0 and av.num < tv.num - half_unit(tv.num)
            ):
                exp = q2(ind.weight * av.num / tv.num)
                out.append(make_fact("perf_indicator", f"below:{k}", {"check": "below_target_full", "status": "break", **base}, [_iev(pf, ind)],
                                     {"stated": ind.score, "expected": exp, "difference": q2(ind.score - exp)}))
            if tv is not None and tv.pure and ind.actual and not _same_kind_loose(tv, av, unit, ind.actual):
                mismatched.append(ind)
        if mismatched:
            names = "；".join(f"{x.name}：{x.target} / {x.actual}" for x in mismatched[:6])
            out.append(make_fact("perf_indicator", f"kinds:{_key(pf)}", {"check": "kind_mismatch", "status": "break", "count": len(mismatched), "pairs": names, **_pos(pf),
                                                                         "page": mismatched[0].page or pf.page, "line": mismatched[0].line or pf.line},
                                 [_iev(pf, x) for x in mismatched[:3]], {"stated": Decimal(len(mismatched))}))
    return out


def _same_kind(tv: Val, av: Val, unit: str) -> bool:
    tu = tv.unit or unit
    au = av.unit or unit
    if tu == au:
        return True
    return not tv.unit or not av.unit


def _same_kind_loose(tv: Val, av: Val | None, unit: str, actual: str) -> bool:
    """False when the target is a number and the actual is text, or the two carry different units."""
    if av is None:
        return False  # a numeric target answered with words
    if "%" in (tv.unit, av.unit) and tv.unit != av.unit:
        other = av.unit if tv.unit == "%" else tv.unit
        if other == "" and unit in ("", "%"):
            return True
        return False
    if tv.unit and av.unit and tv.unit != av.unit:
        synonyms = ({"人", "人次", "名"}, {"个", "项"}, {"次", "场", "场次"}, {"家", "户"}, {"件", "份"})
        if tv.unit.startswith(av.unit) or av.unit.startswith(tv.unit) or any({tv.unit, av.unit} <= g for g in synonyms):
            return True
        return False
    if unit and unit != "%" and (tv.unit == "%" or av.unit == "%"):
        return False
    return True
