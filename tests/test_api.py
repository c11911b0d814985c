"""The library API (``import juesuan``) on the seed corpus: parse, evaluate, scan, ranking, catalog."""

from __future__ import annotations

from pathlib import Path

import juesuan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_parse_and_evaluate_a_seed() -> None:
    doc = juesuan.parse(CORPUS / "000_42ad79512a4ebfb5.txt")
    assert doc.year == 2022 and {t.id for t in doc.tables} >= {"T1", "T3", "T5"}
    findings = juesuan.evaluate(doc)
    assert any(f["rule_id"] == "NARR-LINE-AMOUNT-PARENT-TOTAL" and "288.04" in f["message"] for f in findings)


def test_scan_then_ranking_covers_every_file(tmp_path: Path) -> None:
    store = juesuan.open_store(tmp_path / "j.db")
    summary = juesuan.scan([CORPUS], store)
    assert len(summary.files) == 5
    rows = juesuan.ranking(store)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["coverage"] == "unchecked"  # 002 has no readable tables: never ranked as clean


def test_rule_catalog_lists_every_rule_file() -> None:
    ids = {r["id"] for r in juesuan.rule_catalog()}
    files = {p.stem for p in (Path(juesuan.__file__).parent / "rulesets").rglob("*.yaml") if p.parent.name != "profiles"}
    assert ids == files
