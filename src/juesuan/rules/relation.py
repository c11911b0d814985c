"""The relation a rule states (``assert:``), compiled to the durable-rules condition that finds where it fails.

A rule says what must hold, in the words of the template footnote; the engine fires where it does not.
Notation (one relation per line; a list means "all of these must hold"):

    left = right                        interval observation fields: the printed intervals must meet
    left ≤ right                        part ≤ whole (fails only when the part's interval lies wholly above)
    score = weight × exec_share         a formula: the right side scaled by a field or a profile parameter
    stated_count = disclosed_count      scalar fields: plain comparison
    count ≤ param.max_placeholders      a profile parameter (``param.NAME``) or a literal (12.5, 'text', true)

Operators: ``= ≤ ≥ < > ≠`` (ASCII ``== <= >= !=`` too), product ``×`` (or ``*``). A name is an interval when
the observation kind declares it (``juesuan.observe.schema.interval_fields``): the fields ``NAME_lo``/``NAME_hi``
carry its bounds. ``tolerance`` widens the comparison: ``printed`` (the default: the intervals only) or an
absolute amount (a number or ``param.NAME``).

``unless`` in the rule file may be written as a mapping the compiler turns into a durable-rules ``$not``
join — another observation whose own relation fails and whose field equals one of ours::

    unless: {observation: identity, where: {row_identity: true}, same: {total_ref: [depends, depends2]},
             fails: left = right}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from juesuan.observe.schema import interval_fields

_OPS = {"==": "=", "<=": "≤", ">=": "≥", "!=": "≠", "=": "=", "≤": "≤", "≥": "≥", "<": "<", ">": ">", "≠": "≠"}
_REL_RE = re.compile(r"^\s*(.+?)\s*(==|<=|>=|!=|=|≤|≥|<|>|≠)\s*(.+?)\s*$")
_NUM_RE = re.compile(r"^-?\d+(\.\d+)?$")
_NAME_RE = re.compile(r"^(param\.)?[A-Za-z_][A-Za-z0-9_]*$")


class RelationError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    """A field (interval or scalar), a profile parameter or a literal, optionally scaled by a factor term."""

    name: str | None = None
    literal: Any = None
    factor: Term | None = None

    @property
    def is_param(self) -> bool:
        return bool(self.name and self.name.startswith("param."))


def _atom(text: str) -> Term:
    t = text.strip()
    if _NUM_RE.match(t):
        return Term(literal=float(t))
    if t in ("true", "false"):
        return Term(literal=t == "true")
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        return Term(literal=t[1:-1])
    if _NAME_RE.match(t):
        return Term(name=t)
    raise RelationError(f"cannot read term {text!r}")


def _term(text: str) -> Term:
    parts = re.split(r"\s*[×*]\s*", text.strip())
    if len(parts) == 1:
        return _atom(parts[0])
    if len(parts) != 2:
        raise RelationError(f"only one product per side: {text!r}")
    a, b = _atom(parts[0]), _atom(parts[1])
    # the factor is the parameter / literal / scalar; the scaled quantity is the other one
    return Term(name=b.name, literal=b.literal, factor=a)


@dataclass(frozen=True)
class Relation:
    left: Term
    op: str
    right: Term
    text: str


def parse_relation(text: str) -> Relation:
    m = _REL_RE.match(text)
    if not m:
        raise RelationError(f"not a relation: {text!r}")
    left, op, right = _term(m.group(1)), _OPS[m.group(2)], _term(m.group(3))
    if left.factor is not None:
        raise RelationError(f"the product goes on the right-hand side: {text!r}")
    if left.name is None:
        raise RelationError(f"the left-hand side must be an observation field: {text!r}")
    return Relation(left, op, right, text.strip())


def relations(assertion: Any) -> list[Relation]:
    items = assertion if isinstance(assertion, list) else [assertion]
    return [parse_relation(str(x)) for x in items]


# ------------------------------------------------------------------------------------- compiling


def _param(name: str, params: dict[str, Any]) -> Any:
    key = name.split(".", 1)[1]
    if key not in params:
        raise RelationError(f"unknown profile parameter {name!r}")
    v = params[key]
    if isinstance(v, (list, dict)):
        raise RelationError(f"profile parameter {name!r} is not a single value")
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def _value(t: Term, params: dict[str, Any], suffix: str, intervals: frozenset[str]) -> Any:
    """The durable-rules right-hand side for ``t`` (``suffix`` ``_lo``/``_hi`` picks an interval bound)."""
    if t.name is None:
        base: Any = t.literal
    elif t.is_param:
        base = _param(t.name, params)
    elif t.name in intervals:
        base = {"$m": t.name + suffix}
    else:
        base = {"$m": t.name}
    if t.factor is not None:
        f = _value(t.factor, params, "", intervals)
        if not isinstance(base, dict) and not isinstance(f, dict):
            return float(base) * float(f)
        return {"$mul": {"$l": f, "$r": base}}
    return base


def _shift(v: Any, tol: Any, sign: str) -> Any:
    if tol in (None, 0, 0.0):
        return v
    if not isinstance(v, dict) and not isinstance(tol, dict):
        return float(v) + float(tol) if sign == "$add" else float(v) - float(tol)
    return {sign: {"$l": v, "$r": tol}}


def _cmp(op: str, field: str, rhs: Any) -> dict[str, Any]:
    if op == "$eq":
        return {field: rhs}
    return {op: {field: rhs}}


def violation(rel: Relation, params: dict[str, Any], kind: str, tolerance: Any = None) -> dict[str, Any]:
    """The durable-rules condition true exactly where ``rel`` fails on an observation of ``kind``."""
    ivs = interval_fields(kind)
    tol: Any = None
    if tolerance not in (None, "printed"):
        tol = _param(str(tolerance), params) if str(tolerance).startswith("param.") else float(tolerance)
    left_iv = rel.left.name in ivs
    right_iv = rel.right.name in ivs if (rel.right.name and not rel.right.is_param) else False
    if left_iv or right_iv:
        llo = rel.left.name + "_lo" if left_iv else rel.left.name
        lhi = rel.left.name + "_hi" if left_iv else rel.left.name
        rlo = _shift(_value(rel.right, params, "_lo", ivs), tol, "$sub")
        rhi = _shift(_value(rel.right, params, "_hi", ivs), tol, "$add")
        assert llo is not None and lhi is not None
        above = _cmp("$gt", llo, rhi)  # the left interval lies wholly above the right one
        below = _cmp("$lt", lhi, rlo)
        if rel.op == "=":
            return {"$or": [above, below]}
        if rel.op == "≤":
            return above
        if rel.op == "≥":
            return below
        if rel.op == "<":
            return _cmp("$gte", llo, rhi)
        if rel.op == ">":
            return _cmp("$lte", lhi, rlo)
        raise RelationError(f"operator {rel.op} is not defined for intervals: {rel.text!r}")
    field = rel.left.name
    assert field is not None
    rhs = _value(rel.right, params, "", ivs)
    if tol is not None and rel.op in ("=", "≠"):
        raise RelationError(f"a tolerance needs interval fields: {rel.text!r}")
    neg = {"=": "$neq", "≠": "$eq", "≤": "$gt", "≥": "$lt", "<": "$gte", ">": "$lte"}[rel.op]
    if tol is not None:
        rhs = _shift(rhs, tol, "$add" if neg in ("$gt", "$gte") else "$sub")
    return _cmp(neg, field, rhs)


def compile_assert(assertion: Any, params: dict[str, Any], kind: str, tolerance: Any = None) -> dict[str, Any]:
    """Fires where any of the stated relations fails."""
    conds = [violation(r, params, kind, tolerance) for r in relations(assertion)]
    return conds[0] if len(conds) == 1 else {"$or": conds}


def referenced_fields(assertion: Any, kind: str) -> set[str]:
    """The observation fields a stated relation reads (an observation lacking one cannot be judged)."""
    ivs = interval_fields(kind)
    out: set[str] = set()

    def add(t: Term | None) -> None:
        if t is None:
            return
        if t.name and not t.is_param:
            out.update({t.name + "_lo", t.name + "_hi"} if t.name in ivs else {t.name})
        add(t.factor)

    for r in relations(assertion):
        add(r.left)
        add(r.right)
    return out


def compile_unless(unless: Any, params: dict[str, Any]) -> Any:
    """The ``unless`` notation to a durable-rules condition (a raw condition mapping passes through)."""
    if not isinstance(unless, dict) or "observation" not in unless:
        return unless
    kind = str(unless["observation"])
    parts: list[Any] = [{"kind": kind}]
    for k, v in (unless.get("where") or {}).items():
        parts.append({k: v})
    for field, theirs in (unless.get("same") or {}).items():
        refs = [{field: {"m": f}} for f in (theirs if isinstance(theirs, list) else [theirs])]
        parts.append(refs[0] if len(refs) == 1 else {"$or": refs})
    if unless.get("fails"):
        parts.append(compile_assert(unless["fails"], params, kind))  # the relation goes last (durable-rules needs the joins first)
    return {"$and": parts}
