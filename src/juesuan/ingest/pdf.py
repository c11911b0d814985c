"""PDF -> RawDocument: page-numbered text lines and table grids, plus what could not be checked.

* pypdfium2 reads everything (``juesuan.ingest.pdfium_page``): not-a-PDF, password protection
  and damage are found when opening; each page gives its characters with boxes, its ruling
  edges and its image coverage. Scanned pages (images, no text), pages whose text does not
  map to Unicode (fonts without ToUnicode: pdfplumber shows them as ``(cid:NN)``) and pages
  whose glyphs draw nothing (empty outlines: the text is not what the paper shows) become
  ingest problems with their page numbers instead of silently empty or garbled pages.
* Tables (``juesuan.ingest.pdf_tables``): ruled ones by pdfplumber's lattice algorithm on
  the pdfium objects (only on pages that have ruling edges at all), unruled ones from column
  gutters. The words outside the tables (pdfplumber's word clustering on the pdfium chars) are
  grouped into lines by *vertical overlap* — numbers set in another font sit a few points lower
  than the Chinese text of the same line, so grouping by exact ``top`` would tear
  "收入支出总计2995.39万元" apart.
* Running page furniture ("第 3 页", "- 3 -", a lone page number) is dropped.

pdfplumber's own page parsing (pdfminer) is not used here: it is the reference reader of the
fidelity tests and draws page images in the UI.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from juesuan.ingest.pdf_tables import inside, ruled_tables, text_tables
from juesuan.ingest.pdf_words import extract_words
from juesuan.ingest.pdfium_page import PageContent, read_page
from juesuan.ingest.raw import Grid, IngestProblem, RawDocument, TextLine
from juesuan.text.normalize import normalize_text

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_EPS = 1e-6  # a gap of exactly half the font size is no space, whatever the float noise
_FURNITURE = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页?)?|[-—–]\s*\d+\s*[-—–]|\d{1,3}|\d+\s*/\s*\d+)$")


def _pages_text(pages: list[int]) -> str:
    """'3–5、8' style page list."""
    if not pages:
        return ""
    out, start, prev = [], pages[0], pages[0]
    for p in pages[1:] + [None]:  # type: ignore[list-item]
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
        if p is not None:
            start = prev = p
    return "、".join(out)


def _open(path: str, raw: RawDocument) -> Any:
    """The pdfium document, or None when it cannot be opened (the problem is recorded)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        head = Path(path).read_bytes()[:1024]
        if "password" in msg:
            raw.problems.append(IngestProblem("encrypted", "PDF 文件已加密（需要密码才能打开），无法读取内容，本文件未能核查。", fatal=True))
        elif not head.lstrip().startswith(b"%PDF"):
            raw.problems.append(IngestProblem("not-pdf", "文件扩展名为 .pdf，但内容不是 PDF 格式，本文件未能核查。", fatal=True))
        else:
            raw.problems.append(IngestProblem("truncated", f"PDF 文件已损坏或不完整（{e}），无法读取，本文件未能核查。", fatal=True))
        return None


def _undecodable(pc: PageContent) -> bool:
    """Text that does not map to Unicode: at least 3 such characters and either 10 of them or a
    fifth of the page's visible characters (a stray private-use symbol is not a broken page)."""
    return pc.unmapped >= 3 and (pc.unmapped >= 10 or pc.unmapped >= 0.2 * pc.visible)


def _unrendered(pc: PageContent) -> bool:
    """Text whose glyphs draw nothing (empty glyph outlines): the extracted text is not what the
    printed page shows. At least 10 such characters and a third of the page's."""
    return pc.unrendered >= 10 and pc.unrendered >= pc.visible / 3


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words -> lines by vertical overlap (≥ 40% of the smaller height), each line left to right."""
    lines: list[dict[str, Any]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        h = w["bottom"] - w["top"]
        for ln in reversed(lines[-3:]):
            overlap = min(ln["bottom"], w["bottom"]) - max(ln["top"], w["top"])
            if overlap >= 0.4 * min(h, ln["bottom"] - ln["top"]):
                ln["words"].append(w)
                ln["top"] = min(ln["top"], w["top"])
                ln["bottom"] = max(ln["bottom"], w["bottom"])
                break
        else:
            lines.append({"top": w["top"], "bottom": w["bottom"], "words": [w]})
    lines.sort(key=lambda ln: ln["top"])
    return [sorted(ln["words"], key=lambda w: w["x0"]) for ln in lines]


def _join_words(ws: list[dict[str, Any]]) -> str:
    out = ""
    prev = None
    for w in ws:
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            size = max(1.0, min(prev["bottom"] - prev["top"], w["bottom"] - w["top"]))
            # a real space between two Latin/digit runs set apart; between CJK and a number only
            # a column gap ("住房公积金    57.96" in a table row read as a line), never in prose
            a, b = prev["text"][-1:], w["text"][:1]
            if not (_CJK.search(a) or _CJK.search(b)):
                if gap > 0.5 * size + _EPS:
                    out += " "
            elif (a.isdigit() or b.isdigit()) and gap > 1.5 * size + _EPS:
                out += " "
        out += w["text"]
        prev = w
    return out


def _read_page(pc: PageContent, pno: int, counter: list[int]) -> list[tuple[float, TextLine | Grid]]:
    placed: list[tuple[float, TextLine | Grid]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for g in ruled_tables(pc.chars, pc.edges, pc.width, pc.height, pno):
        assert g.bbox is not None
        boxes.append(g.bbox)
        placed.append((g.bbox[1], g))
    words = [w for w in extract_words(pc.chars) if not boxes or not inside(w, boxes)]
    lines = _group_lines(words)
    in_text_table: set[int] = set()
    if not boxes:  # no ruled table on this page: look for tables laid out by white space
        for a, b, g in text_tables(lines, pno):
            in_text_table.update(range(a, b + 1))
            placed.append((min(w["top"] for w in lines[a]), g))
    for idx, ws in enumerate(lines):
        if idx in in_text_table:
            continue
        text = _join_words(ws)
        if _FURNITURE.match(text.strip()):
            continue
        placed.append((min(w["top"] for w in ws), TextLine(raw=text, text=normalize_text(text), page=pno)))
    placed.sort(key=lambda p: p[0])
    for _, b in placed:
        counter[0] += 1
        b.line = counter[0]
        if isinstance(b, Grid):
            for r in b.rows:
                r.line = counter[0]
                counter[0] += 1
    return placed


def read_pdf(path: str) -> RawDocument:
    p = Path(path)
    raw = RawDocument(path=str(p), name=p.name, kind="pdf", sha256="")
    pdf = _open(str(p), raw)
    if pdf is None:
        return raw
    scanned: list[int] = []
    cid: list[int] = []
    invisible: list[int] = []
    blank: list[int] = []
    counter = [0]
    try:
        raw.page_count = n = len(pdf)
        for pno in range(1, n + 1):
            try:
                page = pdf[pno - 1]
                try:
                    pc = read_page(page)
                finally:
                    page.close()
                if pc.visible < 20 and pc.image_share > 0.3:
                    scanned.append(pno)
                elif _undecodable(pc):
                    cid.append(pno)
                elif _unrendered(pc):
                    invisible.append(pno)
                elif not pc.visible:
                    blank.append(pno)
                else:
                    raw.blocks.extend(b for _, b in _read_page(pc, pno, counter))
            except Exception as e:  # one bad page must not lose the others
                raw.problems.append(IngestProblem("truncated", f"第{pno}页内容读取失败（{type(e).__name__}），该页未能核查。", pages=[pno]))
    except Exception as e:
        fatal = not raw.blocks
        raw.problems.append(IngestProblem("truncated", f"PDF 读取中断（{type(e).__name__}: {e}）" + ("，本文件未能核查。" if fatal else "，其余页面未能核查。"), fatal=fatal))
    finally:
        pdf.close()
    n = raw.page_count or 0
    if scanned:
        raw.problems.append(IngestProblem(
            "scanned", f"第{_pages_text(scanned)}页为扫描图像，无文本层，无法识别其中的表格与文字，该部分未能核查（共 {n} 页）。",
            pages=scanned, fatal=len(scanned) == n))
    if cid:
        raw.problems.append(IngestProblem(
            "cid", f"第{_pages_text(cid)}页的文字无法解码（字体缺少 ToUnicode 映射，提取结果为 (cid:NN) 乱码），该部分未能核查。",
            pages=cid, fatal=len(cid) == n))
    if invisible:
        raw.problems.append(IngestProblem(
            "cid", f"第{_pages_text(invisible)}页的文字字形为空（字体中没有可显示的字形，印出的页面上看不到这些文字），"
            "提取的文字不可信，该部分未能核查。", pages=invisible, fatal=len(invisible) == n))
    if not n or len(blank) == n:
        raw.problems.append(IngestProblem("empty", "PDF 中没有任何文字内容，本文件未能核查。", fatal=True))
    return raw
