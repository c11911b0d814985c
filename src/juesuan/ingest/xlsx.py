"""Spreadsheet attachments (.xlsx) -> RawDocument.

Each sheet becomes: a TextLine with the sheet name, then the sheet's rows. Rows whose
only non-empty cell is text (titles such as "收入支出决算总表", "金额单位：万元") are
TextLines so the table builder finds titles as in any other format; the rest form
Grids. Merged cells are forward-filled as None (like pdfplumber). ``line`` is the
spreadsheet row number; the sheet name is kept in ``TextLine.raw`` of its header line.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.ingest.raw import Grid, GridRow, IngestProblem, RawDocument, TextLine
from juesuan.text.normalize import normalize_text


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        # spreadsheets store 317.6 for a cell shown as 317.60: keep two decimals for money-like floats
        return f"{v:.2f}" if abs(v - round(v, 2)) < 1e-9 else repr(v)
    return str(v)


def read_xlsx(path: str) -> RawDocument:
    p = Path(path)
    raw = RawDocument(path=str(p), name=p.name, kind="xlsx", sha256="")
    try:
        from openpyxl import load_workbook

        wb = load_workbook(str(p), read_only=False, data_only=True)
    except Exception as e:
        raw.problems.append(IngestProblem("unreadable", f"电子表格无法打开（{type(e).__name__}），本文件未能核查。", fatal=True))
        return raw
    for ws in wb.worksheets:
        merged_tail: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        merged_tail.add((r, c))
        raw.blocks.append(TextLine(raw=ws.title, text=normalize_text(ws.title), line=None))
        grid: Grid | None = None
        for r_idx, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells_raw: list[str | None] = []
            for c_idx, v in enumerate(row, start=1):
                cells_raw.append(None if (r_idx, c_idx) in merged_tail else _cell_text(v))
            while cells_raw and not cells_raw[-1]:
                cells_raw.pop()
            filled = [c for c in cells_raw if c]
            if not filled:
                grid = None
                continue
            if len(filled) == 1 and grid is None:
                raw.blocks.append(TextLine(raw=filled[0], text=normalize_text(filled[0]), line=r_idx))
                continue
            gr = GridRow(
                cells=[None if c is None else normalize_text(c) for c in cells_raw],
                raw_cells=cells_raw,
                line=r_idx,
            )
            if grid is None:
                grid = Grid(rows=[], line=r_idx, source="xlsx")
                raw.blocks.append(grid)
            grid.rows.append(gr)
    if not any(isinstance(b, Grid) for b in raw.blocks):
        raw.problems.append(IngestProblem("unreadable", "电子表格中没有可识别的表格数据。", fatal=False))
    return raw
