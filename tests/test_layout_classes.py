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
from tests.pdfmaker import make_pages_pdf

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
