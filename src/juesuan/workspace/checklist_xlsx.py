"""The checklist as Excel workbooks: one per document (检查表) and one for a period with every document as a row
and every checklist item as a column (检查表汇总). Cells are written as text, never as formulas."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from juesuan.text.safecell import xlsx_text
from juesuan.workspace.checklist import NO, UNCHECKED, YES, Checklist

_FILL = {YES: "E2EFDA", NO: "F8CBAD", UNCHECKED: "FFE699"}
_HEADER = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _put(cell: Cell, value: object) -> None:
    """Write a value as plain text or number: a string is never interpreted as a formula."""
    if isinstance(value, str):
        cell.value = xlsx_text(value)
        cell.data_type = "s"  # "=…" stays text
    else:
        cell.value = value


def safe_file_name(text: str) -> str:
    name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", text).strip(" ._") or "未命名"
    return name.lstrip("=+-@")[:120] or "未命名"


def write_checklist(cl: Checklist, path: str | Path) -> Path:
    """One document's checklist: 检查内容 / 符合要求 / 问题描述, one row per part and per table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "检查表"
    title = f"{cl.unit or '（单位未识别）'} {cl.year or ''}年度{cl.scope or ''}{cl.kind}公开检查表"
    _put(ws.cell(1, 1), title)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    _put(ws.cell(2, 1), f"文件：{cl.document}")
    for col, head in enumerate(("序号", "检查内容", "符合要求", "问题描述"), 1):
        _put(ws.cell(4, col), head)
        ws.cell(4, col).font = _HEADER
    for i, row in enumerate(cl.rows, 1):
        r = 4 + i
        _put(ws.cell(r, 1), i)
        _put(ws.cell(r, 2), row.label)
        _put(ws.cell(r, 3), row.verdict)
        ws.cell(r, 3).fill = PatternFill("solid", fgColor=_FILL[row.verdict])
        _put(ws.cell(r, 4), "\n".join(f"{n}. {p}" for n, p in enumerate(row.problems, 1)) if len(row.problems) > 1
             else (row.problems[0] if row.problems else ""))
        for c in range(1, 5):
            ws.cell(r, c).alignment = _WRAP
    for col, width in zip("ABCD", (6, 34, 10, 110), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"
    ws.auto_filter.ref = f"A4:D{4 + len(cl.rows)}"
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def write_summary(checklists: Iterable[Checklist], path: str | Path, *, period: str) -> Path:
    """The period's workbook: a row per document, a column per checklist item (是/否/未能核查) and the problem count."""
    cls = list(checklists)
    items: list[str] = []
    for cl in cls:
        for r in cl.rows:
            if r.label not in items:
                items.append(r.label)
    wb = Workbook()
    ws = wb.active
    ws.title = f"检查表汇总 {period}"[:31]
    heads = ["文件", "单位", "年度", "类型", "不符合项数", "问题数", *items]
    for col, head in enumerate(heads, 1):
        _put(ws.cell(1, col), head)
        ws.cell(1, col).font = _HEADER
        ws.cell(1, col).alignment = _WRAP
    for i, cl in enumerate(cls, 2):
        verdicts = {r.label: r.verdict for r in cl.rows}
        values = [cl.document, cl.unit or "", cl.year or "", f"{cl.scope or ''}{cl.kind}",
                  sum(1 for r in cl.rows if r.verdict == NO), sum(len(r.problems) for r in cl.rows if r.verdict == NO)]
        for col, v in enumerate(values + [verdicts.get(x, "") for x in items], 1):
            _put(ws.cell(i, col), v)
            if isinstance(v, str) and v in _FILL:
                ws.cell(i, col).fill = PatternFill("solid", fgColor=_FILL[v])
    for col in range(1, len(heads) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 40 if col <= 2 else (10 if col <= 6 else 14)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{max(1, len(cls)) + 1}"
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def checklist_file_name(cl: Checklist) -> str:
    return safe_file_name(f"检查表_{cl.unit or ''}_{cl.year or ''}{cl.kind}_{Path(cl.document).stem[:40]}") + ".xlsx"
