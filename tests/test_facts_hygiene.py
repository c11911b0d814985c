"""Group F: template residue, debris, other-year attachments and personal data."""

from __future__ import annotations

import pytest

from juesuan.observe import hygiene as fh
from tests.dpf_docs import doc_of, seed_doc


def by_check(doc) -> dict:
    """The hygiene observations some rule fires on, by check (decided by the real rule engine)."""
    from tests.rule_helpers import failing

    return {f.fields["check"]: f for f in failing(fh.hygiene_facts(doc))}


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("本部门2022年度XX支出共计XX万元。", "placeholder"),
        ("××单位2022年度部门决算", "placeholder"),
        ("某某科室负责具体工作。", "placeholder"),
        ("第一部分  部门名称概况", "name_placeholder"),
        ("一、2023年度部门名称整体绩效评价自评表", "name_placeholder"),
        ("项目支出主要用于项目名称改制企业工作经费 110.16 万元。", "name_placeholder"),
        ("主要原因:一是……; 二是……", "unfilled_list"),
        ("支出决算比上年增加（减少）12.00万元。", "alt_wording"),
        ("(该项名词解释中“上述……等收入”请依据部门收入的实际情况进行解释)", "instruction"),
        ("经营收入：指……收入。（可结合部门实际收入情况举例说明）", "instruction"),
        ("1.因公出国(境)费全年预算为0万元，支出决算为    万元，完成全年预算的0%。", "blank_figure"),
        ("合计 | 21,709.71 | ERROR:#DIV/0!", "debris"),
        ("小计 | #REF! | 12", "debris"),
    ],
)
def test_residue_found(text: str, check: str) -> None:
    assert check in by_check(doc_of(text))


@pytest.mark.parametrize(
    "text",
    [
        "项目名称 | 行政事业单位缴纳残保金",  # a form label, not residue
        "序号 | 主管部门名称1 | 预算项目名称",
        "单位名称 | 武汉市汉阳区企业服务中心",
        "一是认真总结上年度绩效自评工作经验；二是公开。",
        "截至2023年12月31日，开支财政拨款的公务用车保有量    为3辆。",
        "与 2021 年度相比，收入总计增加 20.53 万元，增加 6.9%。",
        "电话：84461156",
        "项目支出 232.38 万元，其中项目名称见附表。",
    ],
)
def test_clean_text_not_flagged(text: str) -> None:
    assert by_check(doc_of(text)) == {}


def test_repeated_debris_is_one_fact_with_count_and_locations() -> None:
    text = "\n".join(f"{i} | - 0 | ERROR:#DIV/0!" for i in range(6))
    facts = [f for f in fh.hygiene_facts(doc_of(text)) if f.fields["check"] == "debris"]
    assert len(facts) == 1 and facts[0].fields["count"] == 6 and len(facts[0].evidence) == 3
    assert facts[0].evidence[0].line == 1 and "ERROR" in facts[0].evidence[0].text


def test_other_year_attachments() -> None:
    text = "第三部分 2022年度单位决算情况说明\n与2021年度相比，收入增加。\n附件1 项目支出绩效自评汇总表\n2021年度项目支出绩效自评情况汇总表\n（2021年度）\n"
    f = by_check(doc_of(text, year=2022))["other_year"]
    assert f.fields["count"] == 2 and f.fields["years"] == "2021"
    assert "other_year" not in by_check(doc_of(text, year=2021))
    assert "other_year" not in by_check(doc_of(text, year=None))


def test_personal_data() -> None:
    facts = by_check(doc_of("负责人及电话 | 王学荣13593926566\n2022 年度退休人员郭国清抚恤金项目自评表\n身份证号 420102199001011237"))
    assert facts["mobile"].fields["masked"] == "135****6566"
    assert "退休人员郭国清" in facts["private_name"].fields["names"]
    # 420102199001011237 has a wrong check digit -> not an ID number; a valid one is found
    assert "id_number" not in facts
    assert "id_number" in by_check(doc_of("身份证 11010519491231002X"))


def test_public_roles_and_amounts_are_not_personal_data() -> None:
    text = "局长张明主持召开会议。\n退休人员抚恤金 15.35 万元\n金额13593926566.00\n死亡抚恤 | 31.19"
    assert by_check(doc_of(text)) == {}


@pytest.mark.parametrize(
    ("prefix", "year", "expected"),
    [
        ("000", 2022, set()),
        ("001", 2022, {"name_placeholder", "instruction", "private_name"}),
        ("002", 2022, {"instruction", "debris", "other_year"}),
        ("003", 2023, {"name_placeholder", "instruction", "blank_figure", "mobile"}),
        ("004", 2023, {"unfilled_list"}),
    ],
)
def test_seeds_text(prefix: str, year: int, expected: set[str]) -> None:
    doc = seed_doc(prefix)
    doc.year = year
    assert set(by_check(doc)) == expected


def test_table_header_cells_are_labels_not_residue() -> None:
    assert by_check(doc_of("序号 | 单位名称 |\n1 | 荆门市行政审批局(本级) |")) == {}
    assert "name_placeholder" in by_check(doc_of("第一部分 | 部门名称概况"))


def test_bare_eleven_digit_amount_in_a_table_is_not_a_phone() -> None:
    assert by_check(doc_of("合计 | 13512345678 | 13512345678")) == {}
    assert "mobile" in by_check(doc_of("联系电话 | 13593926566"))


def test_other_year_needs_the_report_year_somewhere() -> None:
    # a misread report year (2021 for a 2022 report) must not flag every 2022 title
    text = "2022年度项目支出绩效自评表\n（2022年度）\n"
    assert "other_year" not in by_check(doc_of(text, year=2021))


def test_other_year_ignores_comparisons_when_checking_the_report_year() -> None:
    text = "与2021年度相比，收入增加。\n2022年度项目支出绩效自评表\n（2022年度）\n"
    assert "other_year" not in by_check(doc_of(text, year=2021))
