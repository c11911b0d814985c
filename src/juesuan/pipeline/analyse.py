"""Evaluating one document for the store: rule findings of a parsed document, and re-evaluation of a stored
model (``recheck_document``) when only the rules or the profile changed. Used by scan and recheck."""

from __future__ import annotations

from typing import Any

from juesuan.model.document import Document
from juesuan.model.jsonio import document_from_dict
from juesuan.store.sqlite import Store


def rule_findings(doc: Document, profile: str | None = None) -> list[dict[str, Any]]:
    """Ingest findings plus the rule findings of ``doc`` under ``profile``; the engine never loses a document."""
    from juesuan.findings.evaluate import evaluate
    from juesuan.findings.ingest import ingest_findings

    findings = ingest_findings(doc)
    if not any(p.fatal for p in doc.problems):
        try:
            findings.extend(evaluate(doc, profile=profile))
        except Exception as e:  # the rule engine must never lose a document
            findings.append({
                "document": doc.document, "unit": doc.unit, "year": doc.year, "rule_id": "engine-error",
                "category": "ingest", "severity": "high",
                "message": f"规则评估出错（{type(e).__name__}: {e}），本文件的规则核查不完整。",
                "evidence": [], "values": {}, "profile": profile or "",
            })
    return findings


def _stored_parser_version(store: Store, sha: str) -> str:
    r = store.conn.execute("SELECT parser_version FROM documents WHERE sha256=?", (sha,)).fetchone()
    return (r["parser_version"] or "") if r else ""


def recheck_document(store: Store, sha: str, *, rules_version: str, profile: str | None = None) -> bool:
    """Re-evaluate one stored model; False when it cannot be (no model, or stored without its text lines)."""
    model = store.document_model(sha)
    if model is None or "lines" not in model:
        return False
    doc = document_from_dict(model)
    store.save_document(model, rule_findings(doc, profile), parser_version=_stored_parser_version(store, sha),
                        rules_version=rules_version)
    return True
