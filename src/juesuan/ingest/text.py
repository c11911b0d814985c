"""Plain-text exports (.txt/.md/.csv/.tsv) -> RawDocument.

Recognised layouts (a document may mix the line-level ones):

* **tsv** — a line with a TAB between cells is one table row; consecutive rows form
  one Grid (blank lines inside a table are allowed; a text line ends the grid). A
  cell may wrap onto following lines without TAB (exports of spreadsheet cells with
  line breaks): such lines continue the row's last cell.
* **cells** — one cell per line, each cell line starting with a TAB; rows separated by
  blank lines; "　" (U+3000) is the empty-cell placeholder; a line without TAB right
  after a cell line continues that cell.
* **pipe** — markdown / pipe tables (``a | b | c |``); separator lines (``|---|``)
  are skipped. Empty cells are often collapsed by the exporter: the table builder
  aligns by content.
* **spaces** — columns aligned with runs of spaces (pdftotext -layout style): only
  runs of at least three lines with two or more amounts each become a Grid.
* **csv** — .csv files are parsed with the csv module.

Every TextLine/GridRow carries its 1-based source line; ``page`` is None. ``raw`` /
``raw_cells`` are verbatim; ``text`` / ``cells`` are normalised (``normalize_text``).
Bad input never raises: it becomes an IngestProblem.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from juesuan.ingest.encoding import decode_bytes, open_document
from juesuan.ingest.raw import Grid, GridRow, IngestProblem, RawDocument, TextLine
from juesuan.text.normalize import normalize_text, parse_amount, parse_code

_CELL_LINE = re.compile(r"^\t[^\t]*$")
_PIPE_ROW = re.compile(r"(\s\|\s)|(\|\s*$)|(^\s*\|)|(\|\|)")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACE_SPLIT = re.compile(r"(?:[ \t\u00a0]{2,}|\u3000+)")


def _grid_row(raw_cells: list[str | None], line: int) -> GridRow:
    return GridRow(
        cells=[None if c is None else normalize_text(c) for c in raw_cells],
        raw_cells=list(raw_cells),
        page=None,
        line=line,
    )


def _text_line(raw: str, line: int) -> TextLine:
    return TextLine(raw=raw, text=normalize_text(raw), page=None, line=line)


def detect_layout(lines: list[str]) -> str:
    """The dominant table layout of a text export: "cells" | "tsv" | "pipe" | "spaces" | "plain"."""
    cell = sum(1 for s in lines if _CELL_LINE.match(s))
    tsv = sum(1 for s in lines if "\t" in s and not _CELL_LINE.match(s))
    pipe = sum(1 for s in lines if "\t" not in s and _is_pipe_row(s))
    if cell > 20 and cell > 2 * tsv:
        return "cells"
    if tsv and tsv >= pipe:
        return "tsv"
    if pipe:
        return "pipe"
    if any(_space_cells(s) for s in lines):
        return "spaces"
    return "plain"


def _is_pipe_row(s: str) -> bool:
    if "|" not in s:
        return False
    return bool(_PIPE_ROW.search(s)) or bool(_PIPE_SEP.match(s))


def _pipe_cells(s: str) -> list[str]:
    t = s.strip()
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|"):
        t = t[:-1]
    return [c.strip() for c in t.split("|")]


def _space_cells(s: str) -> list[str] | None:
    """Cells of a space-aligned table row (≥3 cells with ≥2 amounts, or a code with an
    amount or another code) or None."""
    t = s.strip()
    if not t or "\t" in t or re.search(r"[，。；！？]", t):
        return None
    parts = [p for p in _SPACE_SPLIT.split(t) if p.strip()]
    if len(parts) < 3:
        return None
    codes = sum(1 for p in parts if parse_code(p) is not None and "." not in p)
    amounts = sum(1 for p in parts if parse_amount(p) is not None) - codes
    return parts if amounts >= 2 or (codes >= 1 and amounts + codes >= 2) else None


# --------------------------------------------------------------------------- layouts


def _parse_cells(lines: list[str], blocks: list) -> None:
    grid: Grid | None = None
    row: list[str] = []
    row_line = 0
    in_cell = False  # previous physical line belonged to the open row

    def flush_row() -> None:
        nonlocal row, grid
        if row:
            if grid is None:
                grid = Grid(rows=[], page=None, line=row_line, source="cells")
                blocks.append(grid)
            grid.rows.append(_grid_row(row, row_line))
            row = []

    for i, s in enumerate(lines, start=1):
        if s.startswith("\t") and "\t" not in s[1:]:
            if not row:
                row_line = i
            row.append(s[1:])
            in_cell = True
        elif "\t" in s:
            # a tab-separated line inside a cells document: one row of its own
            flush_row()
            cells = s.split("\t")
            if grid is None:
                grid = Grid(rows=[], page=None, line=i, source="cells")
                blocks.append(grid)
            grid.rows.append(_grid_row(cells, i))
            in_cell = False
        elif not s.strip():
            flush_row()
            in_cell = False
        elif in_cell and row:
            row[-1] = row[-1] + "\n" + s
        else:
            flush_row()
            grid = None
            blocks.append(_text_line(s, i))
            in_cell = False
    flush_row()


def _parse_lines(lines: list[str], blocks: list, layout: str) -> None:
    """tsv and pipe rows (line level), other lines are text."""
    grid: Grid | None = None
    row: list[str] | None = None  # the open tsv row (may receive continuation lines)
    row_line = 0
    multiline = False  # the open paragraph continues one row over several lines
    blank_before = False
    sep_rows = 0  # rows preceded by a blank line (blank-separated export style)
    rows_seen = 0

    def start_grid(i: int, source: str) -> Grid:
        nonlocal grid
        if grid is None or grid.source != source:
            grid = Grid(rows=[], page=None, line=i, source=source)
            blocks.append(grid)
        return grid

    def flush() -> None:
        nonlocal row
        if row is not None:
            start_grid(row_line, "tsv").rows.append(_grid_row(row, row_line))
            row = None

    for i, s in enumerate(lines, start=1):
        if not s.strip() and "\t" not in s:
            flush()
            multiline = False
            blank_before = True
            continue
        has_tab = "\t" in s
        if row is not None and (multiline or not has_tab):
            # continuation of the open row?
            cont = multiline or has_tab
            if not cont:
                # only exports that separate rows by blank lines wrap cells onto lines without TAB
                # (a line without TAB right under a row is otherwise a one-cell row or text)
                cont = rows_seen >= 3 and sep_rows * 2 >= rows_seen
            if cont:
                parts = s.split("\t")
                row[-1] = (row[-1] or "") + "\n" + parts[0]
                row.extend(parts[1:])
                multiline = True
                continue
        if has_tab:
            flush()
            row = s.split("\t")
            row_line = i
            rows_seen += 1
            sep_rows += 1 if blank_before else 0
            blank_before = False
            continue
        blank_before = False
        if _is_pipe_row(s):
            flush()
            if _PIPE_SEP.match(s):
                continue
            cells = _pipe_cells(s)
            start_grid(i, "pipe").rows.append(
                GridRow(cells=[normalize_text(c) for c in cells], raw_cells=cells, page=None, line=i)
            )
            continue
        flush()
        grid = None
        blocks.append(_text_line(s, i))
    flush()


def _spaces_to_grids(blocks: list) -> list:
    """Runs of space-aligned text lines (≥3 rows with ≥2 amounts) become Grids."""
    out: list = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, TextLine) and _space_cells(b.raw):
            j = i
            run: list[TextLine] = []
            while j < len(blocks) and isinstance(blocks[j], TextLine) and _space_cells(blocks[j].raw):
                run.append(blocks[j])
                j += 1
            strong = sum(1 for t in run if sum(1 for p in (_space_cells(t.raw) or []) if parse_amount(p) is not None) >= 2)
            if len(run) >= 3 and strong >= 2:
                # header lines just above (≥3 space-separated parts, no amounts)
                head: list[TextLine] = []
                while out and isinstance(out[-1], TextLine) and len(head) < 3:
                    parts = [p for p in _SPACE_SPLIT.split(out[-1].raw.strip()) if p.strip()]
                    if len(parts) >= 3 and not any(parse_amount(p) is not None for p in parts):
                        head.insert(0, out.pop())
                    else:
                        break
                rows: list[GridRow] = []
                for t in head + run:
                    parts = [p for p in _SPACE_SPLIT.split(t.raw.strip()) if p.strip()]
                    rows.append(_grid_row(parts, t.line or 0))
                out.append(Grid(rows=rows, page=None, line=rows[0].line, source="spaces"))
                i = j
                continue
            out.extend(run)
            i = j
            continue
        out.append(b)
        i += 1
    return out


def _parse_csv(text: str, blocks: list, delimiter: str) -> None:
    grid: Grid | None = None
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    line = 1
    for rec in reader:
        start = line
        line = reader.line_num + 1
        if not any(c.strip() for c in rec):
            continue
        filled = [c for c in rec if c.strip()]
        if len(filled) == 1 and (grid is None or len(grid.rows) == 0):
            blocks.append(_text_line(filled[0], start))
            grid = None
            continue
        if grid is None:
            grid = Grid(rows=[], page=None, line=start, source="csv")
            blocks.append(grid)
        grid.rows.append(_grid_row(rec, start))


# --------------------------------------------------------------------------- public


def parse_text(text: str, path: str = "", suffix: str = "") -> list:
    """The block stream of an already decoded text export."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    blocks: list = []
    if suffix == ".csv":
        _parse_csv(text, blocks, ",")
        return blocks
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    layout = detect_layout(lines)
    if layout == "cells":
        _parse_cells(lines, blocks)
    else:
        _parse_lines(lines, blocks, layout)
    if layout in ("spaces", "plain", "pipe", "tsv"):
        blocks = _spaces_to_grids(blocks)
    return blocks


MAX_LINE_CHARS = 20_000  # a real text line is a paragraph at most; longer ones are cut into pieces


def _cap_lines(blocks: list) -> tuple[list, list[int]]:
    """Text lines longer than ``MAX_LINE_CHARS`` cut into pieces of that size (same source line): the
    per-line work downstream stays bounded whatever one line holds. Returns (blocks, the lines cut)."""
    out: list = []
    cut: list[int] = []
    for b in blocks:
        if isinstance(b, TextLine) and len(b.raw) > MAX_LINE_CHARS:
            cut.append(b.line or 0)
            for i in range(0, len(b.raw), MAX_LINE_CHARS):
                out.append(_text_line(b.raw[i: i + MAX_LINE_CHARS], b.line or 0))
        else:
            out.append(b)
    return out, cut


def read_text(path: str) -> RawDocument:
    """Read a .txt/.md/.csv/.tsv export. Never raises for bad input."""
    raw, data = open_document(path, "text")
    if data is None:
        return raw
    text, enc = decode_bytes(data)
    if text is None:
        raw.problems.append(
            IngestProblem("encoding", f"文本编码无法识别（{enc}），本文件未能核查。", fatal=True)
        )
        return raw
    try:
        raw.blocks, cut = _cap_lines(parse_text(text, path, Path(path).suffix.lower()))
    except Exception as e:  # a layout bug must not lose the file
        raw.problems.append(IngestProblem("unreadable", f"文本解析失败（{type(e).__name__}: {e}），本文件未能核查。", fatal=True))
        return raw
    if cut:
        raw.problems.append(IngestProblem(
            "unreadable", f"第 {'、'.join(map(str, cut[:5]))} 行{'等' if len(cut) > 5 else ''}超过 {MAX_LINE_CHARS} 个字符，"
                          "不是正常的文本行，已分段读取；这些行中的内容可能核查不完整。"))
    if not any((isinstance(b, TextLine) and b.text) or isinstance(b, Grid) for b in raw.blocks):
        raw.problems.append(IngestProblem("empty", "文件中没有可读的文字，本文件未能核查。", fatal=True))
    return raw
