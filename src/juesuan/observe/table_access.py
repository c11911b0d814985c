"""Small accessors over the parsed tables shared by the A–C fact extractors."""

from __future__ import annotations

from decimal import Decimal

from juesuan.model.document import Document, Row, Table
from juesuan.observe.facts import Evidence
from juesuan.text.normalize import snippet
from juesuan.vocab.catalog import tables_for

TABLE_NAMES = {
    "T1": "收入支出决算总表", "T2": "收入决算表", "T3": "支出决算表", "T4": "财政拨款收入支出决算总表",
    "T5": "一般公共预算财政拨款支出决算表", "T6": "一般公共预算财政拨款基本支出决算表",
    "T7": "财政拨款“三公”经费支出决算表", "T8": "政府性基金预算财政拨款收入支出决算表",
    "T9": "国有资本经营预算财政拨款支出决算表",
}
TABLE_NAMES.update({spec.id: spec.canonical for spec in tables_for("预算")})  # Y1–Y9 as the catalog names them
ZERO = Decimal(0)
_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000), "千元": Decimal("0.1")}


def table_name(t: Table) -> str:
    return TABLE_NAMES.get(t.id, t.title)


def usable(doc: Document, tid: str) -> Table | None:
    """The table when it has rows with values and is not declared empty."""
    t = doc.table(tid)
    if t is None or t.empty or not t.rows:
        return None
    if not any(v is not None for r in t.rows for v in r.values.values()):
        return None
    return t


def row_label(r: Row) -> str:
    return f"{r.code} {r.name}" if r.code else r.name


def find(t: Table, name: str, side: str | None = None) -> Row | None:
    for r in t.rows:
        if r.name == name and (side is None or r.side == side):
            return r
    return None


def total_row(t: Table) -> Row | None:
    for r in t.rows:
        if r.code is None and r.name in ("合计", "总计", "本年支出合计", "本年收入合计"):
            return r
    return None


def value(r: Row | None, col: str) -> Decimal | None:
    return None if r is None else r.values.get(col)


def to_wan(t: Table, v: Decimal) -> Decimal:
    """A table value in 万元 (tables printed in 元 are converted; 10,000× errors show up)."""
    return v * _TO_WAN.get(t.money_unit or "万元", Decimal(1))


def ev_row(t: Table, r: Row, column: str | None = None) -> Evidence:
    return Evidence(page=r.page, line=r.line, text=snippet(r.raw or row_label(r)), table=t.id, row=r.code or r.name, column=column)


def ref(t: Table, r: Row, column: str) -> str:
    return f"{t.id}|{r.side or ''}|{r.code or r.name}|{column}"
