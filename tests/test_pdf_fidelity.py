"""Cross-producer PDF fidelity: a seed printed to PDF by another producer gives the same nine tables.

Held-out PDFs are made by Word/WPS/browsers, not by us. Each full seed (000/001/003/004) is printed
by headless Chromium in every style of ``tests/pdf_producers.py`` (ruled, unruled, paged with a
repeated ``thead`` and a running header, landscape 7pt with wrapped header words, numbers in
another font) and, where ``tests/pdfmaker.py`` exists, by reportlab; ``parse_file`` of the PDF
must give the tables of ``parse_file`` of the text seed: ids, and per row side, code, name and
every value (compared as in tests/test_format_invariance.py).

The real published disclosure and the blank template in ../shared/corpus-real are checked
against figures read off the PDF by hand (pdfplumber, page numbers in the comments).
"""

from __future__ import annotations

import importlib.util
import os
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.ingest.raw import Grid, GridRow, RawDocument, TextLine
from juesuan.model.build import build_document, parse_file
from juesuan.model.document import Document
from juesuan.model.tables.builder import build_tables
from tests.pdf_producers import VARIANTS, chromium_path, make_pdf, plumber_reading

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "corpus-real"
REAL_PDF = REAL / "上海市普陀区财政局2024年度部门决算.pdf"
TEMPLATE_PDF = REAL / "template-2024-部门决算模板.pdf"
FULL_SEEDS = ["000", "001", "003", "004"]
NINE = [f"T{i}" for i in range(1, 10)]


def _need(what: str, ok: bool) -> None:
    """Skip when a prerequisite is missing, but fail under CI (the Makefile installs it)."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} missing under CI")
    pytest.skip(f"{what} missing")


def _need_reader() -> None:
    _need("juesuan.ingest.pdf (PDF reader)", importlib.util.find_spec("juesuan.ingest.pdf") is not None)


def _seed(key: str) -> Path:
    hits = sorted(CORPUS.glob(f"{key}_*.txt"))
    if not hits:
        pytest.skip(f"seed {key} absent")
    return hits[0]


def table_signature(doc: Document) -> dict[str, list[tuple]]:
    return {
        t.id: sorted(
            (r.side or "", r.code or "", r.name, tuple(sorted((k, str(v)) for k, v in r.values.items())))
            for r in t.rows
        )
        for t in doc.tables
    }


def mismatches(got: Document, want: Document) -> list[str]:
    """Human-readable differences (missing tables, rows only in one side) for the failure message."""
    g, w = table_signature(got), table_signature(want)
    out = [f"{tid}: missing" for tid in sorted(set(w) - set(g))]
    out += [f"{tid}: extra" for tid in sorted(set(g) - set(w))]
    for tid in sorted(set(g) & set(w)):
        gs, ws = set(g[tid]), set(w[tid])
        out += [f"{tid} lost  {r}" for r in sorted(ws - gs)]
        out += [f"{tid} wrong {r}" for r in sorted(gs - ws)]
        if len(g[tid]) != len(w[tid]) and gs == ws:
            out.append(f"{tid}: {len(g[tid])} rows, expected {len(w[tid])} (duplicates)")
    return out


_text_docs: dict[str, Document] = {}


def text_doc(key: str) -> Document:
    if key not in _text_docs:
        _text_docs[key] = parse_file(str(_seed(key)))
    return _text_docs[key]


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf_producers")


def chromium_pdf(key: str, variant: str, out: Path) -> Path:
    from juesuan.ingest.text import read_text

    _need("chromium", chromium_path() is not None)
    target = out / f"{key}.{variant}.pdf"
    if target.exists():
        return target
    return make_pdf(read_text(str(_seed(key))), variant, out, key)


# ----------------------------------------------------------------------------- producers x seeds


def test_text_seeds_give_all_nine_tables() -> None:
    for key in FULL_SEEDS:
        assert sorted(t.id for t in text_doc(key).tables) == NINE, key


# symmetric-difference rows per seed and variant, measured 2026-12 (issue 9): the builder now
# takes header words run together on text lines ("本年收入财政拨款上级补事业…") and glued 栏次 rows,
# so T2/T3/T8/T9 are found; what is left is the reader's (juesuan.ingest.pdf._text_tables) column
# placement of cells wrapped over lines (T1/T4 two-sided tables read as text lines, T6 names)
UNRULED_DIFFS = {
    ("000", "unruled"): 72, ("000", "hrules"): 70, ("001", "unruled"): 123, ("001", "hrules"): 126,
    ("003", "unruled"): 125, ("003", "hrules"): 131, ("004", "unruled"): 115, ("004", "hrules"): 81,
}
_UNRULED_MISS = pytest.mark.xfail(
    reason="known miss: tables without vertical rules are read as white-space grids (juesuan.ingest.pdf._text_tables); "
    "the tables are found (004: T4/T6/T7 not yet), but cells wrapped over lines (two-sided T1/T4 read as text lines, long T6 names) "
    "are still placed differently from the text: see UNRULED_DIFFS for the counts per seed and variant",
    strict=True,
)


def _producer_params() -> list:
    out = []
    for key in FULL_SEEDS:
        for variant in VARIANTS:
            marks = [_UNRULED_MISS] if variant in ("unruled", "hrules") else []
            out.append(pytest.param(key, variant, marks=marks, id=f"{key}-{variant}"))
    return out


@pytest.mark.parametrize(("key", "variant"), _producer_params())
def test_chromium_pdf_gives_same_tables(key: str, variant: str, pdf_dir: Path) -> None:
    _need_reader()
    pdf = chromium_pdf(key, variant, pdf_dir)
    doc = parse_file(str(pdf))
    assert not any(p.fatal for p in doc.problems), doc.problems
    assert all(t.page is not None for t in doc.tables)
    diff = mismatches(doc, text_doc(key))
    assert not diff, f"{key} {variant}: {len(diff)} differences\n" + "\n".join(diff[:40])


@pytest.mark.parametrize(("key", "variant"), sorted(UNRULED_DIFFS))
def test_unruled_pdf_differences_do_not_grow(key: str, variant: str, pdf_dir: Path) -> None:
    """The unruled xfails above, as counts: the symmetric difference may shrink, never grow."""
    _need_reader()
    pdf = chromium_pdf(key, variant, pdf_dir)
    diff = mismatches(parse_file(str(pdf)), text_doc(key))
    assert len(diff) <= UNRULED_DIFFS[key, variant], "\n".join(diff[:40])


BUILDER_VARIANTS = ["ruled", "paged", "merged", "landscape", "continued"]


@pytest.mark.parametrize("variant", BUILDER_VARIANTS)
@pytest.mark.parametrize("key", FULL_SEEDS)
def test_builder_on_reference_reading_gives_same_tables(key: str, variant: str, pdf_dir: Path) -> None:
    """The table builder alone on Chromium PDFs (plain pdfplumber reading): page breaks with and
    without a repeated header, running headers/footers, merged header cells, wrapped words."""
    pdf = chromium_pdf(key, variant, pdf_dir)
    doc = build_document(plumber_reading(pdf))
    diff = mismatches(doc, text_doc(key))
    assert not diff, f"{key} {variant} (reference reading): {len(diff)} differences\n" + "\n".join(diff[:40])


def _page(page: int, *blocks: TextLine | Grid) -> list[TextLine | Grid]:
    for b in blocks:
        b.page = page
        if isinstance(b, Grid):
            for r in b.rows:
                r.page = page
    return list(blocks)


def _t(raw: str) -> TextLine:
    from juesuan.text.normalize import normalize_text

    return TextLine(raw=raw, text=normalize_text(raw))


def _g(*rows: list[str | None]) -> Grid:
    from juesuan.text.normalize import normalize_text

    return Grid(rows=[GridRow([normalize_text(c) if c else c for c in r], list(r)) for r in rows], source="pdf-ruled")


def test_running_header_between_title_and_body_is_furniture() -> None:
    """A title at the foot of a page, the page's running footer, the next page's running header,
    then the table (split once more over a page break): one table, every row."""
    run = "2022 年度某某服务中心部门决算（公开稿）"
    hdr = ["项目", None, None, "本年支出合计", "基本支出", "项目支出"]
    blocks = [
        *_page(1, _t(run), _t("一、部门职责"), _t("负责某某工作。"), _t("支出决算表"), _t("单位：万元"), _t("第 1 页")),
        *_page(2, _t(run), _g(hdr, ["类", "款", "项", "合计", "100.00", "60.00"], ["201", "", "", "一般公共服务支出", "100.00", "60.00"]),
               _t("第 2 页")),
        *_page(3, _t(run), _g(hdr, ["201", "03", "01", "行政运行", "60.00", "60.00"],
                              ["201", "03", "99", "其他政府办公厅（室）及相关机构事务支出", "40.00", ""]),
               _t("注：本表反映部门本年度各项支出情况。"), _t("第 3 页")),
        *_page(4, _t(run), _t("二、其他说明"), _t("无。"), _t("第 4 页")),
    ]
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=blocks, page_count=4)
    tables, _ = build_tables(raw)
    t3 = {t.id: t for t in tables}["T3"]
    assert t3.page == 1 and t3.money_unit == "万元"
    got = [(r.code, r.name, r.values["合计"], r.values["基本支出"], r.values["项目支出"]) for r in t3.rows]
    assert got == [
        (None, "合计", D("100.00"), D("60.00"), None),
        ("201", "一般公共服务支出", D("100.00"), D("60.00"), None),
        ("2010301", "行政运行", D("60.00"), D("60.00"), None),
        ("2010399", "其他政府办公厅（室）及相关机构事务支出", D("40.00"), None, None),
    ]


def _reportlab_maker():
    if importlib.util.find_spec("tests.pdfmaker") is None:
        return None
    import tests.pdfmaker as pm

    for name in ("make_pdf", "write_pdf", "render_pdf", "raw_to_pdf"):
        fn = getattr(pm, name, None)
        if callable(fn):
            return fn
    return None


@pytest.mark.parametrize("key", ["000", "001", "003", "004"])
def test_reportlab_pdf_gives_same_tables(key: str, pdf_dir: Path) -> None:
    _need_reader()
    fn = _reportlab_maker()
    if fn is None:
        pytest.skip("tests/pdfmaker.py (reportlab producer) absent")
    import inspect

    from juesuan.ingest.text import read_text

    params = [p for p in inspect.signature(fn).parameters.values() if p.default is inspect.Parameter.empty]
    if len(params) != 2:
        pytest.skip(f"tests/pdfmaker.py {fn.__name__}{inspect.signature(fn)}: expected (raw, out_path)")
    out = pdf_dir / f"{key}.reportlab.pdf"
    res = fn(read_text(str(_seed(key))), out)
    pdf = Path(res) if isinstance(res, (str, Path)) else out
    doc = parse_file(str(pdf))
    diff = mismatches(doc, text_doc(key))
    assert not diff, f"{key} reportlab: {len(diff)} differences\n" + "\n".join(diff[:40])


# ----------------------------------------------------------------------------- real disclosures


_real: dict[tuple[str, str], Document] = {}
READINGS = ["engine", "reference"]


@pytest.fixture(params=READINGS)
def reading(request: pytest.FixtureRequest) -> str:
    """``engine``: parse_file (the product reader); ``reference``: the table builder on the plain
    pdfplumber reading of tests/pdf_producers.py (builder fidelity independent of the reader)."""
    return request.param


def real(path: Path, how: str = "engine") -> Document:
    if not path.exists():
        pytest.skip(f"{path.name} absent (../shared not mounted)")
    if how == "engine":
        _need_reader()
    if (path.name, how) not in _real:
        _real[path.name, how] = parse_file(str(path)) if how == "engine" else build_document(plumber_reading(path))
    return _real[path.name, how]


def D(s: str | None) -> Decimal | None:
    return None if s is None else Decimal(s)


def test_real_pdf_gives_all_nine_tables(reading: str) -> None:
    doc = real(REAL_PDF, reading)
    assert [t.id for t in doc.tables] == NINE
    assert doc.missing_tables == []
    assert all(t.money_unit == "万元" for t in doc.tables)
    # printed pages (1-based): T1 6-7, T2 8-9, T3 10-11, T4 12-14, T5 15, T6 16-17, T7 18, T8 19, T9 20
    assert {t.id: t.page for t in doc.tables} == {
        "T1": 6, "T2": 8, "T3": 10, "T4": 12, "T5": 15, "T6": 16, "T7": 18, "T8": 19, "T9": 20,
    }


def test_real_pdf_T1_rows(reading: str) -> None:
    t1 = real(REAL_PDF, reading).table("T1")
    assert t1 is not None

    def v(name: str, side: str) -> Decimal | None:
        r = t1.row(name=name, side=side)
        assert r is not None, (name, side)
        return r.values["决算数"]

    # page 6: 一、一般公共预算财政拨款收入 2,940.05 | 一、一般公共服务支出 2,106.66; 八、其他收入 6.20
    assert v("一般公共预算财政拨款收入", "收入") == D("2940.05")
    assert v("其他收入", "收入") == D("6.20")
    assert v("政府性基金预算财政拨款收入", "收入") is None
    assert t1.row(code="201", side="支出").values["决算数"] == D("2106.66")
    assert t1.row(code="208", side="支出").values["决算数"] == D("326.71")
    assert t1.row(code="210", side="支出").values["决算数"] == D("60.99")
    # page 7 (the table goes on after the page break): 年初结转和结余 49.14 | 年末结转和结余 55.34; 总计 2,995.39
    assert v("年初结转和结余", "收入") == D("49.14")
    assert v("年末结转和结余", "支出") == D("55.34")
    assert v("总计", "收入") == D("2995.39")
    assert v("总计", "支出") == D("2995.39")
    assert len([r for r in t1.rows if r.side == "支出" and r.code]) == 26


def test_real_pdf_T2_rows(reading: str) -> None:
    t2 = real(REAL_PDF, reading).table("T2")
    assert t2 is not None
    cols = ["合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    # page 8, header words wrapped in their cells ("本年收入合\n计", "附属单\n位上\n缴收入")
    tot = t2.row(name="合计")
    assert tot is not None
    assert [tot.values.get(c) for c in cols] == [D("2946.25"), D("2940.05"), None, None, None, None, D("6.20")]
    r = t2.row(code="2010601")
    assert r is not None and r.name == "行政运行"
    assert [r.values.get(c) for c in cols] == [D("1511.90"), D("1511.89"), None, None, None, None, D("0.01")]
    # page 9 (continued): 221 02 03 购房补贴 258.50 258.50
    r = t2.row(code="2210203")
    assert r is not None and r.name == "购房补贴" and r.values["合计"] == D("258.50")


def test_real_pdf_T4_rows(reading: str) -> None:
    t4 = real(REAL_PDF, reading).table("T4")
    assert t4 is not None
    # page 12: 一、一般公共预算财政拨款 2,940.05 | 一、一般公共服务支出 2,106.66 2,106.66
    inc = t4.row(name="一般公共预算财政拨款", side="收入")
    assert inc is not None and inc.values["决算数"] == D("2940.05")
    r = t4.row(code="201", side="支出")
    assert r is not None
    assert (r.values["合计"], r.values["一般公共预算财政拨款"], r.values["政府性基金预算财政拨款"]) == (
        D("2106.66"), D("2106.66"), None)
    # page 13 (continued): 年初财政拨款结转和结余 21.63 | 年末… 21.63 21.63; 总计 2,961.68 | 2,961.68 2,961.68
    assert t4.row(name="年初财政拨款结转和结余", side="收入").values["决算数"] == D("21.63")
    assert t4.row(name="年末财政拨款结转和结余", side="支出").values["合计"] == D("21.63")
    assert t4.row(name="总计", side="收入").values["决算数"] == D("2961.68")
    tot = t4.row(name="总计", side="支出")
    assert (tot.values["合计"], tot.values["一般公共预算财政拨款"]) == (D("2961.68"), D("2961.68"))


def test_real_pdf_T3_total_row(reading: str) -> None:
    t3 = real(REAL_PDF, reading).table("T3")
    assert t3 is not None
    # page 10: 类 | 款 | 项 | 合计 | 2,940.05 | 2,336.91 | 603.14 | | |   (header cells share the total's row)
    tot = t3.row(name="合计")
    assert tot is not None and tot.code is None
    assert [tot.values.get(c) for c in ("合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")] == [
        D("2940.05"), D("2336.91"), D("603.14"), None, None, None]
    # 201 | 06 | 01 | 行政运行 | 1,511.89 | 1,503.52 | 8.37
    r = t3.row(code="2010601")
    assert r is not None and r.name == "行政运行"
    assert (r.values["合计"], r.values["基本支出"], r.values["项目支出"]) == (D("1511.89"), D("1503.52"), D("8.37"))
    # 208 05 05 机关事业单位基本养老保险缴费支出 (name wrapped over two lines in its cell)
    r = t3.row(code="2080505")
    assert r is not None and r.name == "机关事业单位基本养老保险缴费支出" and r.values["合计"] == D("160.75")


def test_real_pdf_T5_split_codes(reading: str) -> None:
    t5 = real(REAL_PDF, reading).table("T5")
    assert t5 is not None
    # page 15: codes printed over the 类 | 款 | 项 columns
    expected = [
        ("201", "一般公共服务支出", "2106.66", "1503.52", "603.14"),
        ("20106", "财政事务", "2106.66", "1503.52", "603.14"),
        ("2010601", "行政运行", "1511.89", "1503.52", "8.37"),
        ("2010602", "一般行政管理事务", "10.00", None, "10.00"),
        ("2010607", "信息化建设", "135.25", None, "135.25"),
        ("2010608", "财政委托业务支出", "449.52", None, "449.52"),
        ("208", "社会保障和就业支出", "326.72", "326.72", None),
    ]
    got = {r.code: r for r in t5.rows if r.code}
    for code, name, tot, basic, proj in expected:
        r = got.get(code)
        assert r is not None, code
        assert (r.name, r.values["合计"], r.values["基本支出"], r.values["项目支出"]) == (name, D(tot), D(basic), D(proj))


def test_real_pdf_T6_two_column_rows(reading: str) -> None:
    t6 = real(REAL_PDF, reading).table("T6")
    assert t6 is not None
    # page 16, two code/name/value blocks side by side, codes split over 类 | 款
    expect = {
        "301": ("工资福利支出", "2082.85", "人员经费"),
        "30101": ("基本工资", "262.33", "人员经费"),
        "30102": ("津贴补贴", "1238.58", "人员经费"),
        "30103": ("奖金", None, "人员经费"),
        "302": ("商品和服务支出", "171.07", "公用经费"),
        "30201": ("办公费", "21.21", "公用经费"),
        "30202": ("印刷费", "7.61", "公用经费"),
        "30207": ("邮电费", "4.88", "公用经费"),
        "30302": ("退休费", "69.10", "人员经费"),
        # page 17 (continued after the page break)
        "30228": ("工会经费", "24.42", "公用经费"),
        "30239": ("其他交通费用", "48.49", "公用经费"),
        "31002": ("办公设备购置", "13.58", "公用经费"),
    }
    got = {r.code: r for r in t6.rows if r.code}
    for code, (name, v, side) in expect.items():
        r = got.get(code)
        assert r is not None, code
        assert (r.name, r.values["决算数"], r.side) == (name, D(v), side), code


def test_real_pdf_T7_values(reading: str) -> None:
    t7 = real(REAL_PDF, reading).table("T7")
    assert t7 is not None
    # page 18: one value row under 合计(预算数, 决算数) … 公务接待费(预算数, 决算数): only two cells printed,
    # 合计 预算数 0.95 and 公务接待费 预算数 0.95
    vals = {r.name: (r.values.get("预算数"), r.values.get("决算数")) for r in t7.rows}
    assert vals["合计"] == (D("0.95"), None)
    assert vals["公务接待费"] == (D("0.95"), None)
    for item in ("因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费"):
        assert vals.get(item, (None, None)) == (None, None), item


def test_real_pdf_T8_T9_declared_empty(reading: str) -> None:
    doc = real(REAL_PDF, reading)
    for tid in ("T8", "T9"):
        t = doc.table(tid)
        assert t is not None and t.empty
        assert t.empty_statement and "本表无数据" in t.empty_statement


def test_template_pdf_gives_nine_empty_tables(reading: str) -> None:
    doc = real(TEMPLATE_PDF, reading)
    assert [t.id for t in doc.tables] == NINE
    assert all(t.empty for t in doc.tables)
    assert all(v is None or v == 0 for t in doc.tables for r in t.rows for v in r.values.values())


def test_unruled_rows_wrapped_over_lines_are_joined() -> None:
    """An unruled table read line by line ("pdf-text" grid, blank rows between table rows):
    the header word 行次 wrapped as "行" / "次", an item name wrapped above and below the line
    that carries the values (as pdfplumber's text strategy returns page 2 of 000.unruled)."""
    g = _g(
        ["项目", "行", "金额", "项目", "行", "金额"],
        ["", "次", "", "", "次", ""],
        ["", "", "", "", "", ""],
        ["一、一般公共预算财政拨款收入", "1", "317.61", "一、一般公共服务支出", "32", "288.04"],
        ["", "", "", "", "", ""],
        ["二、政府性基金预算财政拨款收入", "2", "", "二、外交支出", "33", ""],
        ["", "", "", "", "", ""],
        ["三、国有资本经营预算财政拨款收", "", "", "", "", ""],
        ["", "3", "", "三、国防支出", "34", ""],
        ["入", "", "", "", "", ""],
        ["", "", "", "", "", ""],
        ["本年收入合计", "4", "317.61", "本年支出合计", "35", "288.04"],
        ["", "", "", "", "", ""],
        ["总计", "5", "317.61", "总计", "36", "288.04"],
    )
    g.source = "pdf-text"
    blocks = _page(1, _t("收入支出决算总表"), _t("金额单位：万元"), g, _t("注：本表反映部门本年度的总收支情况。"))
    raw = RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=blocks, page_count=1)
    t1 = {t.id: t for t in build_tables(raw)[0]}["T1"]
    got = [(r.side, r.code, r.name, r.values["决算数"]) for r in t1.rows]
    assert got == [
        ("收入", None, "一般公共预算财政拨款收入", D("317.61")),
        ("支出", "201", "一般公共服务支出", D("288.04")),
        ("收入", None, "政府性基金预算财政拨款收入", None),
        ("支出", "202", "外交支出", None),
        ("收入", None, "国有资本经营预算财政拨款收入", None),
        ("支出", "203", "国防支出", None),
        ("收入", None, "本年收入合计", D("317.61")),
        ("支出", None, "本年支出合计", D("288.04")),
        ("收入", None, "总计", D("317.61")),
        ("支出", None, "总计", D("288.04")),
    ]
