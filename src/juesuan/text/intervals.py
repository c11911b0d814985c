"""Rounding envelopes (GUIDE §3; XBRL Calculations 1.1 as Arelle implements it).

A printed value with d decimals stands for the interval [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]. A sum
identity holds when the interval of the sum of the addends meets the interval of the total;
a stated percentage holds when its interval meets the interval of the recomputed ratio.
Status: "ok" (exact), "tail" (differs but inside the envelope: 尾数误差, at most info),
"break" (the intervals cannot meet).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


def half_unit(v: Decimal) -> Decimal:
    """Half a unit of the last printed digit: 0.005 for 317.61, 0.5 for 12, 0.05 for 0.0."""
    exp = v.as_tuple().exponent
    if not isinstance(exp, int):
        return ZERO
    return Decimal(5).scaleb(exp - 1)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def of(cls, v: Decimal) -> Interval:
        h = half_unit(v)
        return cls(v - h, v + h)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def interval_sum(values: Iterable[Decimal]) -> Interval:
    total = Interval(ZERO, ZERO)
    for v in values:
        total = total + Interval.of(v)
    return total


@dataclass(frozen=True)
class Check:
    stated: Decimal
    expected: Decimal
    difference: Decimal
    envelope: Decimal
    status: str  # ok | tail | break
    left: Interval | None = None  # the stated side as an interval (what a rule compares)
    right: Interval | None = None  # the recomputed side as an interval

    def bounds(self) -> dict[str, float]:
        """``left_lo/left_hi/right_lo/right_hi`` as floats for the rule engine (order-preserving for printed money)."""
        out: dict[str, float] = {}
        for side, iv in (("left", self.left), ("right", self.right)):
            if iv is not None:
                out[f"{side}_lo"], out[f"{side}_hi"] = float(iv.lo), float(iv.hi)
        return out


def check_sum(total: Decimal, addends: Iterable[Decimal], *, minus: Iterable[Decimal] = ()) -> Check:
    """Does ``total`` = Σ addends − Σ minus hold within the rounding envelope?"""
    adds = list(addends)
    subs = list(minus)
    expected = sum(adds, ZERO) - sum(subs, ZERO)
    iv = interval_sum(adds) - interval_sum(subs)
    envelope = half_unit(total) + sum((half_unit(v) for v in adds + subs), ZERO)
    diff = total - expected
    if diff == 0:
        status = "ok"
    elif Interval.of(total).meets(iv):
        status = "tail"
    else:
        status = "break"
    return Check(total, expected, diff, envelope, status, Interval.of(total), iv)


def check_equal(a: Decimal, b: Decimal) -> Check:
    """Two printed figures for the same quantity."""
    return check_sum(a, [b])


def check_le(part: Decimal, whole: Decimal) -> Check:
    """part ≤ whole (never equality); break only when the part's interval lies wholly above the whole's."""
    envelope = half_unit(part) + half_unit(whole)
    diff = part - whole
    if diff <= 0:
        status = "ok"
    elif Interval.of(part).lo <= Interval.of(whole).hi:
        status = "tail"
    else:
        status = "break"
    return Check(part, whole, diff, envelope, status, Interval.of(part), Interval.of(whole))


def ratio_interval(num: Decimal, den: Decimal, *, scale: Decimal = Decimal(100)) -> Interval | None:
    """Interval of num/den·scale when both are printed intervals; None if den may be 0."""
    n, d = Interval.of(num), Interval.of(den)
    if d.lo <= 0 <= d.hi:
        return None
    cands = [n.lo / d.lo, n.lo / d.hi, n.hi / d.lo, n.hi / d.hi]
    return Interval(min(cands) * scale, max(cands) * scale)


def check_percent(stated: Decimal, num: Decimal, den: Decimal, *, scale: Decimal = Decimal(100)) -> Check | None:
    """Does a stated percentage match num/den? None when den is (possibly) zero."""
    iv = ratio_interval(num, den, scale=scale)
    if iv is None:
        return None
    expected = (num / den * scale).quantize(Decimal("0.01"))
    s_iv = Interval.of(stated)
    diff = stated - expected
    envelope = (iv.hi - iv.lo) / 2 + half_unit(stated)
    if s_iv.meets(iv):
        status = "ok" if diff == 0 else "tail"
    else:
        status = "break"
    return Check(stated, expected, diff, envelope.quantize(Decimal("0.0001")), status, s_iv, iv)


# ---------------------------------------------------------------- helpers of the narrative checks


def interval_bounds(d: Decimal) -> tuple[Decimal, Decimal]:
    """(lo, hi) of the printed value ``d``: d ∓ half a unit of its last digit."""
    h = half_unit(d)
    return d - h, d + h


def percent_range(a: Decimal, b: Decimal) -> tuple[Decimal, Decimal] | None:
    """a/b in percent as a (lo, hi) range for printed, non-negative a and b; the lower end is
    clamped at 0. None when b's interval reaches 0 (the ratio is unbounded)."""
    a0, a1 = interval_bounds(a)
    b0, b1 = interval_bounds(b)
    if b0 <= 0:
        return None
    lo = max(a0, Decimal(0)) / b1 * 100
    hi = a1 / b0 * 100
    return lo, hi


def pct_holds(stated: Decimal, rng: tuple[Decimal, Decimal]) -> bool:
    """Does the interval of the stated percentage meet the range ``rng``?"""
    s0, s1 = interval_bounds(stated)
    return s1 >= rng[0] and s0 <= rng[1]


def sum_holds(total: Decimal, parts: list[Decimal]) -> tuple[bool, Decimal, Decimal]:
    """(holds, Σparts, envelope): |total − Σparts| ≤ half units of the total and every part."""
    s = sum(parts, Decimal(0))
    env = half_unit(total) + sum((half_unit(p) for p in parts), Decimal(0))
    return abs(total - s) <= env, s, env


def q2(d: Decimal) -> Decimal:
    """``d`` rounded to two decimals."""
    return d.quantize(Decimal("0.01"))


def pct_precision(stated: Decimal) -> Decimal:
    """One unit of the stated value's last digit (0.01 when the exponent is unknown)."""
    exp = stated.as_tuple().exponent
    return Decimal(1).scaleb(exp if isinstance(exp, int) else -2)
