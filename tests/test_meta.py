"""Document metadata (juesuan.model.meta): unit, year, money unit and their positioned candidates.

Expectations were read off the seed texts by hand (line numbers are 1-based source lines).
The helpers at the top are shared by tests/test_sections.py and tests/test_claims.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.ingest.raw import RawDocument, TextLine
from juesuan.model.meta import base_name, extract_meta
from juesuan.text.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "corpus-real"
PUBLISHED_PDF = REAL / "上海市普陀区财政局2024年度部门决算.pdf"


def seed_path(prefix: str) -> Path:
    hits = sorted(CORPUS.glob(f"{prefix}_*.txt"))
    if not hits:
        pytest.skip(f"seed {prefix} absent")
    return hits[0]


def load_seed(prefix: str) -> RawDocument:
    """A seed through the real text reader."""
    from juesuan.ingest.text import read_text

    return read_text(str(seed_path(prefix)))


def raw_from_text(text: str, name: str = "variant.txt") -> RawDocument:
    """A constructed document through the real text parser (variants of the seeds' wording)."""
    from juesuan.ingest.text import parse_text

    return RawDocument(path=name, name=name, kind="text", sha256="", blocks=parse_text(text, name, ".txt"))


def raw_from_pages(pages: list[list[str]], name: str = "variant.pdf") -> RawDocument:
    """A PDF-like raw document: page numbers set, line = running index."""
    blocks = []
    n = 0
    for p, lines in enumerate(pages, start=1):
        for ln in lines:
            n += 1
            blocks.append(TextLine(ln, normalize_text(ln), p, n))
    return RawDocument(path=name, name=name, kind="pdf", sha256="", blocks=blocks, page_count=len(pages))


def load_pdf_lines(path: Path) -> RawDocument:
    """A real PDF's text lines (pypdfium2), as a PDF reader without table detection would give them."""
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(str(path))
    pages = []
    for i in range(len(doc)):
        text = doc[i].get_textpage().get_text_range()
        pages.append([ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
    raw = raw_from_pages(pages, path.name)
    raw.blocks = [b for b in raw.blocks if b.raw.strip()]
    return raw


# --------------------------------------------------------------------------- the five seeds


@pytest.mark.parametrize(
    "prefix, unit, year, money",
    [
        ("000", "湖北省电子口岸运行服务中心", 2022, "万元"),
        ("001", "武汉市汉阳区企业服务中心", 2022, "万元"),
        ("002", "赣州市南康区人民政府口岸管理办公室", 2022, "万元"),
        ("003", "天门市商务局", 2023, "万元"),
        ("004", "荆门市行政审批局(本级)", 2023, "万元"),
    ],
)
def test_seed_metadata(prefix: str, unit: str, year: int, money: str) -> None:
    meta = extract_meta(load_seed(prefix))
    assert meta["unit"] == unit
    assert meta["year"] == year
    assert meta["money_unit"] == money


def test_unit_base_strips_qualifier() -> None:
    meta = extract_meta(load_seed("004"))
    assert meta["unit_base"] == "荆门市行政审批局"
    assert base_name("天门市商务局（汇总）") == "天门市商务局"
    assert base_name("荆门市行政审批局(本级)") == "荆门市行政审批局"


def _cands(meta: dict, key: str) -> list[tuple]:
    return list(meta["candidates"][key])


def test_000_unit_candidates_cover_header_heading() -> None:
    meta = extract_meta(load_seed("000"))
    units = _cands(meta, "unit")
    srcs = meta["sources"]["unit"]
    assert len(srcs) == len(units)
    by_line = {c[2]: (c, s) for c, s in zip(units, srcs, strict=True)}
    # cover line 3, table header line 77 ("单位：湖北省电子口岸运行服务中心"), heading line 57 ("第一部分 …概况")
    assert by_line[3][0][0] == "湖北省电子口岸运行服务中心" and by_line[3][1] == "cover"
    assert by_line[77][0][0] == "湖北省电子口岸运行服务中心" and by_line[77][1] == "table"
    assert by_line[77][0][3].strip() == "单位：湖北省电子口岸运行服务中心"
    assert by_line[57][1] == "heading"
    assert all(c[1] is None for c in units)  # text input: no page


def test_003_table_headers_print_qualified_name() -> None:
    meta = extract_meta(load_seed("003"))
    forms = {c[0] for c in _cands(meta, "unit")}
    assert "天门市商务局(汇总)" in forms  # 部门：天门市商务局（汇总） in the table headers (line 87)
    assert "天门市商务局" in forms  # 目录/headings
    assert any(c[2] == 87 for c in _cands(meta, "unit"))


def test_002_attachments_of_another_year_are_candidates_but_outweighed() -> None:
    meta = extract_meta(load_seed("002"))
    years = _cands(meta, "year")
    srcs = meta["sources"]["year"]
    y2021 = [(c, s) for c, s in zip(years, srcs, strict=True) if c[0] == "2021"]
    assert y2021, "the 2021 attachments must be visible to the rules"
    assert any(c[2] == 124 for c, _ in y2021)  # "2021年度项目支出绩效自评情况汇总表"
    assert all(s == "attachment" for _, s in y2021)
    assert meta["year"] == 2022


def test_dates_and_comparison_years_are_not_year_candidates() -> None:
    meta = extract_meta(load_seed("001"))
    lines = {c[2] for c in _cands(meta, "year")}
    assert 5 not in lines  # "2023 年 10 月 12 日" (a date)
    assert not any(c[0] == "2021" and c[2] == 351 for c in _cands(meta, "year"))  # "与 2021 年度相比"
    meta0 = extract_meta(load_seed("000"))
    assert not any(c[2] == 415 for c in _cands(meta0, "year"))  # "截至 2022 年 12 月 31 日"
    assert not any(c[0] == "2021" for c in _cands(meta0, "year"))


def test_money_unit_candidates_have_positions() -> None:
    meta = extract_meta(load_seed("001"))
    m = _cands(meta, "money_unit")
    assert ("万元", None, 87, "单位：万元") in [(a, b, c, d.strip()) for a, b, c, d in m]


# --------------------------------------------------------------------------- variants


def test_variant_cover_year_first_and_attachments_of_previous_year() -> None:
    text = "\n".join([
        "2024年度宜昌市财政局部门决算",
        "目录",
        "第一部分 宜昌市财政局概况",
        "第一部分 宜昌市财政局概况",
        "一、部门主要职责",
        "负责全市财政收支管理，编制年度预决算草案并组织执行，管理市级各项财政收入。",
        "第二部分 宜昌市财政局2024年度部门决算表",
        "部门：宜昌市财政局\t金额单位：万元",
        "项目\t金额",
        "合计\t100.00",
        "第三部分 宜昌市财政局2024年度部门决算情况说明",
        "2024年度收入合计100万元，与2023年度相比，增加10万元。",
        "第五部分 附件",
        "2023年度项目支出绩效自评表",
        "2023年度部门整体支出绩效自评表",
        "2023年度项目支出绩效自评汇总表",
        "截至2024年12月31日，本部门共有车辆2辆。",
    ])
    meta = extract_meta(raw_from_text(text))
    assert meta["unit"] == "宜昌市财政局"
    assert meta["year"] == 2024
    assert meta["money_unit"] == "万元"
    srcs = dict(zip([c[2] for c in meta["candidates"]["year"]], meta["sources"]["year"], strict=True))
    assert srcs[14] == "attachment"


def test_variant_money_unit_yuan_dominant() -> None:
    text = "\n".join([
        "秭归县教育局2023年度部门决算",
        "部门：秭归县教育局（本级）\t金额单位：元",
        "合计\t1000.00",
        "部门：秭归县教育局（本级）\t金额单位：元",
        "合计\t1000.00",
        "部门：秭归县教育局（本级）\t单位：万元",
        "合计\t0.10",
        "表4 财政拨款收入支出决算总表（单位：元）",
    ])
    meta = extract_meta(raw_from_text(text))
    assert meta["money_unit"] == "元"
    assert meta["unit"] == "秭归县教育局"  # the cover's printed form wins over the qualified header form
    assert meta["unit_base"] == "秭归县教育局"
    assert meta["year"] == 2023


def test_variant_pdf_like_pages() -> None:
    raw = raw_from_pages([
        ["云梦县商务局", "2022年度部门决算", "2023年8月"],
        ["目 录", "第一部分 云梦县商务局概况"],
        ["第一部分 云梦县商务局概况", "一、主要职能", "2022年度收入合计50.00万元。"],
    ])
    meta = extract_meta(raw)
    assert meta["unit"] == "云梦县商务局"
    assert meta["year"] == 2022  # not 2023 (a date)
    cover = [c for c in meta["candidates"]["unit"] if c[1] == 1]
    assert cover and cover[0][2] == 1


@pytest.mark.skipif(not PUBLISHED_PDF.exists(), reason="real PDF absent")
def test_published_pdf_metadata() -> None:
    meta = extract_meta(load_pdf_lines(PUBLISHED_PDF))
    assert meta["unit"] == "上海市普陀区财政局"
    assert meta["year"] == 2024
    assert meta["money_unit"] == "万元"
    pages = {c[1] for c in meta["candidates"]["unit"]}
    assert 1 in pages  # the cover
