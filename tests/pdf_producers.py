"""PDFs of a disclosure made by *other* producers than our reportlab maker (cross-producer fidelity).

Held-out PDFs come from Word/WPS/ONLYOFFICE and browsers, not from our own tools. This module
renders a seed's ``RawDocument`` (the text export read by ``juesuan.ingest.text``) as HTML and
prints it with Debian Chromium headless (``--print-to-pdf``; Skia's PDF backend, fonts-noto-cjk
for the Chinese glyphs). Variants (``VARIANTS``):

* ``ruled``      tables with 1px borders on every cell (the usual Word export);
* ``unruled``    no rules at all (columns only by white space: pdfplumber's "text" strategy);
* ``hrules``     horizontal rules only, no vertical rules (三线表-like Word tables: ruled-table
                 detection finds no cells, columns only by white space);
* ``paged``      large type and padding so long tables break across pages, header rows in a
                 ``<thead>`` that Chromium repeats on every page, a running page header and a
                 "第 N 页" footer (CSS page margin boxes) between the table parts;
* ``landscape``  A4 landscape, 7pt type, narrow cells (header words wrap: "本年收入合\\n计");
* ``numspan``    ruled, amounts in another font and size inside a ``<span>`` (Word exports set
                 numbers in Times New Roman / Arial: other baseline, other glyph widths);
* ``continued``  ruled, every table cut after 12 body rows, each part on a new page under
                 "<title>（续）", the unit line and the header rows again (Excel/WPS print
                 areas, where every page repeats title, unit and header);
* ``merged``     ruled, blank header cells merged into their neighbour (``rowspan`` under a
                 label, else ``colspan``) as in real templates: the reader sees merged cells.

``make_pdf(raw, variant, out_dir, stem) -> Path``; ``chromium_path()`` is None when Chromium is
absent (tests then skip, except under ``CI`` where they must fail).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from juesuan.ingest.raw import Grid, GridRow, RawDocument, TextLine
from juesuan.model.tables.brow import is_lanci_row, make_brow, split_header
from juesuan.model.tables.find import classify_title, is_meta_text, is_toc_line, money_unit
from juesuan.text.normalize import normalize_label

VARIANTS = ("ruled", "unruled", "hrules", "paged", "landscape", "numspan", "merged", "continued")

_BASE_CSS = """
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 10.5pt; }
p { margin: 0.25em 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
td, th { padding: 2px 4px; vertical-align: middle; font-weight: normal; }
tr { page-break-inside: avoid; break-inside: avoid; }
"""
_CSS: dict[str, str] = {
    "ruled": """
@page { size: A4 portrait; margin: 15mm; }
table { width: 100%; }
td, th { border: 1px solid #000; }
""",
    "unruled": """
@page { size: A4 portrait; margin: 15mm; }
table { width: 100%; }
td, th { border: none; padding: 2px 8px; }
""",
    "paged": """
@page { size: A4 portrait; margin: 22mm 15mm 18mm 15mm;
        @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt; }
        @top-center { content: var(--running); font-size: 9pt; } }
body { font-size: 12pt; }
table { width: 100%; page-break-inside: auto; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
td, th { border: 1px solid #000; padding: 9px 4px; }
""",
    "landscape": """
@page { size: A4 landscape; margin: 10mm; }
body { font-size: 7pt; }
table { width: 62%; table-layout: fixed; }
td, th { border: 0.5px solid #000; padding: 1px 2px; word-break: break-all; }
""",
    "merged": """
@page { size: A4 portrait; margin: 15mm; }
table { width: 100%; }
td, th { border: 1px solid #000; text-align: center; }
""",
    "hrules": """
@page { size: A4 portrait; margin: 15mm; }
table { width: 100%; }
td, th { border: none; border-top: 0.75px solid #000; border-bottom: 0.75px solid #000; padding: 2px 8px; }
""",
    "continued": """
@page { size: A4 portrait; margin: 15mm; }
table { width: 100%; }
td, th { border: 1px solid #000; }
.newpage { page-break-before: always; }
""",
    "numspan": """
@page { size: A4 portrait; margin: 15mm; }
table { width: 100%; }
td, th { border: 1px solid #000; }
td.n { text-align: right; }
span.num { font-family: 'DejaVu Serif', 'Liberation Serif', serif; font-size: 9.5pt; }
""",
}


def chromium_path() -> str | None:
    for cand in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


def _is_number(c: str) -> bool:
    from juesuan.text.normalize import parse_amount

    return bool(c.strip()) and parse_amount(c) is not None


def _cell_html(c: str, variant: str) -> str:
    text = html.escape(c)
    if variant == "numspan" and _is_number(c):
        return f"<td class='n'><span class='num'>{text}</span></td>"
    return f"<td>{text}</td>"


def _header_count(rows: list[GridRow]) -> int:
    """How many leading rows of a table are its header (repeated by ``<thead>``)."""
    brows = [make_brow(r.cells, r.raw_cells, r.page, r.line) for r in rows]
    header, body = split_header(brows)
    if not body:
        return 0
    n = len(header)
    while n < len(brows) and is_lanci_row(brows[n]):
        n += 1
    return n


def _prose(r: GridRow) -> str | None:
    """A grid row that a word processor would print as a paragraph, not as a table row: a
    title, a table code, a footnote (one non-numeric cell) or a line of meta cells (部门, 单位)."""
    cells = [(c or "").replace("\n", "").strip() for c in r.raw_cells]
    filled = [c for c in cells if c]
    if not filled:
        return None
    if len(filled) == 1 and not _is_number(filled[0]) and len(normalize_label(filled[0])) > 4:
        return filled[0]
    if len(filled) > 1 and all(is_meta_text(c) for c in filled) and not any(_is_number(c) for c in filled):
        return "    ".join(filled)
    return None


def _segments(g: Grid) -> list[tuple[str, list]]:
    """A grid cut into tables and paragraphs (pipe/tsv exports hold several tables in one grid)."""
    out: list[tuple[str, list]] = []
    for r in g.rows:
        text = _prose(r)
        kind = "p" if text is not None else "t"
        item = text if text is not None else r
        if out and out[-1][0] == kind:
            out[-1][1].append(item)
        else:
            out.append((kind, [item]))
    return out


def _spans(rows: list[list[str]], nh: int) -> dict[tuple[int, int], tuple[int, int] | None]:
    """Merges of the header rows: (row, col) -> (rowspan, colspan) of an anchor cell, or None
    for a cell covered by a merge. A blank header cell joins the label above it (when that
    label spans one column) or else the cell to its left (when that one spans one row)."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    size: dict[tuple[int, int], list[int]] = {}
    for i in range(nh):
        for j, c in enumerate(rows[i]):
            if c.strip():
                owner[i, j] = (i, j)
                size[i, j] = [1, 1]
                continue
            up = owner.get((i - 1, j))
            left = owner.get((i, j - 1))
            if up is not None and rows[up[0]][up[1]].strip() and size[up][1] == 1 and up[0] + size[up][0] == i:
                owner[i, j] = up
                size[up][0] += 1
            elif left is not None and left[0] == i and size[left][0] == 1 and rows[left[0]][left[1]].strip():
                owner[i, j] = left
                size[left][1] += 1
            else:
                owner[i, j] = (i, j)
                size[i, j] = [1, 1]
    out: dict[tuple[int, int], tuple[int, int] | None] = {}
    for key, own in owner.items():
        out[key] = (size[own][0], size[own][1]) if own == key else None
    return out


def _table_html(rows: list[GridRow], variant: str) -> str:
    width = max((len(r.raw_cells) for r in rows), default=0)
    while width > 1 and all(len(r.raw_cells) < width or not (r.raw_cells[width - 1] or "").strip() for r in rows):
        width -= 1  # trailing columns blank in every row (padding of pipe exports)
    nh = _header_count(rows) if variant in ("paged", "merged") else 0
    grid = [([(c or "").replace("\n", "") for c in r.raw_cells][:width] + [""] * width)[:width] for r in rows]
    lanci = next((i for i, r in enumerate(rows[:nh]) if is_lanci_row(make_brow(r.cells, r.raw_cells, None, None))), nh)
    spans = _spans(grid, lanci) if variant == "merged" else {}
    out = ["<table>"]
    for i, cells in enumerate(grid):
        tds = []
        for j, c in enumerate(cells):
            if (i, j) in spans:
                sp = spans[i, j]
                if sp is None:
                    continue
                attrs = (f" rowspan='{sp[0]}'" if sp[0] > 1 else "") + (f" colspan='{sp[1]}'" if sp[1] > 1 else "")
                tds.append(f"<td{attrs}>{html.escape(c)}</td>")
            else:
                tds.append(_cell_html(c, variant))
        tr = "<tr>" + "".join(tds) + "</tr>"
        if nh and variant == "paged" and i == 0:
            out.append("<thead>")
        out.append(tr)
        if nh and variant == "paged" and i == nh - 1:
            out.append("</thead><tbody>")
    if nh and variant == "paged":
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


_PART_ROWS = 12


def _continued(rows: list[GridRow], title: str | None, unit: str | None) -> str:
    """A table cut into parts of ``_PART_ROWS`` body rows; later parts on a new page under
    "<title>（续）", the unit line and the repeated header rows."""
    nh = _header_count(rows)
    if not title or not nh or len(rows) - nh <= _PART_ROWS:
        return _table_html(rows, "continued")
    header, body = rows[:nh], rows[nh:]
    parts = [body[k:k + _PART_ROWS] for k in range(0, len(body), _PART_ROWS)]
    out = [_table_html(header + parts[0], "continued")]
    for part in parts[1:]:
        out.append(f"<p class='newpage'>{html.escape((title or '') + '（续）')}</p>")
        if unit:
            out.append(f"<p>{html.escape(unit)}</p>")
        out.append(_table_html(header + part, "continued"))
    return "\n".join(out)


def render_html(raw: RawDocument, variant: str) -> str:
    """The document as HTML styled for ``variant``."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<style>{_BASE_CSS}{_CSS[variant]}</style></head><body>",
    ]
    if variant == "paged":  # running page header (page margin box, printed on every page)
        title = next((b.raw.strip() for b in raw.blocks if isinstance(b, TextLine)
                      and "决算" in b.raw and len(b.raw.strip()) <= 40), "部门决算")
        css_title = (title + "（公开稿）").replace("\\", "").replace('"', "")
        out[1] = out[1].replace("var(--running)", f'"{css_title}"')
    title: str | None = None
    unit: str | None = None

    def note(t: str) -> None:
        nonlocal title, unit
        if classify_title(t) and not is_toc_line(t):
            title, unit = t, None
        elif money_unit(t):
            unit = t
        elif t and not is_meta_text(t):
            title = None  # other text: the next grid is not one of the nine tables

    for b in raw.blocks:
        if isinstance(b, TextLine):
            t = b.raw.strip()
            note(t)
            out.append(f"<p>{html.escape(t)}</p>" if t else "<p>&nbsp;</p>")
            continue
        assert isinstance(b, Grid)
        for kind, rows in _segments(b):
            if kind == "p":
                for t in rows:
                    note(t)
                    out.append(f"<p>{html.escape(t)}</p>")
            elif variant == "continued":
                out.append(_continued(rows, title, unit))
            else:
                out.append(_table_html(rows, variant))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def print_pdf(html_path: Path, pdf_path: Path, timeout: float = 180) -> Path:
    """Print an HTML file to PDF with headless Chromium. Raises RuntimeError on failure."""
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium not installed")
    with tempfile.TemporaryDirectory(prefix="juesuan-chromium-") as profile:
        cmd = [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", "--no-pdf-header-footer",
            html_path.resolve().as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    if not pdf_path.exists() or pdf_path.stat().st_size == 0:
        raise RuntimeError(f"chromium produced no PDF (rc={proc.returncode}): {proc.stderr[-500:]!r}")
    return pdf_path


def make_pdf(raw: RawDocument, variant: str, out_dir: Path, stem: str) -> Path:
    """``raw`` printed by Chromium in ``variant`` style -> ``out_dir/stem.variant.pdf``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    h = out_dir / f"{stem}.{variant}.html"
    h.write_text(render_html(raw, variant), encoding="utf-8")
    return print_pdf(h, out_dir / f"{stem}.{variant}.pdf")


def plumber_reading(path: str | Path) -> RawDocument:
    """A plain reference reading of a PDF with pdfplumber: ruled tables (``find_tables``) as
    grids with merged cells as ``None``, every other text line as a ``TextLine``, in page order.

    Not the product reader (``juesuan.ingest.pdf``): it lets the table builder be tested on real
    PDF geometry (page breaks, running headers, merged header cells, wrapped cell text)
    independently of the reader's own choices. Unruled tables come out as text lines only.
    """
    import logging

    import pdfplumber

    from juesuan.text.normalize import normalize_text

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    blocks: list[TextLine | Grid] = []
    line = 0
    with pdfplumber.open(str(path)) as pdf:
        for pno, page in enumerate(pdf.pages, 1):
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            placed: list[tuple[float, TextLine | Grid]] = []
            for t in found:
                g = Grid(rows=[], page=pno, source="pdf-ruled", bbox=t.bbox)
                g.rows = [GridRow([normalize_text(c) if c is not None else None for c in r], list(r), pno)
                          for r in t.extract()]
                placed.append((t.bbox[1], g))
            for tl in page.extract_text_lines(return_chars=True):
                chars = [c for c in tl["chars"] if not any(
                    b[0] - 1 <= c["x0"] and c["x1"] <= b[2] + 1 and b[1] - 1 <= c["top"] and c["bottom"] <= b[3] + 1
                    for b in boxes)]
                if not chars:
                    continue
                text, prev = "", None
                for c in chars:
                    if prev is not None and c["x0"] - prev["x1"] > 1.5:
                        text += " "
                    text += c["text"]
                    prev = c
                placed.append((tl["top"], TextLine(raw=text, text=normalize_text(text), page=pno)))
            placed.sort(key=lambda p: p[0])
            for _, b in placed:
                line += 1
                if isinstance(b, TextLine):
                    b.line = line
                else:
                    b.line = line
                    for r in b.rows:
                        r.line = line
                        line += 1
                blocks.append(b)
        count = len(pdf.pages)
    p = Path(path)
    return RawDocument(path=str(p), name=p.name, kind="pdf", sha256="", blocks=blocks, page_count=count)
