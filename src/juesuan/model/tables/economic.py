"""T6 (一般公共预算财政拨款基本支出) rows: economic-classification code/name/value triples, laid out
horizontally (人员经费 | 公用经费 side by side) or vertically (合计 | 人员经费 | 公用经费 columns),
and the 人员经费合计 / 公用经费合计 lines.
"""

from __future__ import annotations

import re

from juesuan.model.document import Row
from juesuan.model.tables.brow import _CODE_NAME, _TOTAL, BRow, _code_pieces
from juesuan.text.normalize import normalize_label, parse_amount, parse_code
from juesuan.vocab.catalog import PERSONNEL_CLASSES


def _econ_code(c: str) -> str | None:
    if not c or "." in c or "," in c:
        return None
    code = parse_code(c)
    if code and len(code) in (3, 5) and code.startswith("3"):
        return code
    return None


def economic_rows(header: list[BRow], body: list[BRow]) -> list[Row]:
    rows: list[Row] = []
    hdr_labs = [normalize_label(c) for h in header for c in h.cells if c]
    # vertical layout with value columns 合计 | 人员经费 | 公用经费 (one code column)
    vertical3 = "人员经费" in hdr_labs and "公用经费" in hdr_labs and sum(
        1 for lab in hdr_labs if lab in ("科目名称", "项目名称")) <= 1 and sum(
        1 for lab in hdr_labs if "代码" in lab or "编码" in lab) <= 1
    for r in body:
        cells = r.cells
        n = len(cells)
        first = next((normalize_label(c) for c in cells if c), "")
        if vertical3 and first in _TOTAL:
            amts = [parse_amount(c) for c in cells if c and parse_amount(c) is not None]
            if len(amts) >= 3:
                rows.append(Row(code=None, name="人员经费合计", values={"决算数": amts[1]}, page=r.page,
                                line=r.line, side="人员经费", raw=r.raw))
                rows.append(Row(code=None, name="公用经费合计", values={"决算数": amts[2]}, page=r.page,
                                line=r.line, side="公用经费", raw=r.raw))
            continue
        i = 0
        while i < n:
            c = cells[i]
            code = _econ_code(c)
            name = ""
            if code is None and (m := _CODE_NAME.match(c)) and _econ_code(m.group(1)):
                code, name = _econ_code(m.group(1)), normalize_label(m.group(2))
            if code and not name and len(code) == 3:
                ext = _code_pieces(cells, i, code)[:1]
                if ext:
                    code, i = code + ext[0][1], ext[0][0]
            if code:
                j = i + 1
                if not name:
                    while j < n and not cells[j]:
                        j += 1
                    if j < n and parse_amount(cells[j]) is None and not _econ_code(cells[j]):
                        name = normalize_label(cells[j])
                        j += 1
                    else:
                        j = i + 1
                v = parse_amount(cells[j]) if j < n and not _econ_code(cells[j]) else None
                side = "人员经费" if code[:3] in PERSONNEL_CLASSES else "公用经费"
                rows.append(Row(code=code, name=name, values={"决算数": v}, page=r.page, line=r.line,
                                side=side, raw=r.raw))
                i = j + 1 if v is not None or (j < n and not cells[j]) else j
                continue
            lab = normalize_label(c)
            m2 = re.fullmatch(r"(人员经费|公用经费)(?:合计|小计)", lab)
            if m2:
                v = None
                j = i + 1
                while j < n:
                    if cells[j] and (parse_amount(cells[j]) is None or _econ_code(cells[j])):
                        break
                    if cells[j]:
                        v = parse_amount(cells[j])
                        break
                    j += 1
                rows.append(Row(code=None, name=m2.group(1) + "合计", values={"决算数": v}, page=r.page,
                                line=r.line, side=m2.group(1), raw=r.raw))
                i = j + 1 if v is not None else j
                continue
            i += 1
    return rows


