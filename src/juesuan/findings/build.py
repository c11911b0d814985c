"""Findings (GUIDE §4) from fired rules: message, evidence for every side, values, order."""

from __future__ import annotations

from typing import Any

from juesuan.model.document import Document
from juesuan.observe.facts import Fact
from juesuan.rules.rulefile import Rule
from juesuan.text.format import fmt_field
from juesuan.text.normalize import snippet
from juesuan.vocab.labels import RULE_CATEGORIES


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, fact: Fact) -> str:
    data = _Fields({k: fmt_field(v) for k, v in fact.fields.items()})
    for k, v in fact.values.items():
        data[k] = fmt_field(v)
    return template.format_map(data)


def _evidence(e: Any) -> dict[str, Any]:
    if isinstance(e, dict):
        d = dict(e)
    else:
        d = {k: getattr(e, k, None) for k in ("page", "line", "text", "table", "row", "column")}
    d["text"] = snippet(d.get("text") or "")
    return d


def make_finding(doc: Document, rule: Rule, fact: Fact) -> dict[str, Any]:
    values = {k: fact.values.get(k) for k in ("stated", "expected", "difference", "envelope")}
    for k, v in fact.values.items():
        values.setdefault(k, v)
    f: dict[str, Any] = {
        "document": doc.document,
        "unit": doc.unit,
        "year": doc.year,
        "rule_id": rule.id,
        "title": rule.title,
        "category": rule.category,
        "severity": rule.severity,
        "basis": rule.basis,
        "message": render(rule.message, fact),
        "evidence": [_evidence(e) for e in fact.evidence],
        "values": values,
    }
    if rule.expected:
        f["expected"] = render(rule.expected, fact)
    if rule.aliases:  # the first code the rule had: a renamed rule keeps its findings' keys (and triage decisions)
        f["rule_key"] = rule.aliases[0]
    return f


def engine_error(doc: Document, what: str, error: str) -> dict[str, Any]:
    return {
        "document": doc.document, "unit": doc.unit, "year": doc.year, "rule_id": "engine-error",
        "title": "规则评估出错", "category": "structure", "severity": "medium", "basis": "",
        "message": f"规则或事实提取“{what}”执行出错（{error}），该项核查未完成，需人工复核。",
        "evidence": [], "values": {"rule": what},
    }


def _position(f: dict[str, Any]) -> tuple[int, int, str]:
    evs = f.get("evidence") or []
    for e in evs:
        if e.get("page") is not None or e.get("line") is not None:
            return (e.get("page") or 0, e.get("line") or 0, "")
    return (1 << 30, 1 << 30, str(evs[0].get("table") or "") if evs else "")


def sort_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def key(f: dict[str, Any]) -> tuple[Any, ...]:
        cat = RULE_CATEGORIES.index(f["category"]) if f.get("category") in RULE_CATEGORIES else len(RULE_CATEGORIES)
        return (cat, _position(f), f.get("rule_id", ""), f.get("message", ""))

    return sorted(findings, key=key)
