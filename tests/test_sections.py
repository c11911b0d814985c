"""Section structure (juesuan.model.sections): headings, levels, 目录 vs body, mandatory sections, table hints.

Line numbers were read off the seed texts by hand.
"""

from __future__ import annotations

from collections import Counter

import pytest

from juesuan.model.document import Section
from juesuan.model.section_lookup import find_section, table_hint
from juesuan.model.sections import MANDATORY_SECTIONS, extract_sections, parse_heading, section_lines, section_text
from tests.test_meta import PUBLISHED_PDF, load_pdf_lines, load_seed, raw_from_pages, raw_from_text


def _at(secs: list[Section], line: int) -> Section | None:
    for s in secs:
        if s.line == line:
            return s
    return None


def _counts(secs: list[Section], toc: bool) -> Counter[int]:
    return Counter(s.level for s in secs if s.in_toc == toc)


# --------------------------------------------------------------------------- seed 000


def test_000_toc_and_body() -> None:
    secs = extract_sections(load_seed("000"))
    toc = _counts(secs, True)
    assert toc[1] == 5  # 第一部分 … 第五部分 (lines 8, 14, 34, 53, 55)
    assert toc[2] == 2 + 9 + 12  # 概况 2, tables 9, explanations 12 ("- 五、…" markdown items included)
    body = [s for s in secs if not s.in_toc]
    assert [s.line for s in body if s.level == 1] == [57, 69, 325, 443, 489]
    assert _at(secs, 36).in_toc and _at(secs, 36).title == "一、收入支出决算总体情况说明"
    assert _at(secs, 44).in_toc and _at(secs, 44).title == "五、一般公共预算财政拨款支出决算情况说明"
    s = _at(secs, 329)
    assert (s.level, s.number, s.in_toc, s.title) == (2, "一", False, "一、收入支出决算总体情况说明")
    s = _at(secs, 351)
    assert (s.level, s.number) == (3, "（一）") and s.title.startswith("(一)一般公共预算财政拨款支出决算总体情况")
    s = _at(secs, 503)
    assert (s.level, s.number, s.title) == (4, "1", "1. 执行率情况")
    # a 第X部分 whose title wraps onto two lines (69-71)
    assert _at(secs, 69).title == "第二部分湖北省电子口岸运行服务中心 2022 年度单位决算表"
    assert _at(secs, 417).title == "十二、2022 年度预算绩效情况说明"


def test_000_false_headings() -> None:
    secs = extract_sections(load_seed("000"))
    lines = {s.line for s in secs}
    assert 61 not in lines and 63 not in lines  # (一)(二) duty list items, (二) after a long (一)
    assert 359 not in lines  # "1. 一般公共服务支出（类）…支出决算数 288.04 万元。"
    assert 369 not in lines  # "1.一般公共服务支出（类）…（项）。年初预算为 250.52 万元，…"
    assert 445 not in lines  # glossary "(一) 一般公共预算财政拨款收入：指…"
    assert 84 not in lines  # T1 grid row "一、一般公共预算财政拨款收入 | 1 | 317.61 …"
    assert 117 not in lines and 119 not in lines  # table notes "注：1. 本表…", "2. 本套报表…"


# --------------------------------------------------------------------------- other seeds


def test_001_toc_mixed_markdown_and_plain_entries() -> None:
    secs = extract_sections(load_seed("001"))
    assert _counts(secs, True)[1] == 6 and _counts(secs, False)[1] == 6
    assert _at(secs, 39).in_toc  # "九、国有资本经营…" printed without the "- " of its neighbours
    assert _at(secs, 22).title == "七、一般公共预算财政拨款“三公”经费支出决算表(表 7)"
    s = _at(secs, 430)
    assert (s.level, s.in_toc, s.title) == (2, False, "十、机关运行经费支出情况")
    assert 680 not in {s.line for s in secs}  # "1. 落实经济建设指标，助力数字经济发展。"
    assert 59 not in {s.line for s in secs}  # "(一) 贯彻落实国家、省、市…" duty list


def test_003_dotted_leader_toc() -> None:
    secs = extract_sections(load_seed("003"))
    s = _at(secs, 3)
    assert s.in_toc and s.level == 1 and s.title == "第一部分天门市商务局概况"  # "……1" stripped
    assert _at(secs, 40).in_toc and _at(secs, 40).title.endswith("决算情况说明")  # page number "18" stripped
    first_body = min(s.line for s in secs if not s.in_toc)
    assert first_body == 61  # "第一部分  部门名称概况" (the repeat of 第一部分)
    s = _at(secs, 2398)
    assert (s.level, s.in_toc) == (2, False) and "三公" in s.title
    assert _at(secs, 2400).level == 3


def test_002_no_toc() -> None:
    secs = extract_sections(load_seed("002"))
    assert not any(s.in_toc for s in secs)
    assert [s.line for s in secs if s.level == 1] == [1, 10, 11, 92]
    assert _at(secs, 56).title == "六、机关运行经费支出情况说明"


def test_004_lost_headings_and_list_items() -> None:
    secs = extract_sections(load_seed("004"))
    assert not any(s.in_toc for s in secs)
    lines = {s.line for s in secs}
    assert not lines & set(range(1, 20))  # the 19 duties "1、负责…" are list items, not headings
    assert _at(secs, 20).title == "二、机构设置情况"
    assert _at(secs, 259).level == 3
    assert _at(secs, 337).title == "第四部分其他需要说明的情况"  # normalised: no space between CJK


# --------------------------------------------------------------------------- mandatory sections


@pytest.mark.parametrize(
    "prefix, expected",
    [
        # 000 has no 机关运行经费 section at all (a real gap)
        ("000", {"名词解释": 443, "三公经费": 393, "机关运行经费": None, "政府采购": 409, "国有资产占用": 413,
                 "预算绩效": 417}),
        ("001", {"名词解释": 686, "三公经费": 412, "机关运行经费": 430, "政府采购": 434, "国有资产占用": 438,
                 "预算绩效": 442}),
        ("002", {"名词解释": 92, "三公经费": 48, "机关运行经费": 56, "政府采购": 59, "国有资产占用": 61,
                 "预算绩效": 65}),
        ("003", {"名词解释": 3770, "三公经费": 2398, "机关运行经费": 2419, "政府采购": 2422, "国有资产占用": 2425,
                 "预算绩效": 2429}),
        # 004 lost its 一、… headings in the export: only the (一) sub-heading of the 三公 section survives
        ("004", {"名词解释": None, "三公经费": 289, "机关运行经费": None, "政府采购": None, "国有资产占用": None,
                 "预算绩效": None}),
    ],
)
def test_find_mandatory_sections(prefix: str, expected: dict[str, int | None]) -> None:
    secs = extract_sections(load_seed(prefix))
    assert set(expected) == set(MANDATORY_SECTIONS)
    for name, line in expected.items():
        hit = find_section(secs, name)
        assert (hit.line if hit else None) == line, name


def test_heading_only_in_toc_does_not_count() -> None:
    text = "\n".join([
        "目录",
        "第一部分 某单位概况",
        "十、机关运行经费支出情况说明",
        "十一、政府采购支出情况说明",
        "第一部分 概况",
        "本单位主要职责是负责全市政务服务体系建设，统筹推进政务服务集中办理。",
        "十一、政府采购支出情况说明",
        "本单位2023年度政府采购支出总额10万元。",
    ])
    secs = extract_sections(raw_from_text(text))
    assert find_section(secs, "机关运行经费") is None
    toc_hit = find_section(secs, "机关运行经费", include_toc=True)
    assert toc_hit is not None and toc_hit.in_toc and toc_hit.line == 3
    assert find_section(secs, "政府采购").line == 7


def test_section_lines_and_text() -> None:
    raw = load_seed("000")
    secs = extract_sections(raw)
    k = next(i for i, s in enumerate(secs) if s.line == 409)
    lines = section_lines(raw, secs)[k]
    assert [ln.line for ln in lines] == [411]
    assert "政府采购支出总额 32.06 万元" in section_text(raw, secs)[k]
    # a level-2 section includes its sub-sections' text
    k5 = next(i for i, s in enumerate(secs) if s.line == 349)
    assert {ln.line for ln in section_lines(raw, secs)[k5]} >= {353, 359, 369, 375}
    # 目录 entries have no body
    k_toc = next(i for i, s in enumerate(secs) if s.line == 36)
    assert k_toc not in section_lines(raw, secs)


# --------------------------------------------------------------------------- table hints


@pytest.mark.parametrize(
    "title, tid",
    [
        ("一、收入支出决算总体情况说明", "T1"),
        ("二、收入决算情况说明", "T2"),
        ("三、支出决算情况说明", "T3"),
        ("四、财政拨款收入支出决算总体情况说明", "T4"),
        ("五、一般公共预算财政拨款支出决算情况说明", "T5"),
        ("(一)一般公共预算财政拨款支出决算总体情况。", "T5"),
        ("三、财政拨款支出决算情况说明", "T5"),
        ("六、一般公共预算财政拨款基本支出决算情况说明", "T6"),
        ("七、一般公共预算财政拨款“三公”经费支出决算情况说明", "T7"),
        ("九、财政拨款\"三公\"经费支出决算情况说明", "T7"),
        ("七、政府性基金预算财政拨款收入支出决算情况说明", "T8"),
        ("八、国有资本经营预算财政拨款支出决算情况说明", "T9"),
        ("九、国有资本经营预算财政拨款收入支出决算情况说明", "T9"),
        ("一、收入支出决算总表(表 1)", "T1"),
        ("十、政府采购支出说明", None),
        ("一、基本情况", None),
        ("1. 基本情况", None),
        ("十三、预算绩效情况说明", None),
    ],
)
def test_table_hint(title: str, tid: str | None) -> None:
    assert table_hint(title) == tid


# --------------------------------------------------------------------------- variants


@pytest.mark.parametrize(
    "line, level, number",
    [
        ("第三部分 XX区教育局2023年度部门决算情况说明", 1, "第三部分"),
        ("第十部分 附件", 1, "第十部分"),
        ("十一、政府采购支出情况说明", 2, "十一"),
        ("（三）一般公共预算财政拨款支出决算具体情况", 3, "（三）"),
        ("(二) 部门(单位)整体支出自评结果。", 3, "（二）"),
        ("2、绩效目标完成情况分析", 4, "2"),
        ("- 五、一般公共预算财政拨款支出决算情况说明", 2, "五"),
        ("## 十二、国有资产占用情况", 2, "十二"),
        ("五、一般公共预算财政拨款支出决算情况说明…………………13", 2, "五"),
    ],
)
def test_heading_variants(line: str, level: int, number: str) -> None:
    s = parse_heading(line)
    assert s is not None and (s.level, s.number) == (level, number)


@pytest.mark.parametrize(
    "line",
    [
        "1、负责贯彻落实政府职能转变和“放管服”改革，组织起草地方规范性文件和相关制度规则。",
        "（一）一般公共预算财政拨款收入：指本级财政当年拨付的资金。",
        "一、一般公共预算财政拨款收入",  # a T1 label flattened into text
        "一、一般公共预算财政拨款 21.63",  # a T4 row flattened by a PDF text layer
        "二、政府性基金预算财政拨",  # a wrapped table label
        "八、社会保障和就业支出",
        "1.基本支出1,415.21万元,占本年支出的41.82%。",
        "1.部门活动的设定在部门所确定的职责范围之内;",
        "2.本套报表金额单位转换时可能存在尾数误差。",
        "1.5 万元用于购置设备",
    ],
)
def test_not_headings(line: str) -> None:
    assert parse_heading(line) is None


def test_pdf_like_toc_on_its_own_page_without_repeat() -> None:
    raw = raw_from_pages([
        ["XX市档案馆", "2023年度部门决算"],
        ["目 录", "一、部门概况……………………1", "二、部门决算表……………………3", "三、部门决算情况说明…………8"],
        ["部门基本情况", "本部门主要职能是负责全市档案资料的收集、整理、保管和利用工作，指导全市档案业务。",
         "三、部门决算情况说明", "2023年度收入合计100.00万元。"],
    ])
    secs = extract_sections(raw)
    toc = [s for s in secs if s.in_toc]
    assert [s.title for s in toc] == ["一、部门概况", "二、部门决算表", "三、部门决算情况说明"]
    assert all(s.page == 2 for s in toc)
    body = [s for s in secs if not s.in_toc]
    assert [(s.page, s.title) for s in body] == [(3, "三、部门决算情况说明")]


@pytest.mark.skipif(not PUBLISHED_PDF.exists(), reason="real PDF absent")
def test_published_pdf_sections() -> None:
    secs = extract_sections(load_pdf_lines(PUBLISHED_PDF))
    toc = [s for s in secs if s.in_toc]
    assert toc and all(s.page in (2, 3) for s in toc)
    assert _counts(secs, True)[1] == 4
    body_titles = {s.title for s in secs if not s.in_toc}
    assert "七、财政拨款“三公”经费支出决算情况说明" in body_titles
    assert not any(t.startswith(("一、一般公共预算财政拨款 ", "二、政府性基金预算财政拨")) for t in body_titles)
    for name in MANDATORY_SECTIONS:
        hit = find_section(secs, name)
        assert hit is not None and not hit.in_toc and hit.page >= 21, name


def test_toc_without_title_line() -> None:
    text = "\n".join([
        "2023年度XX市档案馆部门决算",
        "第一部分 部门概况",
        "第二部分 部门决算表",
        "第三部分 部门决算情况说明",
        "第一部分 部门概况",
        "本部门主要职能是负责全市档案资料的收集、整理、保管和利用工作，指导全市档案业务。",
        "第三部分 部门决算情况说明",
    ])
    secs = extract_sections(raw_from_text(text))
    assert [(s.line, s.in_toc) for s in secs] == [(2, True), (3, True), (4, True), (5, False), (7, False)]


TEMPLATE_PDF = PUBLISHED_PDF.parent / "template-2024-部门决算模板.pdf"


@pytest.mark.skipif(not TEMPLATE_PDF.exists(), reason="real PDF absent")
def test_template_pdf_flattened_tables_are_not_headings() -> None:
    secs = extract_sections(load_pdf_lines(TEMPLATE_PDF))
    assert _counts(secs, True)[1] == 4
    # pages 5 and 8 hold T1/T4 flattened to text ("一、一般公共预算财政拨款收入一、一般公共服务支出")
    assert not [s for s in secs if not s.in_toc and s.page in (5, 8)]
    for name in MANDATORY_SECTIONS:
        hit = find_section(secs, name)
        assert hit is not None and not hit.in_toc, name
