"""Table layout classes of real producers, each reproduced by a PDF the test makes (reportlab,
``tests/pdfmaker.make_pages_pdf``) and read by the product reader (``parse_file``): exact rows and
values are asserted, so a class that breaks shows which rows went where.

Classes (issue 9, part B): title, code, unit and header repeated on every continuation page; a
table going on on the next page without any header; a subtotal column under a parent header
(财政拨款收入: 小计 | 一般公共预算 | 政府性基金预算) that must not move the later columns; the
transposed 三公 table (items as columns, 公务用车 小计 between them, 预算数/决算数 as rows);
column-number rows (栏次 1 2 3 …, 甲 乙 1 2 …) in the header, never data; amounts in 元 with
thousands separators; portrait pages turned by /Rotate.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan.model.build import parse_file
from juesuan.model.document import Document, Table
from tests.pdfmaker import make_pages_pdf, rotated_copy

pytest.importorskip("reportlab")

# ----------------------------------------------------------------------------- helpers

T3_HEADER = [
    ["项目", None, "本年支出合计", "基本支出", "项目支出"],
    ["科目代码", "科目名称", None, None, None],
    ["栏次", None, "1", "2", "3"],
]
T3_SPANS = [(0, 0, 1, 0), (2, 0, 2, 1), (3, 0, 3, 1), (4, 0, 4, 1), (0, 2, 1, 2)]
_CLASSES = [("201", "一般公共服务支出"), ("204", "公共安全支出"), ("208", "社会保障和就业支出")]


def t3_body() -> list[list[str | None]]:
    """合计, three 类 and six 项 under each: 22 rows whose code sums close."""
    out: list[list[str | None]] = [["合计", "", "300.00", "200.00", "100.00"]]
    for lei, name in _CLASSES:
        out.append([lei, name, "100.00", "66.66", "33.34"])
        for x in range(6):
            basic = "16.66" if x < 4 else ("0.02" if x == 4 else "")
            proj = "" if x < 4 else ("16.65" if x == 4 else "16.69")
            total = "16.66" if x < 4 else ("16.67" if x == 4 else "16.69")
            out.append([f"{lei}{x + 1:02d}01", f"{name[:2]}项目{x + 1}", total, basic, proj])
    return out


def expected_t3() -> list[tuple]:
    out = []
    for r in t3_body():
        code = None if r[0] == "合计" else r[0]
        name = "合计" if code is None else r[1]
        vals = tuple(D(v) if v else None for v in r[2:])
        out.append((code, name, *vals))
    return out


def got(table: Table, cols: tuple[str, ...]) -> list[tuple]:
    return [(r.code, r.name, *(r.values.get(c) for c in cols)) for r in table.rows]


def tables(doc: Document) -> dict[str, Table]:
    return {t.id: t for t in doc.tables}


def no_duplicates(doc: Document) -> None:
    assert not [n for n in doc.notes if "重复出现" in n], doc.notes


# ----------------------------------------------------------------------------- continuation pages


def test_title_code_unit_and_header_repeated_on_every_page(tmp_path: Path) -> None:
    """Excel/WPS print areas: every page repeats 公开03表, the title (no 续), the unit line and the
    header; all three pages are one table (the code line before the title must merge with it)."""
    body = t3_body()
    pages = [["公开03表", "支出决算表", "部门：某某局 单位：万元", T3_HEADER + part]
             for part in (body[:8], body[8:15], body[15:])]
    pages.append(["二、其他需要说明的情况", "本部门无其他说明。"])
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "repeat.pdf", spans=T3_SPANS)))
    no_duplicates(doc)
    t3 = tables(doc)["T3"]
    assert t3.code == "公开03表" and t3.money_unit == "万元" and t3.page == 1
    assert got(t3, ("合计", "基本支出", "项目支出")) == expected_t3()
    assert sorted({r.page for r in t3.rows}) == [1, 2, 3]


def test_landscape_pages_stored_portrait_with_rotate(tmp_path: Path) -> None:
    """Landscape table pages stored as portrait pages turned by /Rotate 90 (the narrative page
    after them is not turned): the same table as upright pages."""
    body = t3_body()
    pages = [["公开03表", "支出决算表", "单位：万元", T3_HEADER + part] for part in (body[:11], body[11:])]
    pages.append(["二、其他需要说明的情况", "本部门无其他说明。"])
    flat = make_pages_pdf(pages, tmp_path / "flat.pdf", spans=T3_SPANS)
    doc = parse_file(str(rotated_copy(flat, tmp_path / "rotated.pdf", pages={1, 2})))
    assert not doc.problems and doc.checkable
    no_duplicates(doc)
    t3 = tables(doc)["T3"]
    assert got(t3, ("合计", "基本支出", "项目支出")) == expected_t3()
    assert sorted({r.page for r in t3.rows}) == [1, 2]


def test_title_without_code_first_then_code_and_title_on_continuation(tmp_path: Path) -> None:
    body = t3_body()
    pages = [["支出决算表", "单位：万元", T3_HEADER + body[:12]],
             ["公开03表", "支出决算表", "单位：万元", T3_HEADER + body[12:]],
             ["二、其他需要说明的情况", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "repeat2.pdf", spans=T3_SPANS)))
    no_duplicates(doc)
    assert got(tables(doc)["T3"], ("合计", "基本支出", "项目支出")) == expected_t3()


def test_table_goes_on_without_header_on_next_page(tmp_path: Path) -> None:
    body = t3_body()
    pages = [["公开03表", "支出决算表", "单位：万元", T3_HEADER + body[:10]],
             [(body[10:], [])],
             ["二、其他需要说明的情况", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "nohead.pdf", spans=T3_SPANS)))
    no_duplicates(doc)
    t3 = tables(doc)["T3"]
    assert got(t3, ("合计", "基本支出", "项目支出")) == expected_t3()
    assert sorted({r.page for r in t3.rows}) == [1, 2]


# ----------------------------------------------------------------------------- subtotal columns


T2_SUB_HEADER = [
    ["项目", None, "本年收入合计", "财政拨款收入", None, None, "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
    ["科目代码", "科目名称", None, "小计", "一般公共预算", "政府性基金预算", None, None, None, None, None],
]
T2_SUB_SPANS = [(0, 0, 1, 0), (2, 0, 2, 1), (3, 0, 5, 0), *[(c, 0, c, 1) for c in range(6, 11)]]


def test_subtotal_column_under_parent_header_keeps_later_columns_in_place(tmp_path: Path) -> None:
    """收入决算表 whose 财政拨款收入 is split into 小计 | 一般公共预算 | 政府性基金预算 (as budget
    tables print it): 小计 is 财政拨款收入, its parts are not T2 columns, 其他收入 stays 其他收入."""
    body = [
        ["合计", "", "1,120.50", "1,000.50", "900.50", "100.00", "", "", "", "", "120.00"],
        ["201", "一般公共服务支出", "1,120.50", "1,000.50", "900.50", "100.00", "", "", "", "", "120.00"],
        ["2010301", "行政运行", "820.50", "700.50", "700.50", "", "", "", "", "", "120.00"],
        ["2010350", "事业运行", "300.00", "300.00", "200.00", "100.00", "", "", "", "", ""],
    ]
    pages = [["公开02表", "收入决算表", "单位：万元", T2_SUB_HEADER + body], ["二、说明", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "sub.pdf", spans=T2_SUB_SPANS, font_size=7)))
    t2 = tables(doc)["T2"]
    cols = ("合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    assert t2.columns == list(cols)
    assert got(t2, cols) == [
        (None, "合计", D("1120.50"), D("1000.50"), None, None, None, None, D("120.00")),
        ("201", "一般公共服务支出", D("1120.50"), D("1000.50"), None, None, None, None, D("120.00")),
        ("2010301", "行政运行", D("820.50"), D("700.50"), None, None, None, None, D("120.00")),
        ("2010350", "事业运行", D("300.00"), D("300.00"), None, None, None, None, None),
    ]


# ----------------------------------------------------------------------------- transposed 三公


SG_HEADER = [
    ["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"],
    [None, None, None, "小计", "公务用车购置费", "公务用车运行费", None],
]
SG_SPANS = [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 5, 0), (6, 0, 6, 1)]
SG_ITEMS = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费")


def sangong(table: Table) -> dict[str, tuple]:
    return {r.name: tuple(r.values.get(m) for m in table.columns) for r in table.rows}


@pytest.mark.parametrize("blank_purchase", [False, True])
def test_transposed_sangong_with_subtotal_column_and_measure_rows(tmp_path: Path, blank_purchase: bool) -> None:
    """Items as columns, 公务用车 小计 | 购置 | 运行 between them, one row per measure: every value
    under its own item (a blank 购置费 must not pull 运行费 and 接待费 one column left)."""
    buy = "" if blank_purchase else "20.00"
    run_b, car_b = ("40.63", "40.63") if blank_purchase else ("20.63", "40.63")
    body = [
        ["预算数", "76.43", "30.00", car_b, buy, run_b, "5.80"],
        ["决算数", "46.21", "4.69", "40.61", "", "40.61", "0.91"],
    ]
    pages = [["公开07表", "财政拨款“三公”经费支出决算表", "单位：万元", SG_HEADER + body], ["二、说明", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "sg.pdf", spans=SG_SPANS)))
    t7 = tables(doc)["T7"]
    assert t7.columns == ["预算数", "决算数"]
    n = lambda s: D(s) if s else None  # noqa: E731
    assert sangong(t7) == {
        "合计": (D("76.43"), D("46.21")),
        "因公出国（境）费": (D("30.00"), D("4.69")),
        "公务用车购置及运行费": (D(car_b), D("40.61")),
        "公务用车购置费": (n(buy), None),
        "公务用车运行费": (D(run_b), D("40.61")),
        "公务接待费": (D("5.80"), D("0.91")),
    }


def test_transposed_sangong_one_row_per_unit_takes_the_total_row(tmp_path: Path) -> None:
    """Budget-style 三公 table: one row per unit under the items; the 合计 row is the table's."""
    header = [["单位名称", *SG_HEADER[0][1:]], [None, *SG_HEADER[1][1:]]]
    body = [
        ["合计", "12.00", "3.00", "6.00", "", "6.00", "3.00"],
        ["某某局本级", "10.00", "3.00", "5.00", "", "5.00", "2.00"],
        ["某某中心", "2.00", "", "1.00", "", "1.00", "1.00"],
    ]
    pages = [["公开07表", "财政拨款“三公”经费支出决算表", "单位：万元", header + body], ["二、说明", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "sgu.pdf", spans=SG_SPANS)))
    t7 = tables(doc)["T7"]
    got_vals = {k: v[-1] for k, v in sangong(t7).items()}
    assert got_vals == {
        "合计": D("12.00"), "因公出国（境）费": D("3.00"), "公务用车购置及运行费": D("6.00"),
        "公务用车购置费": None, "公务用车运行费": D("6.00"), "公务接待费": D("3.00"),
    }


# ----------------------------------------------------------------------------- 栏次 rows


@pytest.mark.parametrize("lanci", [["甲", "乙", "1", "2", "3"], ["", "", "1", "2", "3"], ["栏次", None, "4", "5", "6"]])
def test_column_number_row_is_header_not_data(tmp_path: Path, lanci: list[str | None]) -> None:
    header = [["项目", None, "本年支出", None, None], ["科目编码", "科目名称", "小计", "基本支出", "项目支出"], lanci]
    spans = [(0, 0, 1, 0), (2, 0, 4, 0)] + ([(0, 2, 1, 2)] if lanci[1] is None else [])
    body = [["合计", "", "30.00", "20.00", "10.00"], ["201", "一般公共服务支出", "30.00", "20.00", "10.00"],
            ["2010301", "行政运行", "20.00", "20.00", ""], ["2010302", "一般行政管理事务", "10.00", "", "10.00"]]
    pages = [["公开05表", "一般公共预算财政拨款支出决算表", "单位：万元", header + body], ["二、说明", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "lanci.pdf", spans=spans)))
    t5 = tables(doc)["T5"]
    assert got(t5, ("合计", "基本支出", "项目支出")) == [
        (None, "合计", D("30.00"), D("20.00"), D("10.00")),
        ("201", "一般公共服务支出", D("30.00"), D("20.00"), D("10.00")),
        ("2010301", "行政运行", D("20.00"), D("20.00"), None),
        ("2010302", "一般行政管理事务", D("10.00"), None, D("10.00")),
    ]


# ----------------------------------------------------------------------------- 元 with separators


@pytest.mark.parametrize("fmt", ["{:,.2f}", "{:,.0f}", "{:.0f}"])
def test_amounts_in_yuan_with_thousands_separators(tmp_path: Path, fmt: str) -> None:
    """Budget tables print 元: "12,345,678.00", "12,345,678" or bare integers ("201" is an
    amount here, not a function code, when it stands in a value column)."""
    header = [["项目", None, "本年支出", None, None], ["科目编码", "科目名称", "小计", "基本支出", "项目支出"]]
    vals = [(12345879, 12345678, 201), (12345879, 12345678, 201), (12345678, 12345678, 0), (201, 0, 201)]
    codes = [("合计", ""), ("201", "一般公共服务支出"), ("2010301", "行政运行"), ("2010302", "一般行政管理事务")]
    body = [[c, n, *(fmt.format(v) if v else "" for v in vs)] for (c, n), vs in zip(codes, vals, strict=True)]
    pages = [["公开05表", "一般公共预算财政拨款支出决算表", "单位：元", (header + body, [(0, 0, 1, 0), (2, 0, 4, 0)])],
             ["二、说明", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "yuan.pdf")))
    t5 = tables(doc)["T5"]
    assert t5.money_unit == "元"
    want = [(None if c == "合计" else c, "合计" if c == "合计" else n, *(D(fmt.format(v).replace(",", "")) if v else None
                                                                   for v in vs))
            for (c, n), vs in zip(codes, vals, strict=True)]
    assert got(t5, ("合计", "基本支出", "项目支出")) == want


def test_parts_of_a_column_without_subtotal_are_added_up(tmp_path: Path) -> None:
    """支出表 whose 基本支出 is printed as 人员支出 | 公用经费 (no 小计), column numbers after "**"."""
    header = [["科目编码", "科目名称", "本年支出合计", "基本支出", None, "项目支出"],
              [None, None, None, "人员支出", "公用经费", None],
              ["**", "**", "1", "2", "3", "4"]]
    spans = [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 4, 0), (5, 0, 5, 1)]
    body = [["", "合计", "130.00", "70.00", "30.00", "30.00"],
            ["201", "一般公共服务支出", "130.00", "70.00", "30.00", "30.00"],
            ["2010601", "行政运行", "100.00", "70.00", "30.00", ""],
            ["2010650", "事业运行", "30.00", "", "", "30.00"]]
    pages = [["公开03表", "支出决算表", "单位：万元", (header + body, spans)], ["二、说明", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "parts.pdf")))
    t3 = tables(doc)["T3"]
    assert got(t3, ("合计", "基本支出", "项目支出")) == [
        (None, "合计", D("130.00"), D("100.00"), D("30.00")),
        ("201", "一般公共服务支出", D("130.00"), D("100.00"), D("30.00")),
        ("2010601", "行政运行", D("100.00"), D("100.00"), None),
        ("2010650", "事业运行", D("30.00"), None, D("30.00")),
    ]


# ----------------------------------------------------------------------------- self-evaluation budget sub-columns


def test_self_evaluation_budget_split_into_initial_and_full_year(tmp_path: Path) -> None:
    """绩效自评表 whose 预算数 is split over a second header row (年初预算数 | 全年预算数（A）):
    the budget is the 全年 figure that 执行率 = B/A uses, not the 年初 one."""
    rows = [["项目名称", "乡村道路养护", None, None, None, None, None, None],
            ["主管部门", "某某交通局", None, None, "实施单位", "某某交通局", None, None],
            ["项目资金（万元）", None, "预算数", None, "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
            [None, None, "年初预算数", "全年预算数（A）", None, None, None, None],
            [None, "年度资金总额", "100.00", "120.00", "90.00", "10", "75.00%", "7.50"],
            [None, "其中：当年财政拨款", "100.00", "120.00", "90.00", "—", "—", "—"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）", "分值", "得分"],
            [None, "产出指标", "数量指标", "养护道路里程", "≥120公里", "118公里", "20", "19.67"],
            [None, None, "质量指标", "养护合格率", "≥95%", "96%", "20", "20"],
            ["总分", None, None, None, None, None, "100", "95.17"]]
    spans = [(1, 0, 7, 0), (1, 1, 3, 1), (5, 1, 7, 1), (0, 2, 1, 3), (2, 2, 3, 2), (4, 2, 4, 3), (5, 2, 5, 3),
             (6, 2, 6, 3), (7, 2, 7, 3), (0, 4, 0, 5), (0, 6, 0, 8), (0, 9, 5, 9)]
    pages = [["附件2", "2023年度乡村道路养护项目支出绩效自评表", (rows, spans)], ["三、其他", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "perf.pdf", portrait=True)))
    [p] = doc.performance
    assert (p.project, p.budget, p.executed, p.rate, p.score, p.execution_weight, p.total_score) == (
        "乡村道路养护", D("120.00"), D("90.00"), D("75.00"), D("7.50"), 10, D("95.17"))
    assert [(i.name, i.weight, i.score) for i in p.indicators] == [
        ("养护道路里程", D(20), D("19.67")), ("养护合格率", D(20), D(20))]


def test_rows_keyed_by_unit_code_are_not_function_codes(tmp_path: Path) -> None:
    """收入表 by unit (部门代码 | 部门名称): "314" and "314001" are unit codes, not a 类 code or
    an amount; the rows keep their unit names and values."""
    header = [["部门代码", "部门名称", "合计", "财政拨款收入", "其他收入"]]
    body = [["合计", "", "1,200.00", "1,000.00", "200.00"],
            ["314", "某某水利局", "1,200.00", "1,000.00", "200.00"],
            ["314001", "某某水利局（本级）", "900.00", "700.00", "200.00"],
            ["314002", "某某水政监察支队", "300.00", "300.00", ""]]
    pages = [["公开02表", "收入决算表", "单位：万元", (header + body, [])], ["二、说明", "无。"]]
    doc = parse_file(str(make_pages_pdf(pages, tmp_path / "units.pdf")))
    t2 = tables(doc)["T2"]
    assert got(t2, ("合计", "财政拨款收入", "其他收入")) == [
        (None, "合计", D("1200.00"), D("1000.00"), D("200.00")),
        (None, "某某水利局", D("1200.00"), D("1000.00"), D("200.00")),
        (None, "某某水利局（本级）", D("900.00"), D("700.00"), D("200.00")),
        (None, "某某水政监察支队", D("300.00"), D("300.00"), None),
    ]
