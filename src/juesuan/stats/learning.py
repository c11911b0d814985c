"""Learning from inspectors' decisions: how often each rule's findings are confirmed, fed back into the ranking.

A confirmed finding is a true positive, a dismissed one a false positive (open / needs-info decide nothing).
Precision is estimated by empirical-Bayes shrinkage, so a rule with few decisions stays near what is known:

    category precision  p_c = (confirmed_c + s · p0) / (decided_c + s)
    rule precision      p_r = (confirmed_r + s · p_c) / (decided_r + s)

with the prior precision ``p0`` and strength ``s`` from risk.yaml (``learning``). The rule's weight multiplier is
p_r / p0, clipped to [min_multiplier, max_multiplier]: a rule whose findings are dismissed across units loses
weight, a rule that is always confirmed gains some, a rule without decisions keeps 1.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleEstimate:
    rule_id: str
    category: str
    confirmed: int
    dismissed: int
    precision: float
    multiplier: float

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed


def _cfg(cfg: Mapping[str, Any] | None) -> dict[str, float]:
    learn = dict((cfg or {}).get("learning") or {})
    return {"p0": float(learn.get("prior_precision", 0.7)), "s": float(learn.get("prior_strength", 4.0)),
            "lo": float(learn.get("min_multiplier", 0.2)), "hi": float(learn.get("max_multiplier", 1.3))}


def rule_estimates(findings: Iterable[Mapping[str, Any]], decisions: Mapping[str, str],
                   cfg: Mapping[str, Any] | None = None) -> dict[str, RuleEstimate]:
    """{rule_id: estimate} for every rule with findings; ``decisions`` maps finding_key → current state."""
    c = _cfg(cfg)
    counts: dict[str, list[int]] = {}
    cat_of: dict[str, str] = {}
    for f in findings:
        rid = str(f.get("rule_id") or "?")
        cat_of.setdefault(rid, str(f.get("category") or ""))
        n = counts.setdefault(rid, [0, 0])
        st = decisions.get(str(f.get("finding_key") or ""))
        if st == "confirmed":
            n[0] += 1
        elif st == "dismissed":
            n[1] += 1
    by_cat: dict[str, list[int]] = {}
    for rid, (yes, no) in counts.items():
        b = by_cat.setdefault(cat_of[rid], [0, 0])
        b[0] += yes
        b[1] += no
    out = {}
    for rid, (yes, no) in sorted(counts.items()):
        cy, cn = by_cat[cat_of[rid]]
        p_cat = (cy + c["s"] * c["p0"]) / (cy + cn + c["s"])
        p = (yes + c["s"] * p_cat) / (yes + no + c["s"])
        mult = min(c["hi"], max(c["lo"], p / c["p0"]))
        out[rid] = RuleEstimate(rid, cat_of[rid], yes, no, round(p, 3), round(mult, 3))
    return out


def multipliers(estimates: Mapping[str, RuleEstimate]) -> dict[str, float]:
    return {rid: e.multiplier for rid, e in estimates.items()}


def explain(e: RuleEstimate, cfg: Mapping[str, Any] | None = None) -> str:
    """Why the rule's weight is what it is, in one Chinese sentence."""
    p0 = _cfg(cfg)["p0"]
    if e.decided == 0:
        base = f"尚无审核结论，沿用同类规则的经验（可信度 {e.precision:.0%}）"
    else:
        base = f"已确认 {e.confirmed} 条、驳回 {e.dismissed} 条，估计可信度 {e.precision:.0%}（先验 {p0:.0%}）"
    if e.multiplier < 0.995:
        return base + f"，权重下调为 {e.multiplier:.2f} 倍"
    if e.multiplier > 1.005:
        return base + f"，权重上调为 {e.multiplier:.2f} 倍"
    return base + "，权重不变"
