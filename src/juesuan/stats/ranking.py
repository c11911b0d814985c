"""Risk score and ranking of documents ("which units first").

score = coverage term + Σ_rules Σ_k w(finding_k) · decay^(k−1)

* w = severity weight × category multiplier (``stats/risk.yaml``), × the rule's multiplier learnt from
  triage decisions (``stats/learning.py``) when the caller passes them;
* hits of the same rule are sorted strongest first and decay geometrically, so the 10th hygiene
  hit of one rule adds almost nothing and one noisy rule cannot dominate;
* dismissed findings (``decisions[finding_key] == "dismissed"``) do not count;
* coverage: ``unchecked`` (not checkable, a fatal ingest finding, or INGEST-UNCHECKED) adds a
  term that puts the document in the top band — an unread document is never "clean";
  ``partial`` (some pages not checkable, or tables missing) adds a small term.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from juesuan.vocab.labels import SEVERITIES

CSV_COLUMNS = ["unit", "year", "score", "rank", "coverage", "high", "medium", "low", "info", "top_reasons", "document", "sha256", "path"]
_CONFIG = Path(__file__).resolve().parent / "risk.yaml"


@lru_cache(maxsize=4)
def load_config(path: str | None = None) -> dict[str, Any]:
    with open(path or _CONFIG, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def finding_weight(f: dict[str, Any], cfg: dict[str, Any]) -> float:
    sev = float(cfg["severity"].get(f.get("severity") or "info", 0.0))
    cats = cfg["category"]
    return sev * float(cats.get(f.get("category") or "", cats.get("default", 1.0)))


def coverage_of(doc: dict[str, Any], findings: list[dict[str, Any]]) -> tuple[str, str]:
    """("full"|"partial"|"unchecked", Chinese reason)."""
    if not doc.get("checkable", True):
        return "unchecked", "未核查：未能识别出决算表数据，不能视为无问题"
    if any(p.get("fatal") for p in doc.get("problems") or []):
        return "unchecked", "未核查：文件无法读取"
    for f in findings:
        rid = str(f.get("rule_id") or "")
        if rid == "INGEST-UNCHECKED" or (f.get("category") == "ingest" and (f.get("values") or {}).get("fatal")):
            return "unchecked", "未核查：" + (f.get("title") or "未能核查")
    missing = doc.get("missing_tables") or []
    pages = [p for p in doc.get("problems") or [] if p.get("pages")]
    if pages:
        n = sum(len(p.get("pages") or []) for p in pages)
        return "partial", f"部分核查：{n} 页无法读取"
    if missing:
        return "partial", f"部分核查：缺少 {'、'.join(missing)}"
    if any(f.get("rule_id") == "engine-error" for f in findings):
        return "partial", "部分核查：规则评估未完成（engine-error）"
    if any(f.get("category") == "ingest" and f.get("severity") in ("high", "medium") for f in findings):
        return "partial", "部分核查：读取时有问题"
    return "full", ""


def _short(msg: str, n: int = 40) -> str:
    msg = " ".join((msg or "").split())
    return msg if len(msg) <= n else msg[: n - 1] + "…"


def score_document(doc: dict[str, Any], findings: list[dict[str, Any]], decisions: dict[str, str] | None = None,
                   cfg: dict[str, Any] | None = None, rule_multipliers: dict[str, float] | None = None) -> dict[str, Any]:
    cfg = cfg or load_config()
    decisions = decisions or {}
    mult = rule_multipliers or {}
    live = [f for f in findings if decisions.get(str(f.get("finding_key") or "")) != "dismissed"]
    coverage, cov_reason = coverage_of(doc, live)
    decay = float(cfg.get("per_rule_decay", 0.5))
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for f in live:
        by_rule.setdefault(str(f.get("rule_id") or "?"), []).append(f)
    contributions = []
    for rid in sorted(by_rule):
        fs = sorted(by_rule[rid], key=lambda f: -finding_weight(f, cfg))
        m = float(mult.get(rid, 1.0))
        total = m * sum(finding_weight(f, cfg) * decay**k for k, f in enumerate(fs))
        if total > 0:
            contributions.append((total, rid, len(fs), fs[0], m))
    contributions.sort(key=lambda t: (-t[0], t[1]))
    cov_term = float(cfg["coverage"].get(coverage, 0.0))
    score = round(cov_term + sum(t[0] for t in contributions), 3)
    reasons = [cov_reason] if cov_reason else []
    for total, rid, n, f, _m in contributions[: int(cfg.get("top_reasons", 3))]:
        reasons.append(f"{rid}{f'×{n}' if n > 1 else ''}：{_short(f.get('message') or '')}（+{total:.1f}）")
    counts = {s: sum(1 for f in live if (f.get("severity") or "info") == s) for s in SEVERITIES}
    return {
        "sha256": doc.get("sha256"),
        "document": doc.get("document"),
        "unit": doc.get("unit"),
        "year": doc.get("year"),
        "score": score,
        "coverage": coverage,
        **counts,
        "top_reasons": "；".join(reasons),
        "coverage_term": cov_term,
        "contributions": [{"rule_id": rid, "count": n, "contribution": round(total, 3), "multiplier": round(m, 3),
                           "severity": f.get("severity"), "category": f.get("category")} for total, rid, n, f, m in contributions],
    }


def rank_documents(docs: list[dict[str, Any]], findings_by_doc: dict[str, list[dict[str, Any]]],
                   decisions: dict[str, str] | None = None, rule_multipliers: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """One row per document, highest risk first, with 1-based ``rank``. Deterministic.

    ``rule_multipliers`` (stats/learning.py, from triage decisions) scale each rule's contribution; none = 1.0."""
    cfg = load_config()
    rows = [score_document(d, findings_by_doc.get(d.get("sha256") or "", []), decisions, cfg, rule_multipliers)
            for d in docs if d.get("sha256")]
    rows.sort(key=lambda r: (-r["score"], str(r.get("document") or ""), str(r["sha256"])))
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    return rows


def write_ranking_csv(rows: list[dict[str, Any]], path: str | Path) -> None:
    """ranking.csv; text cells that a spreadsheet would run as a formula are written as text."""
    from juesuan.text.safecell import csv_row

    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(csv_row({k: r.get(k, "") for k in CSV_COLUMNS}))
