"""预算 as a second document kind: kind and scope from the content, the budget tables Y1–Y9, the
declared template identities (vocab/identities_*.yaml) evaluated with rounding intervals, budget
narrative claims with reasons wrapped over lines, and ``juesuan corpus-check`` as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.ingest.raw import RawDocument, TextLine
from juesuan.ingest.text import parse_text
from juesuan.model.build import build_document, parse_file
from juesuan.model.kind import detect_kind_scope
from juesuan.pipeline.identities import _column_terms, _resolve, evaluate, load_identities, parse_identity
from tests.yusuan_fixture import BUDGET_TEXT

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "004_cb5fbf2334879971.txt"


def _doc(text: str, name: str = "budget.txt"):
    raw = RawDocument(path=name, name=name, kind="text", sha256="", blocks=parse_text(text))
    return build_document(raw)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_budget_text_gives_nine_tables_with_kind_scope_and_meta() -> None:
    d = _doc(BUDGET_TEXT)
    assert (d.report_kind, d.scope) == ("预算", "单位")
    assert [t.id for t in d.tables] == [f"Y{i}" for i in range(1, 10)]
    assert d.missing_tables == []
    assert (d.unit, d.year, d.money_unit) == ("XX市统计局(本级)", 2025, "元")
    y = {t.id: t for t in d.tables}
    assert y["Y2"].row(name="合计").values["合计"] == Decimal("3000000.00")
    assert y["Y3"].row(code="2010550").values == {
        "合计": Decimal("500000.00"), "基本支出": Decimal("100000.00"), "项目支出": Decimal("400000.00")}
    assert y["Y1"].row(name="支出总计", side="支出").values["预算数"] == Decimal("3000000.00")
    assert y["Y6"].row(name="人员经费合计").values["预算数"] == Decimal("2100000.00")
    assert y["Y7"].row(name="公务接待费").values["预算数"] == Decimal("10000.00")
    assert y["Y8"].empty and "政府性基金" in (y["Y8"].empty_statement or "")
    assert y["Y9"].empty and "国有资本经营" in (y["Y9"].empty_statement or "")


def test_budget_identities_close_and_a_changed_figure_breaks() -> None:
    res = evaluate(_doc(BUDGET_TEXT))
    assert len(res) >= 60
    assert [r for r in res if r.status == "break"] == []
    tables = {r.table for r in res}
    assert {"Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"} <= tables
    # 事业运行 基本支出 printed 110,000 instead of 100,000 in Y5
    bad = BUDGET_TEXT.replace("2010550\t事业运行\t500,000.00\t100,000.00\t400,000.00\n208\t社会保障和就业支出\t500,000.00\t500,000.00\t\n"
                              "20805\t行政事业单位养老支出\t500,000.00\t500,000.00\t\n2080505\t机关事业单位基本养老保险缴费支出\t500,000.00\t500,000.00\t\n"
                              "合计\t\t2,800,000.00",
                              "2010550\t事业运行\t500,000.00\t110,000.00\t400,000.00\n208\t社会保障和就业支出\t500,000.00\t500,000.00\t\n"
                              "20805\t行政事业单位养老支出\t500,000.00\t500,000.00\t\n2080505\t机关事业单位基本养老保险缴费支出\t500,000.00\t500,000.00\t\n"
                              "合计\t\t2,800,000.00")
    assert bad != BUDGET_TEXT
    broken = [(r.table, r.where, r.column, r.difference) for r in evaluate(_doc(bad)) if r.status == "break"]
    assert ("Y5", "2010550", "合计", Decimal("-10000.00")) in broken
    assert ("Y5", "20105", "基本支出", Decimal("-10000.00")) in broken  # 款 ≠ Σ项 in the 基本支出 column


def test_kind_comes_from_the_content_not_the_file_name(tmp_path: Path) -> None:
    budget = parse_file(str(_write(tmp_path, "2024年度部门决算.txt", BUDGET_TEXT)))
    assert budget.report_kind == "预算" and budget.table("Y1") is not None and budget.table("T1") is None
    final = parse_file(str(_write(tmp_path, "2025年部门预算.txt", SEED.read_text(encoding="utf-8"))))
    assert final.report_kind == "决算" and sorted(t.id for t in final.tables)[:3] == ["T1", "T2", "T3"]


@pytest.mark.parametrize("lines, kind, scope", [
    ([("2026年度XX市水务局部门预算", True), ("XX市水务局部门预算由局本级和3个下属单位预算组成。", False)], "预算", "部门"),
    ([("2025年XX区商务委员会（本级）单位预算", True), ("2025年单位收支预算总表", False)], "预算", "单位"),
    ([("2023年度XX局部门决算", True), ("一、收入支出决算总表", False)], "决算", "部门"),
    ([("巡察通告", True), ("现将有关事项通告如下：", False)], None, None),
])
def test_kind_and_scope_votes(lines, kind, scope) -> None:
    k, s, _ = detect_kind_scope(lines)
    assert (k, s) == (kind, scope)


def test_identity_notation_alternatives_and_qualified_columns() -> None:
    plus, minus = _column_terms("(本年收入 | 财政拨款收入 + 事业收入) + 上年结转结余-一般公共预算 - 合计")
    assert minus == ["合计"] and plus[1] == "上年结转结余-一般公共预算"
    assert _resolve(plus, {"本年收入", "财政拨款收入"}) == (["本年收入"], [])
    assert _resolve(plus, {"财政拨款收入", "事业收入", "上年结转结余-一般公共预算"}) == (
        ["财政拨款收入", "事业收入", "上年结转结余-一般公共预算"], [])
    ident = parse_identity("Y5-Y6: Y5[合计].基本支出 = Y6[人员经费合计] + Y6[#302]")
    assert ident.form == "cells" and ident.plus[1].code == "302" and ident.lhs.column == "基本支出"
    with pytest.raises(ValueError):
        parse_identity("Z1: 合计 = 基本支出")
    assert len(load_identities("预算")) >= 30 and len(load_identities("决算")) >= 30


def test_grouped_budget_header_subtotal_and_parts() -> None:
    text = BUDGET_TEXT.replace(
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n201\t一般公共服务支出\t2,300,000.00",
        "科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出\n\t\t\t小计\t人员经费\t公用经费\t\n"
        "201\t一般公共服务支出\t2,300,000.00\t1,900,000.00\t1,500,000.00\t400,000.00\t400,000.00\n"
        "#201\t一般公共服务支出\t2,300,000.00").replace("#201\t一般公共服务支出\t2,300,000.00\t1,900,000.00\t400,000.00\n", "")
    y5 = _doc(text).table("Y5")
    assert y5 is not None and y5.columns[:5] == ["合计", "基本支出", "人员经费", "公用经费", "项目支出"]
    assert y5.row(code="201").values["项目支出"] == Decimal("400000.00")
    res = [r for r in evaluate(_doc(text)) if r.identity.startswith("Y5 each row") and r.where == "201"]
    assert {r.status for r in res} == {"ok"} and len(res) >= 2


def test_budget_claims_with_reason_wrapped_over_two_lines() -> None:
    claims = _doc(BUDGET_TEXT).claims
    growth = [c for c in claims if c.kind == "growth"]
    assert [(c.value, c.direction) for c in growth] == [(Decimal("7.14"), "增长"), (Decimal("3.45"), "下降")]
    assert growth[1].reason == "项目支出调整"
    amounts = {(c.subject, c.measure): c.value for c in claims if c.kind == "amount"}
    assert amounts[("收入", "预算数")] == Decimal("3000000")


def test_short_sentence_tail_repeated_on_pages_is_not_a_running_head() -> None:
    blocks: list = []
    n = 0
    for page in (1, 2, 3, 4):
        for t in ("XX局2026年部门预算公开", f"{page}.某项支出100万元，比上年增加10万元，增长11.11%。主要原因是项目",
                  "调整。", f"- {page} -"):
            n += 1
            blocks.append(TextLine(raw=t, text=t, page=page, line=n))
    d = build_document(RawDocument(path="x.pdf", name="x.pdf", kind="pdf", sha256="", blocks=blocks, page_count=4))
    growth = [c for c in d.claims if c.kind == "growth"]
    assert len(growth) == 4 and {c.reason for c in growth} == {"项目调整"}


def test_corpus_check_cli_real_process(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _write(src, "a.txt", BUDGET_TEXT)
    _write(src, "b.txt", SEED.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "juesuan.cli.main", "corpus-check", str(src), "--out", str(out), "--quiet"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "a.txt\t预算\t单位\tXX市统计局(本级)\t2025\t元\t9/9" in p.stdout
    assert "b.txt\t决算\t" in p.stdout
    assert "全部: 2 份，可读 2，崩溃 0" in p.stdout
    rows = [json.loads(x) for x in (out / "corpus_check.jsonl").read_text(encoding="utf-8").splitlines()]
    a = next(r for r in rows if r["document"] == "a.txt")
    assert a["kind"] == "预算" and a["identities"] == a["closing"] and a["breaks"] == []
    bad = subprocess.run([sys.executable, "-m", "juesuan.cli.main", "corpus-check", str(tmp_path / "missing")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2


def test_store_keeps_kind_and_scope_and_adds_the_columns_to_an_old_database(tmp_path: Path) -> None:
    import sqlite3

    from juesuan.model.jsonio import document_to_dict
    from juesuan.store.sqlite import Store

    db = tmp_path / "old.db"
    old = sqlite3.connect(db)  # a database made before the columns existed
    old.execute("CREATE TABLE documents (sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT, kind TEXT, unit TEXT,"
                " year INTEGER, money_unit TEXT, page_count INTEGER, checkable INTEGER NOT NULL DEFAULT 0,"
                " parser_version TEXT, rules_version TEXT, model_json TEXT, parsed_at TEXT, first_seen TEXT)")
    old.commit()
    old.close()
    s = Store(db)
    d = document_to_dict(_doc(BUDGET_TEXT))
    d["sha256"] = "b" * 64
    assert (d["report_kind"], d["scope"]) == ("预算", "单位")
    s.save_document(d, [])
    row = next(r for r in s.documents() if r["sha256"] == "b" * 64)
    assert (row["report_kind"], row["scope"], row["kind"]) == ("预算", "单位", "text")
