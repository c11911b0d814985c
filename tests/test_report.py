"""juesuan.workspace.report: files open with openpyxl, hostile names are escaped, periods select by date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from openpyxl import load_workbook

from juesuan.cli.main import main
from juesuan.stats.ranking import rank_documents
from juesuan.store.sqlite import Store
from juesuan.workspace.report import build_report, collect

HOSTILE = '<script>alert("x")</script>&局'


def _doc(sha: str, unit: str) -> dict:
    return {"sha256": sha, "document": f"{sha[:4]}.txt", "path": f"/x/{sha[:4]}.txt", "kind": "text", "unit": unit, "year": 2023,
            "checkable": True, "tables": [], "claims": [], "performance": [], "sections": []}


def _finding(unit: str, rule: str, sev: str, cat: str, line: int) -> dict:
    return {"document": "d.txt", "unit": unit, "year": 2023, "rule_id": rule, "category": cat, "severity": sev,
            "message": f"{unit} 的问题 <b>{rule}</b>", "evidence": [{"page": None, "line": line, "text": "<img src=x onerror=alert(1)>"}],
            "values": {}}


def _store(tmp_path) -> Store:
    s = Store(tmp_path / "r.db")
    s.save_document(_doc("a" * 64, HOSTILE), [_finding(HOSTILE, "NARR-X", "high", "narrative", 3), _finding(HOSTILE, "HYG-Y", "medium", "hygiene", 4)])
    s.save_document(_doc("b" * 64, "某市统计局"), [_finding("某市统计局", "NARR-X", "low", "narrative", 5)])
    s.save_document(_doc("c" * 64, "某市统计局"), [])
    # document c and its unit were first seen last month; the old finding of b belongs to last month too
    with s.tx() as c:
        c.execute("UPDATE documents SET first_seen='2026-01-15T00:00:00.000000Z' WHERE sha256=?", ("c" * 64,))
        c.execute("UPDATE documents SET first_seen='2026-02-03T00:00:00.000000Z' WHERE sha256 IN (?,?)", ("a" * 64, "b" * 64))
        c.execute("UPDATE findings SET created_at='2026-02-03T00:00:00.000000Z' WHERE sha256=?", ("a" * 64,))
        c.execute("UPDATE findings SET created_at='2026-01-20T00:00:00.000000Z' WHERE sha256=?", ("b" * 64,))
    docs = [m for d in s.documents() if (m := s.document_model(d["sha256"]))]
    fbd: dict = {}
    for f in s.findings(with_state=False):
        fbd.setdefault(f["sha256"], []).append(f)
    s.save_scores(rank_documents(docs, fbd))
    return s


def test_period_selection_and_new_vs_recurring(tmp_path):
    s = _store(tmp_path)
    data = collect(s, date(2026, 2, 1), date(2026, 2, 28))
    assert {f["rule_id"] for f in data["findings"]} == {"NARR-X", "HYG-Y"}
    assert len(data["previous_findings"]) == 1 and data["previous_findings"][0]["severity"] == "low"
    assert data["new_units"] == [HOSTILE] and data["recurring_units"] == ["某市统计局"]
    assert [r["sha256"] for r in data["ranking"]] == ["a" * 64, "b" * 64]


def test_files_open_and_html_is_escaped(tmp_path):
    s = _store(tmp_path)
    paths = build_report(s, date(2026, 2, 1), date(2026, 2, 28), tmp_path / "out")
    wb = load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["ranking", "findings", "by category", "by rule"]
    assert wb["ranking"]["C2"].value == HOSTILE
    assert wb["findings"].max_row == 3 and wb["by rule"].max_row == 3
    text = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text and "<svg" in text
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")  # offline: nothing fetched


def test_cli_report(tmp_path, capsys):
    s = _store(tmp_path)
    assert main(["report", "--month", "2026-02", "--db", s.path, "--out", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "summary.xlsx").is_file() and (tmp_path / "cli" / "summary.html").is_file()
    assert main(["report", "--db", s.path]) == 2
    assert main(["report", "--since", "2026-02-10", "--until", "2026-02-01", "--db", s.path]) == 2
    now = datetime.now(UTC)
    assert main(["report", "--since", "2020-01-01", "--until", now.strftime("%Y-%m-%d"), "--db", s.path, "--out", str(tmp_path / "all")]) == 0
