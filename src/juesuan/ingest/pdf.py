"""PDF -> RawDocument: page-numbered text lines and table grids, plus what could not be checked.

* pypdfium2 (a pdfplumber dependency, fast) opens the file first: not-a-PDF, password
  protection and damage are found here, and every page is pre-screened (characters, images)
  so that scanned pages and undecodable ``(cid:NN)`` text become ingest problems with their
  page numbers instead of silently empty pages.
* pdfplumber reads the checkable pages: ruled tables with ``find_tables`` (only on pages that
  have ruling lines at all), and the words outside the tables grouped into lines by *vertical
  overlap* — numbers set in another font sit a few points lower than the Chinese text of the
  same line, so grouping by exact ``top`` would tear "收入支出总计2995.39万元" apart.
* Running page furniture ("第 3 页", "- 3 -", a lone page number) is dropped.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from juesuan.ingest.raw import Grid, GridRow, IngestProblem, RawDocument, TextLine
from juesuan.text.normalize import normalize_text

log = logging.getLogger(__name__)
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CID = re.compile(r"\(cid:\d+\)")
_FURNITURE = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页?)?|[-—–]\s*\d+\s*[-—–]|\d{1,3}|\d+\s*/\s*\d+)$")
_NUM_WRAP = re.compile(r"(?<=[\d,.])\n(?=[\d,.%])")


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


def _prescreen(path: str, raw: RawDocument) -> list[dict[str, Any]] | None:
    """Open with pypdfium2: per-page char counts and image coverage. None when unreadable (problem recorded)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
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
    info: list[dict[str, Any]] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_size()
            tp = page.get_textpage()
            text = tp.get_text_range() or ""
            img_area = 0.0
            for obj in page.get_objects(max_depth=2):
                if obj.type == 3:  # FPDF_PAGEOBJ_IMAGE
                    try:
                        left, bottom, right, top = obj.get_bounds()
                        img_area += max(0.0, right - left) * max(0.0, top - bottom)
                    except Exception:
                        continue
            info.append({
                "chars": len(text.strip()),
                "cjk": len(_CJK.findall(text)),
                "image_share": img_area / (w * h) if w and h else 0.0,
                "text": text,
            })
            tp.close()
            page.close()
    finally:
        pdf.close()
    return info


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
            # a real space only between two Latin/digit runs set apart; CJK never gets one
            if gap > 0.5 * size and not (_CJK.search(prev["text"][-1:]) or _CJK.search(w["text"][:1])):
                out += " "
        out += w["text"]
        prev = w
    return out


def _cell(c: str | None) -> str | None:
    if c is None:
        return None
    c = _NUM_WRAP.sub("", c)
    return c


def _inside(w: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


_AMOUNT_WORD = re.compile(r"^[-(（]?\d[\d,]*(?:\.\d+)?[)）%]?$")


def _gaps(ws: list[dict[str, Any]]) -> int:
    """How many wide gaps (table column gutters) separate the words of one line."""
    n = 0
    for a, b in zip(ws, ws[1:], strict=False):
        size = max(4.0, min(a["bottom"] - a["top"], b["bottom"] - b["top"]))
        if b["x0"] - a["x1"] > 1.2 * size:
            n += 1
    return n


def _tabular(ws: list[dict[str, Any]]) -> bool:
    return _gaps(ws) >= 2 and any(_AMOUNT_WORD.match(w["text"]) for w in ws)


def _text_tables(lines: list[list[dict[str, Any]]], pno: int) -> list[tuple[int, int, Grid]]:
    """Unruled tables: runs of lines with column gutters and amounts. Columns come from the x
    extents of the words of the value lines; header lines just above the run are included.
    Returns (first line index, last line index, grid); blank rows separate table rows so the
    builder can join cells wrapped over several lines."""
    out: list[tuple[int, int, Grid]] = []
    i = 0
    while i < len(lines):
        if not _tabular(lines[i]):
            i += 1
            continue
        j = i
        misses = 0
        while j + 1 < len(lines) and misses <= 2:
            if _tabular(lines[j + 1]):
                j += 1
                misses = 0
            elif _gaps(lines[j + 1]) >= 1 or len(lines[j + 1]) <= 2:
                j += 1
                misses += 1
            else:
                break
        while j > i and not _tabular(lines[j]):
            j -= 1
        value_lines = [ln for ln in lines[i : j + 1] if _tabular(ln)]
        if len(value_lines) < 3:
            i = j + 1
            continue
        start = i
        while start > 0 and i - start < 4 and _gaps(lines[start - 1]) >= 1:
            start -= 1
        # column gutters: x ranges covered by no word of any value line
        spans = sorted((w["x0"], w["x1"]) for ln in value_lines for w in ln)
        cols: list[list[float]] = []
        for x0, x1 in spans:
            if cols and x0 <= cols[-1][1] + 2:
                cols[-1][1] = max(cols[-1][1], x1)
            else:
                cols.append([x0, x1])
        bounds = [(cols[k][1] + cols[k + 1][0]) / 2 for k in range(len(cols) - 1)]
        g = Grid(rows=[], page=pno, source="pdf-text")
        prev_bottom = None
        for ln in lines[start : j + 1]:
            top = min(w["top"] for w in ln)
            height = max(w["bottom"] - w["top"] for w in ln)
            if prev_bottom is not None and top - prev_bottom > 0.35 * height and g.rows:
                g.rows.append(GridRow(cells=[""] * len(cols), raw_cells=[""] * len(cols), page=pno))
            prev_bottom = max(w["bottom"] for w in ln)
            cells = [""] * len(cols)
            for w in ln:
                cx = (w["x0"] + w["x1"]) / 2
                k = sum(1 for b in bounds if cx > b)
                cells[k] = (cells[k] + w["text"]) if cells[k] else w["text"]
            g.rows.append(GridRow(cells=[normalize_text(c) for c in cells], raw_cells=cells, page=pno,
                                  x=[c[0] for c in cols]))
        out.append((start, j, g))
        i = j + 1
    return out


def _read_page(page: Any, pno: int, counter: list[int]) -> list[tuple[float, TextLine | Grid]]:
    placed: list[tuple[float, TextLine | Grid]] = []
    boxes: list[tuple[float, float, float, float]] = []
    if page.edges:  # only pages with ruling lines can hold ruled tables
        for t in page.find_tables():
            rows = t.extract()
            if not rows or len(rows) < 2 and all(len(r) < 2 for r in rows):
                continue
            boxes.append(t.bbox)
            g = Grid(rows=[], page=pno, source="pdf-ruled", bbox=t.bbox)
            xs: list[list[float | None]] = []
            for r in t.rows:
                xs.append([c[0] if c else None for c in r.cells])
            for i, r in enumerate(rows):
                joined = [_cell(c) for c in r]  # numbers wrapped inside a cell rejoined; raw_cells stay verbatim
                g.rows.append(GridRow(
                    cells=[None if c is None else normalize_text(c.replace("\n", "")) for c in joined],
                    raw_cells=list(r), page=pno, x=xs[i] if i < len(xs) else None,
                ))
            placed.append((t.bbox[1], g))
    words = [w for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
             if not boxes or not _inside(w, boxes)]
    lines = _group_lines(words)
    in_text_table: set[int] = set()
    if not boxes:  # no ruled table on this page: look for tables laid out by white space
        for a, b, g in _text_tables(lines, pno):
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
    info = _prescreen(str(p), raw)
    if info is None:
        return raw
    raw.page_count = len(info)
    scanned = [i + 1 for i, pg in enumerate(info) if pg["chars"] < 20 and pg["image_share"] > 0.3]
    cid = [i + 1 for i, pg in enumerate(info) if _CID.search(pg["text"]) or (pg["chars"] > 50 and pg["cjk"] == 0 and "\ufffd" in pg["text"])]
    blank = [i + 1 for i, pg in enumerate(info) if pg["chars"] == 0 and (i + 1) not in scanned]
    if scanned:
        raw.problems.append(IngestProblem(
            "scanned", f"第{_pages_text(scanned)}页为扫描图像，无文本层，无法识别其中的表格与文字，该部分未能核查（共 {len(info)} 页）。",
            pages=scanned, fatal=len(scanned) == len(info)))
    if cid:
        raw.problems.append(IngestProblem(
            "cid", f"第{_pages_text(cid)}页的文字无法解码（字体缺少 ToUnicode 映射，提取结果为 (cid:NN) 乱码），该部分未能核查。",
            pages=cid, fatal=len(cid) == len(info)))
    if not info or (len(blank) == len(info)):
        raw.problems.append(IngestProblem("empty", "PDF 中没有任何文字内容，本文件未能核查。", fatal=True))
        return raw
    skip = set(scanned) | set(cid) | set(blank)
    try:
        import pdfplumber

        counter = [0]
        with pdfplumber.open(str(p)) as pdf:
            for pno, page in enumerate(pdf.pages, 1):
                if pno in skip:
                    continue
                try:
                    for _, b in _read_page(page, pno, counter):
                        raw.blocks.append(b)
                except Exception as e:  # one bad page must not lose the others
                    raw.problems.append(IngestProblem("truncated", f"第{pno}页内容读取失败（{type(e).__name__}），该页未能核查。", pages=[pno]))
                finally:
                    page.close()
    except Exception as e:
        fatal = not raw.blocks
        raw.problems.append(IngestProblem("truncated", f"PDF 读取中断（{type(e).__name__}: {e}）" + ("，本文件未能核查。" if fatal else "，其余页面未能核查。"), fatal=fatal))
    return raw
