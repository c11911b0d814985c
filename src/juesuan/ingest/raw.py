"""The ingest layer's output: a ``RawDocument`` is an ordered stream of ``TextLine`` and
``Grid`` blocks, each with its position (PDF page, 1-based, or source line, 1-based), plus the
``IngestProblem`` list (encrypted, scanned pages, cid fonts, truncated ...). Whatever the input
format, every reader produces this and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class TextLine:
    """One line of running text. ``raw`` is verbatim; ``text`` is normalised
    (CJK radicals mapped, NFKC, whitespace collapsed) for matching."""

    raw: str
    text: str
    page: int | None = None  # PDF page, 1-based; None for text inputs
    line: int | None = None  # source line, 1-based (text inputs); running line index for PDFs


@dataclass
class GridRow:
    """One row of a table as found in the source.

    ``cells`` are normalised cell texts in source order; ``raw_cells`` verbatim.
    A cell that is ``None`` was merged into its neighbour (PDF merged cells);
    ``""`` is a blank cell. Text formats that drop empty cells (pipe exports)
    give fewer cells than the header: the table builder aligns by content.
    ``x`` optionally gives each cell's left x coordinate (PDF) for alignment.
    """

    cells: list[str | None]
    raw_cells: list[str | None]
    page: int | None = None
    line: int | None = None
    x: list[float | None] | None = None


@dataclass
class Grid:
    """A run of table rows (one table, or one page's part of a table)."""

    rows: list[GridRow]
    page: int | None = None
    line: int | None = None
    source: str = ""  # "tsv" | "cells" | "pipe" | "html" | "pdf-ruled" | "pdf-text"
    bbox: tuple[float, float, float, float] | None = None  # PDF only


Block = TextLine | Grid

ProblemKind = Literal[
    "empty",  # zero bytes / no text at all
    "not-pdf",  # .pdf that is not a PDF
    "encrypted",  # password protected
    "truncated",  # damaged / truncated file
    "scanned",  # image-only pages (no text layer)
    "cid",  # text layer without ToUnicode: (cid:NN) runs
    "encoding",  # text file in an undecodable encoding
    "unsupported",  # file type we cannot read
    "unreadable",  # any other read failure
]


@dataclass
class IngestProblem:
    kind: str  # one of ProblemKind
    message: str  # Chinese, for the inspector: what was wrong, what it means
    pages: list[int] = field(default_factory=list)  # affected PDF pages (1-based)
    fatal: bool = False  # True when nothing of the file could be read


@dataclass
class RawDocument:
    path: str
    name: str  # file name as given (the finding's "document")
    kind: str  # "pdf" | "text" | "html" | "xlsx"
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None
    problems: list[IngestProblem] = field(default_factory=list)

    def lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]
