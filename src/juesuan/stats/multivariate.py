"""Multivariate outliers over per-unit features (GUIDE §5 Statistics).

Two detectors vote: IsolationForest (fixed random_state) and LocalOutlierFactor (k = 5–10) on
robustly standardised features (median/MAD per column, missing values imputed with the median,
ratios on the log scale). A document is an outlier when both vote for it. Each outlier gets an
explanation: the features ranked by their absolute robust z (their contribution), each with the
unit's value and the corpus median.

With fewer than ``MIN_DOCS`` documents nothing is scored (peers would be meaningless).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.neighbors import LocalOutlierFactor

from juesuan.stats.features import UNIT_SCALARS
from juesuan.stats.robust import mad, median

MIN_DOCS = 12
_LOG = {"unit_completion", "unit_execution", "sangong_share"}
LABELS = {
    "unit_completion": "整体预算完成率(%)",
    "unit_execution": "整体预算执行率(%)",
    "sangong_share": "“三公”经费占比(%)",
    "gongyong_share": "公用经费占基本支出比重(%)",
    "basic_share": "基本支出占比(%)",
    "score_gap_max": "自评分高出执行率(分)",
}


@dataclass
class MultiResult:
    key: str  # the document key (sha256)
    outlier: bool
    iforest_score: float  # higher = more anomalous
    lof_score: float  # negative_outlier_factor_ negated (≈1 normal, >1.5 unusual)
    contributions: list[dict[str, Any]] = field(default_factory=list)  # [{feature, label, value, peer_median, z}]


def _col_transform(name: str, v: float) -> float:
    return math.log(max(v, 0.0) + 1.0) if name in _LOG else v


def detect(rows: dict[str, dict[str, float | None]], *, random_state: int = 0, min_docs: int = MIN_DOCS) -> dict[str, MultiResult]:
    """``rows``: {doc key: {feature: value|None}}. Deterministic for the same input (keys are sorted)."""
    keys = sorted(rows)
    if len(keys) < min_docs:
        return {}
    cols = [c for c in UNIT_SCALARS if sum(1 for k in keys if rows[k].get(c) is not None) >= max(min_docs // 2, 3)]
    if len(cols) < 2:
        return {}
    raw = {c: [rows[k].get(c) for k in keys] for c in cols}
    z = np.zeros((len(keys), len(cols)))
    meds: dict[str, float] = {}
    for j, c in enumerate(cols):
        present = [_col_transform(c, float(v)) for v in raw[c] if v is not None]
        m = median(present)
        d = mad(present)
        scale = d / 0.6745 if d > 0 else (float(np.std(present)) or 1.0)
        meds[c] = median([float(v) for v in raw[c] if v is not None])
        for i, v in enumerate(raw[c]):
            z[i, j] = 0.0 if v is None else (_col_transform(c, float(v)) - m) / scale
    x = np.clip(z, -50, 50)
    iso = IsolationForest(n_estimators=200, random_state=random_state, contamination="auto").fit(x)
    iso_score = -iso.score_samples(x)  # higher = more anomalous
    iso_pred = iso.predict(x)
    k = max(2, min(10, len(keys) // 4, len(keys) - 1))
    lof = LocalOutlierFactor(n_neighbors=k).fit(x)
    lof_score = -lof.negative_outlier_factor_
    out: dict[str, MultiResult] = {}
    for i, key in enumerate(keys):
        contrib = sorted(
            (
                {"feature": LABELS.get(c, c), "name": c, "value": raw[c][i], "peer_median": meds[c], "z": round(float(z[i, j]), 2)}
                for j, c in enumerate(cols)
                if raw[c][i] is not None
            ),
            key=lambda d: (-abs(d["z"]), d["name"]),
        )
        flagged = bool(iso_pred[i] == -1 and lof_score[i] > 1.5 and contrib and abs(contrib[0]["z"]) >= 3.5)
        out[key] = MultiResult(key, flagged, round(float(iso_score[i]), 4), round(float(lof_score[i]), 4), contrib)
    return out
