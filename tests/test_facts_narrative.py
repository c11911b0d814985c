"""Group D fact extractors over documents built from model objects (and the seeds' text)."""

from __future__ import annotations

from decimal import Decimal

from juesuan.model.document import Row, Table
from juesuan.observe.claim_join import parse_subject, resolve
from juesuan.observe.narrative import extract as fn
from tests.dpf_docs import D, doc_of, fn_table, perf, seed_doc

T5_000 = fn_table(
    "T5",
    [
        (None, "合计", "317.61", "261.20", "56.41"),
        ("201", "一般公共服务支出", "288.04", "231.63", "56.41"),
        ("20113", "商贸事务", "288.04", "231.63", "56.41"),
        ("2011350", "事业运行", "231.63", "231.63", None),
        ("2011399", "其他商贸事务支出", "56.41", None, "56.41"),
        ("208", "社会保障和就业支出", "29.57", "29.57", None),
        ("20805", "行政事业单位养老支出", "29.57", "29.57", None),
        ("2080505", "机关事业单位基本养老保险缴费支出", "24.57", "24.57", None),
        ("2080506", "机关事业单位职业年金缴费支出", "5.00", "5.00", None),
    ],
)


def T1(income: str, spending: str) -> Table:
    return Table(
        id="T1",
        title="收入支出决算总表",
        rows=[
            Row(None, "本年收入合计", {"决算数": D(income)}, side="收入", line=50, raw=f"本年收入合计 | {income}"),
            Row(None, "本年支出合计", {"决算数": D(spending)}, side="支出", line=50, raw=f"本年支出合计 | {spending}"),
        ],
    )


def checks(facts: list, check: str) -> list:
    return [f for f in facts if f.fields.get("check") == check]


# --------------------------------------------------------------------------- claim_join


def test_parse_subject_chain() -> None:
    segs = parse_subject("1. 一般公共服务支出（类）商贸事务（款）事业运行（项）支出决算数 288.04 万元")
    assert [(s.name, s.level) for s in segs] == [("一般公共服务支出", "类"), ("商贸事务", "款"), ("事业运行", "项")]


def test_resolve_uses_parent_names_and_tolerates_typos() -> None:
    t5 = fn_table("T5", [("20103", "政府办公厅（室）及相关机构事务", "1", None, None),
                         ("2010350", "事业运行", "2", None, None),
                         ("20113", "商贸事务", "3", None, None),
                         ("2011350", "事业运行", "4", None, None),
                         ("2010399", "其他政府办公厅（室）及相关机构事务支出", "5", None, None)])
    m = resolve(parse_subject("商贸事务（款）事业运行（项）"), t5)
    assert m is not None and m.row.code == "2011350"
    m2 = resolve(parse_subject("政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事各支出（项）"), t5)
    assert m2 is not None and m2.row.code == "2010399"


# --------------------------------------------------------------------------- D1


def test_item_quoted_with_its_class_total_is_flagged_and_named() -> None:
    doc = doc_of("1. 一般公共服务支出（类）商贸事务（款）事业运行（项）支出决算数 288.04 万元。", [T5_000])
    [f] = fn.line_amounts(doc)
    assert f.values["stated"] == Decimal("288.04") and f.values["expected"] == Decimal("231.63")
    assert f.fields["parent_total"] is True and f.fields["parent_level"] in ("类", "款")
    assert any(e.table == "T5" and e.row == "2011350" for e in f.evidence)
    assert any("288.04" in e.text and e.line == 1 for e in f.evidence)


def test_item_amount_equal_to_table_passes_and_other_name_variants_resolve() -> None:
    text = (
        "2. 社会保障和就业支出（类）行政事业单位离退休（款）机关事业单位基本养老保险缴费支出（项）支出决算数 24.57 万元。\n"
        "3. 社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位职业年金缴费支出(项)支出决算数 5 万元"
    )
    assert fn.line_amounts(doc_of(text, [T5_000])) == []


def test_item_amount_wrong_but_not_a_parent_total() -> None:
    doc = doc_of("1.一般公共服务支出（类）商贸事务（款）其他商贸事务支出（项）。年初预算为 58 万元，支出决算为 60.41 万元。", [T5_000])
    [f] = fn.line_amounts(doc)
    assert f.fields["parent_total"] is False and f.values["expected"] == Decimal("56.41")


def test_budget_amounts_are_not_compared_with_spending_columns() -> None:
    doc = doc_of("1.一般公共服务支出（类）商贸事务（款）事业运行（项）。年初预算为 250.52 万元，支出决算为 231.63 万元。", [T5_000])
    assert fn.line_amounts(doc) == []


def test_class_name_without_marker_in_numbered_item() -> None:
    doc = doc_of("1.社会保障和就业支出30.57万元,占一般公共预算财政拨款支出的9.62%。", [T5_000])
    [f] = fn.line_amounts(doc)
    assert f.fields["code"] == "208"


# --------------------------------------------------------------------------- D2


def test_completion_that_cannot_come_from_its_inputs() -> None:
    doc = doc_of("1.事业运行（项）。年初预算为 250.52 万元，支出决算为 288.04 万元，完成年初预算的 95.78%。")
    [f] = checks(fn.percent_facts(doc), "completion")
    assert f.values["expected"] == Decimal("114.98")


def test_completion_inside_rounding_envelope_passes() -> None:
    # 61.92 / 53.08 = 116.65 %; "117%" is right, "116.6%" too
    assert fn.percent_facts(doc_of("年初预算为53.08万元，支出决算为61.92万元，完成年初预算的117%。")) == []
    assert fn.percent_facts(doc_of("年初预算为53.08万元，支出决算为61.92万元，完成年初预算的116.6%。")) == []
    [f] = fn.percent_facts(doc_of("年初预算为53.08万元，支出决算为61.92万元，完成年初预算的116%。"))
    assert f.fields["check"] == "completion"


def test_share_with_rounded_inputs_is_inside_envelope() -> None:
    # GUIDE §3: 22.46% for 2.02 / 9.00 is fine
    doc = doc_of("公务接待费预算9.00万元，其中：已支出2.02万元，占22.46%。")
    assert fn.percent_facts(doc) == []


def test_share_of_named_table_total() -> None:
    doc = doc_of("2022 年度一般公共预算财政拨款支出 317.61 万元，占本年支出合计的 99.98%。", [T1("317.66", "317.61")])
    [f] = fn.percent_facts(doc)
    assert f.fields["check"] == "share" and f.values["expected"] == Decimal("100.00")
    assert any(e.table == "T1" for e in f.evidence)


def test_share_against_total_before_qizhong() -> None:
    ok = doc_of("2022 年度支出合计 317.61 万元。其中：基本支出 261.2 万元，占本年支出 82.24%；项目支出 56.41 万元，占本年支出 17.76%。")
    assert fn.percent_facts(ok) == []
    bad = doc_of("2022 年度支出合计 317.61 万元。其中：基本支出 261.2 万元，占 80.24%；项目支出 56.41 万元，占 17.76%。")
    [f] = fn.percent_facts(bad)
    assert f.values["stated"] == Decimal("80.24")


def test_growth_recomputed_and_deduplicated() -> None:
    text = (
        "2023年度收、支总计均为6398.35万元。与2022年度相比，收、支总计各增加1459.17万元，增长29.3%。\n"
        "2023年度收入合计6398.35万元，与2022年度相比，收入合计增加1459.17万元，增长29.3%。"
    )
    [f] = fn.percent_facts(doc_of(text))
    assert f.fields["check"] == "growth" and f.values["expected"] == Decimal("29.54") and f.fields["mentions"] == 2
    ok = "2022 年度收、支总计均为 317.66 万元。与 2021 年度相比，收入总计增加 20.53 万元，增加 6.9%。"
    assert fn.percent_facts(doc_of(ok)) == []


def test_growth_to_zero_is_minus_100_percent() -> None:
    assert fn.percent_facts(doc_of("其中年初结转和结余0万元，较2021年减少709.84万元，下降100 %。")) == []


def test_zero_budget_completion_is_one_aggregated_fact() -> None:
    text = "\n".join(f"（{i}）某支出年初预算数为0万元，决算数为{i}0.5万元，完成年初预算的100%，主要原因是：追加。" for i in range(1, 4))
    facts = fn.percent_facts(doc_of(text))
    [f] = facts
    assert f.fields["status"] == "zero_base" and f.fields["count"] == 3


# --------------------------------------------------------------------------- D3


def test_listed_budgets_exceed_total() -> None:
    text = (
        "2022 年度一般公共预算财政拨款支出年初预算为 273.52 万元，支出决算为 317.61 万元，完成年初预算的 116.12%。其中：\n"
        "1.一般公共服务支出（类）。年初预算为 250.52 万元，支出决算为 261.63 万元，主要原因：调整。\n"
        "2.其他支出（类）。年初预算为 58 万元，支出决算为 56.41 万元。\n"
    )
    facts = fn.list_sums(doc_of(text))
    [f] = [x for x in facts if x.fields["measure"] == "年初预算"]
    assert f.fields["status"] == "over" and f.values["expected"] == Decimal("308.52")


def test_inline_items_sum_and_restated_total_is_not_an_item() -> None:
    ok = doc_of("2022 年度一般公共预算财政拨款支出年初预算为 689.87 万元，支出决算为 624.81 万元。其中：基本支出 392.43 万元，项目支出 232.38 万元。")
    assert fn.list_sums(ok) == []
    text = (
        "2023年度一般公共预算财政拨款支出年初预算为3,810.00万元,支出决算为3,383.79万元,完成年初预算的88.81%。其中:\n"
        "一般公用预算财政拨款支出。年初预算为 3810.00 万元,支出决算为 3383.79 万元,完成年初预算的 88.81%。\n"
        "一般公共服务支出。年初预算为 3686.57 万元,支出决算为 3249.78 万元,完成年初预算的 88.15%。\n"
        "教育支出。年初预算为 0.00 万元,支出决算为 10.00 万元\n"
        "社会保障和就业支出。年初预算为 123.43 万元,支出决算为 124.02 万元,完成年初预算的 100.48%。\n"
        "2023年度一般公共预算财政拨款基本支出1,415.21万元,比上年度减少202.83万元,下降12.54%,其中:\n"
    )
    assert fn.list_sums(doc_of(text)) == []


def test_sibling_items_are_not_sub_items() -> None:
    text = (
        "2. 公务用车购置及运行维护费6.27万元,公务用车购置和运行维护情况分别如下:\n"
        "(1)公务用车购置费0.00万元,与上年一样。\n"
        "(2)公务用车运行维护费6.27万元,低于年初预算1.73万元。\n"
        "3.公务接待费2.02万元,低于年初预算6.98万元。\n"
    )
    assert fn.list_sums(doc_of(text)) == []


def test_one_paragraph_item_list() -> None:
    text = "2023年度机关运行经费支出100.20万元。具体支出如下:\n办公费6.04万元,印刷费1.24万元,水费0.31万元,其他92.61万元。\n"
    assert fn.list_sums(doc_of(text)) == []
    bad = "2023年度机关运行经费支出100.20万元。具体支出如下:\n办公费6.04万元,印刷费1.24万元,水费0.31万元,其他82.61万元。\n"
    [f] = fn.list_sums(doc_of(bad))
    assert f.fields["status"] == "under"


# --------------------------------------------------------------------------- D4, D5


def test_execution_stated_twice_differently() -> None:
    text = (
        "企业服务中心部门整体调整后预算数为 823.24 万元，实际执行金额为 624.81 万元，预算执行率为 75.9%。\n"
        "整体资金预算数 823.24 万元，实际预算支出 624.81 万元，执行率 75.9%。\n"
        "整体资金调整后预算数 823.24 万元, 实际预算支出 653.34 万元, 较调整后预算节省 169.9 万元, 执行率为 79.36%。\n"
    )
    [f] = fn.repeats(doc_of(text))
    assert f.fields["value_a"] == "624.81" and f.fields["value_b"] == "653.34" and f.fields["count_a"] == 2


def test_sangong_budget_twice_without_t7() -> None:
    text = (
        "本单位2022年度财政拨款“三公”经费支出全年预算数为24.44万元，决算数为1.06万元，完成全年预算的4.34%。\n"
        "2022年实际支付“三公”经费总额为1.06万元，预算安排数22.44万元，“三公经费”控制率100%。\n"
    )
    [f] = [x for x in fn.repeats(doc_of(text)) if x.fields["check"] == "sangong_budget_twice"]
    assert {f.fields["value_a"], f.fields["value_b"]} == {"24.44", "22.44"}


def test_direction_words_against_numbers() -> None:
    bad = "因公出国（境）支出全年预算数为0万元，决算数为0万元。决算数较全年预算数增加的主要原因是：未安排。"
    [f] = [x for x in fn.direction_facts(doc_of(bad)) if x.fields["check"] == "budget_words"]
    assert f.fields["actual_relation"] == "等于"
    ok = "年初预算为 250.52 万元，支出决算为 288.04 万元，支出决算数大于年初预算数的主要原因：结转。"
    assert fn.direction_facts(doc_of(ok)) == []
    words = "收入合计 317.66 万元，比上年增加 20.53 万元，下降 6.9%。"
    [g] = fn.direction_facts(doc_of(words))
    assert g.fields["check"] == "growth_words"


def test_reason_missing_for_large_deviation() -> None:
    from tests.rule_helpers import failing

    bad = "1. 一般公共服务支出(类)。年初预算为 663.37 万元，支出决算为 567.46 万元。主要用于：人员经费。"
    [f] = failing(fn.reasons(doc_of(bad)))
    assert round(f.fields["gap_share"], 4) == 0.1446  # 95.91 / 663.37 ≥ the profile's 10 %
    ok = "1. 一般公共服务支出(类)。年初预算为 663.37 万元，支出决算为 567.46 万元，主要原因是人员减少。"
    assert fn.reasons(doc_of(ok)) == []
    small = "社会保障和就业支出。年初预算为 123.43 万元,支出决算为 124.02 万元。"
    [obs] = fn.reasons(doc_of(small))  # observed (gap 0.48 %), but no reason is required below 10 %
    assert failing([obs]) == []


# --------------------------------------------------------------------------- D6


def test_project_count_against_disclosed_tables() -> None:
    text = "根据预算绩效管理要求，我单位组织对 2022 年度一般公共预算项目支出全面开展绩效自评，共涉及项目 8 个，资金 232.38 万元。"
    pfs = [perf(f"项目{i}") for i in range(9)]
    [f] = fn.counts(doc_of(text, performance=pfs))
    assert f.values["stated"] == 8 and f.values["expected"] == 9
    assert fn.counts(doc_of(text, performance=pfs[:8])) == []
    assert fn.counts(doc_of(text)) == []  # nothing disclosed/parsed: no claim about it


def test_coverage_claim_against_t5_project_spending() -> None:
    t5 = fn_table("T5", [(None, "合计", "6398.35", "1055.56", "5342.79")])
    text = "本部门组织对2023年度一般公共预算项目支出全面开展绩效自评，共涉及项目5个，资金2004万元，占一般公共预算项目支出总额的100％。"
    [f] = fn.coverage(doc_of(text, [t5]))
    assert f.values["expected"] == Decimal("37.51")
    t5ok = fn_table("T5", [(None, "合计", "317.61", "261.20", "56.41")])
    ok = "共涉及一级项目 1 个，资金 56.41 万元，占一般公共预算项目支出总额 100%。"
    assert fn.coverage(doc_of(ok, [t5ok])) == []


# --------------------------------------------------------------------------- D7


def test_glossary_names_against_tables() -> None:
    t5 = fn_table("T5", [("201", "一般公共服务支出", "1", None, None), ("20103", "政府办公厅（室）及相关机构事务", "1", None, None),
                         ("2010350", "事业运行", "1", None, None), ("208", "社会保障和就业支出", "1", None, None),
                         ("20808", "抚恤", "1", None, None), ("2080801", "死亡抚恤", "1", None, None)])
    text = (
        "第五部分 名词解释\n"
        "(十) 本部门使用的支出功能分类科目(到项级)\n"
        "1. 一般公共服务(类)：反映政府提供一般公共服务支出。政府办公厅及相关机构事务(款):反映支出。事业运行(项):反映事业单位的基本支出。\n"
        "2. 卫生健康支出(类):反映卫生健康方面支出。公共卫生(款):反映公共卫生支出。\n"
        "第六部分 附件\n"
    )
    facts = fn.glossary(doc_of(text, [t5]))
    unused = checks(facts, "glossary_unused")
    missing = checks(facts, "glossary_missing")
    assert unused and "卫生健康支出" in unused[0].fields["names"] and "一般公共服务" not in unused[0].fields["names"]
    assert missing and "死亡抚恤" in missing[0].fields["names"]


# --------------------------------------------------------------------------- D8, D9


def T7(budget: dict[str, str], actual: dict[str, str]) -> Table:
    rows = []
    for name in ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"):
        rows.append(Row(None, name, {"预算数": D(budget.get(name)), "决算数": D(actual.get(name))}, line=242, raw=f"{name} | {budget.get(name)} | {actual.get(name)}"))
    return Table(id="T7", title="三公", rows=rows)


def test_sangong_text_budget_against_t7() -> None:
    t7 = T7({"合计": "9.76", "公务用车购置及运行费": "9.50", "公务接待费": "0.26"}, {"合计": "9.76", "公务用车购置及运行费": "9.50", "公务接待费": "0.26"})
    text = "2023年度“三公”经费财政拨款支出全年预算为10.34万元，支出决算为9.76万元，完成全年预算的94.34%。"
    [f] = fn.sangong(doc_of(text, [t7]))
    assert f.fields["item"] == "合计" and f.fields["column"] == "预算数" and f.values["expected"] == Decimal("9.76")
    ok = "2.公务用车购置及运行费全年预算为9.5万元，支出决算为9.5万元，完成全年预算的100%。"
    assert fn.sangong(doc_of(ok, [t7])) == []


def test_sangong_implied_budget_and_rate_against_t7() -> None:
    t7 = T7({"合计": "8.29", "公务用车购置及运行费": "6.27", "公务接待费": "2.02"}, {"合计": "8.29", "公务用车购置及运行费": "6.27", "公务接待费": "2.02"})
    text = (
        "2023年度财政拨款三公经费支出8.29万元,完成全年预算的48.76%,低于年初预算8.71万元,执行率为48.79%。\n"
        "3.公务接待费2.02万元,低于年初预算6.98万元,执行率为22.46%。\n"
    )
    [f] = fn.sangong(doc_of(text, [t7]))  # one finding per document, every item listed
    assert f.fields["item"] == "合计" and f.fields["items"] == 2
    assert "公务接待费预算数：正文 9.00 万元（由执行数与差额推得），表中 2.02 万元" in f.fields["detail"]
    assert f.values["stated"] == Decimal("17.00") and f.fields["implied"] is True


def test_jiguan_against_t6() -> None:
    t6 = Table(id="T6", title="T6", rows=[Row("302", "商品和服务支出", {"决算数": D("100.2")}, side="公用经费"),
                                          Row(None, "公用经费合计", {"决算数": D("100.2")}, side="公用经费", line=212, raw="公用经费合计 | 100.2")])
    ok = "2023年度机关运行经费支出100.20万元,比上年度减少118.05万元,下降54.09%。"
    assert fn.jiguan(doc_of(ok, [t6])) == []
    bad = "2023年度机关运行经费支出120.20万元,比上年度减少118.05万元。"
    [f] = fn.jiguan(doc_of(bad, [t6]))
    assert f.fields["status"] == "over"


# --------------------------------------------------------------------------- on the seeds' text (no parser needed)


def test_seed_000_text_alone() -> None:
    doc = seed_doc("000")
    doc.tables = [T5_000, T1("317.66", "317.61")]
    facts = fn.all_facts(doc)
    amounts = checks(facts, "line_amount")
    assert len(amounts) == 1 and amounts[0].values["stated"] == Decimal("288.04") and amounts[0].fields["mentions"] == 2
    comp = checks(facts, "completion")
    assert [f.values["stated"] for f in comp] == [Decimal("95.78")]
    sums = checks(facts, "list_sum")
    assert [f.fields["measure"] for f in sums] == ["年初预算"]  # the 决算 list follows from 288.04


def test_seed_001_text_alone() -> None:
    facts = fn.all_facts(seed_doc("001"))
    rep = checks(facts, "execution_twice")
    assert rep and rep[0].fields["value_b"] == "653.34"
    comp = checks(facts, "completion")
    assert [f.values["stated"] for f in comp] == [Decimal("98.99")]
    assert checks(facts, "list_sum") == []


def test_seed_002_text_alone() -> None:
    doc = seed_doc("002")
    facts = fn.all_facts(doc)
    assert checks(facts, "growth") == [] and checks(facts, "share") == []
    assert checks(facts, "sangong_budget_twice")


# --------------------------------------------------------------------------- variants (held-out robustness)


def test_sub_amounts_compare_with_their_own_column() -> None:
    ok = "1.一般公共服务支出（类）商贸事务（款）其他商贸事务支出（项）支出决算 56.41 万元，其中项目支出 56.41 万元，主要用于运维 30 万元。"
    assert fn.line_amounts(doc_of(ok, [T5_000])) == []
    bad = "1.一般公共服务支出（类）商贸事务（款）事业运行（项）支出决算 231.63 万元，其中基本支出 230.63 万元。"
    [f] = fn.line_amounts(doc_of(bad, [T5_000]))
    assert f.fields["column"] == "基本支出" and f.values["expected"] == Decimal("231.63")


def test_amounts_in_another_unit_are_not_compared() -> None:
    text = "1. 一般公共服务支出（类）商贸事务（款）事业运行（项）支出决算数 2316300 元。"
    assert fn.line_amounts(doc_of(text, [T5_000])) == []


def test_pdf_wrapped_lines_are_joined() -> None:
    text = (
        "一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出\n"
        "（类）2106.66万元，占71.73%；社会保障和就业支出（类）326.72万元，占11.11%；\n"
    )
    [f] = fn.percent_facts(doc_of(text))
    assert f.values["expected"] == Decimal("71.65")


def test_share_denominator_is_not_the_budget() -> None:
    text = "年初预算为 689.87 万元，支出决算为 624.81 万元。其中：基本支出 392.43 万元，占 62.81%；项目支出 232.38 万元，占 37.19%。"
    assert fn.percent_facts(doc_of(text)) == []


def test_two_projects_with_the_same_round_budget_are_not_one_quantity() -> None:
    text = (
        "证照邮寄费项目全年预算数为10万元,执行数为2.4万元,执行率为24%。\n"
        "档案数字化项目全年预算数为10万元,执行数为9万元,执行率为90%。\n"
    )
    assert fn.repeats(doc_of(text)) == []


def test_named_totals_against_tables() -> None:
    t1 = T1("317.66", "317.61")
    ok = (
        "2022 年度收入合计 317.66 万元，与 2021 年度相比，收入合计增加 20.53 万元，增加 6.9%。\n"
        "2022 年度支出合计 317.61 万元。\n2022 年度一般公共预算财政拨款支出 317.61 万元，占本年支出合计的 100%。\n"
        "2022 年度财政拨款收、支总计均为 317.61 万元。\n"  # no T4 here: not compared
    )
    assert fn.total_amounts(doc_of(ok, [t1, T5_000])) == []
    bad = "2022 年度支出合计 318.61 万元。其中：基本支出 262.2 万元，项目支出 56.41 万元。"
    [f] = fn.total_amounts(doc_of(bad, [t1, T5_000]))
    assert f.fields["total"] == "本年支出合计" and f.values["expected"] == Decimal("317.61")
    assert any(e.table == "T1" for e in f.evidence)


def test_phrasing_variants() -> None:
    assert fn.percent_facts(doc_of("本年收入 120.00 万元，较上年增加 20.00 万元，增幅 20.00%。")) == []
    [f] = fn.percent_facts(doc_of("本年收入 120.00 万元，较上年增加 20.00 万元，增幅 25.00%。"))
    assert f.fields["check"] == "growth"
    [g] = fn.percent_facts(doc_of("年初预算为 200.00 万元，支出决算为 150.00 万元，为年初预算的 70.00%。"))
    assert g.fields["check"] == "completion" and g.values["expected"] == Decimal("75.00")
    assert fn.percent_facts(doc_of("年初预算为 200.00 万元，支出决算为 150.00 万元，为年初预算的 75%。")) == []


def test_glossary_with_codes() -> None:
    t5 = fn_table("T5", [("201", "一般公共服务支出", "1", None, None), ("20103", "政府办公厅（室）及相关机构事务", "1", None, None),
                         ("2010301", "行政运行", "1", None, None)])
    text = "名词解释\n1. 2010301 行政运行：反映行政单位的基本支出。\n2. 2010302 一般行政管理事务：反映行政单位未单独设置项级科目的其他项目支出。\n附件\n"
    [f] = checks(fn.glossary(doc_of(text, [t5])), "glossary_unused")
    assert "2010302" in f.fields["names"] and "2010301" not in f.fields["names"]
