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
    assert wb.sheetnames == ["排名", "发现", "按类别", "按规则", "审核记录", "事件"]
    assert wb["排名"]["C2"].value == HOSTILE
    assert wb["发现"].max_row == 3 and wb["按规则"].max_row == 3
    assert wb["发现"].freeze_panes == "A2" and wb["发现"].auto_filter.ref and wb["发现"].column_dimensions["G"].width == 50
    assert paths["xlsx"].name == "summary_2026-02-01_2026-02-28.xlsx"
    text = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text and "<svg" in text
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")  # offline: nothing fetched


def test_cli_report(tmp_path, capsys):
    s = _store(tmp_path)
    assert main(["report", "--month", "2026-02", "--db", s.path, "--out", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "summary_2026-02-01_2026-02-28.xlsx").is_file()
    assert (tmp_path / "cli" / "summary_2026-02-01_2026-02-28.html").is_file()
    assert main(["report", "--db", s.path]) == 2
    assert main(["report", "--since", "2026-02-10", "--until", "2026-02-01", "--db", s.path]) == 2
    now = datetime.now(UTC)
    assert main(["report", "--since", "2020-01-01", "--until", now.strftime("%Y-%m-%d"), "--db", s.path, "--out", str(tmp_path / "all")]) == 0


def test_report_uses_the_live_ranking_and_carries_the_decisions(tmp_path):
    s = _store(tmp_path)
    high = next(f for f in s.findings("a" * 64) if f["severity"] == "high")
    stored = next(r["score"] for r in s.scores() if r["sha256"] == "a" * 64)
    s.decide(high["finding_key"], "dismissed", "li", reason="口径不同", comment="已电话核实")
    with s.tx() as c:  # the decision falls in the period
        c.execute("UPDATE decisions SET at='2026-02-10T01:00:00.000000Z'")
    data = collect(s, date(2026, 2, 1), date(2026, 2, 28))
    live = next(r["score"] for r in data["ranking"] if r["sha256"] == "a" * 64)
    assert live < stored  # the dismissal counts, as on the ranking page
    paths = build_report(s, date(2026, 2, 1), date(2026, 2, 28), tmp_path / "out", actor="li")
    wb = load_workbook(paths["xlsx"])
    rows = list(wb["审核记录"].iter_rows(values_only=True))
    assert rows[1][:5] == ("2026-02-10 09:00:00", "li", "已驳回", "口径不同", "已电话核实")
    f_rows = {r[3]: r for r in wb["发现"].iter_rows(min_row=2, values_only=True)}
    assert f_rows["NARR-X"][11] == "已驳回" and f_rows["NARR-X"][12] == "li" and f_rows["NARR-X"][14] == "口径不同"
    assert wb["排名"]["E2"].value == live or wb["排名"]["E3"].value == live
    html = paths["html"].read_text(encoding="utf-8")
    assert "已电话核实" in html and "审核记录" in html
    kinds = [r[0] for r in s.conn.execute("SELECT kind FROM events").fetchall()]
    assert kinds.count("export") == 1
