"""Workspace logic without a browser: evidence sources, highlights, learning from decisions, users and sessions,
unit status flow, bulk triage, next open finding, decisions carried to a resubmission, summaries and labels."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan.store.files import kept_path
from juesuan.store.sqlite import Store
from juesuan.workspace.present import finding_summary, local_time, sort_findings, value_items
from juesuan.workspace.sources import resolve_source
from juesuan.workspace.triage import learned_weights, ranking_rows
from juesuan.workspace.users import add_user, sign_in, user_for_token
from juesuan.workspace.workflow import (
    bulk_decide,
    carry_decisions,
    flag_document,
    next_open,
    set_unit_status,
    unit_key,
    unit_status,
)
from tests.ui_fixtures import UiFixture, build


@pytest.fixture()
def fx(tmp_path: Path) -> UiFixture:
    return build(tmp_path / "data")


def _doc(s: Store, sha: str) -> dict:
    return next(d for d in s.documents() if d["sha256"] == sha)


def test_relative_path_scan_resolves_from_the_launch_dir_and_keeps_a_copy(fx: UiFixture, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    s = fx.store()
    model = s.document_model(fx.pdf_sha)
    assert model is not None
    rel = os.path.relpath(fx.pdf_path, fx.db.parent)  # as `juesuan scan src/...` run from the data directory records it
    s.save_document({**model, "path": rel}, [])
    s.conn.execute("DELETE FROM files")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the UI runs with another working directory
    monkeypatch.setenv("JUESUAN_LAUNCH_DIR", str(fx.db.parent))
    src = resolve_source(s, _doc(s, fx.pdf_sha))
    assert src.path is not None and src.kept and src.path == kept_path(s.path, fx.pdf_sha)
    assert src.path.read_bytes() == fx.pdf_path.read_bytes()
    # the original moves away: the kept copy still serves the evidence
    shutil.move(str(fx.pdf_path), str(tmp_path / "moved.pdf"))
    assert resolve_source(s, _doc(s, fx.pdf_sha)).path == kept_path(s.path, fx.pdf_sha)


def test_changed_or_missing_source_is_reported_not_shown(fx: UiFixture) -> None:
    s = fx.store()
    fx.text_path.write_text("改过的内容", encoding="utf-8")
    r = resolve_source(s, _doc(s, fx.text_sha))
    assert r.path is None and "已被修改" in (r.message or "")
    gone = resolve_source(s, _doc(s, fx.gone_sha))
    assert gone.path is None and "原文件已不在记录的位置" in (gone.message or "")
    assert s.keep_file(fx.text_sha, fx.text_path) is None  # content that does not hash to the key is refused


def _wrapped_pdf(path: Path) -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    line1 = "2024年度一般公共预算财政拨款支出决算为1,234.56万元，比上年增加"
    line2 = "120.00万元，增长10.77%，主要原因是新增项目支出。联系人XX。"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 11)
    c.drawString(72, 760, "其他无关的一行文字 300.00 万元")
    c.drawString(72, 700, line1)
    c.drawString(72, 685, line2)
    c.drawString(72, 600, "下一段：项目支出 120.00 万元。")
    c.showPage()
    c.save()
    return line1, line2


def test_wrapped_sentence_every_line_and_the_figure_are_boxed(tmp_path: Path) -> None:
    import pdfplumber

    from juesuan.ui.evidence import locate_on_page, render_pdf_evidence

    pdf = tmp_path / "wrapped.pdf"
    line1, line2 = _wrapped_pdf(pdf)
    snippet = line1 + line2[:18]  # the sentence as the parser quotes it: one string across the line break
    with pdfplumber.open(str(pdf)) as doc:
        page = doc.pages[0]
        boxes = locate_on_page(page, snippet)
        assert len(boxes) == 2, boxes  # one box per printed line
        tops = sorted(round(b[1]) for b in boxes)
        h1 = page.search("1,234.56")[0]
        h2 = page.search("10.77%")[0]
        assert any(b[0] <= h1["x0"] and b[2] >= h1["x1"] and abs(b[1] - h1["top"]) < 3 for b in boxes)
        assert any(b[0] <= h2["x0"] and b[2] >= h2["x1"] and abs(b[1] - h2["top"]) < 3 for b in boxes)
        assert tops[1] - tops[0] < 30
        xx = locate_on_page(page, "联系人XX")
        assert xx and abs(xx[0][1] - page.search("XX")[0]["top"]) < 3  # a short Latin run is searched too
    r = render_pdf_evidence(str(pdf), 1, [snippet], values=[D("120.00")])
    assert r.found and len(r.boxes) == 2 and r.crop_png and r.crop_png.startswith(b"\x89PNG")
    # the figure inside the sentence (line 2), not the 120.00 of the next paragraph
    assert len(r.figure_boxes) == 1 and abs(r.figure_boxes[0][1] - boxes[1][1]) < 3


def test_statistical_values_are_labelled_as_peer_statistics() -> None:
    f = {"category": "statistical", "rule_id": "STAT-X", "message": "执行率 38.5% 远低于同类。",
         "values": {"stated": D("38.5"), "expected": D("96.2"), "difference": D("-57.7"), "envelope": D("2.1"), "z": D("-7.3"),
                    "peer_group": "区县级·事业", "peer_n": 12, "peer_usable": True, "domain_range": None, "peers": []}}
    items = dict(value_items(f))
    assert items["本单位数值"] == "38.5" and items["同类中位数"] == "96.2" and items["离散度（MAD）"] == "2.1"
    assert items["稳健 z 值"] == "-7.3" and items["同类组样本充足"] == "是" and items["比较组"] == "区县级·事业"
    assert "应为" not in items and "尾数容差" not in items and "z" not in items and "peer_usable" not in items
    assert not any(v in ("None", "—") for v in items.values())
    assert "同类中位数 96.2" in finding_summary(f)
    rule = {"category": "arithmetic", "values": {"stated": D("1"), "expected": D("2")},
            "evidence": [{"table": "T1", "row": "本年收入合计", "column": "决算数"}]}
    assert finding_summary(rule) == "收入支出决算总表 · 本年收入合计 · 决算数：列报 1，应为 2"
    assert value_items({"category": "hygiene", "values": {}}) == []  # no all-"—" table


def test_sort_puts_severity_then_root_causes_first() -> None:
    fs = [{"severity": "medium", "category": "arithmetic", "rule_id": "A"}, {"severity": "high", "category": "narrative", "rule_id": "N"},
          {"severity": "high", "category": "structure", "rule_id": "S"}, {"severity": "low", "category": "ingest", "rule_id": "I"}]
    assert [f["rule_id"] for f in sort_findings(fs)] == ["S", "N", "A", "I"]
    assert local_time("2026-12-01T02:50:49.123Z") == "2026-12-01 10:50"


def test_dismissing_a_rules_findings_across_units_lowers_its_weight(fx: UiFixture) -> None:
    s = fx.store()
    before = {r["sha256"]: r for r in ranking_rows(s)}
    narr = [f for f in s.findings() if f["rule_id"] == "NARR-AMOUNT-MISMATCH"]
    assert {f["sha256"] for f in narr} == {fx.text_sha, fx.pdf_sha}  # the same rule in two units
    out = bulk_decide(s, [f["finding_key"] for f in narr[:1]], "dismissed", "甲", reason="口径不同")
    assert all(r.ok for _, r in out)
    w = {x["rule_id"]: x for x in learned_weights(s)}
    assert w["NARR-AMOUNT-MISMATCH"]["dismissed"] == 1 and w["NARR-AMOUNT-MISMATCH"]["multiplier"] < 1.0
    assert "权重下调" in w["NARR-AMOUNT-MISMATCH"]["why"]
    after = {r["sha256"]: r for r in ranking_rows(s)}
    other = next(f for f in narr[1:])  # the undismissed finding in the other unit now weighs less
    assert after[other["sha256"]]["score"] < before[other["sha256"]]["score"]
    c = next(c for c in after[other["sha256"]]["contributions"] if c["rule_id"] == "NARR-AMOUNT-MISMATCH")
    assert c["multiplier"] == w["NARR-AMOUNT-MISMATCH"]["multiplier"]


def test_bulk_dismiss_needs_a_reason_and_logs_one_event(fx: UiFixture) -> None:
    s = fx.store()
    keys = [f["finding_key"] for f in s.findings(fx.text_sha)][:3]
    assert not any(r.ok for _, r in bulk_decide(s, keys, "dismissed", "甲"))
    out = bulk_decide(s, keys, "dismissed", "甲", reason="模板口径")
    assert [r.ok for _, r in out] == [True, True, True]
    assert {s.current_decisions()[k]["reason"] for k in keys} == {"模板口径"}
    ev = s.conn.execute("SELECT kind, actor FROM events WHERE kind='bulk-decision'").fetchall()
    assert [tuple(e) for e in ev] == [("bulk-decision", "甲")]


def test_unit_status_flow_needs_a_different_reviewer(fx: UiFixture) -> None:
    s = fx.store()
    add_user(s, "zhang", "张三")
    add_user(s, "li", "李四", "reviewer")
    k = unit_key("武汉市汉阳区企业服务中心", 2022, fx.text_sha)
    assert unit_status(s, k).status == "new"
    assert set_unit_status(s, k, "closed", "li", "reviewer") is not None  # cannot skip the review
    assert set_unit_status(s, k, "in-review", "zhang", "inspector") is None
    assert unit_status(s, k).assignee == "zhang"
    assert set_unit_status(s, k, "to-review", "li", "reviewer") is not None  # only the assignee submits
    assert set_unit_status(s, k, "to-review", "zhang", "inspector") is None
    assert "复核人" in (set_unit_status(s, k, "closed", "zhang", "inspector") or "")
    assert set_unit_status(s, k, "closed", "li", "reviewer") is None
    st = unit_status(s, k)
    assert (st.status, st.assignee, st.reviewer) == ("closed", "zhang", "li")
    kinds = [r[0] for r in s.conn.execute("SELECT kind FROM events WHERE kind='unit-status'").fetchall()]
    assert len(kinds) == 3


def test_sign_in_sessions_and_passwords(fx: UiFixture) -> None:
    s = fx.store()
    add_user(s, "wang", "王五", password="秘密")
    with pytest.raises(ValueError):
        add_user(s, "wang", "重复")
    with pytest.raises(ValueError):
        add_user(s, "../x", "坏名字")
    assert sign_in(s, "wang", "错误") is None
    res = sign_in(s, "wang", "秘密")
    assert res is not None
    user, token = res
    assert user_for_token(fx.store(), token) == user  # a new connection (a reload) finds the same user
    assert user_for_token(s, "forged") is None


def test_next_open_finding_follows_the_workspace_order(fx: UiFixture) -> None:
    s = fx.store()
    fs = s.findings(fx.text_sha)
    ordered = sort_findings(fs)
    first = next_open(fs)
    assert first is not None and first["finding_key"] == ordered[0]["finding_key"]
    second = next_open(fs, first["finding_key"])
    assert second is not None and second["finding_key"] == ordered[1]["finding_key"]
    for f in fs:
        s.decide(f["finding_key"], "confirmed", "甲")
    assert next_open(s.findings(fx.text_sha)) is None


def test_resubmission_carries_decisions_and_is_grouped(fx: UiFixture) -> None:
    s = fx.store()
    model = s.document_model(fx.text_sha)
    assert model is not None
    old = s.findings(fx.text_sha)
    key = next(f["finding_key"] for f in old if f["rule_id"] == "ARITH-T3-ROW-SUM")
    s.decide(key, "dismissed", "甲", reason="尾数")
    new_sha = "a" * 64
    s.save_document({**model, "sha256": new_sha, "document": "重新报送.txt"},
                    [{k: v for k, v in f.items() if k not in ("finding_key", "sha256", "triage", "triage_id", "source", "created_at")}
                     for f in old if f["category"] != "statistical"])
    assert carry_decisions(s, new_sha, [fx.text_sha]) == 1
    carried = next(f for f in s.findings(new_sha) if f["rule_id"] == "ARITH-T3-ROW-SUM")
    assert carried["triage"] == "dismissed"
    rows = [r for r in ranking_rows(s) if r["unit"] == "武汉市汉阳区企业服务中心"]
    assert len(rows) == 2 and {r["versions"] for r in rows} == {2} and sum(r["latest"] for r in rows) == 1
    assert flag_document(s, fx.text_sha, "excluded", "甲", "") is not None  # a reason is required
    assert flag_document(s, fx.text_sha, "excluded", "甲", "重复报送") is None
    assert fx.text_sha not in {r["sha256"] for r in ranking_rows(s)}


@pytest.mark.parametrize(("name", "want"), [
    ("中共上海市普陀区委社会工作部", ("区县级", "上海市普陀区")),
    ("上海市普陀区财政局", ("区县级", "上海市普陀区")),
    ("普陀区财政局", ("区县级", "普陀区")),
    ("浦东新区财政局", ("区县级", "浦东新区")),
    ("中共上海市委组织部", ("省级", "上海市")),
    ("湖北省电子口岸运行服务中心", ("省级", "湖北省")),
    ("天门市商务局", ("市级", "天门市")),
    ("社区服务中心", (None, None)),
    ("上海市区域发展中心", ("省级", "上海市")),
])
def test_unit_level_and_region_of_district_units(name: str, want: tuple) -> None:
    from juesuan.vocab.units import unit_level_region

    assert unit_level_region(name) == want


def test_unreadable_and_duplicate_documents_are_no_peers() -> None:
    from juesuan.stats.outliers import peer_eligibility

    docs = [{"sha256": "1" * 64, "unit": "甲局", "year": 2023, "checkable": True},
            {"sha256": "2" * 64, "unit": "甲局", "year": 2023, "checkable": True},  # the same unit-year again (renamed/rescanned)
            {"sha256": "3" * 64, "unit": "乙局", "year": 2023, "checkable": False},  # unreadable
            {"sha256": "4" * 64, "unit": "丙局", "year": 2023, "checkable": True, "problems": [{"fatal": True}]},
            {"sha256": "5" * 64, "unit": "丁局", "year": 2023, "checkable": True}]
    same, ok = peer_eligibility(docs)
    assert [ok[d["sha256"]] for d in docs] == [True, False, False, False, True]
    assert same["1" * 64] == same["2" * 64] != same["5" * 64]


def test_text_evidence_without_a_figure_marks_the_quote(tmp_path: Path) -> None:
    from juesuan.ui.evidence import text_context

    p = tmp_path / "t.txt"
    p.write_text("第一行\n项目名称\t外经贸发展专项资金\t负责人及电话\t王学荣\n第三行\n", encoding="utf-8")
    ctx = text_context(str(p), 2, ["项目名称 | 外经贸发展专项资金 | 负责人及电话 | 王学荣"], [1])
    target = next(c for c in ctx.lines if c.is_target)
    assert [target.text[a:b] for a, b in target.marks] == [target.text]  # the quoted row, across its tabs
    xx = text_context(str(p), 3, ["第三行"], [])
    assert next(c for c in xx.lines if c.is_target).marks == [(0, 3)]
