"""juesuan.stats.ranking: coverage, dismissals, diminishing returns, CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from juesuan.stats.ranking import CSV_COLUMNS, rank_documents, write_ranking_csv


def doc(name: str, checkable: bool = True, **kw) -> dict:
    return {"sha256": name * 8, "document": f"{name}.txt", "unit": f"{name}局", "year": 2023, "checkable": checkable, **kw}


def f(rule: str, sev: str, key: str, cat: str = "arithmetic") -> dict:
    return {"rule_id": rule, "severity": sev, "category": cat, "message": f"{rule} 消息", "finding_key": key}


def test_unchecked_never_looks_clean():
    docs = [doc("a", checkable=False), doc("b"), doc("c")]
    fbd = {"bbbbbbbb": [f("ARITH-X", "high", f"b{i}") for i in range(5)] + [f("NARR-Y", "high", "by", "narrative")]}
    rows = rank_documents(docs, fbd)
    assert rows[0]["sha256"] == "aaaaaaaa" and rows[0]["coverage"] == "unchecked" and rows[0]["rank"] == 1
    assert "未核查" in rows[0]["top_reasons"]
    unread = rank_documents([doc("z"), doc("b")], {"zzzzzzzz": [f("INGEST-UNCHECKED", "high", "z1", "ingest")],
                                                  "bbbbbbbb": fbd["bbbbbbbb"]})
    assert unread[0]["document"] == "z.txt" and unread[0]["coverage"] == "unchecked"
    partial = rank_documents([doc("p", missing_tables=["T7"])], {})
    assert partial[0]["coverage"] == "partial" and partial[0]["score"] > 0


def test_dismissed_findings_stop_counting():
    docs = [doc("a"), doc("b")]
    fbd = {"aaaaaaaa": [f("ARITH-X", "high", "k1")], "bbbbbbbb": [f("NARR-Y", "medium", "k2", "narrative")]}
    assert rank_documents(docs, fbd)[0]["document"] == "a.txt"
    rows = rank_documents(docs, fbd, {"k1": "dismissed"})
    assert rows[0]["document"] == "b.txt"
    a = next(r for r in rows if r["document"] == "a.txt")
    assert a["score"] == 0 and a["high"] == 0


def test_diminishing_returns_per_rule():
    noisy = [f("HYG-PLACEHOLDER", "medium", f"n{i}", "hygiene") for i in range(30)]
    varied = [f(f"ARITH-{i}", "medium", f"v{i}") for i in range(4)]
    rows = rank_documents([doc("n"), doc("v")], {"nnnnnnnn": noisy, "vvvvvvvv": varied})
    assert rows[0]["document"] == "v.txt"
    n = next(r for r in rows if r["document"] == "n.txt")
    one = rank_documents([doc("n")], {"nnnnnnnn": noisy[:1]})[0]["score"]
    ten = rank_documents([doc("n")], {"nnnnnnnn": noisy[:10]})[0]["score"]
    assert n["score"] <= 2 * one and ten - rank_documents([doc("n")], {"nnnnnnnn": noisy[:9]})[0]["score"] < 0.01 * one
    assert n["medium"] == 30 and "HYG-PLACEHOLDER×30" in n["top_reasons"]


def test_csv_columns_and_bom(tmp_path):
    rows = rank_documents([doc("a", checkable=False), doc("b")], {})
    p = tmp_path / "r.csv"
    write_ranking_csv(rows, p)
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(p, encoding="utf-8-sig", newline="") as fh:
        r = list(csv.DictReader(fh))
    assert list(r[0]) == CSV_COLUMNS and r[0]["coverage"] == "unchecked" and r[0]["rank"] == "1"


SEEDS = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("00[0-4]_*.txt"))
PUBLISHED = Path("/work/shared/corpus-real/上海市普陀区财政局2024年度部门决算.pdf")


@pytest.mark.real
@pytest.mark.skipif(len(SEEDS) < 5 or not PUBLISHED.is_file(), reason="seeds or the published PDF absent")
def test_seed_ranking_acceptance(tmp_path):
    from juesuan.pipeline.scan import refresh_corpus, scan_paths
    from juesuan.store.sqlite import Store

    store = Store(tmp_path / "acc.db")
    summary = scan_paths([*SEEDS, PUBLISHED], store)
    rows = refresh_corpus(store)
    rank = {r["sha256"]: r["rank"] for r in rows}
    sha = {p.rsplit("/", 1)[-1]: s for p, s in summary.sha_by_path.items()}
    seed002 = next(s for n, s in sha.items() if n.startswith("002_"))
    assert rank[seed002] <= 2
    assert rank[sha[PUBLISHED.name]] > len(rows) / 2
