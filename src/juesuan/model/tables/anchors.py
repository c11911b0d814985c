"""The item stream of a raw document for table building (text lines and grid rows in one sequence,
wrapped rows merged, page furniture marked) and the anchors on it: lines whose text is a table
title or a table code (公开0X表 / 表X), a title and a code a few lines apart merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.ingest.raw import Grid, RawDocument, TextLine
from juesuan.model.tables.brow import BRow, is_code_cell, make_brow
from juesuan.model.tables.find import (
    classify_title,
    is_meta_text,
    is_toc_line,
    parse_table_code,
)
from juesuan.text.normalize import normalize_label, normalize_text, parse_amount, parse_code

_MAX_GAP = 12
_STRONG_EMPTY = re.compile(r"无数据|空表|没有数据")  # items between a title and its table body


@dataclass
class _Item:
    kind: str  # "text" | "row"
    row: BRow
    grid: int  # grid index, -1 for text lines
    raw_text: str  # verbatim text (cells joined)
    text: str  # normalised text (cells joined by a space)
    furniture: bool = False  # running page header/footer repeated on many pages (PDF)

    @property
    def solo(self) -> bool:
        return self.kind == "text" or len(self.row.nonempty()) <= 3


@dataclass
class _Anchor:
    idx: int
    tid: str | None
    number: int | None
    code: str | None
    title: str
    raw_title: str
    score: float
    toc: bool  # leader dots / page number: a 目录 entry
    in_toc_zone: bool = False  # after a "目录" heading (until the first table body)
    wrap: int = 0  # further lines of a title wrapped over several lines
    extra: list[int] = field(default_factory=list)  # merged anchor items (code line)


_HEADER_VOCAB = {
    "项目", "行次", "金额", "科目代码", "科目名称", "科目编码", "合计", "小计", "决算数", "预算数", "栏次", "类", "款",
    "项", "基本支出", "项目支出", "收入", "支出", "本年收入", "本年支出", "人员经费", "公用经费", "本年收入合计",
    "本年支出合计", "财政拨款收入", "年初结转和结余", "年末结转和结余",
}


def _text_row_cells(b: TextLine) -> list[str] | None:
    """A PDF text line that is really a table row (the reader found no grid there):
    space separated tokens with amounts ("201 一般公共服务支出 2,106.66 1,503.52 603.14")
    or a header line of table words ("项目 行次 金额 项目 行次 金额")."""
    if b.page is None or not b.text or re.search(r"[，。；！？：:、]", b.text):
        return None
    toks = b.text.split()
    nums = [t for t in toks if parse_amount(t) is not None]
    first = normalize_label(toks[0])
    if len(toks) >= 2 and len(nums) >= 2 and all(len(t) <= 30 for t in toks) and (2 * len(nums) >= len(toks) or parse_code(toks[0]) or first in ("合计", "总计")
                           or re.match(r"^[一二三四五六七八九十]+、", first)):
        return toks
    raw_toks = [normalize_text(t) for t in b.raw.split()]
    if len(raw_toks) >= 3 and not nums and all(len(t) <= 16 for t in raw_toks) and sum(1 for t in raw_toks if normalize_label(t) in _HEADER_VOCAB) >= 2:
        return raw_toks
    return None


def _flatten(raw: RawDocument) -> list[_Item]:
    items: list[_Item] = []
    g = 0
    for b in raw.blocks:
        if isinstance(b, TextLine):
            cells = _text_row_cells(b)
            if cells:
                br = BRow(cells, cells, b.page, b.line)
                items.append(_Item("row", br, -1, b.raw, b.text))
                continue
            br = BRow([b.text], [b.raw], b.page, b.line)
            items.append(_Item("text", br, -1, b.raw, b.text))
        elif isinstance(b, Grid):
            brows = [make_brow(gr.cells, gr.raw_cells, gr.page if gr.page is not None else b.page, gr.line)
                     for gr in b.rows]
            if b.source == "pdf-text":
                brows = _merge_wrapped(brows)
            for br in brows:
                raw_text = " ".join(c.strip() for c in br.raw_cells if c and c.strip())
                items.append(_Item("row", br, g, raw_text, br.text))
            g += 1
    return items


def _anchor_row(r: BRow) -> bool:
    """A row that carries a table row's values: an amount, a code or a line number (行次)."""
    return any(parse_amount(c) is not None or is_code_cell(c) for c in r.cells if c)


def _merge_wrapped(rows: list[BRow]) -> list[BRow]:
    """Unruled PDF tables read line by line ("pdf-text" grids): a cell wrapped over several
    lines gives fragment rows above and below the line that carries the values
    ("三、国有资本经营预算财政拨款收" / "| 3 | | 三、国防支出 | 34" / "入"). Where the reader
    separates table rows by blank rows, each blank-delimited group with exactly one value row
    is joined column by column into that row; groups without a value row (header lines,
    label-only rows) and groups with several value rows are kept as they are."""
    if sum(1 for r in rows if not r.nonempty()) < 2:
        return rows
    groups: list[list[BRow]] = [[]]
    for r in rows:
        if not r.nonempty():
            groups.append([])
            groups[-1].append(r)
            groups.append([])
        else:
            groups[-1].append(r)
    out: list[BRow] = []
    for grp in groups:
        anchors = [r for r in grp if r.nonempty() and _anchor_row(r)]
        if len(grp) < 2 or len(anchors) != 1:
            out.extend(grp)
            continue
        width = max(len(r.cells) for r in grp)
        cells = ["".join(r.cells[j] for r in grp if j < len(r.cells) and r.cells[j]) for j in range(width)]
        raw = ["".join(r.raw_cells[j] for r in grp if j < len(r.raw_cells) and r.raw_cells[j]) for j in range(width)]
        a = anchors[0]
        out.append(BRow(cells, raw, a.page, a.line))
    return out


def _anchor_of(it: _Item) -> tuple[str | None, int | None, str | None, float] | None:
    if not it.solo:
        return None
    text = it.text
    raw_text = it.raw_text
    t = classify_title(raw_text) or classify_title(text)
    code = parse_table_code(text)
    if t:
        tid, score, code_s = t
        return tid, code[0] if code else None, code_s or (code[1] if code else None), score
    if code and len(normalize_label(text)) <= 30:
        return None, code[0], code[1], 0.0
    # a code printed in a cell (or a space-separated part) of a longer meta line:
    # "部门：某某局 | 公开01表 | 单位：万元"
    parts = it.row.nonempty() if it.kind == "row" else it.raw_text.split()
    if len(parts) > 1 and all(is_meta_text(p) or parse_table_code(p) for p in parts):
        for p in parts:
            c = parse_table_code(p)
            if c and len(normalize_label(p)) <= 12:
                return None, c[0], c[1], 0.0
    return None


def _mark_furniture(items: list[_Item]) -> None:
    """Running page headers/footers: a text line printed at the top or bottom of many pages
    ("2022 年度某某单位部门决算（公开稿）", "第 3 页 共 20 页") is page furniture, not content.
    Digits are masked so that page numbers do not make each occurrence distinct."""
    by_page: dict[int, list[int]] = {}
    for k, it in enumerate(items):
        if it.row.page is not None:
            by_page.setdefault(it.row.page, []).append(k)
    if len(by_page) < 3:
        return
    pages_of: dict[str, set[int]] = {}
    edge: dict[str, list[int]] = {}
    for page, ks in by_page.items():
        for k in {*ks[:2], *ks[-2:]}:
            it = items[k]
            if it.kind != "text":
                continue
            toks = it.text.split()
            if all(normalize_label(t) in _HEADER_VOCAB for t in toks):
                continue  # header words of a table continued on the next page, not furniture
            key = re.sub(r"\d+", "#", normalize_label(it.text))
            if not key or len(key) > 60:
                continue
            pages_of.setdefault(key, set()).add(page)
            edge.setdefault(key, []).append(k)
    need = max(3, len(by_page) // 4)
    for key, pages in pages_of.items():
        if len(pages) >= need:
            for k in edge[key]:
                if classify_title(items[k].raw_text) is None and parse_table_code(items[k].text) is None:
                    items[k].furniture = True


def _is_meta_item(it: _Item) -> bool:
    if it.furniture or not it.row.nonempty():
        return True
    if it.solo:
        parts = it.row.nonempty()
        return all(is_meta_text(p) or parse_table_code(p) for p in parts)
    return False


def _find_anchors(items: list[_Item]) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    toc_zone = False
    for i, it in enumerate(items):
        lab = normalize_label(it.text)
        if lab in ("目录", "目次"):
            toc_zone = True
            continue
        a = _anchor_of(it)
        wrap = 0
        if a is None and it.kind == "text" and ("决算" in it.text or "预算" in it.text) and i + 1 < len(items) and items[i + 1].kind == "text":
            # a title wrapped over two lines ("…基本支出决算" / "表")
            nxt = items[i + 1]
            if len(normalize_label(nxt.text)) <= 8 and _anchor_of(nxt) is None:
                t = classify_title(it.raw_text + nxt.raw_text)
                if t:
                    a = (t[0], None, t[2], t[1])
                    wrap = 1
        if a is None:
            continue
        tid, number, code, score = a
        text, raw_text = it.text, it.raw_text
        if wrap:
            text, raw_text = text + items[i + 1].text, raw_text + items[i + 1].raw_text
        anchors.append(_Anchor(i, tid, number, code, text, raw_text, score, toc=is_toc_line(raw_text),
                               in_toc_zone=toc_zone and it.kind == "text", wrap=wrap))
    # merge a title with a code printed just before/after it
    merged: list[_Anchor] = []
    for a in anchors:
        if merged:
            p = merged[-1]
            between = range(p.idx + p.wrap + 1, a.idx)
            close = a.idx - p.idx <= 5 and all(_is_meta_item(items[k]) for k in between)
            if close and p.tid and a.tid is None and p.number in (None, a.number) and not p.extra:
                p.number, p.code = a.number, p.code or a.code
                p.extra.append(a.idx)
                continue
            if close and p.tid is None and a.tid and not p.extra and a.number in (None, p.number):
                a.number, a.code = p.number, a.code or p.code
                a.extra.append(p.idx)
                merged[-1] = a
                continue
        merged.append(a)
    return merged
