"""The rule mechanism: crashing rules become engine-error findings, suppression, order, unmatched facts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from juesuan.findings.build import sort_findings
from juesuan.findings.evaluate import evaluate
from juesuan.observe.facts import Fact
from juesuan.rules import durable_host
from juesuan.rules.examples import example_document
from juesuan.rules.rulefile import Rule, load_rules

RULES = {r.id: r for r in load_rules()}
VEHICLE = RULES["ARITH-T7-VEHICLE"]
T7_BROKEN = VEHICLE.examples["fail"][0]


def _rule(rid: str, **kw) -> Rule:
    base = {"title": "t", "category": "arithmetic", "severity": "high", "basis": "b", "fact": "identity",
            "when": {"check": "t7_vehicle"}, "assertion": "left = right", "message": "m {stated}", "path": "x",
            "group": "arithmetic"}
    base.update(kw)
    return Rule(id=rid, **base)


def test_bad_condition_is_an_engine_error_naming_the_rule_and_others_still_run():
    bad = _rule("X-BAD-COND", when={"status": {"$frob": 1}})
    fs = evaluate(example_document(T7_BROKEN), [VEHICLE, bad])
    errors = [f for f in fs if f["rule_id"] == "engine-error"]
    assert len(errors) == 1 and "X-BAD-COND" in errors[0]["message"]
    assert [f for f in fs if f["rule_id"] == VEHICLE.id]


def test_message_formatting_crash_is_an_engine_error():
    bad = _rule("X-BAD-MSG", message="{stated:%%q}")
    fs = evaluate(example_document(T7_BROKEN), [VEHICLE, bad])
    assert {f["rule_id"] for f in fs} == {"engine-error", VEHICLE.id}
    assert all("X-BAD-MSG" in f["message"] for f in fs if f["rule_id"] == "engine-error")


def test_crashing_extractor_is_an_engine_error(monkeypatch):
    from juesuan.observe import facts

    def boom(doc):
        raise RuntimeError("kaput")

    facts.load_extractors()
    monkeypatch.setitem(facts._REGISTRY, "zz_boom", [boom])
    fs = evaluate(example_document(T7_BROKEN), [VEHICLE])
    assert any(f["rule_id"] == "engine-error" and "kaput" in f["message"] for f in fs)
    assert [f for f in fs if f["rule_id"] == VEHICLE.id]


def test_facts_no_rule_matches_are_fine():
    fired, errors = durable_host.run([VEHICLE], [Fact("identity", "k1", {"check": "other", "status": "ok"})])
    assert (fired, errors) == ([], [])


def test_unless_suppresses_the_dependent_identity():
    rule = _rule("X-MAIN", fact="crosscheck", when={"check": "c"}, assertion=None, unless={"$and": [{"kind": "identity"}, {"status": "break"}]})
    main = Fact("crosscheck", "a", {"check": "c", "status": "break"})
    blocker = Fact("identity", "b", {"check": "t", "status": "break"})
    fired, _ = durable_host.run([rule], [main])
    assert fired == [("X-MAIN", "crosscheck:a")]
    fired, _ = durable_host.run([rule], [main, blocker])  # asserted after the main fact: still suppressed
    assert fired == []
    fired, _ = durable_host.run([rule], [main, Fact("identity", "b", {"check": "t", "status": "tail"})])
    assert fired == [("X-MAIN", "crosscheck:a")]


def test_sessions_do_not_leak_between_documents():
    rule = _rule("X-MAIN2", fact="crosscheck", when={"check": "c"}, assertion=None, unless={"$and": [{"kind": "identity"}, {"status": "break"}]})
    blocker = Fact("identity", "b", {"check": "t", "status": "break"})
    durable_host.run([rule], [blocker])
    fired, _ = durable_host.run([rule], [Fact("crosscheck", "a", {"check": "c"})])
    assert fired == [("X-MAIN2", "crosscheck:a")]


def test_cross_table_total_is_not_reported_when_the_total_itself_is_wrong():
    """No cascade: T1 本年收入合计 broken inside T1 → the T1–T2 comparison is suppressed."""
    rule = RULES["XT-T1-T2-INCOME"]
    ex = rule.examples["fail"][0]
    t1 = [dict(r) for r in ex["tables"]["T1"]]
    total = next(r for r in t1 if r.get("name") == "本年收入合计")
    parts = [r for r in t1 if r.get("side") == "收入" and r is not total and r.get("name") not in ("总计",)
             and "合计" not in r.get("name", "") and r.get("决算数")]
    assert parts
    parts[0]["决算数"] = "300.00"  # make 本年收入合计 ≠ Σ income lines
    fs = evaluate(example_document({**ex, "tables": {**ex["tables"], "T1": t1}}))
    ids = {f["rule_id"] for f in fs}
    assert "ARITH-SUMMARY-INCOME-TOTAL" in ids
    assert "XT-T1-T2-INCOME" not in ids


def test_order_is_category_then_position_then_rule():
    fs = [
        {"category": "narrative", "rule_id": "B", "message": "", "evidence": [{"page": 1, "line": 1}]},
        {"category": "structure", "rule_id": "Z", "message": "", "evidence": [{"page": 9, "line": 1}]},
        {"category": "structure", "rule_id": "A", "message": "", "evidence": [{"page": 9, "line": 1}]},
        {"category": "arithmetic", "rule_id": "A", "message": "", "evidence": [{"page": 2, "line": 5}]},
        {"category": "structure", "rule_id": "Y", "message": "", "evidence": [{"page": 3, "line": 1}]},
    ]
    order = [(f["category"], f["rule_id"]) for f in sort_findings(fs)]
    assert order == [("structure", "Y"), ("structure", "A"), ("structure", "Z"), ("arithmetic", "A"), ("narrative", "B")]


def test_finding_contract_and_repeatability():
    doc = example_document(T7_BROKEN)
    a, b = evaluate(doc), evaluate(doc)
    assert a == b
    f = next(f for f in a if f["rule_id"] == VEHICLE.id)
    assert {"document", "unit", "year", "rule_id", "title", "basis", "category", "severity", "message", "evidence", "values"} <= f.keys()
    assert set(f["values"]) >= {"stated", "expected", "difference", "envelope"}
    assert all({"page", "line", "text", "table", "row", "column"} <= e.keys() for e in f["evidence"])
    assert len(f["evidence"]) >= 2  # the total and its parts


@pytest.mark.parametrize("severity", ["high", "info"])
def test_rule_severity_is_carried(severity):
    fs = evaluate(example_document(T7_BROKEN), [replace(VEHICLE, severity=severity)])
    assert {f["severity"] for f in fs if f["rule_id"] == VEHICLE.id} == {severity}


def test_an_observation_lacking_a_field_its_rule_reads_is_an_engine_error_not_a_crash():
    rule = _rule("X-NEEDS", fact="crosscheck", when={"check": "c"}, unless={"$and": [{"kind": "identity"}, {"status": "break"}]})
    whole = Fact("crosscheck", "w", {"check": "c", "left_lo": 1.0, "left_hi": 1.0, "right_lo": 2.0, "right_hi": 2.0})
    fired, errors = durable_host.run([rule], [whole, Fact("crosscheck", "a", {"check": "c"})])
    assert fired == [("X-NEEDS", "crosscheck:w")]
    assert errors == [("X-NEEDS", "观测 crosscheck:a 缺少字段 left_hi, left_lo, right_hi, right_lo")]


def test_a_relation_reading_an_unknown_profile_parameter_is_an_engine_error_and_the_others_still_run():
    bad = _rule("X-BAD-PARAM", fact="narr_reason", when={"check": "reason_missing"}, assertion="gap_share < param.no_such_parameter")
    fs = evaluate(example_document(T7_BROKEN), [VEHICLE, bad])
    errors = [f for f in fs if f["rule_id"] == "engine-error"]
    assert len(errors) == 1 and "X-BAD-PARAM" in errors[0]["message"] and "no_such_parameter" in errors[0]["message"]
    assert [f for f in fs if f["rule_id"] == VEHICLE.id]
