"""Number formatting for display: the one home of the formatters of facts, outlier notes and the UI.

* ``fmt(d)`` — a Decimal in fact fields and finding messages: fixed point, no exponent, a
  computation's extra decimals cut to 2 places; "" for None.
* ``fmt_number(x, digits)`` — a statistic (float or Decimal) in outlier notes: trailing zeros
  trimmed, ∞ for infinities, "—" for None.
* ``fmt_value(v)`` — any value of a finding in the workspace: Decimals and floats in fixed point,
  lists joined with "、", mappings as "k=v" joined with "；", "—" for None.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any


def fmt(d: Decimal | None) -> str:
    """Decimal for display: fixed point, no exponent, trailing zeros of the computation trimmed to 2 places."""
    if d is None:
        return ""
    if d == d.to_integral_value() and d.as_tuple().exponent >= 0:
        return str(d.quantize(Decimal(1)))
    q = d.quantize(Decimal("0.01")) if d.as_tuple().exponent < -2 else d
    return format(q, "f")


def fmt_number(x: float | Decimal | None, digits: int = 2) -> str:
    """A statistic for display: at most ``digits`` decimals, trailing zeros trimmed."""
    if x is None:
        return "—"
    if isinstance(x, Decimal):
        return format(x.normalize(), "f") if x == x.to_integral() else format(x, "f")
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def fmt_value(v: Any) -> str:
    """Any finding value for display in the workspace."""
    if v is None:
        return "—"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, float):
        return format(Decimal(repr(v)), "f")
    if isinstance(v, (list, tuple)):
        return "、".join(fmt_value(x) for x in v)
    if isinstance(v, dict):
        return "；".join(f"{k}={fmt_value(x)}" for k, x in v.items())
    return str(v)


def fmt_field(v: Any) -> str:
    """A fact field in a finding message: Decimals as ``fmt``, floats in %g, "" for None."""
    if isinstance(v, Decimal):
        return fmt(v)
    if isinstance(v, float):
        return f"{v:g}"
    return "" if v is None else str(v)
