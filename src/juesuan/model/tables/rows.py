"""Body rows of a table -> ``Row`` objects, aligned by content (not by position alone).

Exports disagree on cell positions: pipe exports collapse empty cells (moving them to
the end of the row), some tab exports shift headers against the body, PDFs merge
cells. Every extractor here therefore finds a row's label part (code, name) by content
and takes the values from the cells after it, using the table's usual width only to
skip blank label cells ("合计 | | 317.66").

* ``function_rows`` — T2/T3/T5/T8/T9 (function code rows and the 合计 row);
* ``two_sided_rows`` — T1/T4 (收入 | 支出 side by side, 行次 numbers as anchors);
* T6 rows live in ``tables/economic.py``, T7 (三公经费) rows in ``tables/sangong.py``, the shared ``BRow`` helpers in ``tables/brow.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from juesuan.model.document import Row
from juesuan.model.tables.brow import (
    _CODE_NAME,
    _HEADER_WORDS,
    _TOTAL,
    LEI_CODES,
    BRow,
    _code_pieces,
    _slot_vals,
    _vals,
    has_amount,
    is_code_cell,
    is_lanci_row,
    strip_numbering,
)
from juesuan.model.tables.collapse import resolve as resolve_collapsed
from juesuan.model.tables.columns import SKIP, label_columns, ordered_columns, split_code_positions, value_slots
from juesuan.text.normalize import normalize_label, parse_amount, parse_code
from juesuan.text.similarity import jaro_winkler
from juesuan.vocab.catalog import (
    T1_EXPENSE_TOTALS,
    T1_INCOME_ITEMS,
    T4_EXPENSE_TOTALS,
    T4_INCOME_ITEMS,
)

# --------------------------------------------------------------------------- function tables


def function_rows(tid: str, header: list[BRow], body: list[BRow],
                  hint: dict[str, Decimal | None] | None = None) -> tuple[list[str], list[Row]]:
    hdr_cells: list[list[str | None]] = [r.cells for r in header if not is_lanci_row(r)]
    hdr_width = max((len(r) for r in hdr_cells), default=0)
    data = [r for r in body if not is_lanci_row(r)]
    widths = Counter(len(r.cells) for r in data if has_amount(r))
    width = widths.most_common(1)[0][0] if widths else max((len(r.cells) for r in data), default=0)
    # value slots read by position: only where the rows are as wide as the header (grids with
    # their blank cells kept), not where an exporter collapsed blanks (pipe exports)
    slots = value_slots(tid, hdr_cells) if width == hdr_width else None
    cols = slots or ordered_columns(tid, hdr_cells)
    k = len(cols)
    split = split_code_positions([r.cells for r in header] + [r.cells for r in body[:2]])
    lab_cols, unit_keyed = label_columns(hdr_cells)
    rows: list[Row] = []
    seqs: list[list[Decimal] | None] = []
    gapped = slots is not None  # some row keeps a blank between two values: blanks are not collapsed
    ctx_lei: str | None = None
    ctx_kuan: str | None = None
    parsed: list[tuple[BRow, str | None, str, int, int | None]] = []
    for r in data:
        cells = r.cells
        code: str | None = None
        name_parts: list[str] = []
        pieces: dict[int, str] = {}
        last_label = -1
        # cells under the header's label columns are labels even when they look like numbers
        # (unit codes "314001" of a table keyed by 部门代码)
        in_labels = lab_cols if len(cells) == hdr_width else 0
        i = 0
        while i < len(cells):
            c = cells[i]
            if not c:
                i += 1
                continue
            if i < in_labels and re.fullmatch(r"\d{3,12}", c) and (unit_keyed or not is_code_cell(c)):
                name_parts.append(c)
                last_label = i
            elif split and i in split and re.fullmatch(r"\d{2,3}", c):
                pieces[split.index(i)] = c
                last_label = i
            elif code is None and not name_parts and not pieces and is_code_cell(c):
                code = parse_code(c)
                last_label = i
                ext = _code_pieces(cells, i, code or "")
                if ext:
                    code, last_label = code + "".join(p for _, p in ext), ext[-1][0]
                    i = last_label
            elif code is None and not name_parts and re.fullmatch(r"\d{2}", c) and i <= 3 and ctx_lei:
                pieces[1 if not ctx_kuan or i == 1 else 2] = c
                last_label = i
            elif (m := _CODE_NAME.match(c)) and code is None and parse_code(m.group(1)):
                code = parse_code(m.group(1))
                name_parts.append(m.group(2))
                last_label = i
            elif parse_amount(c) is None:
                name_parts.append(c)
                last_label = i
            else:
                break
            i += 1
        if code is None and pieces:
            lei, kuan, xiang = pieces.get(0), pieces.get(1), pieces.get(2)
            if lei and len(lei) == 3:
                code = lei + (kuan or "") + ((xiang or "") if kuan else "")
            elif kuan and ctx_lei:
                code = ctx_lei + kuan + (xiang or "")
            elif xiang and ctx_kuan:
                code = ctx_kuan + xiang
        if code:
            if len(code) == 3:
                ctx_lei, ctx_kuan = code, None
            elif len(code) == 5:
                ctx_lei, ctx_kuan = code[:3], code
            elif len(code) == 7:
                ctx_lei, ctx_kuan = code[:3], code[:5]
        name = normalize_label(name_parts[-1]) if name_parts else ""
        if name in _TOTAL or re.fullmatch(r"(?:本年)?(?:收入|支出)?合计|总计", name):
            name, code = "合计", None
        first_amt = i if i < len(cells) else None
        parsed.append((r, code, name, last_label, first_amt))
    # where the values start: the usual first-value column (合计 is rarely blank), or the
    # table width less the value columns (T8, whose first column 年初结转 often is blank)
    firsts = Counter(f for *_, f in parsed if f is not None)
    lab_w = width - k
    if tid != "T8" and firsts:
        lab_w = firsts.most_common(1)[0][0]
    for r, code, name, last_label, _first in parsed:
        cells = r.cells
        s = last_label + 1
        if lab_w > s and all(not c for c in cells[s:lab_w]):
            s = lab_w
        values = _vals(cells, s, cols) if not slots else _slot_vals(cells, s, slots)
        part = cells[s: s + k] + [""] * max(0, k - len(cells[s: s + k]))
        filled = [kk for kk, c in enumerate(part) if c and parse_amount(c) is not None]
        seq = [parse_amount(part[kk]) for kk in filled] if filled and filled == list(range(len(filled))) else None
        if filled and filled != list(range(len(filled))):
            gapped = True
        if code is None and name != "合计":
            if not name or not any(v is not None for v in values.values()):
                continue  # repeated header, stray label
            if name in _HEADER_WORDS or name in ("科目代码", "科目名称", "科目编码", "功能分类科目编码"):
                continue
        rows.append(Row(code=code, name=name, values=values, page=r.page, line=r.line, raw=r.raw))
        seqs.append(seq if seq and len(seq) < k else None)
    if not gapped:
        resolve_collapsed(tid, cols, rows, seqs, hint)  # blanks were dropped by the exporter?
    if slots:  # columns the catalog does not name (subtotals) were read only to keep the others in place
        cols = list(dict.fromkeys(c for c in cols if not c.startswith(SKIP)))
        for row in rows:
            row.values = {c: v for c, v in row.values.items() if not c.startswith(SKIP)}
    return cols, rows


# --------------------------------------------------------------------------- T1 / T4


def _canon(name: str, items: tuple[str, ...]) -> str:
    if name in items:
        return name
    for it in items:
        if len(it) >= 4 and (name.startswith(it) or it in name):
            return it
    best = max(items, key=lambda it: jaro_winkler(name, it))
    if jaro_winkler(name, best) >= 0.93:
        return best
    return name


def _tok(c: str, has_lineno: bool) -> str:
    if not c:
        return ""
    if has_lineno and re.fullmatch(r"\d{1,3}", c) and int(c) <= 120:
        return "int"
    if parse_amount(c) is not None:
        return "amt"
    return "label"


_EXPENSE_ONLY = {"本年支出合计", "结余分配", "年末结转和结余", "年末财政拨款结转和结余", "支出总计"}


def _is_expense_label(c: str) -> bool:
    name = strip_numbering(c)
    return name in LEI_CODES or name in _EXPENSE_ONLY


def _side_offsets(header: list[BRow]) -> tuple[int, int, int]:
    """Per side, the position of the 决算数 column among the value columns ("项目 | 年初预算数 |
    决算数" gives 1); 0 when each side has one value column."""
    for r in header:
        labs = [normalize_label(c) for c in r.cells]
        idx = [j for j, lab in enumerate(labs) if lab in ("项目", "支出项目", "收入项目")]
        if len(idx) >= 2:
            out = []
            for a, b in ((idx[0], idx[1]), (idx[1], len(labs))):
                vals = [x for x in labs[a + 1:b] if x not in ("行次", "栏次")]
                k = next((n for n, x in enumerate(vals) if "决算" in x), 0)
                out.append((k, max(1, len(vals))))
            return out[0][0], out[1][0], out[0][1]
    return 0, 0, 1


def _expense_column(header: list[BRow]) -> int | None:
    """Index of the first expense-side column from the header ("项目 … 项目", "收入 … 支出")."""
    for r in header:
        labs = [normalize_label(c) for c in r.cells]
        idx = [j for j, lab in enumerate(labs) if lab in ("项目", "支出项目")]
        if len(idx) >= 2 and idx[1] > 0:
            return idx[1]
    for r in header:
        labs = [normalize_label(c) for c in r.cells]
        if "收入" in labs and "支出" in labs and labs.index("支出") > labs.index("收入"):
            return labs.index("支出")
    return None


def two_sided_rows(tid: str, header: list[BRow], body: list[BRow]) -> list[Row]:
    hdr_text = normalize_label(" ".join(r.text for r in header))
    width = max((len(r.cells) for r in header), default=0)
    # a header word wrapped over two header rows ("行" above "次") reads down its column
    columns = ["".join(normalize_label(r.cells[j]) for r in header if j < len(r.cells) and r.cells[j])
               for j in range(width)]
    has_lineno = "行次" in hdr_text or any("行次" in c for c in columns) or not header
    exp_cols = ["决算数"] if tid == "T1" else list(ordered_columns("T4", [
        r.cells[len(r.cells) // 2:] for r in header if not is_lanci_row(r)
    ]))
    if tid == "T4" and len(exp_cols) < 2:
        exp_cols = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    split_col = _expense_column(header)
    offsets = _side_offsets(header)
    inc_items = T1_INCOME_ITEMS if tid == "T1" else T4_INCOME_ITEMS
    exp_totals = T1_EXPENSE_TOTALS if tid == "T1" else T4_EXPENSE_TOTALS
    rows: list[Row] = []
    inc_names: set[str] = set()
    after_carry = False
    for r in body:
        if is_lanci_row(r):
            continue
        cells = r.cells
        if any(normalize_label(c) in ("项目", "行次", "金额", "栏次") for c in cells if c):
            continue  # a (repeated) header row
        toks = [(i, c, _tok(c, has_lineno)) for i, c in enumerate(cells) if c]
        toks = [t for t in toks if not (t[2] == "label" and normalize_label(t[1]) in _HEADER_WORDS)]
        sides: list[dict] = [{"label": None, "lineno": None, "amts": []}, {"label": None, "lineno": None, "amts": []}]
        cur = 0
        for n, (i, c, kind) in enumerate(toks):
            s = sides[cur]
            if kind == "label":
                fresh = s["label"] is None and s["lineno"] is None and not s["amts"]
                if cur == 0 and fresh and ((split_col is not None and i >= split_col) or _is_expense_label(c)):
                    cur = 1
                    sides[1]["label"] = i
                elif fresh:
                    s["label"] = i
                elif cur == 0:
                    cur = 1
                    sides[1]["label"] = i
            elif kind == "int":
                v = int(c)
                if s["lineno"] is None and not s["amts"]:
                    s["lineno"] = i
                elif cur == 0:
                    nxt = toks[n + 1][2] if n + 1 < len(toks) else None
                    if s["amts"] or (nxt != "label" and v > int(cells[s["lineno"]])):
                        cur = 1
                        sides[1]["lineno"] = i
                    else:
                        s["amts"].append(i)
                else:
                    s["amts"].append(i)
            elif kind == "amt":
                if cur == 0 and len(s["amts"]) >= offsets[2]:
                    cur = 1
                    sides[1]["amts"].append(i)
                else:
                    s["amts"].append(i)
        for side_no, s in enumerate(sides):
            if s["label"] is None:
                continue
            label = cells[s["label"]]
            anchor = s["lineno"] if s["lineno"] is not None else s["label"]
            ncols = 1 if side_no == 0 else len(exp_cols)
            vals = []
            stops = {x["lineno"] for x in sides if x["lineno"] is not None} | {
                x["label"] for x in sides if x["label"] is not None}
            off = offsets[side_no] if (side_no == 0 or tid == "T1") else 0
            for kk in range(ncols):
                j = anchor + 1 + kk + off
                if j >= len(cells) or j in stops:
                    vals.extend([None] * (ncols - kk))
                    break
                vals.append(parse_amount(cells[j]) if _tok(cells[j], has_lineno) != "label" else None)
            name = strip_numbering(label)
            if side_no == 0:
                canon = _canon(name, inc_items)
                if canon in inc_names and after_carry:
                    canon = "年初财政拨款结转和结余-" + canon if tid == "T4" else "年初结转和结余-" + canon
                inc_names.add(canon)
                if canon.startswith("年初") and "结转" in canon:
                    after_carry = True
                elif canon in ("总计", "本年收入合计"):
                    after_carry = False
                rows.append(Row(code=None, name=canon, values={"决算数": vals[0]}, page=r.page, line=r.line,
                                side="收入", raw=r.raw))
            else:
                canon = _canon(name, exp_totals)
                code = LEI_CODES.get(canon)
                if code is None:
                    code = LEI_CODES.get(name)
                    canon = name if code else canon
                values = dict(zip(exp_cols, vals, strict=False))
                rows.append(Row(code=code, name=canon, values=values, page=r.page, line=r.line,
                                side="支出", raw=r.raw))
    return rows
