"""tools.synth: determinism, manifest, parseability, and the synthetic-corpus detection test."""

from __future__ import annotations

import json
import math

import pytest

from juesuan.model.build import parse_file
from juesuan.model.jsonio import document_to_dict
from tools.synth import RULE_DEFECTS, STAT_FEATURES, generate


def test_deterministic_with_manifest(tmp_path):
    a = generate(12, tmp_path / "a", seed=3)
    b = generate(12, tmp_path / "b", seed=3)
    assert a == b
    for d in a["documents"]:
        assert (tmp_path / "a" / d["files"][0]).read_bytes() == (tmp_path / "b" / d["files"][0]).read_bytes()
    m = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert m["n"] == 12 and len(m["documents"]) == 12
    planted = [x for d in m["documents"] for x in d["anomalies"]]
    assert any(x["type"] == "statistical" and x["feature"] in STAT_FEATURES for x in planted)
    assert any(x["type"] == "rule" and x["expected_rules"] for x in planted)
    c = generate(12, tmp_path / "c", seed=4)
    assert c["documents"][0]["unit"] != a["documents"][0]["unit"] or c != a


def test_synthetic_documents_parse_with_all_nine_tables(tmp_path):
    m = generate(10, tmp_path, seed=1)
    for d in m["documents"]:
        doc = parse_file(tmp_path / d["files"][0])
        assert doc.checkable and not doc.missing_tables, d["files"][0]
        assert sorted(t.id for t in doc.tables) == [f"T{i}" for i in range(1, 10)]
        assert doc.unit == d["unit"] and doc.year == d["year"]
        t3 = doc.table("T3")
        assert t3 is not None and str(t3.row(name="合计").values["合计"]) == d["total"]
        assert doc.performance and doc.performance[0].budget is not None
        kinds = {c.kind for c in doc.claims}
        assert {"completion", "share", "growth"} <= kinds


def _corpus(tmp_path, n: int = 60, seed: int = 7):
    m = generate(n, tmp_path, seed=seed)
    docs, by_index = [], {}
    for d in m["documents"]:
        dd = document_to_dict(parse_file(tmp_path / d["files"][0]))
        docs.append(dd)
        by_index[d["index"]] = dd["sha256"]
    return m, docs, by_index


def test_planted_statistical_anomalies_rank_in_top_decile(tmp_path):
    from juesuan.stats.outliers import feature_scores, statistical_findings

    m, docs, sha = _corpus(tmp_path)
    scores = feature_scores(docs)
    planted = [(d["index"], x["feature"]) for d in m["documents"] for x in d["anomalies"] if x["type"] == "statistical"]
    assert len(planted) >= 4
    hits = 0
    for idx, feature in planted:
        col = scores[feature]
        ranked = sorted(col, key=lambda s: (-col[s], s))
        cutoff = max(1, math.ceil(len(ranked) / 10))
        hits += sha[idx] in ranked[:cutoff]
    assert hits / len(planted) >= 0.9, (hits, planted)
    stats = statistical_findings(docs)
    flagged = sum(1 for idx, f in planted if any(x["rule_id"] == "STAT-" + f.replace("_", "-").upper() for x in stats.get(sha[idx], [])))
    assert flagged / len(planted) >= 0.9
    clean = [sha[d["index"]] for d in m["documents"] if not d["anomalies"]]
    noisy = sum(1 for s in clean if any(f["severity"] == "medium" for f in stats.get(s, [])))
    assert noisy / len(clean) <= 0.1  # clean documents rarely get a medium statistical finding


def test_planted_high_severity_rule_defects_rank_in_top_third(tmp_path):
    from juesuan.pipeline.scan import refresh_corpus, scan_paths
    from juesuan.store.sqlite import Store

    m = generate(60, tmp_path / "c", seed=7)
    store = Store(tmp_path / "x.db")
    summary = scan_paths([tmp_path / "c"], store)
    rows = refresh_corpus(store)
    rank = {r["sha256"]: r["rank"] for r in rows}
    by_file = {p.rsplit("/", 1)[-1]: s for p, s in summary.sha_by_path.items()}
    targets = [by_file[d["files"][0]] for d in m["documents"]
               if any(x["type"] == "rule" and RULE_DEFECTS[x["defect"]][1] == "high" for x in d["anomalies"])]
    assert targets
    top = len(rows) / 3
    assert sum(rank[s] <= top for s in targets) / len(targets) >= 0.8


@pytest.mark.pdf
def test_pdf_output(tmp_path):
    import pdfplumber

    m = generate(1, tmp_path, seed=2, formats=("txt", "pdf"))
    files = m["documents"][0]["files"]
    assert files == ["synth_2_0000.txt", "synth_2_0000.pdf"]
    with pdfplumber.open(tmp_path / files[1]) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert m["documents"][0]["unit"] in text and "支出决算表" in text
