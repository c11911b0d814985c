"""Rules that state their relation: the assert notation, identities declared as data, profiles, stable codes."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from juesuan.findings.evaluate import evaluate
from juesuan.model.build import parse_file
from juesuan.observe.facts import Fact, extract_facts
from juesuan.observe.identities import IdentityError, parse_identity
from juesuan.rules import durable_host
from juesuan.rules.examples import example_document
from juesuan.rules.profile import ProfileError, apply_profile, load_profile, profile_for_unit
from juesuan.rules.relation import RelationError, compile_assert
from juesuan.rules.rulefile import Rule, load_rules
from juesuan.store.sqlite import finding_key

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RULES = load_rules()


def _rule(rid: str, fact: str, assertion: str, when: dict | None = None, **kw) -> Rule:
    return Rule(id=rid, title="t", category="arithmetic", severity="high", basis="b", fact=fact, when=when or {"check": "c"},
                message="m", path="x", group="g", assertion=assertion, **kw)


def _fires(rule: Rule, fields: dict, params: dict | None = None) -> bool:
    fired, errors = durable_host.run([rule], [Fact(rule.fact, "k", {"check": "c", **fields})], params)
    assert not errors, errors
    return bool(fired)


# ---------------------------------------------------------------------------------------------- notation


def test_interval_identity_fails_only_when_the_intervals_cannot_meet():
    r = _rule("X-EQ", "identity", "left = right")
    assert not _fires(r, {"left_lo": 10.045, "left_hi": 10.055, "right_lo": 10.0, "right_hi": 10.05})  # meet: rounding
    assert _fires(r, {"left_lo": 10.065, "left_hi": 10.075, "right_lo": 10.0, "right_hi": 10.05})  # above
    assert _fires(r, {"left_lo": 9.0, "left_hi": 9.01, "right_lo": 10.0, "right_hi": 10.05})  # below


def test_part_whole_never_tests_equality():
    r = _rule("X-LE", "crosscheck", "left ≤ right")
    assert not _fires(r, {"left_lo": 1.0, "left_hi": 1.01, "right_lo": 5.0, "right_hi": 5.01})  # less is normal
    assert _fires(r, {"left_lo": 6.0, "left_hi": 6.01, "right_lo": 5.0, "right_hi": 5.01})


def test_formula_with_a_profile_parameter_and_tolerance():
    r = Rule(id="X-F", title="t", category="performance", severity="high", basis="b", fact="perf_exec", when={"check": "c"},
             message="m", path="x", group="g", assertion="score = param.execution_weight × exec_share", tolerance=0.005)
    obs = {"score_lo": 15.175, "score_hi": 15.185, "exec_share_lo": 0.75895, "exec_share_hi": 0.75898}
    assert not _fires(r, obs, {"execution_weight": 20})  # 20 × 75.9 % = 15.18
    assert _fires(r, obs, {"execution_weight": 10})  # 10 × 75.9 % = 7.59


def test_scalar_relations_and_literals():
    assert _fires(_rule("X-S1", "narr_count", "stated_count = disclosed_count"), {"stated_count": 3, "disclosed_count": 2})
    assert not _fires(_rule("X-S2", "narr_count", "stated_count = disclosed_count"), {"stated_count": 2, "disclosed_count": 2})
    assert _fires(_rule("X-S3", "section_presence", "present = true"), {"present": False})
    assert _fires(_rule("X-S4", "narr_reason", "gap_share < param.share"), {"gap_share": 0.2}, {"share": 0.1})
    assert not _fires(_rule("X-S5", "narr_reason", "gap_share < param.share"), {"gap_share": 0.05}, {"share": 0.1})


def test_bad_relations_are_refused_with_the_reason():
    with pytest.raises(RelationError):
        compile_assert("left ~ right", {}, "identity")
    with pytest.raises(RelationError, match="unknown profile parameter"):
        compile_assert("gap_share < param.nope", {}, "narr_reason")
    with pytest.raises(IdentityError):
        parse_identity("X", {"table": "T3"}, "合计 = ")
    with pytest.raises(IdentityError, match="TABLE"):
        parse_identity("X", "document", "T4.决算数 = T5[合计].合计")


def test_most_rule_files_state_their_relation_and_the_others_say_why():
    stated = [r for r in RULES if r.assertion]
    assert len(stated) / len(RULES) >= 0.80, f"{len(stated)}/{len(RULES)}"
    for r in RULES:
        assert bool(r.assertion) != bool(r.extractor_level), r.id
        if r.extractor_level:
            assert len(r.extractor_level) >= 20, r.id  # a reason, not a tag
    assert sum(1 for r in RULES if r.each is not None) >= 7  # identities written as data


# ------------------------------------------------------------------------------- a new identity, YAML only

NEW_RULE = """
id: XT-T4-T8-FUND-SPENDING
title: 政府性基金支出：财政拨款总表本年支出合计（政府性基金）= 政府性基金表本年支出合计
category: cross-table
severity: high
basis: 部门决算公开模板表注（表间勾稽关系）
each: document
assert: T4[支出:本年支出合计].政府性基金预算财政拨款 = T8[合计].合计
message: 《{table_name}》{label} 为 {stated}，而 {parts_label} 为 {expected}，相差 {difference}（超出尾数容差 {envelope}）。
examples:
  fail:
  - tables:
      T4: [{side: 支出, name: 本年支出合计, 合计: '22.00', 政府性基金预算财政拨款: '12.00'}]
      T8: [{name: 合计, 本年收入: '10.00', 合计: '10.00', 项目支出: '10.00'}]
    values: {stated: '12.00', expected: '10.00'}
  pass:
  - tables:
      T4: [{side: 支出, name: 本年支出合计, 合计: '20.00', 政府性基金预算财政拨款: '10.00'}]
      T8: [{name: 合计, 本年收入: '10.00', 合计: '10.00', 项目支出: '10.00'}]
"""


def test_a_new_identity_is_one_yaml_file_and_fires(tmp_path: Path):
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom" / "XT-T4-T8-FUND-SPENDING.yaml").write_text(NEW_RULE, encoding="utf-8")
    rules = load_rules(tmp_path)
    assert [r.id for r in rules] == ["XT-T4-T8-FUND-SPENDING"]
    ex = yaml.safe_load(NEW_RULE)["examples"]
    [f] = [f for f in evaluate(example_document(ex["fail"][0]), rules) if f["rule_id"] == "XT-T4-T8-FUND-SPENDING"]
    assert (f["values"]["stated"], f["values"]["expected"], f["values"]["difference"]) == (Decimal("12.00"), Decimal("10.00"), Decimal("2.00"))
    assert "T4[支出:本年支出合计].政府性基金预算财政拨款" in f["message"] and {e["table"] for e in f["evidence"]} == {"T4", "T8"}
    assert [f for f in evaluate(example_document(ex["pass"][0]), rules) if f["rule_id"] != "engine-error"] == []


def test_a_declared_row_identity_is_expanded_over_every_row():
    idn = parse_identity("ARITH-T3-ROW-SUM", {"table": "T3", "row": "any"}, "合计 = 基本支出 + 项目支出")
    doc = example_document(next(r for r in RULES if r.id == "ARITH-T3-ROW-SUM").examples["fail"][0])
    facts, errors = extract_facts(doc, {}, [idn])
    obs = [f for f in facts if f.fields.get("check") == "ARITH-T3-ROW-SUM"]
    assert not errors and len(obs) == len(doc.table("T3").rows)  # every row observed, holding or not
    broken = [f for f in obs if f.fields["left_lo"] > f.fields["right_hi"] or f.fields["left_hi"] < f.fields["right_lo"]]
    assert [f.fields["row_label"] for f in broken] == ["201 一般公共服务支出"]


# ------------------------------------------------------------------------------------------------ profiles


def _q(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_switching_the_execution_weight_from_20_to_10_changes_the_perf_findings_on_seed_001_as_the_arithmetic_says():
    doc = parse_file(str(next(CORPUS.glob("001_*.txt"))))
    hubei = load_profile("hubei")
    assert hubei.params["execution_weight"] == 20 and profile_for_unit(doc.unit) == "hubei"
    ten = dataclasses.replace(hubei, params={**hubei.params, "execution_weight": 10})
    at20 = [f for f in evaluate(doc, profile=hubei) if f["rule_id"] == "PERF-EXEC-SCORE"]
    at10 = [f for f in evaluate(doc, profile=ten) if f["rule_id"] == "PERF-EXEC-SCORE"]
    assert at20 == []  # every table score is 20 × 执行率
    want = {}
    for pf in doc.performance:
        if pf.score is None or not pf.budget or pf.executed is None:
            continue
        expected = _q(10 * min(pf.executed / pf.budget, Decimal(1)))
        want[pf.project] = (pf.score, expected)
    assert len(want) >= 8
    got = {f["evidence"][0]["row"]: (f["values"]["stated"], f["values"]["expected"]) for f in at10}
    assert got == want
    assert all(f["profile"] == "hubei" for f in at10)


def test_profile_choice_and_overrides():
    assert profile_for_unit("武汉市汉阳区企业服务中心") == "hubei"
    assert profile_for_unit("上海市普陀区财政局") == "shanghai"
    assert profile_for_unit("北京市水务局") == "national" and profile_for_unit(None) == "national"
    for name in ("national", "hubei", "shanghai"):
        p = load_profile(name)
        assert {"execution_weight", "reason_required_share", "grade_bands", "mandatory_sections", "stat_ranges"} <= p.params.keys()
    with pytest.raises(ProfileError, match="known: hubei, national, shanghai"):
        load_profile("atlantis")
    nat = load_profile("national")
    quiet = dataclasses.replace(nat, rules={"NARR-REASON-MISSING": {"enabled": False}, "PERF-GRADE-BAND": {"severity": "low"}})
    rules = apply_profile(RULES, quiet)
    assert "NARR-REASON-MISSING" not in {r.id for r in rules}
    assert next(r for r in rules if r.id == "PERF-GRADE-BAND").severity == "low"


def test_reason_required_share_is_a_profile_parameter():
    text = "1. 一般公共服务支出(类)。年初预算为 100.00 万元，支出决算为 108.00 万元。主要用于：人员经费。"
    doc = example_document({"text": text})
    nat = load_profile("national")
    strict = dataclasses.replace(nat, params={**nat.params, "reason_required_share": 0.05})
    assert [f for f in evaluate(doc, profile=nat) if f["rule_id"] == "NARR-REASON-MISSING"] == []  # 8 % < 10 %
    [f] = [f for f in evaluate(doc, profile=strict) if f["rule_id"] == "NARR-REASON-MISSING"]
    assert f["values"]["stated"] == Decimal("108.00") and f["values"]["expected"] == Decimal("100.00")


# ------------------------------------------------------------------------------------------- stable codes


def test_a_renamed_rule_keeps_its_finding_keys_and_profile_overrides(tmp_path: Path):
    src = next(r for r in RULES if r.id == "ARITH-T7-VEHICLE")
    data = yaml.safe_load(Path(src.path).read_text(encoding="utf-8"))
    data["id"] = "ARITH-T7-CAR-SUBTOTAL"
    data["aliases"] = ["ARITH-T7-VEHICLE"]
    (tmp_path / "arithmetic").mkdir()
    (tmp_path / "arithmetic" / "ARITH-T7-CAR-SUBTOTAL.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    renamed = load_rules(tmp_path)
    doc = example_document(src.examples["fail"][0])
    old = [f for f in evaluate(doc, [src]) if f["rule_id"] == "ARITH-T7-VEHICLE"]
    new = [f for f in evaluate(doc, renamed) if f["rule_id"] == "ARITH-T7-CAR-SUBTOTAL"]
    assert old and all(f["rule_key"] == "ARITH-T7-VEHICLE" for f in new)
    assert [finding_key("sha", f) for f in new] == [finding_key("sha", f) for f in old]  # decisions stay attached
    nat = load_profile("national")
    off = dataclasses.replace(nat, rules={"ARITH-T7-VEHICLE": {"enabled": False}})  # an override by the former id
    assert apply_profile(renamed, off) == []


# --------------------------------------------------------------------------------------- observations


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_observations_are_many_more_than_findings(seed: str):
    doc = parse_file(str(next(CORPUS.glob(f"{seed}_*.txt"))))
    prof = load_profile(profile_for_unit(doc.unit))
    declared = [parse_identity(r.id, r.each, r.assertion) for r in RULES if r.each is not None]
    facts, _ = extract_facts(doc, prof.params, declared)
    findings = [f for f in evaluate(doc) if f["rule_id"] != "engine-error"]
    assert len(facts) >= 4 * len(findings), (len(facts), len(findings))
