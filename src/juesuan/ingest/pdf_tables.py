"""Tables on one PDF page, from the plain objects of ``juesuan.ingest.pdfium_page``.

* Ruled tables: pdfplumber's own lattice algorithm with its default settings (snap and join
  the ruling edges, intersections, cells, tables; ``Table.extract`` for the cell texts) run on
  the pdfium characters and edges through a minimal page stand-in — the same cells pdfplumber
  finds, with none of pdfminer's content-stream interpretation. Its intersections-to-cells step
  is re-stated here with the edge sets built once per point (pdfplumber rebuilds them, and
  re-evaluates typing annotations, for every pair it tests: a third of table-page time).
* Unruled tables: runs of text lines with column gutters and amounts (``text_tables``).

Both give ``Grid`` blocks (sources ``pdf-ruled`` / ``pdf-text``) for the RawDocument.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from pdfplumber.table import Table, TableSettings, cells_to_tables, edges_to_intersections, merge_edges
from pdfplumber.utils import filter_edges, obj_to_bbox

from juesuan.ingest.pdf_words import extract_text
from juesuan.ingest.raw import Grid, GridRow
from juesuan.text.normalize import normalize_text

_NUM_WRAP = re.compile(r"(?<=[\d,.])\n(?=[\d,.%])")
_AMOUNT_WORD = re.compile(r"^[-(（]?\d[\d,]*(?:\.\d+)?[)）%]?$")

Box = tuple[float, float, float, float]


class _PlainPage:
    """What pdfplumber's TableFinder and Table.extract read from a page, and nothing else."""

    def __init__(self, chars: list[dict[str, Any]], edges: list[dict[str, Any]], width: float, height: float) -> None:
        self.chars = chars
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


def _cell(c: str | None) -> str | None:
    """Numbers wrapped inside a cell are rejoined."""
    return None if c is None else _NUM_WRAP.sub("", c)


_SETTINGS = TableSettings.resolve(None)


def _cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """``pdfplumber.table.intersections_to_cells``: for each point, the smallest rectangle whose
    four corners are intersections joined by common edges."""
    vsets = {p: {obj_to_bbox(e) for e in d["v"]} for p, d in intersections.items()}
    hsets = {p: {obj_to_bbox(e) for e in d["h"]} for p, d in intersections.items()}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        return (p1[0] == p2[0] and not vsets[p1].isdisjoint(vsets[p2])) or \
            (p1[1] == p2[1] and not hsets[p1].isdisjoint(hsets[p2]))

    points = sorted(intersections)
    by_y: dict[float, list[tuple[float, float]]] = {}
    for p in points:
        by_y.setdefault(p[1], []).append(p)
    out: list[Box] = []
    for i, pt in enumerate(points[:-1]):
        below = []
        for q in points[i + 1:]:  # sorted by (x, top): the points straight below come next
            if q[0] != pt[0]:
                break
            below.append(q)
        right = [q for q in by_y[pt[1]] if q > pt]
        cell = None
        for b in below:
            if not connects(pt, b):
                continue
            for r in right:
                if not connects(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in intersections and connects(corner, r) and connects(corner, b):
                    cell = (pt[0], pt[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            out.append(cell)
    return out


def _find_tables(page: _PlainPage) -> list[Table]:
    """``pdfplumber.table.TableFinder(page).tables`` with the default ("lines") settings."""
    st = _SETTINGS
    v = filter_edges(page.edges, "v", min_length=st.edge_min_length_prefilter)
    h = filter_edges(page.edges, "h", min_length=st.edge_min_length_prefilter)
    edges = merge_edges(v + h, snap_x_tolerance=st.snap_x_tolerance, snap_y_tolerance=st.snap_y_tolerance,
                        join_x_tolerance=st.join_x_tolerance, join_y_tolerance=st.join_y_tolerance)
    edges = filter_edges(edges, min_length=st.edge_min_length)
    points = edges_to_intersections(edges, st.intersection_x_tolerance, st.intersection_y_tolerance)
    return [Table(page, group) for group in cells_to_tables(_cells(points))]  # type: ignore[arg-type]


def _extract(t: Table, chars: list[dict[str, Any]], vmid: list[float], hmid: list[float],
             order: list[int]) -> list[list[str | None]]:
    """``Table.extract()``: a character belongs to the row / cell holding its centre (half-open
    boxes), texts by pdfplumber's rules; the characters of a row are found by bisection on the
    sorted vertical centres (``order``) instead of a scan of the whole page per row."""
    vs = [vmid[i] for i in order]
    out: list[list[str | None]] = []
    for row in t.rows:
        x0, top, x1, bottom = row.bbox
        idx = sorted(i for i in order[bisect_left(vs, top):bisect_left(vs, bottom)] if x0 <= hmid[i] < x1)
        arr: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                arr.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [chars[i] for i in idx if cx0 <= hmid[i] < cx1 and ctop <= vmid[i] < cbottom]
            arr.append(extract_text(cell_chars) if cell_chars else "")
        out.append(arr)
    return out


def ruled_tables(chars: list[dict[str, Any]], edges: list[dict[str, Any]], width: float, height: float,
                 pno: int) -> list[Grid]:
    """Ruled tables of one page (none when the page has no ruling edges)."""
    if not edges:
        return []
    out: list[Grid] = []
    tables = _find_tables(_PlainPage(chars, edges, width, height))
    if not tables:
        return out
    vmid = [(c["top"] + c["bottom"]) / 2 for c in chars]
    hmid = [(c["x0"] + c["x1"]) / 2 for c in chars]
    order = sorted(range(len(chars)), key=vmid.__getitem__)
    for t in tables:
        rows = _extract(t, chars, vmid, hmid, order)
        if not rows or len(rows) < 2 and all(len(r) < 2 for r in rows):
            continue
        g = Grid(rows=[], page=pno, source="pdf-ruled", bbox=t.bbox)
        xs = [[c[0] if c else None for c in r.cells] for r in t.rows]
        for i, r in enumerate(rows):
            joined = [_cell(c) for c in r]  # raw_cells stay verbatim
            g.rows.append(GridRow(
                cells=[None if c is None else normalize_text(c.replace("\n", "")) for c in joined],
                raw_cells=list(r), page=pno, x=xs[i] if i < len(xs) else None,
            ))
        out.append(g)
    return out


def inside(w: dict[str, Any], boxes: list[Box]) -> bool:
    """Is the word's centre inside one of the boxes (1 pt slack)?"""
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


def _gaps(ws: list[dict[str, Any]]) -> int:
    """How many wide gaps (table column gutters) separate the words of one line."""
    n = 0
    for a, b in zip(ws, ws[1:], strict=False):
        size = max(4.0, min(a["bottom"] - a["top"], b["bottom"] - b["top"]))
        if b["x0"] - a["x1"] > 1.2 * size + 1e-6:
            n += 1
    return n


def _tabular(ws: list[dict[str, Any]]) -> bool:
    return _gaps(ws) >= 2 and any(_AMOUNT_WORD.match(w["text"]) for w in ws)


def text_tables(lines: list[list[dict[str, Any]]], pno: int) -> list[tuple[int, int, Grid]]:
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
