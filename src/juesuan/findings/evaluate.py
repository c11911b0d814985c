"""Evaluate a document against the rule set under a profile: observe, match in durable-rules, build findings."""

from __future__ import annotations

from typing import Any

from juesuan.findings.build import engine_error, make_finding, sort_findings
from juesuan.model.document import Document
from juesuan.observe.facts import extract_facts
from juesuan.observe.identities import parse_identity
from juesuan.rules import durable_host
from juesuan.rules.profile import Profile, apply_profile, load_profile, profile_for_unit
from juesuan.rules.rulefile import Rule, load_rules


def resolve_profile(doc: Document, profile: str | Profile | None = None) -> Profile:
    """An explicit profile, else the one of the document's region, else ``national``."""
    if isinstance(profile, Profile):
        return profile
    return load_profile(profile or profile_for_unit(doc.unit))


def evaluate(doc: Document, rules: list[Rule] | None = None, profile: str | Profile | None = None) -> list[dict[str, Any]]:
    """Findings for ``doc`` in deterministic order, each naming the profile used. Never raises for a faulty
    rule or extractor (an unknown profile name is a usage error and raises ProfileError)."""
    prof = resolve_profile(doc, profile)
    rules = apply_profile(load_rules() if rules is None else rules, prof)
    params = prof.params
    usable, rejected = durable_host.usable_rules(rules, params)
    findings: list[dict[str, Any]] = [engine_error(doc, rid, err) for rid, err in rejected]
    declared = [parse_identity(r.id, r.each, r.assertion) for r in usable if r.each is not None]  # validated on load
    facts, extractor_errors = extract_facts(doc, params, declared)
    findings += [engine_error(doc, e.extractor, e.error) for e in extractor_errors]
    by_id = {f"{f.kind}:{f.key}": f for f in facts}
    by_rule = {r.id: r for r in usable}
    try:
        fired, errors = durable_host.run(usable, facts, params)
    except Exception as e:  # the engine itself failed: say so, keep the document
        return _stamp(sort_findings(findings + [engine_error(doc, "durable-rules", f"{type(e).__name__}: {e}")]), prof)
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
    return _stamp(sort_findings(findings), prof)


def _stamp(findings: list[dict[str, Any]], prof: Profile) -> list[dict[str, Any]]:
    for f in findings:
        f["profile"] = prof.name
    return findings
