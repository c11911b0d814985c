"""End-to-end A–C (structure, arithmetic, cross-table) findings on the five seeds.

Expectations come from reading the seeds' tables by hand: the seeds' tables are internally
consistent except for rounding tails, so A–C must report the real structural gaps and nothing
above ``info`` for arithmetic or cross-table relations.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.findings.evaluate import evaluate
from juesuan.model.build import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = {p.name[:3]: p for p in CORPUS.glob("*.txt")}
ABC = ("structure", "arithmetic", "cross-table")


@pytest.fixture(scope="module")
def findings():
    return {k: evaluate(parse_file(str(p))) for k, p in SEEDS.items()}


def _abc(fs, severities=("high", "medium", "low", "info")):
    return sorted((f["rule_id"], f["severity"]) for f in fs if f["category"] in ABC and f["severity"] in severities)


def test_002_reports_all_nine_tables_missing(findings):
    missing = [f for f in findings["002"] if f["rule_id"] == "STRUCT-TABLE-MISSING"]
    assert sorted(f["evidence"][0]["table"] for f in missing) == [f"T{i}" for i in range(1, 10)]
    assert all(f["severity"] == "high" for f in missing)


def test_003_rounding_tails_are_info_only(findings):
    fs = findings["003"]
    tails = {f["rule_id"]: f for f in fs if f["rule_id"] in ("ARITH-ROUNDING-TAIL", "XT-ROUNDING-TAIL")}
    assert set(tails) == {"ARITH-ROUNDING-TAIL", "XT-ROUNDING-TAIL"}
    assert all(f["severity"] == "info" for f in tails.values())
    # 4,242.52 (T1) vs 4,242.53 (T3) across tables is a tail, quoted with both sides
    xt = tails["XT-ROUNDING-TAIL"]
    assert "4242.52" in xt["message"] and "4242.53" in xt["message"]
    assert len(xt["evidence"]) >= 2
    assert _abc(fs, ("high", "medium")) == []


def test_004_part_le_whole_is_not_a_finding(findings):
    # T6 公务用车运行维护费 5.51 ≤ 三公 公务用车运行费 6.27: normal, never reported
    from decimal import Decimal

    doc = parse_file(str(SEEDS["004"]))
    assert doc.table("T6").row(code="30231").values["决算数"] == Decimal("5.51")
    assert doc.table("T7").row(name="公务用车运行费").values["决算数"] == Decimal("6.27")
    assert not [f for f in findings["004"] if f["rule_id"] == "XT-T6-T7-PART-WHOLE"]


def test_004_has_no_glossary(findings):
    assert ("STRUCT-SECTION-MISSING", "medium") in _abc(findings["004"])
    f = next(f for f in findings["004"] if f["rule_id"] == "STRUCT-SECTION-MISSING")
    assert "名词解释" in f["message"]


def test_000_has_no_jiguan_yunxing_jingfei_explanation(findings):
    msgs = [f["message"] for f in findings["000"] if f["rule_id"] == "STRUCT-SECTION-MISSING"]
    assert len(msgs) == 1 and "机关运行经费" in msgs[0]


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_no_false_medium_or_high_abc_findings(findings, seed):
    expected = {"000": [("STRUCT-SECTION-MISSING", "medium")], "001": [], "003": [], "004": [("STRUCT-SECTION-MISSING", "medium")]}
    assert _abc(findings[seed], ("high", "medium")) == expected[seed]


def test_findings_follow_the_contract(findings):
    for fs in findings.values():
        for f in fs:
            assert {"document", "unit", "year", "rule_id", "category", "severity", "message", "evidence", "values"} <= f.keys()
            assert f["rule_id"] != "engine-error", f["message"]
            for e in f["evidence"]:
                assert len(e["text"]) <= 200


def test_deterministic(findings):
    again = evaluate(parse_file(str(SEEDS["003"])))
    assert again == findings["003"]


# --- variants built from a seed: one altered figure must give exactly the finding that names it ---

def _variant(tmp_path, old: str, new: str):
    src = SEEDS["001"].read_text(encoding="utf-8")
    assert src.count(old) >= 1
    p = tmp_path / "variant.txt"
    p.write_text(src.replace(old, new), encoding="utf-8")
    return [f for f in evaluate(parse_file(str(p))) if f["category"] in ABC and f["severity"] != "info"]


def test_variant_wrong_leaf_cell_is_reported_once(tmp_path):
    # T5 项 2010399: 小计 178.78 misprinted as 178.87 — its row identity breaks; the 款 20103 = Σ项 break it causes is not repeated
    fs = _variant(tmp_path, "其他政府办公厅（室）及相关机构事务支出\t\t178.78\t\t178.78",
                  "其他政府办公厅（室）及相关机构事务支出\t\t178.87\t\t178.78")
    assert [f["rule_id"] for f in fs] == ["ARITH-T5-ROW-SUM"]
    f = fs[0]
    assert "2010399" in f["message"] and "178.87" in f["message"] and "178.78" in f["message"]
    assert f["values"]["difference"] == Decimal("0.09")
    assert any("178.87" in e["text"] for e in f["evidence"])


def test_variant_wrong_total_is_not_cascaded_across_tables(tmp_path):
    # the 合计 line shared by T3 and T5 misprinted: each table reports its own total once; T1–T3 and T4–T5 stay quiet
    fs = _variant(tmp_path, "\t\t\t合计\t624.81\t392.43\t232.38", "\t\t\t合计\t634.81\t392.43\t232.38")
    assert sorted(f["rule_id"] for f in fs) == ["ARITH-T3-ROW-SUM", "ARITH-T5-ROW-SUM"]


def test_variant_cross_table_break_is_reported(tmp_path):
    # T5 consistent with itself but 10.00 above T4: a cross-table break (T4 一般公共预算 vs T5 合计)
    src = SEEDS["001"].read_text(encoding="utf-8")
    t5_start = src.index("一般公共预算财政拨款支出决算表（表 5）")
    head, tail = src[:t5_start], src[t5_start:]
    tail = tail.replace("\t\t\t合计\t624.81\t392.43\t232.38", "\t\t\t合计\t634.81\t392.43\t242.38", 1)
    tail = tail.replace("201\t\t一般公共服务支出\t\t567.46\t352.59\t214.87", "201\t\t一般公共服务支出\t\t577.46\t352.59\t224.87", 1)
    tail = tail.replace("20103\t\t政府办公厅（室）及相关机构事务\t\t567.46\t352.59\t214.87",
                        "20103\t\t政府办公厅（室）及相关机构事务\t\t577.46\t352.59\t224.87", 1)
    tail = tail.replace("2010399\t\t其他政府办公厅（室）及相关机构事务支出\t\t178.78\t\t178.78",
                        "2010399\t\t其他政府办公厅（室）及相关机构事务支出\t\t188.78\t\t188.78", 1)
    p = tmp_path / "variant.txt"
    p.write_text(head + tail, encoding="utf-8")
    fs = [f for f in evaluate(parse_file(str(p))) if f["category"] in ABC and f["severity"] != "info"]
    ids = {f["rule_id"] for f in fs}
    assert "XT-T4-T5-GENERAL" in ids
    assert not {i for i in ids if i.startswith("ARITH-")}
    f = next(f for f in fs if f["rule_id"] == "XT-T4-T5-GENERAL")
    assert len(f["evidence"]) == 2 and f["values"]["difference"].copy_abs() == Decimal("10.00")
