"""Write a RawDocument back out in another export style (for format-invariance tests).

Held-out disclosures come from many exporters; the same content in another layout must
give the same tables and the same findings. Styles:
  tsv        one row per line, cells joined by tabs (seeds 000/001)
  pipe       "a | b | c |" rows, blank cells kept
  pipe-collapsed  like the 004 export: blank cells dropped, padding pipes at the end
  cells      one cell per line prefixed by a tab, blank line between rows, U+3000 for blanks (seed 003)
  markdown   GitHub tables with a |---| separator after the first row
  html       <p> lines and <table> rows
"""

from __future__ import annotations

import html
from pathlib import Path

from juesuan.ingest.raw import Grid, RawDocument, TextLine

STYLES = ("tsv", "pipe", "pipe-collapsed", "cells", "markdown", "html")


def _cells(row) -> list[str]:
    return [(c or "").replace("\n", "") for c in row.raw_cells]


def render(raw: RawDocument, style: str) -> str:
    out: list[str] = []
    if style == "html":
        out.append("<html><head><meta charset='utf-8'></head><body>")
    for b in raw.blocks:
        if isinstance(b, TextLine):
            if style == "html":
                out.append(f"<p>{html.escape(b.raw)}</p>")
            else:
                out.append(b.raw)
            continue
        assert isinstance(b, Grid)
        if style == "html":
            out.append("<table>")
        for i, r in enumerate(b.rows):
            cells = _cells(r)
            if style == "tsv":
                out.append("\t".join(cells))
            elif style == "pipe":
                out.append(" | ".join(cells) + " |")
            elif style == "pipe-collapsed":
                kept = [c for c in cells if c.strip()]
                out.append(" | ".join(kept) + " |" * (len(cells) - len(kept) + 1))
            elif style == "cells":
                out.extend("\t" + (c if c.strip() else "\u3000") for c in cells)
                out.append("")
            elif style == "markdown":
                out.append("| " + " | ".join(cells) + " |")
                if i == 0:
                    out.append("|" + "---|" * len(cells))
            elif style == "html":
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        if style == "html":
            out.append("</table>")
        else:
            out.append("")
    if style == "html":
        out.append("</body></html>")
    return "\n".join(out) + "\n"


def write(raw: RawDocument, style: str, directory: Path, stem: str) -> Path:
    suffix = ".html" if style == "html" else (".md" if style in ("markdown", "pipe", "pipe-collapsed") else ".txt")
    p = directory / f"{stem}.{style}{suffix}"
    p.write_text(render(raw, style), encoding="utf-8")
    return p
