"""The PDF reader on real PDFs: reportlab PDFs of the seeds (made here) and the published disclosure."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.ingest.pdf import read_pdf
from juesuan.ingest.raw import Grid, TextLine
from juesuan.model.build import parse_file
from tests.pdfmaker import make_pdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "corpus-real"
PUBLISHED = REAL / "上海市普陀区财政局2024年度部门决算.pdf"
TEMPLATE = REAL / "template-2024-部门决算模板.pdf"
SEEDS = {p.name[:3]: p for p in CORPUS.glob("*.txt")}


def _sig(doc):
    return {t.id: sorted((r.side or "", r.code or "", r.name, tuple(sorted((k, str(v)) for k, v in r.values.items())))
                         for r in t.rows) for t in doc.tables}


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory):
    d = tmp_path_factory.mktemp("pdfs")
    return {k: make_pdf(p, d / f"{k}.pdf") for k, p in SEEDS.items() if k != "002"}


def test_pages_lines_and_grid_cells(seed_pdfs):
    raw = read_pdf(str(seed_pdfs["000"]))
    assert raw.page_count and raw.page_count > 5 and not raw.problems
    assert all(b.page and 1 <= b.page <= raw.page_count for b in raw.blocks)
    rows = [r.cells for b in raw.blocks if isinstance(b, Grid) for r in b.rows]
    assert ["2011350", "事业运行", "231.63", "231.63", "", "", "", ""] in rows
    lines = [b.line for b in raw.blocks]
    assert lines == sorted(lines)


@pytest.mark.parametrize("key", ["000", "001", "003", "004"])
def test_seed_pdf_gives_the_same_nine_tables_as_the_text(seed_pdfs, key):
    pdf_doc = parse_file(str(seed_pdfs[key]))
    text_doc = parse_file(str(SEEDS[key]))
    assert sorted(t.id for t in pdf_doc.tables) == [f"T{i}" for i in range(1, 10)]
    assert _sig(pdf_doc) == _sig(text_doc)
    assert all(r.page for t in pdf_doc.tables for r in t.rows)


def test_cjk_radicals_are_normalised(tmp_path):
    pdf = make_pdf(SEEDS["000"], tmp_path / "r.pdf", radicals=True)
    raw = read_pdf(str(pdf))
    texts = " ".join(b.text for b in raw.blocks if isinstance(b, TextLine))
    raws = " ".join(b.raw for b in raw.blocks if isinstance(b, TextLine))
    assert "\u2ed4" in raws  # the evidence keeps what was printed
    assert "部门" in texts and "\u2ed4" not in texts


@pytest.mark.skipif(not PUBLISHED.exists(), reason="../shared/corpus-real not present")
def test_published_pdf_reads_numbers_on_their_line_and_all_nine_tables():
    raw = read_pdf(str(PUBLISHED))
    assert raw.page_count == 25 and not raw.problems
    p21 = [b.text for b in raw.blocks if isinstance(b, TextLine) and b.page == 21]
    assert "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比,收入" in p21
    doc = parse_file(str(PUBLISHED))
    assert doc.unit == "上海市普陀区财政局" and doc.year == 2024 and doc.money_unit == "万元"
    assert sorted(t.id for t in doc.tables) == [f"T{i}" for i in range(1, 10)]
    assert doc.missing_tables == []
    t1 = doc.table("T1")
    assert t1.row(name="总计", side="收入").values["决算数"] == Decimal("2995.39")
    assert t1.page == 6
    assert doc.table("T8").empty and doc.table("T9").empty


@pytest.mark.skipif(not PUBLISHED.exists(), reason="../shared/corpus-real not present")
def test_published_pdf_real_defect_found_with_page_evidence():
    from juesuan.findings.evaluate import evaluate

    fs = evaluate(parse_file(str(PUBLISHED)))
    total = [f for f in fs if f["rule_id"] == "NARR-TOTAL-AMOUNT"]
    assert total and total[0]["values"]["stated"] == Decimal("0.3")
    assert any(e["page"] == 21 for e in total[0]["evidence"])
    assert not [f for f in fs if f["category"] in ("structure", "arithmetic", "cross-table") and f["severity"] in ("high", "medium")]


@pytest.mark.skipif(not TEMPLATE.exists(), reason="../shared/corpus-real not present")
def test_blank_template_is_read_without_crash():
    doc = parse_file(str(TEMPLATE))
    assert doc.page_count and doc.page_count > 5
    assert not any(p.fatal for p in doc.problems)
