"""Spreadsheet attachments (.xlsx) -> RawDocument.

Each sheet becomes: a TextLine with the sheet name, then the sheet's rows. Rows whose
only non-empty cell is text (titles such as "收入支出决算总表", "金额单位：万元") are
TextLines so the table builder finds titles as in any other format; the rest form
Grids. Merged cells are forward-filled as None (like pdfplumber). ``line`` is the
spreadsheet row number; the sheet name is kept in ``TextLine.raw`` of its header line.

Only cells present in the file are read (the sheet XML is streamed; the declared dimension and empty
rows cost nothing). Cells beyond ``MAX_ROWS``/``MAX_COLS``, more than ``MAX_CELLS`` cells, or a
workbook unpacking to more than ``MAX_UNPACKED`` bytes are reported as a ``dimensions`` problem.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.ingest.raw import Grid, GridRow, IngestProblem, RawDocument, TextLine
from juesuan.text.normalize import normalize_text

# a disclosure's tables have tens of columns and hundreds of rows: far beyond is a broken or hostile file
MAX_ROWS = 100_000
MAX_COLS = 512
MAX_CELLS = 1_000_000
MAX_MERGES = 20_000
MAX_UNPACKED = 200 << 20


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        # spreadsheets store 317.6 for a cell shown as 317.60: keep two decimals for money-like floats
        return f"{v:.2f}" if abs(v - round(v, 2)) < 1e-9 else repr(v)
    return str(v)


def _merged_tails(ranges: list[tuple[int, int, int, int]], used: dict[int, dict[int, object]]) -> set[tuple[int, int]]:
    """The (row, col) positions inside a merged range, other than its top-left, among the used rows/columns."""
    from bisect import bisect_left, bisect_right

    rows = sorted(used)
    width = {r: max(used[r], default=0) for r in rows}
    tails: set[tuple[int, int]] = set()
    for min_col, min_row, max_col, max_row in ranges:
        for r in rows[bisect_left(rows, min_row): bisect_right(rows, max_row)]:
            for c in range(min_col, min(max_col, width[r]) + 1):
                if (r, c) != (min_row, min_col):
                    tails.add((r, c))
    return tails


def _sheet_cells(wb: object, ws: object, raw: RawDocument) -> tuple[dict[int, dict[int, object]], list[tuple[int, int, int, int]]]:
    """Used cells of one read-only sheet (row -> col -> value) and its merged ranges; cells beyond the caps
    are not kept, and reported."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    used: dict[int, dict[int, object]] = {}
    n = 0
    beyond: list[str] = []
    with ws._get_source() as src:  # type: ignore[attr-defined]
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,  # type: ignore[attr-defined]
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)  # type: ignore[attr-defined]
        for _r, cells in parser.parse():
            for c in cells:
                if c["value"] is None or c["value"] == "":
                    continue
                r, col = c["row"], c["column"]
                if r > MAX_ROWS or col > MAX_COLS:
                    if len(beyond) < 3:
                        beyond.append(f"第 {r} 行第 {col} 列")
                    continue
                n += 1
                if n > MAX_CELLS:
                    break
                used.setdefault(r, {})[col] = c["value"]
            if n > MAX_CELLS:
                raw.problems.append(IngestProblem(
                    "dimensions", f"工作表“{ws.title}”的数据单元格超过 {MAX_CELLS} 个，其余部分未读取，相关内容未能核查。"))  # type: ignore[attr-defined]
                break
        merges = parser.merged_cells.mergeCell if parser.merged_cells else []
    if beyond:
        raw.problems.append(IngestProblem(
            "dimensions", f"工作表“{ws.title}”在{'、'.join(beyond)}等位置有数据，超出决算表的合理范围"  # type: ignore[attr-defined]
                          f"（{MAX_ROWS} 行、{MAX_COLS} 列），这些单元格未读取。"))
    ranges = []
    for m in merges[:MAX_MERGES]:
        try:
            b = range_boundaries(m.ref)
        except (ValueError, TypeError):
            continue
        if None not in b:
            ranges.append(b)
    return used, ranges  # type: ignore[return-value]


def read_xlsx(path: str) -> RawDocument:
    """Read a workbook, used cells only (a sheet whose dimension claims XFD1048576 costs nothing)."""
    p = Path(path)
    raw = RawDocument(path=str(p), name=p.name, kind="xlsx", sha256="")
    try:
        import zipfile

        with zipfile.ZipFile(p) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
        if unpacked > MAX_UNPACKED:
            raw.problems.append(IngestProblem(
                "dimensions", f"电子表格解压后达 {unpacked / 1048576:.0f} MB（上限 {MAX_UNPACKED >> 20} MB），未读取，本文件未能核查。",
                fatal=True))
            return raw
        from openpyxl import load_workbook

        wb = load_workbook(str(p), read_only=True, data_only=True)
        sheets = [(ws, *_sheet_cells(wb, ws, raw)) for ws in wb.worksheets]
        wb.close()
    except Exception as e:
        raw.problems.append(IngestProblem("unreadable", f"电子表格无法打开（{type(e).__name__}），本文件未能核查。", fatal=True))
        return raw
    for ws, used, ranges in sheets:
        tails = _merged_tails(ranges, used)
        raw.blocks.append(TextLine(raw=ws.title, text=normalize_text(ws.title), line=None))
        grid: Grid | None = None
        prev_row = 0
        for r_idx in sorted(used):
            if r_idx != prev_row + 1:
                grid = None  # empty rows in between end a table
            prev_row = r_idx
            row = used[r_idx]
            cells_raw: list[str | None] = [
                None if (r_idx, c) in tails else _cell_text(row.get(c)) for c in range(1, max(row) + 1)
            ]
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
