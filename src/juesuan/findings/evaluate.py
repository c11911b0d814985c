"""Evaluate a document against the rule set: extract facts, match them in durable-rules, build findings."""

from __future__ import annotations

from typing import Any

from juesuan.findings.build import engine_error, make_finding, sort_findings
from juesuan.model.document import Document
from juesuan.observe.facts import extract_facts
from juesuan.rules import durable_host
from juesuan.rules.rulefile import Rule, load_rules


def evaluate(doc: Document, rules: list[Rule] | None = None) -> list[dict[str, Any]]:
    """Findings for ``doc`` in deterministic order. Never raises for a faulty rule or extractor."""
    rules = load_rules() if rules is None else rules
    usable, rejected = durable_host.usable_rules(rules)
    findings: list[dict[str, Any]] = [engine_error(doc, rid, err) for rid, err in rejected]
    facts, extractor_errors = extract_facts(doc)
    findings += [engine_error(doc, e.extractor, e.error) for e in extractor_errors]
    kinds = {r.fact for r in usable} | {"__unless__"}
    facts = [f for f in facts if f.kind in kinds or any(r.unless for r in usable)]
    by_id = {f"{f.kind}:{f.key}": f for f in facts}
    by_rule = {r.id: r for r in usable}
    try:
        fired, errors = durable_host.run(usable, facts)
    except Exception as e:  # the engine itself failed: say so, keep the document
        return sort_findings(findings + [engine_error(doc, "durable-rules", f"{type(e).__name__}: {e}")])
    findings += [engine_error(doc, rid, err) for rid, err in errors]
    seen: set[tuple[str, str]] = set()
    for rid, fid in fired:
        if (rid, fid) in seen or fid not in by_id or rid not in by_rule:
            continue
        seen.add((rid, fid))
        try:
            findings.append(make_finding(doc, by_rule[rid], by_id[fid]))
        except Exception as e:
            findings.append(engine_error(doc, rid, f"{type(e).__name__}: {e}"))
    return sort_findings(findings)
