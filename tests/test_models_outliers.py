"""juesuan.stats.outliers (robust + domain judgement) and juesuan.stats.multivariate on hand-built corpora."""

from __future__ import annotations

import copy
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan.stats.multivariate import detect
from juesuan.stats.outliers import statistical_findings
from tests.test_models_features import make_doc

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_docs(n: int, planted: int | None = None) -> list[dict]:
    docs = []
    for i in range(n):
        d = make_doc(sha256=f"{i:064d}", document=f"d{i}.txt", unit=f"某某市第{i}局")
        d["claims"][0]["value"] = D(str(90 + i % 7))
        d["performance"][0]["executed"] = D("10.00") + D(i % 3) / 10
        d["tables"][1]["rows"][0]["values"]["决算数"] = D("10.00") + D(i % 5)
        docs.append(d)
    if planted is not None:
        docs[planted]["tables"][1]["rows"][0]["values"]["决算数"] = D("400.00")  # 三公 = 40% of spending
    return docs


def test_seed_like_values_become_findings_with_honest_small_group_note():
    docs = [make_doc(sha256=f"{i}" * 64, document=f"{i}.txt") for i in range(3)]
    out = statistical_findings(docs)
    fs = out[docs[0]["sha256"]]
    comp = [f for f in fs if f["rule_id"] == "STAT-COMPLETION"]
    assert comp and comp[0]["severity"] == "medium"
    assert "4593.95" in comp[0]["message"] and "同类组过小" in comp[0]["message"]
    assert comp[0]["evidence"][0]["line"] == 27
    ex = [f for f in fs if f["rule_id"] == "STAT-EXECUTION"]
    assert ex and ex[0]["severity"] == "low" and "38.50" in ex[0]["message"]
    for f in fs:
        assert f["category"] == "statistical" and f["severity"] in ("medium", "low")
        v = f["values"]
        assert {"stated", "expected", "difference", "envelope", "peers", "peer_median", "features"} <= set(v)
        assert all({"unit", "value"} <= set(p) for p in v["peers"])
        assert all({"feature", "value", "peer_median"} <= set(x) for x in v["features"])


def test_peer_group_used_when_big_enough_and_deterministic():
    docs = corpus_docs(12, planted=4)
    out = statistical_findings(docs)
    fs = [f for f in out.get(docs[4]["sha256"], []) if f["rule_id"] == "STAT-SANGONG-SHARE"]
    assert fs and fs[0]["values"]["peer_usable"] and fs[0]["values"]["peer_n"] >= 8
    assert "MAD" in fs[0]["message"] and "中位数" in fs[0]["message"]
    assert not any(f["rule_id"] == "STAT-SANGONG-SHARE" for s, x in out.items() if s != docs[4]["sha256"] for f in x)
    again = statistical_findings(list(reversed(copy.deepcopy(docs))))
    assert json.dumps(out, default=str, sort_keys=True) == json.dumps(again, default=str, sort_keys=True)


def test_domain_outlier_typical_among_peers_is_not_reported():
    docs = corpus_docs(12)
    for d in docs:  # every unit reports 45% execution: low, but normal in this corpus
        d["performance"][0]["executed"] = D("5.03")
    out = statistical_findings(docs)
    assert not any(f["rule_id"] == "STAT-EXECUTION" for fs in out.values() for f in fs)


def test_multivariate_is_deterministic_and_explains():
    rows = {f"d{i:02d}": {"unit_completion": 95.0 + i % 5, "unit_execution": 90.0 + i % 4, "sangong_share": 1.0 + (i % 3) / 10,
                          "gongyong_share": 10.0 + i % 6, "basic_share": 60.0 + i % 7, "score_gap_max": 5.0} for i in range(30)}
    rows["d07"] = {**rows["d07"], "sangong_share": 45.0, "basic_share": 5.0}
    a, b = detect(rows), detect(dict(reversed(list(rows.items()))))
    assert {k: (v.outlier, v.iforest_score, v.lof_score) for k, v in a.items()} == {k: (v.outlier, v.iforest_score, v.lof_score) for k, v in b.items()}
    assert a["d07"].outlier
    assert a["d07"].contributions[0]["name"] in ("sangong_share", "basic_share")
    assert sum(v.outlier for v in a.values()) <= 3
    assert detect({k: rows[k] for k in list(rows)[:5]}) == {}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="seed corpus absent")
def test_seed_values_are_statistical_findings():
    from juesuan.model.build import parse_file
    from juesuan.model.jsonio import document_to_dict

    docs = [document_to_dict(parse_file(p)) for p in sorted(CORPUS.glob("*.txt"))]
    out = statistical_findings(docs)
    msgs = [f["message"] for fs in out.values() for f in fs]
    for needle in ("4593.95%", "816%", "38.50%"):
        assert any(needle in m for m in msgs), needle
    assert all(f["severity"] != "high" for fs in out.values() for f in fs)
