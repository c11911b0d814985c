"""Rule examples: a small YAML mini-document -> ``Document``, through the real extractors.

An example may give:
  text:         narrative / table text in any text-export layout (parsed by the real readers,
                table builder, section, claim and performance extractors)
  tables:       {T5: [ {code, name, side, <column>: "317.61", ...}, ... ]}  or
                {T5: {money_unit: 元, empty: true, empty_statement: "...", title: "...", rows: [...]}}
                (replace the table of that id parsed from ``text``, if any)
  performance:  [ {project, kind, budget, executed, rate, score, execution_weight, total_score, grade,
                   indicators: [{level1, level2, name, unit, target, actual, weight, score}]} ]
  unit, year, money_unit, notes, missing_tables (override what the parser found)
Amounts are strings so that the printed precision ("0.00") is kept.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from juesuan.ingest.raw import RawDocument
from juesuan.ingest.text import parse_text
from juesuan.model.build import _resolve_claim_subjects, build_document
from juesuan.model.document import Document, Indicator, Performance, Row, Table
from juesuan.vocab.catalog import TABLE_BY_ID, TABLES

_ROW_KEYS = {"code", "name", "side", "page", "line", "raw"}


def _dec(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    return Decimal(str(v))


def _row(d: dict[str, Any], line: int) -> Row:
    values = {k: _dec(v) for k, v in d.items() if k not in _ROW_KEYS}
    code = d.get("code")
    raw = " | ".join(str(x) for x in [code or "", d.get("name", ""), *(v for v in d.values() if v not in (code, d.get("name")))] if x is not None)
    return Row(
        code=str(code) if code is not None else None, name=str(d.get("name", "")), values=values,
        page=d.get("page"), line=d.get("line", line), side=d.get("side"), raw=d.get("raw", raw),
    )


def _table(tid: str, spec: Any) -> Table:
    if isinstance(spec, list):
        spec = {"rows": spec}
    ts = TABLE_BY_ID[tid]
    rows = [_row(r, 1000 + i) for i, r in enumerate(spec.get("rows", []))]
    cols = spec.get("columns") or [c for c in ts.columns if any(c in r.values for r in rows)]
    return Table(
        id=tid, title=spec.get("title", ts.canonical), line=spec.get("line", 999), code=spec.get("code"),
        money_unit=spec.get("money_unit", spec.get("unit", "万元")), columns=list(cols), rows=rows,
        empty=bool(spec.get("empty", False)), empty_statement=spec.get("empty_statement"),
        raw_title=spec.get("title", ts.canonical),
    )


def _indicator(d: dict[str, Any]) -> Indicator:
    return Indicator(
        level1=d.get("level1"), level2=d.get("level2"), name=str(d.get("name", "")), unit=d.get("unit"),
        target=None if d.get("target") is None else str(d["target"]), actual=None if d.get("actual") is None else str(d["actual"]),
        weight=_dec(d.get("weight")), score=_dec(d.get("score")), line=d.get("line"), raw=d.get("raw", str(d.get("name", ""))),
    )


def _performance(d: dict[str, Any], i: int) -> Performance:
    return Performance(
        project=str(d.get("project", "")), kind=d.get("kind", "project"), budget=_dec(d.get("budget")),
        executed=_dec(d.get("executed")), rate=_dec(d.get("rate")), score=_dec(d.get("score")),
        execution_weight=_dec(d.get("execution_weight")), total_score=_dec(d.get("total_score")), grade=d.get("grade"),
        indicators=[_indicator(x) for x in d.get("indicators", [])], line=d.get("line", 2000 + i),
        raw=d.get("raw", str(d.get("project", ""))), execution_raw=d.get("execution_raw", ""),
    )


def example_document(example: dict[str, Any], name: str = "example.txt") -> Document:
    text = example.get("text") or ""
    raw = RawDocument(path=name, name=name, kind="text", sha256="example", blocks=parse_text(text) if text else [])
    doc = build_document(raw)
    if "tables" in example:
        given = {tid: _table(tid, spec) for tid, spec in (example.get("tables") or {}).items()}
        doc.tables = [t for t in doc.tables if t.id not in given] + list(given.values())
        doc.tables.sort(key=lambda t: t.id)
        found = {t.id for t in doc.tables}
        doc.missing_tables = [s.id for s in TABLES if s.id not in found]
        _resolve_claim_subjects(doc)
    if "performance" in example:
        doc.performance = [_performance(p, i) for i, p in enumerate(example.get("performance") or [])]
    for key in ("unit", "year", "money_unit", "missing_tables"):
        if key in example:
            setattr(doc, key, example[key])
    if "notes" in example:
        doc.notes = list(example["notes"])
    return doc
