"""Robust statistics: median, MAD and robust z-scores within peer groups.

``robust_z(x, values)`` = 0.6745·(x − median)/MAD (Iglewicz–Hoaglin modified z). When MAD is 0
(more than half the peers share one value) the mean absolute deviation ×1.2533 is used, and when
that is 0 too the z is 0 for x == median and ±inf otherwise.

``peer_stats`` picks the first peer group (finest first) with at least ``MIN_PEERS`` documents, and
otherwise reports honestly that the group is too small, so callers fall back to domain bounds.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

MIN_PEERS = 8


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else math.nan


def mad(values: Sequence[float]) -> float:
    """Median absolute deviation (unscaled)."""
    if not values:
        return math.nan
    m = median(values)
    return median([abs(v - m) for v in values])


def robust_z(x: float, values: Sequence[float]) -> float:
    if not values:
        return 0.0
    m = median(values)
    d = mad(values)
    if d > 0:
        return 0.6745 * (x - m) / d
    mean_ad = sum(abs(v - m) for v in values) / len(values)
    if mean_ad > 0:
        return (x - m) / (1.2533 * mean_ad)
    if x == m:
        return 0.0
    return math.copysign(math.inf, x - m)


@dataclass
class PeerStats:
    group: str  # Chinese label of the group used ("市级·行政单位·500–5000万元", "全部单位")
    n: int  # documents in the group that have the feature
    median: float | None
    mad: float | None
    usable: bool  # n >= MIN_PEERS
    note: str  # honest remark, e.g. "同类组过小（n=5），按业务合理区间判断"
    values: list[tuple[str, float]] = field(default_factory=list)  # (unit label, value) of the peers


def peer_stats(groups: Sequence[tuple[str, Sequence[tuple[str, float]]]], min_peers: int = MIN_PEERS) -> PeerStats:
    """``groups``: (label, [(unit, value)]) from the finest group to the whole corpus.

    The first group with ≥ ``min_peers`` values is used; otherwise the finest group is described
    with a "too small" note and ``usable`` False."""
    tried: list[str] = []
    for label, vals in groups:
        xs = [v for _, v in vals if v is not None and math.isfinite(v)]
        if len(xs) >= min_peers:
            note = f"同类组“{label}”（n={len(xs)}）"
            if tried:
                note = f"更细的同类组样本不足（{'；'.join(tried)}），改用“{label}”（n={len(xs)}）"
            return PeerStats(label, len(xs), median(xs), mad(xs), True, note, [(u, v) for u, v in vals])
        tried.append(f"{label} n={len(xs)}")
    label, vals = groups[-1] if groups else ("全部单位", [])
    xs = [v for _, v in vals if v is not None and math.isfinite(v)]
    return PeerStats(
        label, len(xs), median(xs) if xs else None, mad(xs) if xs else None, False,
        f"同类组过小（n={len(xs)}，至少需要 {min_peers} 个），按业务合理区间判断", [(u, v) for u, v in vals],
    )
