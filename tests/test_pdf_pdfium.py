"""The pdfium reader against pdfplumber, the reference reader, on real PDFs; and undecodable pages.

* Characters, edges, words and table cells from ``juesuan.ingest.pdfium_page`` agree with
  pdfplumber's on PDFs made here (reportlab seeds, byte-written PDFs with one-glyph text
  objects, lone-space objects, a form XObject table and a /Rotate 90 page) and on the
  published disclosure when ../shared is present.
* ``juesuan.ingest.pdf_words`` gives exactly pdfplumber's words and cell texts.
* A page whose font has no ToUnicode, or whose glyphs draw nothing, is an ingest problem "cid"
  with its page list (coverage partial), never text.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfplumber.table import TableFinder
from pdfplumber.utils.text import WordExtractor
from pdfplumber.utils.text import extract_text as plumber_text

from juesuan.findings.ingest import ingest_findings
from juesuan.ingest.pdf import _read_page, read_pdf
from juesuan.ingest.pdf_tables import _find_tables, _PlainPage, ruled_tables
from juesuan.ingest.pdf_words import extract_text, extract_words
from juesuan.ingest.pdfium_page import PageContent, read_page
from juesuan.model.build import parse_file
from juesuan.model.jsonio import document_to_dict
from juesuan.stats.ranking import coverage_of
from tests.pdfmaker import make_pdf
from tests.rawpdf import cid_pdf, empty_glyph_pdf, glyph_objects_pdf

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT.parent / "shared" / "corpus-real" / "上海市普陀区财政局2024年度部门决算.pdf"


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(ROOT / "corpus" / "000_42ad79512a4ebfb5.txt", tmp_path_factory.mktemp("pdfium") / "000.pdf")


@pytest.fixture(scope="module")
def glyph_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return glyph_objects_pdf(tmp_path_factory.mktemp("pdfium") / "glyphs.pdf")


def _pdfs(seed_pdf: Path, glyph_pdf: Path) -> list[Path]:
    return [seed_pdf, glyph_pdf] + ([PUBLISHED] if PUBLISHED.exists() else [])


def _pages(path: Path):
    doc = pdfium.PdfDocument(str(path))
    try:
        with pdfplumber.open(str(path)) as ref:
            for i, page in enumerate(ref.pages):
                yield read_page(doc[i]), page
    finally:
        doc.close()


def _close(got: list[dict], want: list[dict], dx: float = 0.15, dy: float = 0.5) -> bool:
    """Same objects (text, upright, size), same order once sorted, x to ``dx``, top/bottom to ``dy``."""
    def key(o: dict) -> tuple:
        return (o["text"], round(o["top"] / 4), round(o["x0"] / 4), o["x0"], o["x1"], o["top"], o["bottom"])
    a = sorted(key(o) for o in got if not o["text"].isspace())
    b = sorted(key(o) for o in want if not o["text"].isspace())
    return len(a) == len(b) and all(
        x[0] == y[0] and abs(x[3] - y[3]) < dx and abs(x[4] - y[4]) < dx and abs(x[5] - y[5]) < dy and abs(x[6] - y[6]) < dy
        for x, y in zip(a, b, strict=True))


def _same_edges(got: list[dict], want: list[dict]) -> bool:
    """Same edges, positions to 0.05 pt (pdfium holds path points in float32)."""
    def key(e: dict) -> tuple:
        return (e["orientation"] or "", round(e["top"]), round(e["x0"]), e["x0"], e["x1"], e["top"], e["bottom"])
    a, b = sorted(map(key, got)), sorted(map(key, want))
    return len(a) == len(b) and all(x[0] == y[0] and max(abs(p - q) for p, q in zip(x[3:], y[3:], strict=True)) < 0.05
                                    for x, y in zip(a, b, strict=True))


def test_chars_and_edges_match_pdfplumber(seed_pdf: Path, glyph_pdf: Path) -> None:
    for path in _pdfs(seed_pdf, glyph_pdf):
        for pc, ref in _pages(path):
            assert (pc.width, pc.height) == pytest.approx((ref.width, ref.height))
            if path == seed_pdf:  # a non-embedded CID font: advances come from different metrics
                assert sorted(c["text"] for c in pc.chars) == sorted(c["text"] for c in ref.chars)
            else:  # vertical to 0.5 pt: standard-14 fonts take their descent from different metrics
                assert _close(pc.chars, ref.chars), (path.name, ref.page_number)
                assert {(c["text"], round(c["size"], 2), c["upright"]) for c in pc.chars} == \
                    {(c["text"], round(c["size"], 2), c["upright"]) for c in ref.chars}
            assert _same_edges(pc.edges, ref.edges), (path.name, ref.page_number)


def test_words_and_tables_match_pdfplumber(seed_pdf: Path, glyph_pdf: Path) -> None:
    tables = 0
    for path in _pdfs(seed_pdf, glyph_pdf):
        for pc, ref in _pages(path):
            wide = 1.0 if path == seed_pdf else 0.15  # non-embedded CID font: advances summed over a word
            # pdfminer's sizes carry float noise (12.000000000000014 next to 12.0) that splits
            # words mid-line; the reader rounds sizes to 1e-4, so the reference does here too
            ref_chars = [{**c, "size": round(c["size"], 4)} for c in ref.chars]
            want_words = WordExtractor(extra_attrs=["size"]).extract_words(ref_chars)
            assert _close(extract_words(pc.chars), want_words, dx=wide), (path.name, ref.page_number)
            got = [[r.raw_cells for r in g.rows] for g in ruled_tables(pc.chars, pc.edges, pc.width, pc.height, 1)]
            want = [t.extract() for t in ref.find_tables()]
            want = [rows for rows in want if rows and not (len(rows) < 2 and all(len(r) < 2 for r in rows))]
            assert got == want, (path.name, ref.page_number)
            tables += len(got)
    assert tables >= 10  # the seed's nine tables at least, plus the form-XObject table


def test_fast_word_and_cell_text_rules_are_pdfplumbers(seed_pdf: Path, glyph_pdf: Path) -> None:
    """Same characters in, same words, table cells and cell texts out as pdfplumber's own functions."""
    cells = 0
    for path in _pdfs(seed_pdf, glyph_pdf):
        for pc, _ref in _pages(path):
            keys = ("text", "x0", "x1", "top", "bottom", "size")
            ours = [tuple(w[k] for k in keys) for w in extract_words(pc.chars)]
            assert ours == [tuple(w[k] for k in keys) for w in WordExtractor(extra_attrs=["size"]).extract_words(pc.chars)]
            plain = _PlainPage(pc.chars, pc.edges, pc.width, pc.height)
            reference = TableFinder(plain).tables
            assert [t.cells for t in _find_tables(plain)] == [t.cells for t in reference]
            for t in reference:
                for row in t.rows:
                    for cell in row.cells:
                        if cell is None:
                            continue
                        inside = [c for c in pc.chars if cell[0] <= (c["x0"] + c["x1"]) / 2 < cell[2]
                                  and cell[1] <= (c["top"] + c["bottom"]) / 2 < cell[3]]
                        assert extract_text(inside) == plumber_text(inside)
                        cells += 1
    assert cells > 100


def _reference_blocks(path: Path) -> list[tuple]:
    """Our block building on pdfplumber's (pdfminer's) characters and edges."""
    out: list[tuple] = []
    counter = [0]
    with pdfplumber.open(str(path)) as ref:
        for page in ref.pages:
            if not any(not c["text"].isspace() for c in page.chars):
                continue  # a blank page: no blocks (its ruling lines alone make no table)
            pc = PageContent(width=page.width, height=page.height, chars=page.chars, edges=page.edges)
            for _, b in _read_page(pc, page.page_number, counter):
                out.append((b.page, b.line, getattr(b, "raw", None) or [r.raw_cells for r in b.rows]))
    return out


def test_reader_blocks_equal_the_reference_reading(seed_pdf: Path, glyph_pdf: Path) -> None:
    for path in _pdfs(seed_pdf, glyph_pdf):
        raw = read_pdf(str(path))
        got = [(b.page, b.line, getattr(b, "raw", None) or [r.raw_cells for r in b.rows]) for b in raw.blocks]
        assert got == _reference_blocks(path), path.name


def test_one_glyph_objects_lone_spaces_forms_and_rotation(glyph_pdf: Path) -> None:
    raw = read_pdf(str(glyph_pdf))
    lines = [(b.page, b.raw) for b in raw.blocks if hasattr(b, "raw")]
    grids = [[r.cells for r in b.rows] for b in raw.blocks if hasattr(b, "rows")]
    assert (1, "AB12CD") in lines  # lone-space objects end words: three words, no Latin gap > half an em
    assert grids == [[["name", "value"], ["rent", "12.50"]]]  # ruled table drawn inside a form XObject
    assert (2, "Rotatedpagetext2026") in lines  # /Rotate 90 page read upright
    assert not raw.problems


def test_unmapped_cid_page_is_a_problem_with_its_pages(tmp_path: Path) -> None:
    path = cid_pdf(tmp_path / "cid.pdf", cid_pages=(2,))
    with pdfplumber.open(str(path)) as ref:  # the class of file: pdfplumber shows (cid:NN)
        assert "(cid:" in (ref.pages[1].extract_text() or "")
    raw = read_pdf(str(path))
    (prob,) = [p for p in raw.problems if p.kind == "cid"]
    assert prob.pages == [2] and not prob.fatal and "第2页" in prob.message and "ToUnicode" in prob.message
    assert {b.page for b in raw.blocks} == {1, 3}  # the garbled page gives no text at all
    doc = document_to_dict(parse_file(str(path)))
    assert [(p["kind"], p["pages"]) for p in doc["problems"]] == [("cid", [2])]
    assert coverage_of(doc, ingest_findings(parse_file(str(path))))[0] != "full"  # never ranked as clean


def test_all_pages_undecodable_is_fatal(tmp_path: Path) -> None:
    raw = read_pdf(str(cid_pdf(tmp_path / "cid_all.pdf", cid_pages=(1, 2), pages=2)))
    kinds = {p.kind: p for p in raw.problems}
    assert kinds["cid"].pages == [1, 2] and kinds["cid"].fatal
    assert not raw.blocks


def test_page_whose_glyphs_draw_nothing_is_not_checkable(tmp_path: Path) -> None:
    path = empty_glyph_pdf(tmp_path / "empty_glyphs.pdf")
    with pdfplumber.open(str(path)) as ref:  # a text extractor happily returns the invisible text
        assert "abab" in (ref.pages[1].extract_text() or "")
    raw = read_pdf(str(path))
    (prob,) = raw.problems
    assert (prob.kind, prob.pages, prob.fatal) == ("cid", [2], False) and "字形为空" in prob.message
    assert {b.page for b in raw.blocks} == {1}
