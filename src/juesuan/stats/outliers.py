"""Statistical findings over the whole corpus (category ``statistical``; scores, not rules).

For every feature observation (``juesuan.stats.features``) two judgements are combined:

* the **domain range** (completion/execution far from 100 %, 三公 share above 10 %, growth above
  200 % …) — always available, even with five documents;
* the **robust z** (median/MAD, ``juesuan.stats.robust``) against the observation's peer group
  (``juesuan.stats.peers``: level × kind × size, coarsened until ≥ 8 documents); when no group is big
  enough the finding says so ("同类组过小（n=…），按业务合理区间判断").

A value outside the strong domain range is ``medium``, outside the moderate range ``low`` (with
usable peers it must also be unusual among them, |z| ≥ 2). Features without a domain range
(公用经费 share, basic share, per-capita) are judged on |z| alone (≥ 3.5 low, ≥ 6 medium) and only
with usable peers. Never ``high``. A multivariate vote (IsolationForest + LOF, ``juesuan.stats.multivariate``)
adds ``STAT-MULTIVARIATE`` (low) with the features that drove it.

Deterministic: documents and observations are processed in sorted order; random_state fixed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from juesuan.stats.features import FEATURES, document_features, domain_level, extreme, transform, unit_scalars
from juesuan.stats.multivariate import detect
from juesuan.stats.peers import group_candidates, matches, peer_key
from juesuan.stats.robust import MIN_PEERS, mad, median, robust_z
from juesuan.text.format import fmt_number
from juesuan.text.normalize import normalize_text

MAX_PER_FEATURE = 5  # findings per document and feature (the most extreme first)
_FEATURE_ORDER = list(FEATURES)


def rule_id(feature: str) -> str:
    return "STAT-" + re.sub(r"_", "-", feature).upper()


def _dec(x: float | None) -> Decimal | None:
    if x is None or not math.isfinite(x):
        return None
    return Decimal(str(round(x, 4)))


def _label(doc: dict[str, Any]) -> str:
    return str(doc.get("unit") or doc.get("document") or doc.get("sha256", "")[:8])


def peer_eligibility(docs: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, bool]]:
    """({sha: unit-year identity}, {sha: may serve as a peer}).

    Unreadable documents (not checkable, or a fatal reading problem) are no peers; of several documents of one
    unit-year (the same disclosure scanned twice, renamed, or resubmitted) only one counts — the first by hash,
    so the choice is stable — and a document is never compared with another version of itself."""
    same: dict[str, str] = {}
    ok: dict[str, bool] = {}
    seen: set[str] = set()
    for d in sorted(docs, key=lambda d: str(d["sha256"])):
        sha = str(d["sha256"])
        unit = "".join(normalize_text(str(d.get("unit") or "")).split())
        same[sha] = f"{unit}|{d.get('year') or ''}" if unit else f"doc:{sha}"
        readable = bool(d.get("checkable", True)) and not any(p.get("fatal") for p in d.get("problems") or [] if isinstance(p, dict))
        ok[sha] = readable and same[sha] not in seen
        if readable:
            seen.add(same[sha])
    return same, ok


class _Corpus:
    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.docs = sorted((d for d in docs if d.get("sha256")), key=lambda d: (str(d["sha256"])))
        self.feats = {d["sha256"]: document_features(d) for d in self.docs}
        self.keys = {d["sha256"]: peer_key(d) for d in self.docs}
        self.by_sha = {d["sha256"]: d for d in self.docs}
        self.same, self.peer_ok = peer_eligibility(self.docs)
        self._cache: dict[tuple[str, tuple[str, ...], str], tuple[list[str], list[float], list[float]]] = {}

    def group(self, feature: str, group: tuple[str, ...], exclude: str) -> tuple[list[str], list[float], list[float]]:
        """(member shas, pooled transformed values, pooled raw values) of a group for a feature, without ``exclude``."""
        ck = (feature, group, exclude)
        if ck not in self._cache:
            shas, tv, rv = [], [], []
            for sha in sorted(self.feats):
                if sha == exclude or not matches(group, self.keys[sha]):
                    continue
                if not self.peer_ok[sha] or self.same[sha] == self.same.get(exclude):
                    continue  # unreadable, a duplicate version, or another version of the same unit-year
                obs = self.feats[sha].get(feature)
                if not obs:
                    continue
                shas.append(sha)
                for o in obs:
                    tv.append(transform(feature, float(o["value"])))
                    rv.append(float(o["value"]))
            self._cache[ck] = (shas, tv, rv)
        return self._cache[ck]

    def peers(self, feature: str, sha: str) -> dict[str, Any]:
        """The peer group used for ``sha``'s feature: label, members, pooled values, usable flag, note."""
        tried = []
        for group, label in group_candidates(self.keys[sha]):
            shas, tv, rv = self.group(feature, group, sha)
            if len(shas) >= MIN_PEERS:
                note = f"同类组“{label}”（{len(shas)} 个单位）"
                if tried:
                    note = f"较细的同类组样本不足（{'；'.join(tried)}），改用“{label}”（{len(shas)} 个单位）"
                return {"label": label, "shas": shas, "t": tv, "raw": rv, "usable": True, "note": note}
            tried.append(f"{label} n={len(shas)}")
        shas, tv, rv = self.group(feature, ("*", "*", "*"), sha)
        return {"label": "全部单位", "shas": shas, "t": tv, "raw": rv, "usable": False,
                "note": f"同类组过小（n={len(shas)}，至少需要 {MIN_PEERS} 个单位），按业务合理区间判断"}

    def doc_value(self, feature: str, sha: str) -> float | None:
        e = extreme(feature, self.feats[sha].get(feature, []))
        return float(e["value"]) if e else None


def _bound_text(feature: str) -> str:
    spec = FEATURES[feature]
    lo, hi = spec.moderate
    if lo is not None and hi is not None:
        return f"{fmt_number(lo)}{spec.unit}–{fmt_number(hi)}{spec.unit}"
    if hi is not None:
        return f"不超过 {fmt_number(hi)}{spec.unit}"
    if lo is not None:
        return f"不低于 {fmt_number(lo)}{spec.unit}"
    return ""


def _violated_bound(obs: dict[str, Any]) -> float | None:
    spec = FEATURES[obs["feature"]]
    v = float(obs["value"])
    lo, hi = spec.moderate
    if hi is not None and v > hi:
        return hi
    if lo is not None and v < lo:
        return lo
    return None


def judge(obs: dict[str, Any], peers: dict[str, Any]) -> tuple[str | None, float | None]:
    """(severity or None, robust z or None) for one observation against its peers."""
    spec = FEATURES[obs["feature"]]
    dl = domain_level(obs)
    has_domain = any(b is not None for b in (*spec.moderate, *spec.strong))
    z = robust_z(transform(obs["feature"], float(obs["value"])), peers["t"]) if peers["t"] else None
    if has_domain:
        if dl == 0:
            return None, z
        if peers["usable"] and z is not None and abs(z) < 2:
            return None, z
        return ("medium" if dl == 2 else "low"), z
    if not peers["usable"] or z is None:
        return None, z
    if obs.get("low_ok") and z < 0:
        return None, z
    if abs(z) >= 6:
        return "medium", z
    if abs(z) >= 3.5:
        return "low", z
    return None, z


def _finding(c: _Corpus, sha: str, obs: dict[str, Any], severity: str, z: float | None, peers: dict[str, Any]) -> dict[str, Any]:
    doc = c.by_sha[sha]
    feature = obs["feature"]
    spec = FEATURES[feature]
    u = spec.unit
    raw = peers["raw"]
    med = median(raw) if raw else None
    spread = mad(raw) if raw else None
    v = obs["value"]
    where = {"unit": "单位整体", "project": "项目", "item": "科目/事项"}.get(obs.get("level", ""), "")
    subject = obs.get("subject") or ""
    parts = [f"{spec.label}为 {fmt_number(v)}{u}（{where}：{subject[:40]}）。"]
    if peers["usable"]:
        parts.append(
            f"{peers['note']}的中位数 {fmt_number(med)}{u}，离散度 MAD {fmt_number(spread)}{u}，稳健 z 值 {fmt_number(z, 1)}。"
        )
    else:
        ref = f"，参考中位数 {fmt_number(med)}{u}" if med is not None and raw else ""
        parts.append(f"{peers['note']}{ref}。")
    bound = _bound_text(feature)
    if bound and domain_level(obs):
        parts.append(f"业务合理区间为 {bound}，本值{'远' if domain_level(obs) == 2 else ''}超出该区间。")
    parts.append(spec.why)
    expected_f = med if peers["usable"] else (_violated_bound(obs) if _violated_bound(obs) is not None else med)
    expected = _dec(expected_f)
    peer_rows = []
    for s in peers["shas"][:60]:
        pv = c.doc_value(feature, s)
        if pv is not None:
            peer_rows.append({"unit": _label(c.by_sha[s]), "value": _dec(pv)})
    return {
        "document": doc.get("document"),
        "unit": doc.get("unit"),
        "year": doc.get("year"),
        "rule_id": rule_id(feature),
        "title": f"统计异常：{spec.label}",
        "category": "statistical",
        "severity": severity,
        "message": "".join(parts),
        "evidence": obs["evidence"][:3],
        "values": {
            "stated": v,
            "expected": expected,
            "difference": (v - expected) if expected is not None else None,
            "envelope": _dec(spread) if peers["usable"] else None,
            "z": _dec(z) if z is not None else None,
            "peer_group": peers["label"],
            "peer_n": len(peers["shas"]),
            "peer_usable": peers["usable"],
            "domain_range": bound or None,
            "peers": peer_rows,
            "peer_median": _dec(med),
            "features": [{"feature": spec.label, "value": v, "peer_median": _dec(med)}],
        },
    }


_MV_TO_FEATURE = {"unit_completion": "completion", "unit_execution": "execution", "sangong_share": "sangong_share",
                  "gongyong_share": "gongyong_share", "basic_share": "basic_share", "score_gap_max": "score_gap"}


def _mv_finding(c: _Corpus, sha: str, res: Any) -> dict[str, Any]:
    doc = c.by_sha[sha]
    top = res.contributions[:3]
    desc = "；".join(f"{t['feature']} {fmt_number(t['value'])}（全体中位数 {fmt_number(t['peer_median'])}，稳健 z {fmt_number(t['z'], 1)}）" for t in top)
    evidence: list[dict[str, Any]] = []
    for t in top:
        f = _MV_TO_FEATURE.get(t["name"])
        obs = extreme(f, c.feats[sha].get(f, [])) if f else None
        if obs:
            evidence.extend(obs["evidence"][:1])
    lead = top[0]
    return {
        "document": doc.get("document"),
        "unit": doc.get("unit"),
        "year": doc.get("year"),
        "rule_id": "STAT-MULTIVARIATE",
        "title": "统计异常：多项指标组合异常",
        "category": "statistical",
        "severity": "low",
        "message": (
            f"多项指标的组合与全部 {sum(c.peer_ok.values())} 个单位明显不同（IsolationForest 与 LOF 两种方法均判为异常，"
            f"LOF 值 {fmt_number(res.lof_score)}）。主要贡献：{desc}。指标之间的关系异常往往意味着某张表或某段说明的数字有误，建议优先核对。"
        ),
        "evidence": evidence[:3],
        "values": {
            "stated": _dec(lead["value"]),
            "expected": _dec(lead["peer_median"]),
            "difference": _dec(lead["value"] - lead["peer_median"]) if lead["value"] is not None else None,
            "envelope": None,
            "peer_group": "全部单位",
            "peer_n": sum(c.peer_ok.values()) - 1,
            "iforest_score": _dec(res.iforest_score),
            "lof_score": _dec(res.lof_score),
            "peers": [],
            "peer_median": _dec(lead["peer_median"]),
            "features": [{"feature": t["feature"], "value": _dec(t["value"]), "peer_median": _dec(t["peer_median"]), "z": _dec(t["z"])} for t in res.contributions],
        },
    }


def statistical_findings(
    docs: Iterable[dict[str, Any]], findings_by_doc: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """{sha256: [statistical finding, ...]} for every document with at least one finding."""
    c = _Corpus(list(docs))
    out: dict[str, list[dict[str, Any]]] = {}
    for sha in sorted(c.feats):
        fs: list[dict[str, Any]] = []
        for feature in _FEATURE_ORDER:
            obs = c.feats[sha].get(feature) or []
            if not obs:
                continue
            peers = c.peers(feature, sha)
            judged = []
            seen: set[tuple[str, str]] = set()
            for o in obs:
                sev, z = judge(o, peers)
                if sev is None:
                    continue
                k = (format(o["value"], "f"), o.get("subject") or "")
                if k in seen:
                    continue
                seen.add(k)
                judged.append((sev, z, o))
            judged.sort(key=lambda t: (t[0] != "medium", -abs(t[1]) if t[1] is not None and math.isfinite(t[1]) else 0.0,
                                       t[2]["evidence"][0].get("line") or 0 if t[2]["evidence"] else 0))
            for sev, z, o in judged[:MAX_PER_FEATURE]:
                fs.append(_finding(c, sha, o, sev, z, peers))
        if fs:
            out[sha] = fs
    mv = detect({sha: unit_scalars(c.feats[sha]) for sha in c.feats if c.peer_ok[sha]})  # no duplicates in the population
    for sha in sorted(mv):
        if mv[sha].outlier:
            out.setdefault(sha, []).append(_mv_finding(c, sha, mv[sha]))
    return out


def feature_scores(docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """{feature: {sha256: score}}: how unusual each document's most unusual observation of a feature is
    (domain level × 10 + |robust z| against its peers, capped). For evaluation and the report."""
    c = _Corpus(list(docs))
    out: dict[str, dict[str, float]] = {}
    for sha in sorted(c.feats):
        for feature, obs in c.feats[sha].items():
            peers = c.peers(feature, sha)
            best = 0.0
            for o in obs:
                z = robust_z(transform(feature, float(o["value"])), peers["t"]) if peers["t"] else 0.0
                if o.get("low_ok") and z < 0:
                    z = 0.0
                zz = min(abs(z), 50.0) if math.isfinite(z) else 50.0
                best = max(best, domain_level(o) * 10 + zz)
            out.setdefault(feature, {})[sha] = best
    return out
