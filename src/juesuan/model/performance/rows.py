"""Self-evaluation tables in the raw block stream: rows flattened, export damage repaired, tables delimited.

* ``flatten``: TextLines and Grid rows as one ordered list of ``Item``; a tab export that cut a cell
  at a line break ("项目资金\\n（万元）", "经济效益\\n指标") has the fragment joined back to its row.
* ``regions``: one ``Region`` per self-evaluation table: from a title line containing 自评…表 (or,
  untitled, from a 项目名称 row) to the next title, section heading or narrative paragraph; a title
  repeated on the next page over the rest of a table continues that table.
* the row-label vocabulary shared with engine/performance.py (name, total, stop, grade rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.ingest.raw import Grid, GridRow, RawDocument, TextLine
from juesuan.model.performance import labels as pl

# --------------------------------------------------------------------------- flattened rows


@dataclass
class Item:
    kind: str  # "text" | "row"
    cells: list[str | None]
    raw_cells: list[str | None]
    page: int | None
    line: int | None
    source: str = ""
    grid: int = -1

    @property
    def raw(self) -> str:
        return " | ".join(c.strip() for c in self.raw_cells if c and c.strip())

    def tokens(self) -> list[tuple[int, str]]:
        return [(i, c) for i, c in enumerate(self.cells) if c is not None and not pl.is_blank(c)]

    def lone(self) -> str | None:
        """The text of a row with exactly one non-empty cell (or of a text line)."""
        t = [c for c in self.cells if c and c.strip()]
        return t[0] if len(t) == 1 else None


def flatten(raw: RawDocument) -> list[Item]:
    out: list[Item] = []
    for gi, b in enumerate(raw.blocks):
        if isinstance(b, TextLine):
            out.append(Item("text", [b.text], [b.raw], b.page, b.line))
        elif isinstance(b, Grid):
            prev: Item | None = None
            width = max((len(r.cells) for r in b.rows), default=0)
            lead = sum(1 for r in b.rows if not (r.cells and r.cells[0])) / max(1, len(b.rows))
            for r in b.rows:
                it = _row_item(r, b, gi)
                if prev is not None and b.source == "tsv" and _is_fragment(prev, it, width, lead):
                    _merge_fragment(prev, it)
                    continue
                out.append(it)
                prev = it
    return out


def _row_item(r: GridRow, g: Grid, gi: int) -> Item:
    return Item("row", list(r.cells), list(r.raw_cells), r.page if r.page is not None else g.page, r.line, g.source, gi)


def _is_fragment(prev: Item, it: Item, width: int, lead: float) -> bool:
    """A row that is the tail of the previous row's last cell, cut by a line break inside the cell
    ("项目资金\\n（万元）\\t\\t…" exported as two lines): the previous row stops short of the grid's
    width right after a text cell, and this row starts with a short text."""
    if prev.line is None or it.line is None or it.line != prev.line + 1:
        return False
    if not it.cells or not it.cells[0] or len(pl.label(it.cells[0])) > 8:
        return False
    head = pl.label(it.cells[0])
    if TOTAL_ROW.match(head) or NAME_ROW.match(head) or STOP_ROW.match(head) or META_ROW.match(head):
        return False
    k = max((i for i, c in enumerate(prev.cells) if c), default=-1)
    if k < 1 or len(prev.cells) != k + 1:
        return False
    if len(prev.cells) > 0.6 * width and lead < 0.7:
        return False
    last = prev.cells[k]
    return pl.number(last) is None and pl.percent(last) is None


def _merge_fragment(prev: Item, it: Item) -> None:
    k = len(prev.cells) - 1
    prev.cells[k] = f"{prev.cells[k]}\n{it.cells[0]}"
    prev.raw_cells[k] = f"{prev.raw_cells[k]}\n{it.raw_cells[0]}"
    prev.cells.extend(it.cells[1:])
    prev.raw_cells.extend(it.raw_cells[1:])


# --------------------------------------------------------------------------- table regions

TITLE = re.compile(r"自评[^，。；,;]{0,8}表")
HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|附件\s*[\d一二三四五六七八九十]+|附表)"
)
PROJECT_ROW = re.compile(r"^项目名称$")
NAME_ROW = re.compile(r"^(项目名称|单位名称|部门名称|部门（单位）名称|单位（部门）名称|预算单位名称|预算部门名称)$")
TOTAL_ROW = re.compile(r"^(总分|合计|总计|自评得分合计|综合得分|自评总分|得分合计|总得分|自评得分)[:：]?$")
STOP_ROW = re.compile(r"^(偏差|原因分析|改进措施|说明改进|填报人|审核人|填表人|注[:：1]|说明[:：]|填表说明|联系人|联系电话|单位负责人)")
NAME_INLINE = re.compile(r"^(项目名称|单位名称|部门名称|部门[(（]单位[)）]名称)\s*[:：]\s*(\S.{0,60})$")
META_ROW = re.compile(r"^(主管部门|实施单位|项目实施单位|负责人|项目类别|项目属性|项目类型|项目概况|项目目标|下属单位)")
GRADE_LABEL = re.compile(r"^(自评|评价|绩效|综合)?(等级|评级|结果|结论)[:：]?$")
TEXT_FACT = re.compile(r"^(自评|评价|绩效)?(等级|评级|结果|总分|得分)[:：]")
TEXT_TOTAL = re.compile(r"^(自评)?(总分|得分)[:：]\s*(\d+(?:\.\d+)?)\s*分?$")
GRADE_VALUE = re.compile(r"^[“\"]?(优秀|良好|合格|不合格|优|良|中|差)[”\"]?$")


def is_title(it: Item) -> bool:
    return title_text(it) is not None


def title_text(it: Item) -> str | None:
    """The title of a title line or title row ("附件2 | 项目支出绩效自评表" counts too), else None."""
    parts = [c for c in it.cells if c and c.strip()]
    if not parts or len(parts) > 2:
        return None
    hits = [c for c in parts if len(pl.label(c)) <= 80 and "。" not in c and TITLE.search(pl.label(c))]
    if len(hits) != 1:
        return None
    others = [c for c in parts if c is not hits[0]]
    if any(not re.match(r"^(附件|附表)\s*[\d一二三四五六七八九十-]*[:：]?$|^[（(]?\d{4}\s*年度?[)）]?$|^(金额)?单位[:：]", pl.label(c)) for c in others):
        return None
    return hits[0]


def _ends_table(it: Item) -> bool:
    if it.kind != "text":
        return False
    s = pl.label(it.cells[0])
    if not s:
        return False
    if HEADING.match(s):
        return True
    return len(s) >= 50 and "。" in s


@dataclass
class Region:
    titles: list[Item] = field(default_factory=list)
    rows: list[Item] = field(default_factory=list)


def regions(items: list[Item]) -> list[Region]:
    regions: list[Region] = []
    cur: Region | None = None
    for i, it in enumerate(items):
        if is_title(it):
            if cur is not None and not _has_rows(cur):
                cur.titles.append(it)  # consecutive titles ("附件2" / "项目支出绩效自评表" / the name)
            else:
                cur = Region(titles=[it])
                regions.append(cur)
            continue
        if it.kind == "text":
            if cur is not None and _ends_table(it):
                cur = None
            elif cur is not None and TEXT_FACT.search(pl.label(it.cells[0])):
                cur.rows.append(it)  # "自评等级：优" / "总分：95.5" printed under the grid
            elif cur is not None and len(pl.label(it.cells[0])) <= 12 and pl.indicator_role(it.cells[0]) is not None:
                cur.rows.append(it)  # a header label wrapped onto a line of its own ("目标值(A)")
            continue
        first = pl.label(it.tokens()[0][1]) if it.tokens() else ""
        if PROJECT_ROW.match(first) and (cur is None or _has_project_row(cur) or _has_data(cur)):
            cur = Region(titles=_untitled_title(items, i))
            regions.append(cur)
        if cur is not None:
            cur.rows.append(it)
    return _merge_continued(regions)


def _merge_continued(regions: list[Region]) -> list[Region]:
    """A title repeated on the next page over the rest of a table (no name row, no execution block of
    its own) continues the table before it."""
    out: list[Region] = []
    for r in regions:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.titles and r.titles and prev.rows and r.rows
            and _title_key(prev) == _title_key(r)
            and r.titles[0].page is not None and prev.rows[-1].page is not None and r.titles[0].page > prev.rows[-1].page
            and not any(_is_named_or_exec(x) for x in r.rows)
        ):
            prev.rows.extend(r.rows)
            continue
        out.append(r)
    return out


def _title_key(r: Region) -> str:
    return pl.label(title_text(r.titles[-1]) or "")


def _is_named_or_exec(it: Item) -> bool:
    toks = it.tokens()
    if not toks:
        return False
    first = pl.label(toks[0][1])
    return bool(NAME_ROW.match(first) or NAME_INLINE.match(first)) or pl.is_execution_header(it.cells)


def _has_rows(r: Region) -> bool:
    return any(len(x.tokens()) > 1 for x in r.rows)


def _has_project_row(r: Region) -> bool:
    return any(x.tokens() and PROJECT_ROW.match(pl.label(x.tokens()[0][1])) for x in r.rows)


def _has_data(r: Region) -> bool:
    return any(len(x.tokens()) >= 3 for x in r.rows)


def _untitled_title(items: list[Item], i: int) -> list[Item]:
    """The heading just above an untitled project table ("三、2023年度…项目绩效评价报告"), if any."""
    for j in range(i - 1, max(-1, i - 4), -1):
        it = items[j]
        if it.kind == "text":
            s = pl.label(it.cells[0])
            if s and len(s) <= 60 and "。" not in s and re.search(r"项目|绩效|评价", s):
                return [it]
            if s:
                return []
    return []
