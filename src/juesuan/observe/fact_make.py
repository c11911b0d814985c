"""Thin bridge between the D/E/F fact extractors and the rule mechanism (engine/facts.py).

The extractors in facts_narrative / facts_performance / facts_hygiene build facts through
``make_fact`` and ``ev`` and register through ``register``. When juesuan.observe.facts is importable,
these are its ``Fact``, ``Evidence`` and ``fact_extractor``; otherwise a local stand-in with
the same attributes is used so the extractors stay testable on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from juesuan.text.normalize import snippet

try:  # the mechanism owned by the rules-core engineer
    from juesuan.observe.facts import Evidence as _Evidence  # type: ignore[attr-defined]
    from juesuan.observe.facts import Fact as _Fact  # type: ignore[attr-defined]
    from juesuan.observe.facts import fact_extractor as _fact_extractor  # type: ignore[attr-defined]
except Exception:  # pragma: no cover - only before engine/facts.py exists
    _Evidence = None
    _Fact = None
    _fact_extractor = None


@dataclass
class LocalEvidence:
    page: int | None = None
    line: int | None = None
    text: str = ""
    table: str | None = None
    row: str | None = None
    column: str | None = None


@dataclass
class LocalFact:
    kind: str
    key: str
    fields: dict[str, Any] = field(default_factory=dict)
    evidence: list[Any] = field(default_factory=list)
    values: dict[str, Decimal | None] = field(default_factory=dict)


LOCAL_REGISTRY: dict[str, Callable[..., list[Any]]] = {}


def ev(
    text: str,
    page: int | None = None,
    line: int | None = None,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
) -> Any:
    """One evidence item: a verbatim snippet (≤200 chars) with its position."""
    kw = dict(page=page, line=line, text=snippet(text or ""), table=table, row=row, column=column)
    if _Evidence is not None:
        try:
            return _Evidence(**kw)
        except TypeError:
            pass
    return LocalEvidence(**kw)


def make_fact(
    kind: str,
    key: str,
    fields: dict[str, Any],
    evidence: list[Any],
    values: dict[str, Decimal | None] | None = None,
) -> Any:
    vals = dict(values or {})
    flds = {"kind": kind, **{k: v for k, v in fields.items() if v is not None}}
    # Decimal values also exposed as strings (display) for message templates
    for k, v in vals.items():
        if v is not None and k not in flds:
            flds[k] = fmt(v)
    if _Fact is not None:
        try:
            return _Fact(kind=kind, key=key, fields=flds, evidence=evidence, values=vals)
        except TypeError:
            pass
    return LocalFact(kind=kind, key=key, fields=flds, evidence=evidence, values=vals)


def register(kind: str) -> Callable[[Callable[..., list[Any]]], Callable[..., list[Any]]]:
    def deco(fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        LOCAL_REGISTRY[kind] = fn
        if _fact_extractor is not None:
            return _fact_extractor(kind)(fn)
        return fn

    return deco


def fmt(d: Decimal | None) -> str:
    """Decimal for display: fixed point, no exponent, trailing zeros of the computation trimmed to 2 places."""
    if d is None:
        return ""
    if d == d.to_integral_value() and d.as_tuple().exponent >= 0:
        return str(d.quantize(Decimal(1)))
    q = d.quantize(Decimal("0.01")) if d.as_tuple().exponent < -2 else d
    return format(q, "f")
