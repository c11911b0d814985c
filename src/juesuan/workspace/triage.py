"""Inspector workspace logic (no Streamlit here): live ranking, filters, fuzzy unit search, triage.

The UI in ``ui/`` is a thin layer over these functions so that they can be tested without a browser.

* ``ranking_rows(store)`` ranks documents by risk *now* with ``juesuan.stats.ranking.rank_documents`` (the one
  ranking; with the current triage decisions, so a dismissed finding stops counting). Each row is enriched with per-severity,
  per-category and per-triage-state counts, coverage and the unit's administrative level/region.
* ``filter_rows`` applies the ranking page's filters; ``name_match`` is the fuzzy unit search
  (substring, or Jaro-Winkler on normalised names, also against same-length windows of the name).
* ``record_decision`` wraps ``Store.decide`` and turns conflicts and validation errors into a result
  the UI can show (never overwriting another inspector's decision).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from juesuan.stats.learning import explain, multipliers, rule_estimates
from juesuan.stats.ranking import load_config, rank_documents
from juesuan.store.sqlite import TRIAGE_STATES, DecisionConflict, Store
from juesuan.store.workflow import current_doc_flags
from juesuan.text.normalize import normalize_text
from juesuan.text.similarity import window_similarity
from juesuan.vocab.labels import CATEGORIES, SEVERITIES
from juesuan.vocab.units import unit_level_region
from juesuan.workspace.present import finding_summary, sort_findings

STATE_LABELS = {"open": "待处理", "confirmed": "已确认", "dismissed": "已驳回", "needs-info": "需补充材料"}
COVERAGE_LABELS = {"unchecked": "⚠ 未核查", "partial": "◐ 部分核查", "full": "✓ 已核查"}

# ------------------------------------------------------------------ names, regions


_PUNCT = re.compile(r"[\s\u3000·•・,，。.、:：;；'\"“”‘’()（）\[\]【】《》<>〈〉\-—_/\\|]+")


def normalise_name(name: str | None) -> str:
    """Unit name for matching: CJK radicals and full-width forms unified, spaces/punctuation removed, lower case."""
    s = normalize_text(name or "")
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] != "C")
    return _PUNCT.sub("", s).lower()


def name_match(query: str, name: str | None, threshold: float = 0.85) -> float:
    """How well ``query`` matches the unit name (0 = no match, 1 = exact/substring).

    A substring of the normalised name scores 1.0. Otherwise the best Jaro-Winkler similarity of the
    query against the whole name and against every window of the name of about the query's length
    (so a slightly misspelt part of a long name is found); below ``threshold`` the result is 0."""
    q = normalise_name(query)
    n = normalise_name(name)
    if not q:
        return 1.0
    if not n:
        return 0.0
    if q in n:
        return 1.0
    best = window_similarity(q, n)
    return best if best >= threshold else 0.0


# ------------------------------------------------------------------ ranking


def _dec_state(decisions: dict[str, Any], key: str) -> str:
    d = decisions.get(key)
    if d is None:
        return "open"
    return d["state"] if isinstance(d, dict) else str(d)


def ranking_rows(store: Store, *, findings: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The live ranking: one row per stored document, highest risk first, reflecting current triage.

    Row keys: sha256, document, unit, year, score, rank, coverage, high/medium/low/info (findings not
    dismissed), n_findings, by_category {cat: n}, by_state {state: n}, categories, severities, states
    (sets of values present among the findings, for filtering), level, region, top_reasons, kind, path."""
    docs_meta = store.documents()
    if findings is None:
        findings = store.findings()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        by_doc.setdefault(f["sha256"], []).append(f)
    decisions = {k: v["state"] for k, v in store.current_decisions().items()}
    # one ranking (juesuan.stats.ranking), with rule weights learnt from the decisions (juesuan.stats.learning);
    # a document without a stored model is ranked from its metadata; excluded/archived documents are not ranked
    flags = _doc_flags(store)
    docs_meta = [d for d in docs_meta if d["sha256"] not in flags]
    estimates = rule_estimates(findings, decisions, load_config())
    models = [_model(store, d) for d in docs_meta]
    rows = [dict(r) for r in rank_documents(models, by_doc, decisions, multipliers(estimates))]
    meta = {d["sha256"]: d for d in docs_meta}
    out = []
    for r in rows:
        sha = r.get("sha256")
        if sha not in meta:
            continue
        d = meta[sha]
        fs = by_doc.get(sha, [])
        live = [f for f in fs if f.get("triage", _dec_state(decisions, f.get("finding_key", ""))) != "dismissed"]
        row = dict(r)
        row.setdefault("unit", d.get("unit"))
        row["unit"] = row.get("unit") or d.get("unit")
        row["year"] = row.get("year") or d.get("year")
        row["document"] = row.get("document") or d.get("name")
        row["kind"] = d.get("kind")
        row["path"] = d.get("path")
        row["coverage"] = row.get("coverage") or ("full" if d.get("checkable") else "unchecked")
        for s in SEVERITIES:
            row[s] = sum(1 for f in live if f.get("severity") == s)
        row["n_findings"] = len(live)
        row["by_category"] = {c: sum(1 for f in live if f.get("category") == c) for c in {f.get("category") for f in live}}
        states = [f.get("triage") or _dec_state(decisions, f.get("finding_key", "")) for f in fs]
        row["by_state"] = {s: states.count(s) for s in TRIAGE_STATES}
        row["categories"] = sorted({str(f.get("category")) for f in fs})
        row["severities"] = sorted({str(f.get("severity")) for f in fs})
        row["states"] = sorted(set(states))
        row["facets"] = sorted({(str(f.get("category")), str(f.get("severity")), st) for f, st in zip(fs, states, strict=True)})
        top = next((c for c in row.get("contributions") or []), None)
        if top is not None:
            best = sort_findings([f for f in live if str(f.get("rule_id") or "?") == top["rule_id"]])
            if best:
                row["top_reason"] = finding_summary(best[0]) + (f"（{top['rule_id']} 共 {top['count']} 条）" if top["count"] > 1 else f"（{top['rule_id']}）")
        if row["coverage"] == "unchecked":
            row["top_reason"] = "未核查：" + (next((f.get("message") or "" for f in fs if f.get("category") == "ingest"), "") or "文件未能读取")[:60]
        row.setdefault("top_reason", "")
        row["unit_key"] = unit_key_of(row.get("unit"), row.get("year"), sha)
        row["first_seen"] = d.get("first_seen")
        lvl, reg = unit_level_region(row.get("unit"))
        row["level"] = row.get("level") or lvl
        row["region"] = row.get("region") or reg
        try:
            row["score"] = float(row.get("score") or 0.0)
        except (TypeError, ValueError):
            row["score"] = 0.0
        out.append(row)
    out.sort(key=lambda r: (0 if r["coverage"] == "unchecked" else 1, -r["score"], str(r.get("document") or ""), r["sha256"]))
    stored = {r.get("sha256"): r for r in store.scores()}
    for i, r in enumerate(out, 1):
        r["rank"] = i
        old = stored.get(r["sha256"])  # the ranking saved by the last scan (before decisions since)
        r["stored_score"] = old.get("score") if old else None
        r["rank_change"] = (int(old["rank"]) - i) if old and old.get("rank") else None
    versions: dict[str, list[dict[str, Any]]] = {}
    for r in out:
        versions.setdefault(r["unit_key"], []).append(r)
    for vs in versions.values():
        latest = max(vs, key=lambda r: (str(r.get("first_seen") or ""), r["sha256"]))
        for r in vs:
            r["versions"] = len(vs)
            r["latest"] = r is latest
    return out


def _model(store: Store, d: dict[str, Any]) -> dict[str, Any]:
    try:
        m = store.document_model(d["sha256"])
    except ValueError:  # damaged model JSON: rank from the metadata (the unit page says it is damaged)
        m = None
    return m or {**d, "document": d.get("name")}


def _doc_flags(store: Store) -> dict[str, dict[str, Any]]:
    return current_doc_flags(store.conn)


def unit_key_of(unit: str | None, year: Any, sha: str) -> str:
    """Identity of a unit-year (all versions of one disclosure); a document without a unit name stands alone."""
    n = normalise_name(unit)
    return f"{n}|{year or ''}" if n else f"doc:{sha}"


def learned_weights(store: Store) -> list[dict[str, Any]]:
    """Per rule: decisions, estimated precision, weight multiplier and why (for the ranking page and reports)."""
    decisions = {k: v["state"] for k, v in store.current_decisions().items()}
    cfg = load_config()
    est = rule_estimates(store.findings(with_state=False), decisions, cfg)
    return [{"rule_id": e.rule_id, "category": e.category, "confirmed": e.confirmed, "dismissed": e.dismissed,
             "precision": e.precision, "multiplier": e.multiplier, "why": explain(e, cfg)}
            for e in sorted(est.values(), key=lambda e: (abs(e.multiplier - 1.0) < 1e-9, e.multiplier, e.rule_id))]


@dataclass
class RankingFilter:
    years: list[int] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    severities: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    query: str = ""
    keep_unchecked: bool = True  # unchecked units stay visible whatever the finding filters say


def filter_rows(rows: Iterable[dict[str, Any]], flt: RankingFilter) -> list[dict[str, Any]]:
    """Rows passing the filters. The finding filters (category, severity, state) select units with at least
    one finding matching all three at once; the search matches the unit name or the file name."""
    out = []
    for r in rows:
        if flt.years and r.get("year") not in flt.years:
            continue
        if flt.levels and r.get("level") not in flt.levels:
            continue
        if flt.regions and r.get("region") not in flt.regions:
            continue
        if flt.query.strip():
            score = max(name_match(flt.query, r.get("unit")), name_match(flt.query, r.get("document")))
            if score <= 0:
                continue
        if flt.categories or flt.severities or flt.states:
            hit = any(
                (not flt.categories or c in flt.categories)
                and (not flt.severities or s in flt.severities)
                and (not flt.states or st in flt.states)
                for c, s, st in r.get("facets", [])
            )
            if not hit and not (flt.keep_unchecked and r.get("coverage") == "unchecked"):
                continue
        out.append(r)
    return out


# ------------------------------------------------------------------ findings


def group_findings(findings: Iterable[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings grouped by category (catalog order, unknown categories last), each group by severity then document order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        groups.setdefault(str(f.get("category") or "other"), []).append(f)

    def sev(f: dict[str, Any]) -> int:
        s = f.get("severity")
        return SEVERITIES.index(s) if s in SEVERITIES else len(SEVERITIES)

    order = sorted(groups, key=lambda c: (CATEGORIES.index(c) if c in CATEGORIES else len(CATEGORIES), c))
    return [(c, sorted(groups[c], key=sev)) for c in order]


# ------------------------------------------------------------------ decisions


@dataclass
class DecisionResult:
    ok: bool
    decision_id: int | None = None
    conflict: bool = False
    error: str | None = None
    latest: dict[str, Any] | None = None  # the decision now on record (after a conflict)


def latest_decision(store: Store, finding_key: str) -> dict[str, Any] | None:
    hist = store.decision_history(finding_key)
    return hist[-1] if hist else None


def record_decision(
    store: Store,
    finding_key: str,
    state: str,
    inspector: str,
    *,
    reason: str | None = None,
    comment: str | None = None,
    expected_prev: int | None,
) -> DecisionResult:
    """Append the inspector's decision unless someone else decided since ``expected_prev`` was shown."""
    inspector = (inspector or "").strip()
    reason = (reason or "").strip() or None
    comment = (comment or "").strip() or None
    if not inspector:
        return DecisionResult(False, error="请先在侧栏登录（审核结论须记录审核人）。")
    if state not in TRIAGE_STATES:
        return DecisionResult(False, error=f"未知的审核状态：{state}")
    if state == "dismissed" and not reason:
        return DecisionResult(False, error="驳回必须填写理由。")
    try:
        did = store.decide(finding_key, state, inspector, reason=reason, comment=comment, expected_prev=expected_prev)
    except DecisionConflict:
        return DecisionResult(False, conflict=True, error="他人已修改此条发现的审核结论，您的操作未保存。请查看最新结论后再决定。",
                              latest=latest_decision(store, finding_key))
    except ValueError as e:
        return DecisionResult(False, error=str(e))
    return DecisionResult(True, decision_id=did)


def document_of_finding(store: Store, finding_key: str) -> str | None:
    """The sha256 of the document a finding belongs to (for links that name only the finding)."""
    r = store.conn.execute("SELECT sha256 FROM findings WHERE finding_key=?", (finding_key,)).fetchone()
    return str(r[0]) if r else None


def db_signature(store: Store) -> tuple[Any, ...]:
    """A cheap value that changes whenever documents, findings, scores or decisions change (cache key)."""
    c = store.conn
    return (
        c.execute("SELECT COUNT(*), MAX(parsed_at) FROM documents").fetchone()[:],
        c.execute("SELECT COUNT(*), MAX(id), MAX(created_at) FROM findings").fetchone()[:],
        c.execute("SELECT COUNT(*), MAX(computed_at) FROM scores").fetchone()[:],
        c.execute("SELECT COUNT(*), MAX(id) FROM decisions").fetchone()[:],
    )


def findings_with_units(store: Store) -> list[dict[str, Any]]:
    """All findings with their document's unit/year/name filled in (for the triage queue)."""
    meta = {d["sha256"]: d for d in store.documents()}
    out = []
    for f in store.findings():
        d = meta.get(f["sha256"], {})
        f = dict(f)
        f["unit"] = f.get("unit") or d.get("unit")
        f["year"] = f.get("year") or d.get("year")
        f["document"] = f.get("document") or d.get("name")
        out.append(f)
    return out
