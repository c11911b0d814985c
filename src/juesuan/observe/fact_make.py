"""Helpers the D/E/F fact extractors build facts with: ``ev`` (one evidence item), ``make_fact``
(a Fact whose Decimal values are also exposed as display strings) and ``register`` (registers the
extractor with ``juesuan.observe.facts.fact_extractor`` and indexes it by kind in
``LOCAL_REGISTRY``, so a test can run one kind's extractor on its own).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from juesuan.observe.facts import Evidence, Fact, fact_extractor
from juesuan.text.format import fmt
from juesuan.text.normalize import snippet

LOCAL_REGISTRY: dict[str, Callable[..., list[Any]]] = {}


def ev(
    text: str,
    page: int | None = None,
    line: int | None = None,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
) -> Evidence:
    """One evidence item: a verbatim snippet (≤200 chars) with its position."""
    return Evidence(page=page, line=line, text=snippet(text or ""), table=table, row=row, column=column)


def make_fact(
    kind: str,
    key: str,
    fields: dict[str, Any],
    evidence: list[Any],
    values: dict[str, Decimal | None] | None = None,
) -> Fact:
    vals = dict(values or {})
    flds = {"kind": kind, **{k: v for k, v in fields.items() if v is not None}}
    if "left_lo" not in flds:
        flds.update(stated_bounds(vals))
    # Decimal values also exposed as strings (display) for message templates
    for k, v in vals.items():
        if v is not None and k not in flds:
            flds[k] = fmt(v)
    return Fact(kind=kind, key=key, fields=flds, evidence=evidence, values=vals)


def stated_bounds(values: dict[str, Decimal | None]) -> dict[str, float]:
    """``left`` = the stated figure, ``right`` = the expected one widened by the envelope (when the observation has both).

    The relation ``left = right`` then fails exactly where |stated − expected| > envelope."""
    s, e = values.get("stated"), values.get("expected")
    if not isinstance(s, Decimal) or not isinstance(e, Decimal):
        return {}
    env = values.get("envelope") or Decimal(0)
    return {"left_lo": float(s), "left_hi": float(s), "right_lo": float(e - env), "right_hi": float(e + env)}


def register(kind: str) -> Callable[[Callable[..., list[Any]]], Callable[..., list[Any]]]:
    def deco(fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        LOCAL_REGISTRY[kind] = fn
        return fact_extractor(kind)(fn)

    return deco
