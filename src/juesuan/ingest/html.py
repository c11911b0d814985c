"""HTML pages (.html/.htm) -> RawDocument, with the standard library's html.parser.

``<table>`` becomes a Grid (one GridRow per ``<tr>``; cells covered by a ``colspan``
or ``rowspan`` are ``None``, as pdfplumber gives merged cells, so the table builder
forward-fills headers). Other block-level text becomes TextLines. ``line`` is the
source line of the element's start tag; ``page`` is None.
"""

from __future__ import annotations

from html.parser import HTMLParser

from juesuan.ingest.encoding import decode_bytes, open_document
from juesuan.ingest.raw import Grid, GridRow, IngestProblem, RawDocument, TextLine
from juesuan.text.normalize import normalize_text

_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
    "header", "footer", "blockquote", "pre", "title", "hr", "dt", "dd", "caption",
}
_SKIP = {"script", "style", "noscript", "template", "head"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self._text: list[str] = []
        self._text_line = 1
        self._skip = 0
        self._in_title = False
        # table state (nested tables are flattened into the outer one)
        self._depth = 0
        self._rows: list[tuple[int, list[tuple[str, int, int]]]] = []
        self._row: list[tuple[str, int, int]] | None = None
        self._row_line = 0
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._table_line = 0
        self._caption: list[str] = []
        self._caption_line = 0

    # ------------------------------------------------------------------ text
    def _flush_text(self) -> None:
        raw = "".join(self._text)
        self._text = []
        for k, part in enumerate(raw.split("\n")):
            if part.strip():
                self.blocks.append(TextLine(raw=part.strip(), text=normalize_text(part), page=None,
                                            line=self._text_line + k))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _SKIP and tag != "head":
            self._skip += 1
            return
        if tag == "title":
            self._in_title = True
        if tag == "table":
            if self._depth == 0:
                self._flush_text()
                self._rows = []
                self._table_line = line
            self._depth += 1
            return
        if self._depth:
            if tag == "tr":
                self._close_row()
                self._row = []
                self._row_line = line
            elif tag in ("td", "th"):
                if self._row is None:
                    self._row = []
                    self._row_line = line
                self._close_cell()
                a = dict(attrs)
                self._span = (_int(a.get("colspan")), _int(a.get("rowspan")))
                self._cell = []
            elif tag == "br" and self._cell is not None:
                self._cell.append("\n")
            return
        if tag in _BLOCK:
            self._flush_text()
            self._text_line = line

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag != "head":
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._in_title = False
            self._text = []  # the <title> repeats the heading; keep body text only
            return
        if self._depth:
            if tag in ("td", "th"):
                self._close_cell()
            elif tag == "tr":
                self._close_row()
            elif tag == "table":
                self._depth -= 1
                if self._depth == 0:
                    self._close_row()
                    self._emit_table()
            return
        if tag in _BLOCK:
            self._flush_text()

    def handle_data(self, data: str) -> None:
        if self._skip or self._in_title:
            return
        if self._depth:
            if self._cell is not None:
                self._cell.append(data)
            elif data.strip():
                self._caption.append(data)  # <caption> or stray text inside the table
                self._caption_line = self._caption_line or self.getpos()[0]
            return
        if not self._text:
            self._text_line = self.getpos()[0]
        self._text.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            text = "".join(self._cell).strip()
            self._row.append((text, *self._span))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None:
            if self._row:
                self._rows.append((self._row_line, self._row))
            self._row = None

    def _emit_table(self) -> None:
        caption = "".join(self._caption).strip()
        if caption:
            self.blocks.append(TextLine(raw=caption, text=normalize_text(caption), page=None,
                                        line=self._caption_line or self._table_line))
        self._caption, self._caption_line = [], 0
        pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
        rows: list[GridRow] = []
        for line, cells in self._rows:
            out: list[str | None] = []
            col = 0
            it = iter(cells)
            cur = next(it, None)
            while cur is not None or any(c >= col for c in pending):
                if pending.get(col, 0) > 0:
                    out.append(None)
                    pending[col] -= 1
                    col += 1
                    continue
                if cur is None:
                    break
                text, cs, rs = cur
                for k in range(cs):
                    out.append(text if k == 0 else None)
                    if rs > 1:
                        pending[col + k] = rs - 1
                col += cs
                cur = next(it, None)
            pending = {c: n for c, n in pending.items() if n > 0}
            rows.append(GridRow(cells=[None if c is None else normalize_text(c) for c in out],
                                raw_cells=out, page=None, line=line))
        if rows:
            self.blocks.append(Grid(rows=rows, page=None, line=self._table_line, source="html"))
        self._rows = []

    def close(self) -> None:
        super().close()
        if self._depth:
            self._depth = 0
            self._close_row()
            self._emit_table()
        self._flush_text()


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), 200))
    except (TypeError, ValueError):
        return 1


def parse_html(text: str) -> list:
    b = _Builder()
    b.feed(text)
    b.close()
    return b.blocks


def read_html(path: str) -> RawDocument:
    """Read an .html/.htm page. Never raises for bad input."""
    raw, data = open_document(path, "html")
    if data is None:
        return raw
    text, enc = _decode_html(data)
    if text is None:
        raw.problems.append(IngestProblem("encoding", f"网页编码无法识别（{enc}），本文件未能核查。", fatal=True))
        return raw
    try:
        raw.blocks = parse_html(text)
    except Exception as e:
        raw.problems.append(IngestProblem("unreadable", f"网页解析失败（{type(e).__name__}: {e}），本文件未能核查。", fatal=True))
        return raw
    if not raw.blocks:
        raw.problems.append(IngestProblem("empty", "网页中没有可读的文字，本文件未能核查。", fatal=True))
    return raw


def _decode_html(data: bytes) -> tuple[str | None, str]:
    import re

    m = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)
