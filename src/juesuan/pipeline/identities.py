"""The template identities of the standard tables, declared as data (``vocab/identities_*.yaml``),
parsed and evaluated on a parsed document with the rounding intervals of ``juesuan.text.intervals``.

Owns: the identity notation (see the YAML files' heads), ``load_identities(kind)`` and
``evaluate(doc)`` -> one ``IdentityResult`` per identity instance (per row, per code, per column),
each "ok" (exact), "tail" (inside the rounding envelope) or "break". An identity whose left-hand
cell or table is absent, or whose left-hand cell or every right-hand cell is blank, is not evaluated
(not counted); a missing addend row or a blank addend counts 0. Rows of column numbers (栏次 1 2 3 …) are not body rows.
Cross-table identities convert 万元 to 元 (``scaleb(4)``: the rounding interval scales too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import yaml

from juesuan.model.document import Document, Row, Table
from juesuan.text.intervals import check_sum
from juesuan.text.normalize import normalize_label

ZERO = Decimal(0)


@dataclass
class Ref:
    table: str
    names: tuple[str, ...] = ()  # alternative row names
    code: str | None = None
    side: str | None = None
    column: str | None = None


@dataclass
class Identity:
    text: str  # the declaration as written
    form: str  # "row" | "codes" | "total" | "side" | "cells"
    table: str  # the (first) table it concerns
    lhs: str | Ref | None = None
    plus: list = field(default_factory=list)  # Ref (cells) or column terms (each row)
    minus: list = field(default_factory=list)
    side: str | None = None  # form "side"
    names: tuple[str, ...] = ()  # form "side": the total row's names
    depth: int = 3  # form "codes": 3 levels (类/款/项) or 2 (类/款)


@dataclass
class IdentityResult:
    identity: str  # declaration text
    table: str
    where: str  # row / code / cells the instance concerns ("2010301", "合计", "Y1[收入:收入总计]")
    column: str | None
    stated: Decimal
    expected: Decimal
    difference: Decimal
    envelope: Decimal
    status: str  # ok | tail | break
    page: int | None = None


_REF = re.compile(r"^(?P<t>[TY]\d)\[(?:(?P<side>[^:\]]+):)?(?P<row>[^\]]+)\](?:\.(?P<col>.+))?$")


def _ref(s: str) -> Ref:
    m = _REF.match(s.strip())
    if not m:
        raise ValueError(f"bad cell reference: {s!r}")
    row = m.group("row")
    if row.startswith("#"):
        return Ref(m.group("t"), code=row[1:], side=m.group("side"), column=m.group("col"))
    return Ref(m.group("t"), names=tuple(normalize_label(x) for x in row.split("|")), side=m.group("side"),
               column=m.group("col"))


Term = str | tuple  # a column name, or ("alt", [(plus, minus), ...]) — the first alternative present


def _split_top(expr: str, seps: str) -> list[str]:
    """Split on single-character separators outside parentheses (keeping + and - as items); + and -
    separate only with a space on each side ("上年结转结余-一般公共预算" is one column name)."""
    out: list[str] = []
    depth = 0
    cur = ""
    for i, ch in enumerate(expr):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth == 0 and ch in seps and (ch == "|" or (cur.endswith(" ") and i + 1 < len(expr) and expr[i + 1] == " ")):
            out.append(cur)
            out.append(ch)
            cur = ""
            continue
        cur += ch
    out.append(cur)
    return out


def _column_terms(expr: str) -> tuple[list[Term], list[Term]]:
    """ "A + (B | C + D) - E" -> ([A, ("alt", [([B], []), ([C, D], [])])], [E])."""
    plus: list[Term] = []
    minus: list[Term] = []
    sign = "+"
    for tok in _split_top(" " + expr.strip(), "+-"):
        t = tok.strip()
        if t in ("+", "-"):
            sign = t
            continue
        if not t:
            continue
        term: Term = t
        if t.startswith("(") and t.endswith(")"):
            alts = [a for a in _split_top(t[1:-1], "|") if a != "|"]
            term = ("alt", [_column_terms(a) for a in alts])
        (plus if sign == "+" else minus).append(term)
    return plus, minus


def _names(terms: list[Term]) -> list[str]:
    out: list[str] = []
    for t in terms:
        if isinstance(t, str):
            out.append(t)
        else:
            for p, m in t[1]:
                out.extend(_names(p) + _names(m))
    return out


def _resolve(terms: list[Term], present: set[str]) -> tuple[list[str], list[str]]:
    """Column terms -> (columns added, columns subtracted) among the present columns."""
    plus: list[str] = []
    minus: list[str] = []
    for t in terms:
        if isinstance(t, str):
            if t in present:
                plus.append(t)
            continue
        for p, m in t[1]:
            if set(_names(p) + _names(m)) & present:
                pp, pm = _resolve(p, present)
                mp, mm = _resolve(m, present)
                plus.extend(pp + mm)
                minus.extend(pm + mp)
                break
    return plus, minus


def _terms(expr: str) -> tuple[list[str], list[str]]:
    toks = re.split(r"\s+([+-])\s+", " " + expr.strip())
    plus: list[str] = []
    minus: list[str] = []
    sign = "+"
    for t in toks:
        t = t.strip()
        if t in ("+", "-"):
            sign = t
        elif t:
            (plus if sign == "+" else minus).append(t)
    return plus, minus


def parse_identity(text: str) -> Identity:
    """One declaration line -> ``Identity`` (raises ``ValueError`` on a malformed line)."""
    head, _, body = text.partition(":")
    head, body = head.strip(), body.strip()
    tid = head[:2]
    if not re.fullmatch(r"[TY]\d", tid) or not body:
        raise ValueError(f"bad identity: {text!r}")
    if head.endswith("each row"):
        lhs, _, rhs = body.partition("=")
        cplus, cminus = _column_terms(rhs)
        return Identity(text, "row", tid, lhs=lhs.strip(), plus=cplus, minus=cminus)
    if head.endswith("codes"):
        return Identity(text, "codes", tid, depth=body.count("Σ") + 1)
    if head.endswith("total"):
        return Identity(text, "total", tid, lhs=normalize_label(body.partition("=")[0]))
    if " side " in head:
        lhs, _, _ = body.partition("=")
        return Identity(text, "side", tid, side=head.split(" side ")[1].strip(),
                        names=tuple(normalize_label(x) for x in lhs.strip().split("|")))
    lhs, _, rhs = body.partition("=")
    p, m = _terms(rhs)
    return Identity(text, "cells", tid, lhs=_ref(lhs), plus=[_ref(x) for x in p], minus=[_ref(x) for x in m])


@lru_cache(maxsize=4)
def load_identities(kind: str | None) -> tuple[Identity, ...]:
    """The declared identities of a document kind (决算 when unknown)."""
    name = "identities_yusuan.yaml" if kind == "预算" else "identities_juesuan.yaml"
    data = yaml.safe_load(resources.files("juesuan.vocab").joinpath(name).read_text(encoding="utf-8"))
    return tuple(parse_identity(s) for s in data["identities"])


# --------------------------------------------------------------------------- evaluation


def _in_yuan(v: Decimal, unit: str | None) -> Decimal:
    return v.scaleb(4) if unit == "万元" else v


def _find_row(t: Table, ref: Ref) -> Row | None:
    for r in t.rows:
        if ref.side and r.side != ref.side:
            continue
        if ref.code is not None:
            if r.code == ref.code:
                return r
        elif r.code is None and normalize_label(r.name) in ref.names:
            return r
    return None


def _cell(doc: Document, ref: Ref) -> tuple[Row | None, Decimal | None, bool]:
    """(row, value in 元-or-table-unit, found) for a reference."""
    t = doc.table(ref.table)
    if t is None:
        return None, None, False
    r = _find_row(t, ref)
    if r is None:
        return None, None, False
    col = ref.column or next(iter(r.values), None)
    if col is None or col not in r.values:
        return r, None, False
    v = r.values[col]
    return r, (None if v is None else _in_yuan(v, t.money_unit or doc.money_unit)), True


def _result(ident: Identity, where: str, col: str | None, total: Decimal, plus: list[Decimal],
            minus: list[Decimal], page: int | None) -> IdentityResult:
    c = check_sum(total, plus, minus=minus)
    return IdentityResult(ident.text, ident.table, where, col, c.stated, c.expected, c.difference, c.envelope,
                          c.status, page)


def _eval_cells(doc: Document, ident: Identity) -> list[IdentityResult]:
    assert isinstance(ident.lhs, Ref)
    row, total, found = _cell(doc, ident.lhs)
    if not found:
        return []
    vals_p = [_cell(doc, r)[1] for r in ident.plus if isinstance(r, Ref)]
    vals_m = [_cell(doc, r)[1] for r in ident.minus if isinstance(r, Ref)]
    if not any(r is not None and _cell(doc, r)[2] for r in ident.plus if isinstance(r, Ref)):
        return []
    if total is None or all(v is None for v in vals_p + vals_m):
        return []  # a side is blank: not stated, nothing to check
    z = ZERO
    lhs = ident.lhs
    where = f"{lhs.table}[{(lhs.side + ':') if lhs.side else ''}{lhs.code or lhs.names[0]}]"
    return [_result(ident, where, lhs.column, total if total is not None else z,
                    [v if v is not None else z for v in vals_p], [v if v is not None else z for v in vals_m],
                    row.page if row else None)]


def _eval_rows(t: Table, ident: Identity) -> list[IdentityResult]:
    out: list[IdentityResult] = []
    lhs = str(ident.lhs)
    if lhs not in t.columns:
        return out
    present = set(t.columns)
    plus, m1 = _resolve(ident.plus, present)
    p2, minus = _resolve(ident.minus, present)
    plus, minus = plus + m1, minus + p2
    if not plus:
        return out
    for r in t.rows:
        if _lanci(r):
            continue
        total = r.values.get(lhs)
        ps = [r.values.get(c) for c in plus]
        ms = [r.values.get(c) for c in minus]
        if total is None or all(v is None for v in ps + ms):
            continue
        out.append(_result(ident, r.code or r.name, lhs, total, [v or ZERO for v in ps], [v or ZERO for v in ms],
                           r.page))
    return out


def _lanci(r: Row) -> bool:
    """A header row of column numbers read as data (栏次 1 2 3 …): not a body row."""
    vals = [v for v in r.values.values() if v is not None]
    return len(vals) >= 2 and all(v == i + 1 for i, v in enumerate(vals)) and r.code is None


def _value_columns(t: Table) -> list[str]:
    cols: list[str] = []
    for r in t.rows:
        for k in r.values:
            if k not in cols:
                cols.append(k)
    return cols


def _children(rows: list[Row], code: str, length: int) -> list[Row]:
    return [r for r in rows if r.code and len(r.code) == length and r.code.startswith(code)]


def _eval_codes(t: Table, ident: Identity) -> list[IdentityResult]:
    out: list[IdentityResult] = []
    coded = [r for r in t.rows if r.code]
    levels = (3, 5, 7) if ident.depth >= 3 else (3, 5)
    for col in _value_columns(t):
        for a, b in zip(levels, levels[1:], strict=False):
            for parent in (r for r in coded if len(r.code or "") == a):
                kids = _children(coded, parent.code or "", b)
                total = parent.values.get(col)
                vals = [k.values.get(col) for k in kids]
                if not kids or (total is None and all(v is None for v in vals)):
                    continue
                out.append(_result(ident, parent.code or "", col, total or ZERO, [v or ZERO for v in vals],
                                   [], parent.page))
    return out


def _eval_total(t: Table, ident: Identity) -> list[IdentityResult]:
    out: list[IdentityResult] = []
    tot = next((r for r in t.rows if r.code is None and normalize_label(r.name) == ident.lhs), None)
    lei = [r for r in t.rows if r.code and len(r.code) == 3]
    if tot is None or not lei:
        return out
    for col in _value_columns(t):
        total = tot.values.get(col)
        vals = [r.values.get(col) for r in lei]
        if total is None and all(v is None for v in vals):
            continue
        out.append(_result(ident, tot.name, col, total or ZERO, [v or ZERO for v in vals], [], tot.page))
    return out


def _eval_side(t: Table, ident: Identity) -> list[IdentityResult]:
    rows = [r for r in t.rows if r.side == ident.side]
    tot = next((r for n in ident.names for r in rows if r.code is None and normalize_label(r.name) == n), None)
    lei = [r for r in rows if r.code and len(r.code) == 3]
    if tot is None or len(lei) < 2:
        return []
    out: list[IdentityResult] = []
    for col in tot.values:
        total = tot.values.get(col)
        vals = [r.values.get(col) for r in lei]
        if total is None or all(v is None for v in vals):
            continue
        out.append(_result(ident, f"{ident.side}:{tot.name}", col, total, [v or ZERO for v in vals], [], tot.page))
    return out


def evaluate(doc: Document, identities: tuple[Identity, ...] | None = None) -> list[IdentityResult]:
    """Every applicable identity instance of the document's kind, in declaration order."""
    out: list[IdentityResult] = []
    for ident in identities if identities is not None else load_identities(doc.report_kind):
        if ident.form == "cells":
            out.extend(_eval_cells(doc, ident))
            continue
        t = doc.table(ident.table)
        if t is None or not t.rows:
            continue
        if ident.form == "row":
            out.extend(_eval_rows(t, ident))
        elif ident.form == "codes":
            out.extend(_eval_codes(t, ident))
        elif ident.form == "total":
            out.extend(_eval_total(t, ident))
        elif ident.form == "side":
            out.extend(_eval_side(t, ident))
    return out
