"""Group E: self-evaluation tables (model objects) and the summary text around them."""

from __future__ import annotations

from decimal import Decimal

from juesuan.observe import performance as fp
from tests.dpf_docs import doc_of, ind, perf, seed_doc
from tests.rule_helpers import failing


def checks(facts: list, check: str) -> list:
    return [f for f in facts if f.fields.get("check") == check]


# --------------------------------------------------------------------------- execution


def test_execution_rate_recomputed_with_envelope() -> None:
    ok = perf("残保金", budget="2.50", executed="2.16", rate="86.40", score="17.28", weight="20")
    bad = perf("物资站", budget="17.00", executed="13.28", rate="88.12", score="15.62", weight="20")
    facts = failing(fp.execution_facts(doc_of(performance=[ok, bad])))
    [f] = checks(facts, "exec_rate")
    assert f.fields["project"] == "物资站" and f.values["expected"] == Decimal("78.12")
    # a wrong rate is the finding; its score is not checked again
    assert checks(facts, "exec_score") == []


def test_execution_score_weight_times_rate() -> None:
    hubei = perf("购岗", budget="13.40", executed="11.05", rate="82.46", score="16.49", weight="20")
    national = perf("国", budget="13.40", executed="11.05", rate="82.46", score="8.25", weight="10")
    over = perf("超", budget="10", executed="12", rate="120", score="20", weight="20")  # min(rate, 1)
    assert failing(fp.execution_facts(doc_of(performance=[hubei, over]))) == []
    from juesuan.observe.context import using_params
    from juesuan.rules.profile import load_profile

    with using_params(load_profile("national").params):
        assert failing(fp.execution_facts(doc_of(performance=[national])), profile="national") == []
        # under the national template (10) a score computed with 20 is the finding, as the arithmetic says
        [f] = failing(fp.execution_facts(doc_of(performance=[hubei])), profile="national")
        assert f.values["expected"] == Decimal("8.25") and f.values["stated"] == Decimal("16.49")
    wrong = perf("错", budget="823.24", executed="624.81", rate="75.90", score="15.87", weight="20")
    [f] = failing(fp.execution_facts(doc_of(performance=[wrong])))
    assert f.fields["check"] == "exec_score" and f.values["expected"] == Decimal("15.18")


def test_execution_weight_inferred_when_not_stated() -> None:
    p = perf("x", budget="100", executed="50", rate="50", score="10")  # 20 × 50 %
    q = perf("y", budget="100", executed="50", rate="50", score="5")  # 10 × 50 %
    r = perf("z", budget="100", executed="50", rate="50", score="7")
    from juesuan.observe.context import using_params
    from juesuan.rules.profile import load_profile

    for profile, fails in (("hubei", ["y", "z"]), ("national", ["x", "z"])):  # the profile's weight: 20 / 10
        with using_params(load_profile(profile).params):
            facts = failing(fp.execution_facts(doc_of(performance=[p, q, r])), profile=profile)
        assert [f.fields["project"] for f in facts] == fails, profile


def test_execution_score_stated_in_text() -> None:
    text = "企业服务中心部门整体调整后预算数为 823.24 万元，实际执行金额为 624.81 万元，执行率 75.9%。此项得分为 15.87 分。"
    [f] = fp.execution_facts(doc_of(text))
    assert f.fields["check"] == "exec_score_text" and f.values["expected"] == Decimal("15.18")
    ok = "2022 年度电子口岸运行维护专项经费项目预算 56.41 万元，实际支出为 56.41 万元，预算执行率 100%，评分 20 分。"
    assert fp.execution_facts(doc_of(ok)) == []


# --------------------------------------------------------------------------- indicators


def test_score_over_weight() -> None:
    p = perf("p", indicators=[ind("a", "100%", "100%", "10", "12"), ind("b", "100%", "100%", "10", "10")])
    [f] = checks(fp.indicator_facts(doc_of(performance=[p])), "score_over_weight")
    assert f.fields["indicator"] == "a"


def test_below_target_cannot_score_full() -> None:
    p = perf("班列", indicators=[
        ind("中欧（亚）班列开行列数", "360列", "285", "10", "10"),
        ind("内贸班列开行列数", "1800列", "1800", "10", "10"),
        ind("系统故障率", "≤1%", "0.5%", "10", "10"),  # reverse indicator: lower is better
        ind("开行列数", "360列", "285", "10", "7.92"),  # scored proportionally
    ])
    [f] = checks(fp.indicator_facts(doc_of(performance=[p])), "below_target_full")
    assert f.values["expected"] == Decimal("7.92")


def test_impossible_percentage_and_implausible_target() -> None:
    p = perf("办公楼", indicators=[
        ind("证照下发审核准确率", "100", "415000", "10", "10", unit="%"),
        ind("免费复印打印", "400000", "415000", "10", "10", unit="张"),
        ind("系统故障率", "≤95%", "≤95%", "10", "10", unit="%"),
        ind("公众投诉率", "100%", "100%", "5", "5"),
        ind("系统故障率", "≤1%", "≤1%", "10", "10", unit="%"),
    ])
    facts = fp.indicator_facts(doc_of(performance=[p]))
    assert [f.fields["indicator"] for f in checks(facts, "impossible_percent")] == ["证照下发审核准确率"]
    assert [f.fields["indicator"] for f in checks(facts, "implausible_target")] == ["系统故障率", "公众投诉率"]


def test_target_actual_kind_mismatch_is_one_fact_per_table() -> None:
    p = perf("外经贸", indicators=[
        ind("货物贸易进出口总额（亿元）", "≥10%", "17.1", "30", "30"),
        ind("获得支持的外贸项目数量（个）", "≥5", "100%", None, None),
        ind("组织开展企业志愿活动场数", "≥4场", "4场", "3", "3"),
        ind("引进数字类企业数", "2家", "2家", "4", "4"),
        ind("服务对象满意度", "≥85", "90%", "5", "5"),
        ind("配合完成园区贷笔数", "根据实际情况", "9笔", "3", "3"),
        ind("抓好党风廉政教育", "10次", "已完成", "2", "2"),
    ])
    [f] = checks(fp.indicator_facts(doc_of(performance=[p])), "kind_mismatch")
    assert f.fields["count"] == 3
    assert "货物贸易进出口总额" in f.fields["pairs"] and "抓好党风廉政教育" in f.fields["pairs"]


# --------------------------------------------------------------------------- table level


def test_total_is_sum_of_parts() -> None:
    inds = [ind(f"i{i}", "100%", "100%", "16", "16") for i in range(5)]
    ok = perf("残保金", budget="2.50", executed="2.16", rate="86.40", score="17.28", weight="20", total="97.28", indicators=inds)
    bad = perf("整体", "unit", budget="823.24", executed="624.81", rate="75.90", score="15.18", weight="20", total="95.18",
               indicators=[ind(f"i{i}", "x", "x", "16", "15.6") for i in range(5)])
    facts = fp.table_facts(doc_of(performance=[ok, bad]))
    [f] = checks(facts, "total_sum")
    assert f.fields["project"] == "整体" and f.values["expected"] == Decimal("93.18")


def test_weights_sum_to_100() -> None:
    ok = perf("ok", weight="20", indicators=[ind(f"i{i}", "1", "1", "16", None) for i in range(5)])
    bad = perf("bad", weight="20", indicators=[ind(f"i{i}", "1", "1", "15", None) for i in range(5)])
    no_exec = perf("noexec", indicators=[ind(f"i{i}", "1", "1", "16", None) for i in range(5)])  # 80: execution not weighted here
    facts = checks(fp.table_facts(doc_of(performance=[ok, bad, no_exec])), "weights_sum")
    assert [f.fields["project"] for f in facts] == ["bad"]


def test_grade_bands() -> None:
    assert [fp.grade_for(Decimal(x)) for x in ("90", "89.99", "80", "60", "59.9")] == ["优", "良", "良", "中", "差"]
    pfs = [perf("a", total="87.70", grade="优"), perf("b", total="95", grade="优")]
    [f] = checks(fp.table_facts(doc_of(performance=pfs)), "grade_band")
    assert f.fields["project"] == "a" and f.fields["expected_grade"] == "良"
    text = "综合评价得分为 85 分，评价结果为“优”。\n综合评价得分99分，评价结果为“优”。"
    [g] = checks(fp.table_facts(doc_of(text)), "grade_band")
    assert g.values["stated"] == Decimal("85")


def test_zero_execution_with_full_output_marks() -> None:
    outputs = [ind("系统验收合格率", "100%", "100%", "10", "10"), ind("短信发送准确率", "≥99%", "≥99%", "5", "5"),
               ind("用户使用率", "≥90%", "≥90%", "10", "10", level1="效益指标")]
    zero = perf("大楼运维", budget="16", executed="0", rate="0", indicators=outputs)
    some = perf("购岗", budget="16", executed="8", rate="50", indicators=outputs)
    facts = checks(fp.table_facts(doc_of(performance=[zero, some])), "zero_execution_full_marks")
    assert [f.fields["project"] for f in facts] == ["大楼运维"]


# --------------------------------------------------------------------------- text vs table


def test_summary_text_against_table() -> None:
    pfs = [perf("外经贸发展专项资金", budget="62", executed="62", rate="100"), perf("参展参会", budget="30", executed="30", rate="100")]
    text = (
        "外经贸发展专项项目绩效自评综述:项目全年预算数为60万元。执行数为60万元，完成预算100%。\n"
        "参展参会项目绩效自评综述：项目全年预算数为30万元，执行数为30万元，完成预算100％。\n"
    )
    facts = fp.text_vs_table(doc_of(text, performance=pfs))
    assert [(f.fields["project"], f.fields["column"]) for f in facts] == [("外经贸发展专项资金", "预算数、执行数")]


def test_seed_001_text_with_tables() -> None:
    doc = seed_doc("001")
    doc.performance = [
        perf("武汉市汉阳区企业服务中心", "unit", "823.24", "624.81", "75.90", "15.18", "20", line=455),
        perf("改制企业工作经费", budget="116.00", executed="110.16", rate="94.97", score="18.99", weight="20", total="98.99", line=606),
    ]
    facts = fp.all_facts(doc)
    assert [f.values["stated"] for f in checks(facts, "exec_score_text")] == [Decimal("15.87")]
    [t] = checks(facts, "text_vs_table")
    assert t.fields["project"] == "改制企业工作经费" and t.values["stated"] == Decimal("120")


def test_heading_weights() -> None:
    text = (
        "2022 年度整体绩效自评表\n"
        "预算执行情况 (万元) (19分) | 预算数 (A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率)\n"
        "部门整体支出 总额 | 823.24 | 624.81 | 75.90% | 15.18\n"
        "年度目标 1: (40分) | 目标一\n年度绩效目标 2 (40分) | 目标二\n年度绩效 目标 2 (40 分) | 重复的表头\n"
    )
    pf = perf("整体", "unit", "823.24", "624.81", "75.90", "15.18", "20", line=1)
    facts = fp.table_facts(doc_of(text, performance=[pf]))
    assert [f.fields["check"] for f in facts] == ["execution_weight_mismatch"]  # the sum (99) follows from the heading
    ok = text.replace("(19分)", "(20分)")
    assert fp.table_facts(doc_of(ok, performance=[pf])) == []
    bad = ok.replace("年度目标 1: (40分)", "年度目标 1: (30分)")
    [f] = fp.table_facts(doc_of(bad, performance=[pf]))
    assert f.fields["check"] == "heading_weights_sum" and f.values["stated"] == Decimal("90")
