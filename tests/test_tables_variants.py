"""build_tables on variants constructed in code: other titles/aliases and order, 元 units,
collapsed cells, tables split over pages, codes over 类/款/项 columns, T7 layouts, empty
tables, 目录-only titles, duplicates, HTML and PDF-like raw blocks."""

from __future__ import annotations

from decimal import Decimal

from juesuan.ingest.html import parse_html
from juesuan.ingest.raw import Grid, GridRow, RawDocument, TextLine
from juesuan.ingest.text import parse_text
from juesuan.model.tables.builder import build_tables
from juesuan.text.normalize import normalize_text

SG = ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"]


def doc(text: str) -> RawDocument:
    return RawDocument(path="x.txt", name="x.txt", kind="text", sha256="", blocks=parse_text(text))


def tsv(*rows: list[str] | str) -> str:
    return "\n".join(r if isinstance(r, str) else "\t".join(r) for r in rows)


def pipe(*rows: list[str] | str) -> str:
    return "\n".join(r if isinstance(r, str) else " | ".join(r) + " |" for r in rows)


def by_id(raw: RawDocument):
    tables, notes = build_tables(raw)
    return {t.id: t for t in tables}, notes


def v(row, col: str) -> str | None:
    x = row.values.get(col)
    return None if x is None else str(x)


T3_HEADER = [
    ["项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    ["科目代码", "科目名称", "", "", "", "", "", ""],
    ["栏次", "", "1", "2", "3", "4", "5", "6"],
]
T3_BODY = [
    ["合计", "", "3,176,100.00", "2,612,000.00", "564,100.00", "", "", ""],
    ["201", "一般公共服务支出", "2,880,400.00", "2,316,300.00", "564,100.00", "", "", ""],
    ["2011350", "事业运行", "2,316,300.00", "2,316,300.00", "", "", "", ""],
]


def test_alias_titles_other_order_and_yuan_unit() -> None:
    text = tsv(
        "部门支出决算总表",  # not an alias of T3 exactly: "支出决算总表" is
        "（单位：元）",
        "",
        *T3_HEADER, *T3_BODY,
        "",
        "一般公共预算财政拨款“三公”经费支出决算表",
        "公开07表",
        "金额单位：元",
        ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
        ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费", "合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
        ["", "", "小计", "公务用车购置费", "公务用车运行费", "", "", "", "小计", "公务用车购置费", "公务用车运行费", ""],
        ["97600", "0", "95000", "0", "95000", "2600", "97600", "0", "95000", "0", "95000", "2600"],
    )
    t, notes = by_id(doc(text))
    assert sorted(t) == ["T3", "T7"]
    t3 = t["T3"]
    assert t3.money_unit == "元"
    assert [(r.code, r.name, v(r, "合计"), v(r, "项目支出")) for r in t3.rows] == [
        (None, "合计", "3176100.00", "564100.00"),
        ("201", "一般公共服务支出", "2880400.00", "564100.00"),
        ("2011350", "事业运行", "2316300.00", None),
    ]
    t7 = t["T7"]
    assert t7.money_unit == "元" and t7.code == "公开07表"
    assert [(r.name, v(r, "预算数"), v(r, "决算数")) for r in t7.rows] == [
        ("合计", "97600", "97600"), ("因公出国（境）费", "0", "0"), ("公务用车购置及运行费", "95000", "95000"),
        ("公务用车购置费", "0", "0"), ("公务用车运行费", "95000", "95000"), ("公务接待费", "2600", "2600")]


def test_collapsed_pipe_cells_function_table() -> None:
    text = pipe(
        "一般公共预算财政拨款支出决算表",
        ["金额单位:万元"],
        ["项目", "本年支出"],
        ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
        ["合计", "100.00", "60.00", "40.00", "", ""],  # blank label cell collapsed
        ["201", "一般公共服务支出", "100.00", "60.00", "40.00"],
        ["2010301", "行政运行", "60.00", "60.00", "|"],  # trailing blank collapsed
    )
    t, _ = by_id(doc(text))
    t5 = t["T5"]
    assert t5.money_unit == "万元"
    assert [(r.code, r.name, v(r, "合计"), v(r, "基本支出"), v(r, "项目支出")) for r in t5.rows] == [
        (None, "合计", "100.00", "60.00", "40.00"),
        ("201", "一般公共服务支出", "100.00", "60.00", "40.00"),
        ("2010301", "行政运行", "60.00", "60.00", None),
    ]


def test_table_split_over_two_grids_with_repeated_header() -> None:
    text = tsv(
        "支出决算表",
        "公开03表",
        "单位：万元",
        *T3_HEADER,
        ["合计", "", "317.61", "261.20", "56.41", "", "", ""],
        ["201", "一般公共服务支出", "288.04", "231.63", "56.41", "", "", ""],
        "",
        "- 5 -",
        "支出决算表",
        "",
        *T3_HEADER,
        ["208", "社会保障和就业支出", "29.57", "29.57", "", "", "", ""],
        ["2080505", "机关事业单位基本养老保险缴费支出", "24.57", "24.57", "", "", "", ""],
        "",
        "注：本表反映部门本年度各项支出情况。",
    )
    t, notes = by_id(doc(text))
    t3 = t["T3"]
    assert [r.code for r in t3.rows] == [None, "201", "208", "2080505"]
    assert v(t3.rows[3], "基本支出") == "24.57" and t3.rows[3].line == 17
    assert notes == []


def test_code_over_lei_kuan_xiang_columns() -> None:
    text = tsv(
        "收入决算表",
        "单位：万元",
        ["项目", "", "", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
        ["功能分类科目编码", "", "", "科目名称", "", "", "", "", "", "", ""],
        ["类", "款", "项", "栏次", "1", "2", "3", "4", "5", "6", "7"],
        ["", "", "", "合计", "300.00", "300.00", "", "", "", "", ""],
        ["201", "", "", "一般公共服务支出", "300.00", "300.00", "", "", "", "", ""],
        ["", "06", "", "财政事务", "300.00", "300.00", "", "", "", "", ""],  # 款 shown alone
        ["", "", "01", "行政运行", "200.00", "200.00", "", "", "", "", ""],  # 项 shown alone
        ["", "", "02", "一般行政管理事务", "100.00", "100.00", "", "", "", "", ""],
        ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "0.00", "0.00", "", "", "", "", ""],  # all three
    )
    t, _ = by_id(doc(text))
    t2 = t["T2"]
    assert [(r.code, r.name, v(r, "合计")) for r in t2.rows] == [
        (None, "合计", "300.00"), ("201", "一般公共服务支出", "300.00"), ("20106", "财政事务", "300.00"),
        ("2010601", "行政运行", "200.00"), ("2010602", "一般行政管理事务", "100.00"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "0.00"),
    ]


def test_code_split_with_spaces_in_one_cell() -> None:
    text = tsv(
        "国有资本经营预算财政拨款支出决算表",
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "5.00", "", "5.00"],
        ["223 01 01", "国有经济结构调整支出", "5.00", "", "5.00"],
    )
    t, _ = by_id(doc(text))
    assert [(r.code, v(r, "项目支出")) for r in t["T9"].rows] == [(None, "5.00"), ("2230101", "5.00")]
    assert not t["T9"].empty


def test_t7_item_rows_with_meeting_and_training() -> None:
    text = tsv(
        "“三公”经费及会议费、培训费支出决算表",
        "单位：万元",
        ["项目", "预算数", "决算数"],
        ["合计", "12.00", "10.50"],
        ["1.因公出国（境）费", "0.00", "0.00"],
        ["2.公务用车购置及运行费", "8.00", "7.50"],
        ["其中：（1）公务用车购置费", "0.00", "0.00"],
        ["（2）公务用车运行费", "8.00", "7.50"],
        ["3.公务接待费", "4.00", "3.00"],
        ["4.会议费", "1.20", "1.00"],
        ["5.培训费", "2.00", "1.80"],
    )
    t, _ = by_id(doc(text))
    t7 = t["T7"]
    assert [(r.name, v(r, "预算数"), v(r, "决算数")) for r in t7.rows] == [
        ("合计", "12.00", "10.50"), ("因公出国（境）费", "0.00", "0.00"), ("公务用车购置及运行费", "8.00", "7.50"),
        ("公务用车购置费", "0.00", "0.00"), ("公务用车运行费", "8.00", "7.50"), ("公务接待费", "4.00", "3.00"),
        ("会议费", "1.20", "1.00"), ("培训费", "2.00", "1.80"),
    ]


def test_t7_interleaved_measures_pdf_like() -> None:
    """PDF layout: items on top, 预算数/决算数 alternating below (merged cells are None)."""
    rows = [
        ["财政拨款“三公”经费", None, None, None, None, None, None, None, None, None, None, None],
        ["合计", None, "因公出国(境)费", None, "公务用车购置及运行费", None, None, None, None, None, "公务接待费", None],
        [None, None, None, None, "小计", None, "公务用车购置费", None, "公务用车运行费", None, None, None],
        ["预算数", "决算数"] * 6,
        ["0.95", "0.80", "", "", "", "", "", "", "", "", "0.95", "0.80"],
    ]
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=[
        TextLine(raw="财政拨款“三公”经费支出决算表", text=normalize_text("财政拨款“三公”经费支出决算表"), page=18, line=1),
        TextLine(raw="单位：万元", text="单位:万元", page=18, line=2),
        Grid(rows=[GridRow(cells=[None if c is None else normalize_text(c) for c in r], raw_cells=r, page=18, line=3 + k)
                   for k, r in enumerate(rows)], page=18, line=3, source="pdf-ruled"),
    ])
    t, _ = by_id(raw)
    t7 = t["T7"]
    assert t7.page == 18 and t7.rows[0].page == 18
    got = {r.name: (v(r, "预算数"), v(r, "决算数")) for r in t7.rows}
    assert got == {"合计": ("0.95", "0.80"), "因公出国（境）费": (None, None), "公务用车购置及运行费": (None, None),
                   "公务用车购置费": (None, None), "公务用车运行费": (None, None), "公务接待费": ("0.95", "0.80")}


def test_t6_vertical_layout() -> None:
    text = tsv(
        "一般公共预算财政拨款基本支出决算表",
        ["科目代码", "科目名称", "决算数"],
        ["301", "工资福利支出", "100.00"],
        ["30101", "基本工资", "60.00"],
        ["30102", "津贴补贴", "40.00"],
        ["302", "商品和服务支出", "10.00"],
        ["30201", "办公费", "10.00"],
        ["人员经费合计", "", "100.00"],
        ["公用经费合计", "", "10.00"],
    )
    t, _ = by_id(doc(text))
    assert [(r.side, r.code, r.name, v(r, "决算数")) for r in t["T6"].rows] == [
        ("人员经费", "301", "工资福利支出", "100.00"), ("人员经费", "30101", "基本工资", "60.00"),
        ("人员经费", "30102", "津贴补贴", "40.00"), ("公用经费", "302", "商品和服务支出", "10.00"),
        ("公用经费", "30201", "办公费", "10.00"), ("人员经费", None, "人员经费合计", "100.00"),
        ("公用经费", None, "公用经费合计", "10.00"),
    ]


def test_t6_economic_code_split_over_cells() -> None:
    rows = [
        ["经济分类科目编码", None, "科目名称", "决算数", "经济分类科目编码", None, "科目名称", "决算数"],
        ["类", "款", None, None, "类", "款", None, None],
        ["301", "", "工资福利支出", "2,082.85", "302", "", "商品和服务支出", "171.07"],
        ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"],
        ["301", "08", "机关事业单位基本养老保险缴\n费", "160.75", "302", "31", "公务用车运行维护\n费", ""],
    ]
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=[
        TextLine(raw="一般公共预算财政拨款基本支出决算表", text="一般公共预算财政拨款基本支出决算表", page=3, line=1),
        Grid(rows=[GridRow(cells=[None if c is None else normalize_text(c) for c in r], raw_cells=r, page=3, line=2 + k)
                   for k, r in enumerate(rows)], page=3, line=2, source="pdf-ruled"),
    ])
    t, _ = by_id(raw)
    assert [(r.code, r.name, v(r, "决算数")) for r in t["T6"].rows] == [
        ("301", "工资福利支出", "2082.85"), ("302", "商品和服务支出", "171.07"),
        ("30101", "基本工资", "262.33"), ("30201", "办公费", "21.21"),
        ("30108", "机关事业单位基本养老保险缴费", "160.75"), ("30231", "公务用车运行维护费", None),
    ]


def test_t1_without_lineno_pdf_like_rows() -> None:
    text = tsv(
        "收入支出决算总表",
        "单位：万元",
        ["收入", "", "支出", ""],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", "2,940.05", "一、一般公共服务支出", "2,106.66"],
        ["八、其他收入", "6.20", "八、社会保障和就业支出", "326.71"],
        ["", "", "九、卫生健康支出", "60.99"],
        ["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"],
        ["总计", "2,995.39", "总计", "2,995.39"],
    )
    t, _ = by_id(doc(text))
    got = [(r.side, r.code, r.name, v(r, "决算数")) for r in t["T1"].rows]
    assert got == [
        ("收入", None, "一般公共预算财政拨款收入", "2940.05"), ("支出", "201", "一般公共服务支出", "2106.66"),
        ("收入", None, "其他收入", "6.20"), ("支出", "208", "社会保障和就业支出", "326.71"),
        ("支出", "210", "卫生健康支出", "60.99"),
        ("收入", None, "本年收入合计", "2946.25"), ("支出", None, "本年支出合计", "2940.05"),
        ("收入", None, "总计", "2995.39"), ("支出", None, "总计", "2995.39"),
    ]


def test_t4_collapsed_expense_values() -> None:
    text = pipe(
        "财政拨款收入支出决算总表",
        ["收 入", "支 出"],
        ["项 目", "行次", "金额", "项 目", "行次", "合计", "一般公共预算 财政拨款", "政府性基金 预算财政拨款", "国有资本经营 预算财政拨款"],
        ["一、一般公共预算财政拨款", "1", "50.00", "一、一般公共服务支出", "33", "50.00", "50.00", "", ""],
        ["4", "四、公共安全支出", "36", "5.00", "5.00", "", "", "", ""],  # empty income cells collapsed
        ["总 计", "32", "55.00", "总 计", "64", "55.00", "55.00", "", ""],
    )
    t, _ = by_id(doc(text))
    rows = t["T4"].rows
    assert [(r.side, r.name) for r in rows] == [("收入", "一般公共预算财政拨款"), ("支出", "一般公共服务支出"),
                                               ("支出", "公共安全支出"), ("收入", "总计"), ("支出", "总计")]
    assert v(rows[2], "合计") == "5.00" and v(rows[2], "一般公共预算财政拨款") == "5.00" and rows[2].code == "204"
    assert v(rows[4], "政府性基金预算财政拨款") is None and v(rows[3], "决算数") == "55.00"


def test_toc_only_title_is_not_a_table_and_noted() -> None:
    text = tsv(
        "目  录",
        "七、政府性基金预算财政拨款收入支出决算表……………10",
        "八、国有资本经营预算财政拨款支出决算表……………10",
        "第二部分 决算表",
        "国有资本经营预算财政拨款支出决算表",
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "", "", ""],
        "注：本单位无国有资本经营预算财政拨款支出，故本表为空表。",
    )
    t, notes = by_id(doc(text))
    assert sorted(t) == ["T9"]
    assert t["T9"].empty and t["T9"].empty_statement == "注：本单位无国有资本经营预算财政拨款支出，故本表为空表。"
    assert t["T9"].line == 5
    assert any(n.startswith("T8 标题仅见于目录") for n in notes)


def test_empty_table_without_statement_and_statement_elsewhere() -> None:
    text = tsv(
        "政府性基金预算财政拨款收入支出决算表",
        ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["科目代码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
        ["合计", "", "", "", "", "", "", ""],
        "",
        "国有资本经营预算财政拨款支出决算表",
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "0.00", "0.00", "0.00"],
        "",
        "第三部分 情况说明",
        "八、政府性基金预算财政拨款收入支出决算情况说明",
        "本单位2023年度无政府性基金预算财政拨款收入支出。",
    )
    t, _ = by_id(doc(text))
    t8, t9 = t["T8"], t["T9"]
    assert t8.columns == ["年初结转和结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和结余"]
    assert t8.empty and t8.empty_statement == "本单位2023年度无政府性基金预算财政拨款收入支出。"
    assert t8.empty_statement_line == 12
    assert t9.empty and t9.empty_statement is None  # printed with zeros only, never explained
    assert [r.name for r in t9.rows] == ["合计"]


def test_title_present_without_table_is_returned_empty() -> None:
    text = tsv(
        "财政拨款“三公”经费支出决算表",
        "本单位本年度没有使用财政拨款安排“三公”经费，故本表为空表。",
        "",
        "第三部分 决算情况说明",
    )
    t, _ = by_id(doc(text))
    t7 = t["T7"]
    assert t7.rows == [] and t7.empty
    assert t7.empty_statement == "本单位本年度没有使用财政拨款安排“三公”经费，故本表为空表。" and t7.empty_statement_line == 2


def test_duplicate_table_is_noted() -> None:
    body = [["科目代码", "科目名称", "合计", "基本支出", "项目支出"], ["合计", "", "1.00", "1.00", ""]]
    text = tsv("一般公共预算财政拨款支出决算表", *body, "", "说明文字。", "一般公共预算财政拨款支出决算表", *body)
    tables, notes = build_tables(doc(text))
    assert [x.id for x in tables] == ["T5"] and tables[0].line == 1
    assert len(notes) == 1 and notes[0].startswith("T5 重复出现")


def test_narrative_headings_are_not_titles() -> None:
    text = tsv(
        "一、收入支出决算总体情况说明",
        ["2022", "年度", "收入", "317.66"],
        "五、一般公共预算财政拨款支出决算情况说明",
        "详见《一般公共预算财政拨款支出决算表》。",
    )
    tables, notes = build_tables(doc(text))
    assert tables == [] and notes == []


def test_html_tables_end_to_end() -> None:
    html = """<html><body>
<p>收入决算表</p><p>公开02表</p><p>金额单位：万元</p>
<table>
<tr><td colspan="2">项目</td><td>本年收入合计</td><td>财政拨款收入</td><td>上级补助收入</td><td>事业收入</td><td>经营收入</td><td>附属单位上缴收入</td><td>其他收入</td></tr>
<tr><td>科目代码</td><td>科目名称</td><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr>
<tr><td colspan="2">合计</td><td>10.00</td><td>9.00</td><td></td><td></td><td></td><td></td><td>1.00</td></tr>
<tr><td>201</td><td>一般公共服务支出</td><td>10.00</td><td>9.00</td><td></td><td></td><td></td><td></td><td>1.00</td></tr>
</table></body></html>"""
    raw = RawDocument(path="x.html", name="x.html", kind="html", sha256="", blocks=parse_html(html))
    t, _ = by_id(raw)
    t2 = t["T2"]
    assert t2.code == "公开02表" and t2.money_unit == "万元"
    assert [(r.code, r.name, v(r, "合计"), v(r, "财政拨款收入"), v(r, "其他收入")) for r in t2.rows] == [
        (None, "合计", "10.00", "9.00", "1.00"), ("201", "一般公共服务支出", "10.00", "9.00", "1.00")]
    assert t2.rows[1].raw == "201 | 一般公共服务支出 | 10.00 | 9.00 | 1.00"


def test_pdf_wrapped_header_words_and_merged_cells() -> None:
    rows = [
        ["项目", None, None, None, "本年支出合\n计", "基本支出", "项目支出", "上缴上级\n支出", "经营支出", "对附属单\n位补助支\n出"],
        ["支出功能分类\n科目编码", None, None, "科目名称", None, None, None, None, None, None],
        ["类", "款", "项", "合计", "2,940.05", "2,336.91", "603.14", "", "", ""],
        ["201", "", "", "一般公共服务支出", "2,106.66", "1,503.52", "603.14", "", "", ""],
        ["201", "06", "", "财政事务", "2,106.66", "1,503.52", "603.14", "", "", ""],
        ["201", "06", "01", "行政运行", "1,511.89", "1,503.52", "8.37", "", "", ""],
    ]
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=[
        TextLine(raw="支出决算表", text="支出决算表", page=10, line=1),
        TextLine(raw="单位：万元", text="单位:万元", page=10, line=2),
        Grid(rows=[GridRow(cells=[None if c is None else normalize_text(c) for c in r], raw_cells=r, page=10, line=3 + k)
                   for k, r in enumerate(rows)], page=10, line=3, source="pdf-ruled"),
        TextLine(raw="- 10 -", text="- 10 -", page=10, line=9),
        Grid(rows=[GridRow(cells=r, raw_cells=r, page=11, line=10) for r in [
            ["208", "", "", "社会保障和就业支出", "326.72", "326.72", "", "", "", ""]]], page=11, line=10, source="pdf-ruled"),
    ])
    t, _ = by_id(raw)
    t3 = t["T3"]
    assert t3.columns == ["合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    assert [(r.code, r.name, v(r, "合计"), v(r, "项目支出"), r.page) for r in t3.rows] == [
        (None, "合计", "2940.05", "603.14", 10), ("201", "一般公共服务支出", "2106.66", "603.14", 10),
        ("20106", "财政事务", "2106.66", "603.14", 10), ("2010601", "行政运行", "1511.89", "8.37", 10),
        ("208", "社会保障和就业支出", "326.72", None, 11),
    ]
    assert t3.rows[0].values["合计"] == Decimal("2940.05")


def test_t6_vertical_with_personnel_and_public_columns() -> None:
    text = tsv(
        "一般公共预算财政拨款基本支出决算表",
        "单位：万元",
        ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        ["合计", "", "110.00", "100.00", "10.00"],
        ["301", "工资福利支出", "100.00", "100.00", ""],
        ["302", "商品和服务支出", "10.00", "", "10.00"],
        ["30201", "办公费", "10.00", "", "10.00"],
    )
    t, _ = by_id(doc(text))
    assert [(r.side, r.code, r.name, v(r, "决算数")) for r in t["T6"].rows] == [
        ("人员经费", None, "人员经费合计", "100.00"), ("公用经费", None, "公用经费合计", "10.00"),
        ("人员经费", "301", "工资福利支出", "100.00"), ("公用经费", "302", "商品和服务支出", "10.00"),
        ("公用经费", "30201", "办公费", "10.00"),
    ]


def test_t8_with_values() -> None:
    text = tsv(
        "政府性基金预算财政拨款收入支出决算表",
        "金额单位：人民币万元",
        ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["科目代码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
        ["栏次", "", "1", "2", "3", "4", "5", "6"],
        ["合计", "", "10.00", "50.00", "55.00", "", "55.00", "5.00"],
        ["212", "城乡社区支出", "10.00", "50.00", "55.00", "", "55.00", "5.00"],
        ["2120803", "城市建设支出", "", "50.00", "45.00", "", "45.00", "5.00"],
    )
    t, _ = by_id(doc(text))
    t8 = t["T8"]
    assert t8.money_unit == "万元" and not t8.empty
    cols = ["年初结转和结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和结余"]
    assert [(r.code, [v(r, c) for c in cols]) for r in t8.rows] == [
        (None, ["10.00", "50.00", "55.00", None, "55.00", "5.00"]),
        ("212", ["10.00", "50.00", "55.00", None, "55.00", "5.00"]),
        ("2120803", [None, "50.00", "45.00", None, "45.00", "5.00"]),
    ]


def test_pdf_running_header_between_pages() -> None:
    def grid(rows, page, line):
        return Grid(rows=[GridRow(cells=r, raw_cells=r, page=page, line=line + k) for k, r in enumerate(rows)],
                    page=page, line=line, source="pdf-ruled")
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=[
        TextLine(raw="一般公共预算财政拨款支出决算表", text="一般公共预算财政拨款支出决算表", page=4, line=1),
        grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["合计", "", "3.00", "2.00", "1.00"],
              ["201", "一般公共服务支出", "2.00", "2.00", ""]], 4, 2),
        TextLine(raw="某某局2023年度部门决算", text="某某局2023年度部门决算", page=5, line=5),
        grid([["208", "社会保障和就业支出", "1.00", "", "1.00"]], 5, 6),
        TextLine(raw="注：本表反映一般公共预算财政拨款支出情况。", text="注:本表反映一般公共预算财政拨款支出情况。", page=5, line=7),
    ])
    t, _ = by_id(raw)
    assert [(r.code, r.page) for r in t["T5"].rows] == [(None, 4), ("201", 4), ("208", 5)]


def test_collapsed_blank_cells_are_placed_by_identities_and_hierarchy() -> None:
    """A pipe export that dropped blank cells ("56.41 | 56.41 | ||"): 项目支出, not 基本支出."""
    text = pipe(
        "收入支出决算总表",
        ["收入", "支出"],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["一、一般公共预算财政拨款收入", "1", "317.61", "一、一般公共服务支出", "32", "317.66"],
        ["八、其他收入", "8", "0.05", "", "", ""],
        ["总计", "31", "317.66", "总计", "62", "317.66"],
        "",
        "收入决算表",
        ["项目", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
        ["科目代码", "科目名称"],
        "合计 | 317.66 | 317.61 | 0.05 | | | | | |",
        "201 | 一般公共服务支出 | 317.66 | 317.61 | 0.05 | | | | |",
        "",
        "支出决算表",
        ["项目", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
        ["科目代码", "科目名称"],
        "合计 | 317.61 | 261.20 | 56.41 | | | | |",
        "201 | 一般公共服务支出 | 317.61 | 261.20 | 56.41 | | | |",
        "20113 | 商贸事务 | 317.61 | 261.20 | 56.41 | | | |",
        "2011350 | 事业运行 | 261.20 | 261.20 | | | | |",
        "2011399 | 其他商贸事务支出 | 56.41 | 56.41 | | | | |",
    )
    t, _ = by_id(doc(text))
    t3 = {r.code: r for r in t["T3"].rows}
    assert (v(t3["2011350"], "基本支出"), v(t3["2011350"], "项目支出")) == ("261.20", None)
    assert (v(t3["2011399"], "基本支出"), v(t3["2011399"], "项目支出")) == (None, "56.41")
    assert v(t3[None], "上缴上级支出") is None and v(t3[None], "项目支出") == "56.41"
    t2 = t["T2"].rows[0]
    assert (v(t2, "其他收入"), v(t2, "上级补助收入")) == ("0.05", None)  # placed by T1's income lines
    assert v(t["T2"].rows[1], "其他收入") == "0.05"


def test_blanks_kept_means_no_replacement() -> None:
    """A tab export keeps blanks: a prefix-shaped row is read positionally even when the
    table is inconsistent (the rules must see the printed error)."""
    text = tsv(
        "一般公共预算财政拨款支出决算表",
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "10.00", "4.00", "6.00"],
        ["201", "一般公共服务支出", "10.00", "", "10.00"],
        ["2010301", "行政运行", "10.00", "10.00", ""],
    )
    t, _ = by_id(doc(text))
    r = t["T5"].row(code="2010301")
    assert (v(r, "基本支出"), v(r, "项目支出")) == ("10.00", None)


def test_t1_with_budget_and_final_columns_and_wrapped_title() -> None:
    text = tsv(
        "以下各表金额单位均为万元。",
        "收入支出决算",
        "总表",
        ["收入", "", "", "支出", "", ""],
        ["项目", "年初预算数", "决算数", "项目", "年初预算数", "决算数"],
        ["一、一般公共预算财政拨款收入", "300.00", "317.61", "一、一般公共服务支出", "280.00", "288.04"],
        ["总计", "300.00", "317.66", "总计", "300.00", "317.66"],
    )
    t, _ = by_id(doc(text))
    t1 = t["T1"]
    assert t1.money_unit == "万元" and t1.line == 2
    assert [(r.side, r.name, v(r, "决算数")) for r in t1.rows] == [
        ("收入", "一般公共预算财政拨款收入", "317.61"), ("支出", "一般公共服务支出", "288.04"),
        ("收入", "总计", "317.66"), ("支出", "总计", "317.66")]


def test_title_with_year_suffix_and_unit_inherited_only_from_a_statement() -> None:
    text = tsv(
        "收入决算表（2023年度）",
        ["科目代码", "科目名称", "本年收入合计", "财政拨款收入"],
        ["合计", "", "1.00", "1.00"],
    )
    t, _ = by_id(doc(text))
    assert t["T2"].money_unit is None and len(t["T2"].rows) == 1


def test_t7_wide_with_meeting_and_training_columns() -> None:
    items = ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费", "会议费", "培训费"]
    subs = ["", "", "小计", "公务用车购置费", "公务用车运行费", "", "", ""]
    text = tsv(
        "“三公”经费及会议费、培训费支出决算表",
        "单位：万元",
        ["预算数"] + [""] * 7 + ["决算数"] + [""] * 7,
        items + items,
        subs + subs,
        ["20.00", "0.00", "8.00", "0.00", "8.00", "4.00", "3.00", "5.00",
         "18.00", "0.00", "7.50", "0.00", "7.50", "3.50", "2.50", "4.50"],
    )
    t, _ = by_id(doc(text))
    assert [(r.name, v(r, "预算数"), v(r, "决算数")) for r in t["T7"].rows] == [
        ("合计", "20.00", "18.00"), ("因公出国（境）费", "0.00", "0.00"), ("公务用车购置及运行费", "8.00", "7.50"),
        ("公务用车购置费", "0.00", "0.00"), ("公务用车运行费", "8.00", "7.50"), ("公务接待费", "4.00", "3.50"),
        ("会议费", "3.00", "2.50"), ("培训费", "5.00", "4.50"),
    ]


def test_t7_transposed_measure_rows() -> None:
    text = tsv(
        "财政拨款“三公”经费支出决算表",
        ["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
        ["", "", "", "小计", "公务用车购置费", "公务用车运行费", ""],
        ["预算数", "10.34", "0.00", "9.50", "0.00", "9.50", "0.84"],
        ["决算数", "9.76", "0.00", "9.50", "0.00", "9.50", "0.26"],
    )
    t, _ = by_id(doc(text))
    assert [(r.name, v(r, "预算数"), v(r, "决算数")) for r in t["T7"].rows] == [
        ("合计", "10.34", "9.76"), ("因公出国（境）费", "0.00", "0.00"), ("公务用车购置及运行费", "9.50", "9.50"),
        ("公务用车购置费", "0.00", "0.00"), ("公务用车运行费", "9.50", "9.50"), ("公务接待费", "0.84", "0.26"),
    ]


def test_toc_without_leaders_and_missing_table_after_it() -> None:
    text = tsv(
        "目录",
        "收入决算表",
        "支出决算表",
        "正文",
        "收入决算表",
        ["科目代码", "科目名称", "本年收入合计", "财政拨款收入"],
        ["合计", "", "1.00", "1.00"],
        "",
        "支出决算表",
        "单位：万元",
        "本单位的支出决算表因故未能提供。",
    )
    t, notes = by_id(doc(text))
    assert sorted(t) == ["T2", "T3"]
    assert t["T2"].line == 5 and len(t["T2"].rows) == 1
    assert t["T3"].line == 9 and t["T3"].rows == [] and t["T3"].empty and t["T3"].empty_statement is None
    assert any(n.startswith("T3 有标题") for n in notes)


def test_pdf_table_as_text_lines_only() -> None:
    """A PDF page where the reader found no grid: the rows come as text lines."""
    lines = [
        "支出决算表", "单位：万元",
        "项目 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出",
        "合计 317.61 261.20 56.41",
        "201 一般公共服务支出 317.61 261.20 56.41",
        "2011350 事业运行 261.20 261.20",
        "2011399 其他商贸事务支出 56.41 56.41",
        "注：本表反映部门本年度各项支出情况。",
        "三、支出决算情况说明",
    ]
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=[
        TextLine(raw=s, text=normalize_text(s), page=9, line=k + 1) for k, s in enumerate(lines)])
    t, _ = by_id(raw)
    rows = {r.code: r for r in t["T3"].rows}
    assert list(rows) == [None, "201", "2011350", "2011399"]
    assert (v(rows["2011399"], "基本支出"), v(rows["2011399"], "项目支出")) == (None, "56.41")
    assert t["T3"].money_unit == "万元"


def test_pdf_cell_with_two_unseparated_amounts() -> None:
    rows = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", None, "317.61", "261.20 56.41", None],
        ["201", "一般公共服务支出", "288.04", "231.63 56.41", None],
    ]
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=[
        TextLine(raw="一般公共预算财政拨款支出决算表", text="一般公共预算财政拨款支出决算表", page=2, line=1),
        Grid(rows=[GridRow(cells=r, raw_cells=r, page=2, line=2 + k) for k, r in enumerate(rows)],
             page=2, line=2, source="pdf-text"),
    ])
    t, _ = by_id(raw)
    assert [(r.code, v(r, "合计"), v(r, "基本支出"), v(r, "项目支出")) for r in t["T5"].rows] == [
        (None, "317.61", "261.20", "56.41"), ("201", "288.04", "231.63", "56.41")]


def test_code_in_a_long_meta_row() -> None:
    text = pipe(
        ["部门：某某市某某区某某某某某某某某管理委员会办公室（本级）", "公开05表", "金额单位：万元"],
        ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
        ["合计", "", "3.00", "2.00", "1.00"],
    )
    t, _ = by_id(doc(text))
    assert t["T5"].code == "公开05表" and t["T5"].money_unit == "万元" and len(t["T5"].rows) == 1


def test_code_mention_before_unrelated_grid_is_ignored() -> None:
    text = tsv(
        "表1",
        ["项目名称", "预算数", "执行数", "执行率"],
        ["某项目", "10.00", "9.00", "90%"],
    )
    tables, _ = build_tables(doc(text))
    assert tables == []


def test_trimmed_rows_spreadsheet_like() -> None:
    """Spreadsheet readers drop trailing blank cells: rows are shorter than the header."""
    rows = [
        ["项目", None, "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
        ["科目代码", "科目名称"],
        ["合计", "", "317.61", "261.20", "56.41"],
        ["201", "一般公共服务支出", "317.61", "261.20", "56.41"],
        ["2011399", "其他商贸事务支出", "56.41", "", "56.41"],
    ]
    raw = RawDocument(path="x.xlsx", name="x.xlsx", kind="xlsx", sha256="", blocks=[
        TextLine(raw="支出决算表", text="支出决算表", line=1),
        Grid(rows=[GridRow(cells=r, raw_cells=r, line=2 + k) for k, r in enumerate(rows)], line=2, source="xlsx"),
    ])
    t, _ = by_id(raw)
    assert [(r.code, v(r, "合计"), v(r, "基本支出"), v(r, "项目支出")) for r in t["T3"].rows] == [
        (None, "317.61", "261.20", "56.41"), ("201", "317.61", "261.20", "56.41"), ("2011399", "56.41", None, "56.41")]
