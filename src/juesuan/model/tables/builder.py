"""Raw block stream (any format: text, HTML, XLSX, PDF) -> the nine standard tables T1..T9.

``build_tables(raw) -> (tables, notes)``.

1. The blocks are flattened into one item stream (text lines and grid rows), so a
   title can be a text line or a grid row and one grid may hold several tables
   (pipe exports) or one table may span several grids (PDF pages).
2. Anchors: lines whose text is a table title (``table_find.classify_title``) or a
   table code (公开0X表 / 表X); a title and a code a few lines apart merge.
3. For each anchor, the body starts after meta lines (code, 单位, 部门, page furniture)
   and runs over rows — across grids when only furniture or the same title lies in
   between (page breaks, the repeated header is dropped) — until a footnote, text or
   the next anchor. An anchor without a body is a 目录 entry (or a title with the
   table missing); a title found only in the 目录 does not make a table present.
4. Code-only anchors are identified by their header words (the 7th..9th tables differ
   by template); grids with no recognisable title are ignored.
5. Rows come from ``juesuan.model.tables.rows``; the money unit from the lines near the title;
   an empty table (no non-zero value) takes the sentence declaring it empty from the
   lines by the table, else from anywhere in the document (情况说明, 其他需要说明的情况).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.ingest.raw import RawDocument
from juesuan.model.document import Row, Table
from juesuan.model.tables.anchors import (
    _MAX_GAP,
    _STRONG_EMPTY,
    _Anchor,
    _anchor_of,
    _find_anchors,
    _flatten,
    _is_meta_item,
    _Item,
    _mark_furniture,
)
from juesuan.model.tables.brow import has_amount, split_header
from juesuan.model.tables.economic import economic_rows
from juesuan.model.tables.find import (
    classify_header,
    classify_title,
    document_kind,
    empty_statement,
    is_footnote,
    money_unit,
)
from juesuan.model.tables.rows import function_rows, two_sided_rows
from juesuan.model.tables.sangong import sangong_rows
from juesuan.model.tables.span_lines import _code_before_title, _header_like, _header_words_line, _running_header
from juesuan.vocab.catalog import TABLE_BY_ID


@dataclass
class _Span:
    anchor: _Anchor
    body: list[_Item]
    near: list[_Item]  # items around the table for unit / empty statement
    tid: str | None = None
    consumed: list[int] = field(default_factory=list)  # anchors of the same table repeated on later pages


def _same_table(a: _Anchor, b: tuple[str | None, int | None, str | None, float], tid: str | None) -> bool:
    btid, bnum, _, _ = b
    if btid and tid:
        return btid == tid
    return bnum is not None and bnum == a.number


def _scan(items: list[_Item], a: _Anchor, anchor_idx: set[int]) -> _Span:
    n = len(items)
    start = max([a.idx + a.wrap, *a.extra]) + 1
    near: list[_Item] = [items[k] for k in range(max(0, a.idx - 2), a.idx + 1)]
    j = start
    body: list[_Item] = []
    # 1. meta lines up to the body
    gap = 0
    pre: list[_Item] = []
    while j < n and gap <= _MAX_GAP:
        it = items[j]
        if j in anchor_idx:
            b = _anchor_of(it)
            if b is None or not _same_table(a, b, a.tid) or it.kind == "text" and b[0] and b[0] == a.tid:
                # another table's anchor (or the same title again: a toc entry listed twice)
                if not (b and b[0] is None and b[1] == a.number):
                    return _Span(a, [], near)
            near.append(it)
            j += 1
            gap += 1
            continue
        if _is_meta_item(it):
            near.append(it)
            j += 1
            gap += 1
            continue
        if it.kind == "row" and not is_footnote(it.text):
            break
        if _header_like(it) or _header_words_line(items, j):
            pre.append(it)  # a header cell exported as a line of its own
            j += 1
            gap += 1
            continue
        # text (or footnote) before any body: a toc entry, or a title without table
        near.append(it)
        if it.kind == "text" and (a.tid and empty_statement(it.raw_text, a.tid, True)):
            j += 1
            gap += 1
            continue
        return _Span(a, [], near)
    if j >= n or gap > _MAX_GAP:
        return _Span(a, [], near)
    # 2. the body: rows, across grids separated only by furniture / the same title
    body.extend(pre)
    pending: list[_Item] = []
    consumed: list[int] = []
    while j < n:
        it = items[j]
        if j in anchor_idx:
            b = _anchor_of(it)
            if b is not None and a.tid and b[0] == a.tid and body:
                pending.append(it)  # the title repeated on the next page
                consumed.append(j)
                j += 1
                continue
            if b is not None and b[0] is None and b[1] is not None and body and (
                    b[1] == a.number or _code_before_title(items, j, a, anchor_idx)):
                pending.append(it)  # the table code repeated on the next page
                consumed.append(j)
                j += 1
                continue
            break
        if is_footnote(it.text):
            break
        if it.kind == "text" and not _is_meta_item(it):
            if _header_like(it) and not any(has_amount(b.row) for b in body):
                body.append(it)  # header cells on lines of their own, before the data rows
                j += 1
                continue
            if body and _running_header(items, j, body, anchor_idx):
                pending.append(it)
                j += 1
                continue
            break
        if it.kind == "row" and it.row.nonempty():
            body.extend(p for p in pending if p.kind == "row" and not _is_meta_item(p))
            pending = []
            if _is_meta_item(it):
                near.append(it)
            else:
                body.append(it)
        else:
            pending.append(it)
            near.append(it)
        j += 1
    # 3. lines after the body (footnotes, statements) up to the next anchor
    k = j
    while k < n and k - j < 10:
        if k in anchor_idx and k != j:
            b = _anchor_of(items[k])
            if b is not None and not (a.tid and b[0] == a.tid):
                break
        if k in anchor_idx and k == j:
            break
        near.append(items[k])
        k += 1
    return _Span(a, body, near, consumed=consumed)


def _header_text(body: list[_Item]) -> str:
    rows = [it.row for it in body[:8]]
    header, _ = split_header(rows)
    return " ".join(r.text for r in (header or rows[:3]))


def _parse(tid: str, body: list[_Item], hint: dict | None = None) -> tuple[list[str], list[Row]]:
    rows = [it.row for it in body]
    header, data = split_header(rows)
    spec = TABLE_BY_ID[tid]
    if spec.kind == "预算":  # budget tables: the row reader of the 决算 layout, 决算数 read as 预算数
        cols, out = _parse_layout(spec.base, tid, header, data)
        for r in out:
            if "决算数" in r.values:
                r.values = {("预算数" if k == "决算数" else k): v for k, v in r.values.items()}
        return [("预算数" if c == "决算数" else c) for c in cols], out
    return _parse_layout(tid, tid, header, data, hint)


def _parse_layout(base: str, tid: str, header: list, data: list, hint: dict | None = None) -> tuple[list[str], list[Row]]:
    spec = TABLE_BY_ID[base]
    if base in ("T1", "T4"):
        return list(spec.columns), two_sided_rows(base, header, data)
    if base == "T6":
        return ["决算数"], economic_rows(header, data)
    if base == "T7":
        return sangong_rows(header, data)
    return function_rows(tid, header, data, hint)


def _has_values(rows: list[Row]) -> bool:
    return any(v is not None and v != 0 for r in rows for v in r.values.values())


def build_tables(raw: RawDocument, kind: str = "决算") -> tuple[list[Table], list[str]]:
    """The standard tables of a document of ``kind`` (决算: T1..T9, 预算: Y1..Y9) found in
    ``raw`` (each at most once) and parser notes."""
    with document_kind(kind):
        return _build_tables(raw)


def _build_tables(raw: RawDocument) -> tuple[list[Table], list[str]]:
    items = _flatten(raw)
    _mark_furniture(items)
    anchors = _find_anchors(items)
    anchor_idx = {a.idx for a in anchors} | {k for a in anchors for k in a.extra}
    notes: list[str] = []
    found: dict[str, Table] = {}
    titled_no_body: dict[str, tuple[_Anchor, _Span]] = {}
    toc_only: dict[str, _Anchor] = {}
    skip: set[int] = set()
    spans: dict[str, _Span] = {}
    body_seen = False
    for a in anchors:
        if a.idx in skip:
            continue
        span = _scan(items, a, anchor_idx)
        skip.update(span.consumed)
        tid = a.tid
        if span.body:
            if tid is None:
                tid = classify_header(_header_text(span.body), a.number)
            if tid is None:
                continue
        else:
            if tid is None:
                continue
            if a.toc or (a.in_toc_zone and not body_seen) or _followed_by_anchor(items, a, anchor_idx):
                toc_only.setdefault(tid, a)
            else:
                titled_no_body.setdefault(tid, (a, span))
            continue
        body_seen = True
        try:
            table = _make_table(tid, a, span, items)
        except Exception as e:  # one odd table must not lose the others
            notes.append(f"{tid} 表体解析出错（{type(e).__name__}: {e}），该表未能核查。")
            continue
        if tid in found:
            where = f"第{table.line}行" if table.page is None else f"第{table.page}页"
            notes.append(f"{tid} 重复出现（{where}：{table.title or table.code or ''}），仅采用第一次出现的表。")
            continue
        found[tid] = table
        spans[tid] = span
    for tid, (a, span) in titled_no_body.items():
        if tid in found:
            continue
        try:
            table = _make_table(tid, a, span, items)
        except Exception as e:
            notes.append(f"{tid} 解析出错（{type(e).__name__}: {e}）。")
            continue
        notes.append(f"{tid} 有标题“{a.title}”但未见表体。")
        found[tid] = table
    for tid, a in toc_only.items():
        if tid not in found:
            where = f"第{items[a.idx].row.line}行" if items[a.idx].row.page is None else f"第{items[a.idx].row.page}页"
            notes.append(f"{tid} 标题仅见于目录（{where}：{a.title}），正文未见该表。")
    if "T1" in found and "T2" in spans:
        hint = _t2_hint(found["T1"])
        if hint:
            try:
                found["T2"].columns, found["T2"].rows = _parse("T2", spans["T2"].body, hint)
            except Exception as e:
                notes.append(f"T2 按收入支出决算总表校位时出错（{type(e).__name__}: {e}）。")
    for t in found.values():
        if t.empty and t.empty_statement is None:
            _global_statement(t, items)
    tables = [found[t] for t in sorted(found, key=lambda s: int(s[1:]))]
    return tables, notes


def _t2_hint(t1: Table) -> dict:
    """T1's income lines as the expected 合计 row of T2 (to place collapsed cells)."""
    inc = {r.name: r.values.get("决算数") for r in t1.rows if r.side == "收入"}
    parts = [inc.get(k) for k in ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")]
    if not inc:
        return {}
    fin = sum((p for p in parts if p is not None), Decimal(0)) if any(p is not None for p in parts) else None
    return {
        "财政拨款收入": fin, "上级补助收入": inc.get("上级补助收入"), "事业收入": inc.get("事业收入"),
        "经营收入": inc.get("经营收入"), "附属单位上缴收入": inc.get("附属单位上缴收入"), "其他收入": inc.get("其他收入"),
    }


def _followed_by_anchor(items: list[_Item], a: _Anchor, anchor_idx: set[int]) -> bool:
    k = max([a.idx + a.wrap, *a.extra]) + 1
    while k < len(items) and not items[k].row.nonempty():
        k += 1
    return k in anchor_idx


def _make_table(tid: str, a: _Anchor, span: _Span, items: list[_Item]) -> Table:
    first = items[a.idx]
    table = Table(
        id=tid,
        title=a.title if a.tid else "",
        page=first.row.page,
        line=first.row.line,
        code=a.code,
        raw_title=a.raw_title if a.tid else "",
        match_score=a.score if a.tid else 0.5,
    )
    for it in [*span.near[: len(span.near)], *span.body[:6]]:
        for c in it.row.nonempty() if it.kind == "row" else [it.text]:
            u = money_unit(c)
            if u:
                table.money_unit = u
                break
        if table.money_unit:
            break
    if table.money_unit is None:
        table.money_unit = money_unit(a.title) if "单位" in a.title else None
    if table.money_unit is None:
        for k in range(a.idx - 1, max(-1, a.idx - 40), -1):
            it = items[k]
            m = re.search(r"单位.{0,6}?(?:均为|均以|为|是)\s*(?:人民币)?(万元|元)", it.text) if it.kind == "text" else None
            u = m.group(1) if m else None
            if u:
                table.money_unit = u
                break
    if span.body:
        table.columns, table.rows = _parse(tid, span.body)
    has_vals = _has_values(table.rows)
    table.empty = not has_vals
    cands = [(sent, it) for it in span.near if it not in span.body
             for sent in [empty_statement(it.raw_text, tid, True)] if sent]
    if cands:
        sent, it = next((c for c in cands if _STRONG_EMPTY.search(c[0])), cands[0])
        table.empty_statement = sent
        table.empty_statement_page = it.row.page
        table.empty_statement_line = it.row.line
    return table


def _global_statement(t: Table, items: list[_Item]) -> None:
    """An empty table's statement from anywhere in the document (情况说明 etc.)."""
    best = None
    for it in items:
        if not it.solo:
            continue
        if classify_title(it.raw_text):
            continue
        sent = empty_statement(it.raw_text, t.id, False)
        if sent:
            after = (it.row.line or 0) >= (t.line or 0) if t.page is None else (it.row.page or 0) >= (t.page or 0)
            if best is None or (after and not best[0]):
                best = (after, sent, it)
            if after:
                break
    if best:
        _, sent, it = best
        t.empty_statement = sent
        t.empty_statement_page = it.row.page
        t.empty_statement_line = it.row.line
