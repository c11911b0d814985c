"""Shared helpers of the group D (narrative) fact extractors: label classes, evidence, positions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Row, Table
from juesuan.model.narrative.textscan import Para
from juesuan.observe.fact_make import ev
from juesuan.text.intervals import half_unit
from juesuan.vocab.catalog import TABLE_BY_ID

# --------------------------------------------------------------------------- label classes

_SHORT = ("低于", "高于", "节省", "节约", "超出", "少于", "多于")
_CHANGE = ("增加", "减少", "增长", "下降", "降低", "上升", "上年", "比", "较")
_KW = re.compile(r"(预算|决算|执行|支出|实际|收入|总计|合计)")


def label_class(label: str) -> str:
    """budget | actual | short | change | plain — what a number's label says it is."""
    lab = label.replace(" ", "")
    # only the tail after the last separator matters
    lab = re.split(r"[，,：:。；;]", lab)[-1]
    if any(w in lab for w in _SHORT):
        return "short"
    if any(w in lab for w in ("增加", "减少", "增长", "下降", "降低", "上升")):
        return "change"
    if re.search(r"(上年|上年度|\d{4}年度?)(决算)?数?(为|是)?$", lab):
        return "change"
    kws = _KW.findall(lab)
    if kws:
        last = kws[-1]
        if last == "预算":
            return "budget"
        return "actual"
    return "plain"


def _tname(tid: str) -> str:
    spec = TABLE_BY_ID.get(tid)
    return spec.canonical if spec else tid


def _unit_of(doc: Document, table: Table | None) -> str:
    """The money unit the tables are printed in (the text must quote the same unit to be compared)."""
    return (table.money_unit if table is not None else None) or doc.money_unit or "万元"


def _tail(label: str) -> str:
    """The part of a label after the last clause separator."""
    return re.split(r"[，,：:。；;]", label.replace(" ", ""))[-1]


def _pos(p: Para) -> dict[str, Any]:
    return {"page": p.page, "line": p.line}


def _row_ev(table: Table, row: Row, column: str) -> Any:
    return ev(row.raw or f"{row.code or ''} {row.name}", row.page, row.line, table.id, row.code or row.name, column)


def _para_ev(p: Para, around: int | None = None) -> Any:
    text = p.raw
    if around is not None and len(text) > 200:
        # a window of the verbatim paragraph around the number (approximate on raw)
        s = max(0, min(len(text) - 200, around - 80))
        text = text[s : s + 200]
    return ev(text, p.page, p.line)


def _sentences(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for m in re.finditer(r"[。]", text):
        out.append((start, text[start : m.end()]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


_DEC0 = Decimal(0)


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= half_unit(a) + half_unit(b)
