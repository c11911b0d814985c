"""Identities declared as data (rule files' ``each:`` + ``assert:``), expanded over a document into observations.

Two forms, in the words of the template footnotes (XBRL calculation relationships / EBA validation rules):

    each: {table: T3, row: any}                  # every row of the table (optionally side: 支出)
    assert: 合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出

    each: document                                # once per document, cells addressed as TABLE[row].column
    assert: T4[收入:政府性基金预算财政拨款].决算数 = T8[合计].本年收入

A row selector is a function/economic code (``T6[30217]``), a row name (``T5[合计]`` — also the table's total
row), optionally with its side (``T4[支出:本年支出合计]``). Terms are added with ``+`` and subtracted with
``−``; the relation is ``=``, ``≤`` or ``≥``. Each instance becomes one ``identity`` observation whose
``left``/``right`` interval bounds come from ``juesuan.text.intervals`` (sums of printed intervals; cells of
tables printed in 元 are compared in 万元); the rule engine decides. An instance whose cells are not printed
is not observed. ``parse_identity`` is shared with the rule-file validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document, Row, Table
from juesuan.observe.facts import Evidence, Fact
from juesuan.observe.table_access import ev_row, ref, row_label, table_name, to_wan, total_row, usable
from juesuan.text.intervals import ZERO, Check, interval_sum

_REL = re.compile(r"^\s*(.+?)\s*(=|≤|<=|≥|>=)\s*(.+?)\s*$")
_CELL = re.compile(r"^(T\d|Y\d)\[(?:(收入|支出):)?([^\]]+)\]\.(\S+)$")
_OPS = {"=": "=", "≤": "≤", "<=": "≤", "≥": "≥", ">=": "≥"}


class IdentityError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    sign: int  # +1 / −1
    column: str
    table: str | None = None  # document form: the cell's table, side and row selector
    side: str | None = None
    row: str | None = None

    def text(self) -> str:
        return self.column if self.table is None else f"{self.table}[{self.side + ':' if self.side else ''}{self.row}].{self.column}"


@dataclass(frozen=True)
class Identity:
    code: str  # the rule's stable code: the observations' ``check``
    op: str
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    table: str | None = None  # row form: the table and side whose rows are expanded; None: document form
    side: str | None = None
    rows: str = "any"  # any | total | classes (3-digit codes)
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


def _terms(text: str, document: bool) -> tuple[Term, ...]:
    out: list[Term] = []
    for m in re.finditer(r"([+\-−]?)\s*([^+\-−]+)", text.strip()):
        sign = -1 if m.group(1) in ("-", "−") else 1
        tok = m.group(2).strip()
        if not tok:
            continue
        if document:
            c = _CELL.match(tok)
            if not c:
                raise IdentityError(f"a cell is written TABLE[row].column, e.g. T5[合计].合计: {tok!r}")
            out.append(Term(sign, c.group(4), c.group(1), c.group(2), c.group(3)))
        else:
            out.append(Term(sign, tok))
    if not out:
        raise IdentityError(f"empty side: {text!r}")
    return tuple(out)


def parse_identity(code: str, each: Any, assertion: Any) -> Identity:
    """The declaration of a rule file with ``each:`` (raises IdentityError with the reason)."""
    m = _REL.match(str(assertion))
    if not m:
        raise IdentityError(f"not an identity: {assertion!r}")
    document = each == "document"
    if not document and not (isinstance(each, dict) and each.get("table")):
        raise IdentityError("each: is 'document' or {table: T#, row: any|total|classes, side: 收入|支出}")
    left, right = _terms(m.group(1), document), _terms(m.group(3), document)
    if not document and (len(left) != 1 or left[0].sign < 0):
        raise IdentityError(f"the row form states one column on the left: {assertion!r}")
    spec = each if isinstance(each, dict) else {}
    rows = str(spec.get("row", "any"))
    if rows not in ("any", "total", "classes"):
        raise IdentityError(f"row: any | total | classes, not {rows!r}")
    labels = {k: str(spec[k]) for k in ("label", "parts_label") if k in spec}
    return Identity(code, _OPS[m.group(2)], left, right, None if document else str(spec["table"]), spec.get("side"), rows, labels)


# ------------------------------------------------------------------------------------------ expansion


def _select(t: Table, side: str | None, sel: str) -> Row | None:
    rows = [r for r in t.rows if side is None or r.side == side]
    if sel.isdigit():
        return next((r for r in rows if r.code == sel), None)
    hit = next((r for r in rows if r.name == sel), None)
    if hit is None and sel in ("合计", "总计"):
        tot = total_row(t)
        hit = tot if tot is not None and (side is None or tot.side == side) else None
    return hit


def _observation(idn: Identity, key: str, left: list[tuple[Table, Row, str, Decimal]], right: list[tuple[Table, Row, str, Decimal, int]],
                 fields: dict[str, Any]) -> Fact:
    """One instance: Σleft (op) Σright, with its interval bounds and every printed cell as evidence."""
    lv = [v for *_, v in left]
    plus = [v for *_, v, s in right if s > 0]
    minus = [v for *_, v, s in right if s < 0]
    liv = interval_sum(lv)
    riv = interval_sum(plus) - interval_sum(minus)
    stated, expected = sum(lv, ZERO), sum(plus, ZERO) - sum(minus, ZERO)
    diff = stated - expected
    holds_exactly = diff == 0 if idn.op == "=" else (diff <= 0 if idn.op == "≤" else diff >= 0)
    status = "ok" if holds_exactly else ("tail" if liv.meets(riv) else "break")
    chk = Check(stated, expected, diff, (liv.hi - liv.lo + riv.hi - riv.lo) / 2, status, liv, riv)
    seen: set[int] = set()
    evidence: list[Evidence] = []
    for t, r, c, *_ in left + right:
        if id(r) not in seen and len(evidence) < 8:
            evidence.append(ev_row(t, r, c))
            seen.add(id(r))
    t0, r0, c0, _ = left[0]
    return Fact(
        kind="identity", key=f"{idn.code}|{key}",
        fields={"check": idn.code, "group": "arithmetic", "$status": chk.status, **chk.bounds(), "table": t0.id,
                "table_name": table_name(t0), "row_label": row_label(r0), "column": c0, "total_ref": ref(t0, r0, c0),
                "depends": "", "depends2": "", "difference_abs": float(abs(chk.difference)), **fields},
        evidence=evidence,
        values={"stated": chk.stated, "expected": chk.expected, "difference": chk.difference, "envelope": chk.envelope},
    )


def _row_instances(doc: Document, idn: Identity) -> list[Fact]:
    t = usable(doc, idn.table or "")
    if t is None:
        return []
    out: list[Fact] = []
    lcol = idn.left[0].column
    parts_label = idn.labels.get("parts_label") or "".join(
        ("+" if x.sign > 0 else "−") + x.column for x in idn.right if x.column in t.columns).lstrip("+") or "各列"
    for r in t.rows:
        if idn.side and r.side != idn.side:
            continue
        if idn.rows == "total" and r is not total_row(t) or idn.rows == "classes" and len(r.code or "") != 3:
            continue
        stated = r.values.get(lcol)
        parts = [(t, r, x.column, r.values[x.column], x.sign) for x in idn.right if r.values.get(x.column) is not None]
        if stated is None or not parts:
            continue  # not stated: nothing to observe
        out.append(_observation(idn, ref(t, r, lcol), [(t, r, lcol, stated)], parts,
                                {"label": idn.labels.get("label") or lcol, "parts_label": parts_label, "row_identity": True}))
    return out


def _cell(doc: Document, x: Term) -> tuple[Table, Row, str, Decimal] | None:
    t = usable(doc, x.table or "")
    r = _select(t, x.side, x.row or "") if t is not None else None
    v = r.values.get(x.column) if r is not None else None
    return None if t is None or r is None or v is None else (t, r, x.column, to_wan(t, v))


def _document_instance(doc: Document, idn: Identity) -> list[Fact]:
    left = [_cell(doc, x) for x in idn.left]
    right = [_cell(doc, x) for x in idn.right]
    if any(c is None for c in left) or all(c is None for c in right):
        return []  # a side not printed: nothing to observe
    lcells = [c for c in left if c is not None]
    rcells = [(*c, x.sign) for c, x in zip(right, idn.right, strict=True) if c is not None]
    fields = {"label": " + ".join(x.text() for x in idn.left), "parts_label": " ".join(("+ " if x.sign > 0 else "− ") + x.text() for x in idn.right).lstrip("+ "),
              "row_identity": False}
    return [_observation(idn, "document", lcells, rcells, fields)]


def expand(doc: Document, identities: list[Identity]) -> list[Fact]:
    """Every observed instance of the declared identities, in declaration order."""
    out: list[Fact] = []
    for idn in identities:
        out.extend(_row_instances(doc, idn) if idn.table is not None else _document_instance(doc, idn))
    return out
