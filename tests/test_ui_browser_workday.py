"""An inspector's day in real Chromium (issue 14): sign-in that survives reloads, the unit status flow with a
reviewer's sign-off, bulk dismissal, a wrapped sentence boxed in the PDF page, the monthly report after triage
(the live scores), and evidence for a scan made with relative paths while the UI runs elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from juesuan.store.sqlite import Store
from juesuan.workspace.users import add_user
from tests.test_ui_browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, _juesuan, _require_browser, running_ui
from tests.test_ui_workflow import _wrapped_pdf
from tests.ui_fixtures import UiFixture, build

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]


def _add_wrapped_pdf(fx: UiFixture) -> tuple[str, str]:
    """A third PDF document whose narrative finding quotes a sentence wrapped over two printed lines."""
    pdf = fx.db.parent / "src" / "长征镇2024.pdf"
    line1, line2 = _wrapped_pdf(pdf)
    import hashlib

    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    s = Store(fx.db)
    doc = {"document": pdf.name, "path": str(pdf), "sha256": sha, "kind": "pdf", "unit": "上海市普陀区长征镇人民政府", "year": 2024,
           "money_unit": "万元", "page_count": 1, "checkable": True, "sections": [], "claims": [], "performance": [], "problems": [],
           "missing_tables": [], "notes": [], "tables": []}
    f = {"document": pdf.name, "unit": doc["unit"], "year": 2024, "rule_id": "NARR-GROWTH-RECOMPUTE", "title": "增长率可复算",
         "category": "narrative", "severity": "high", "message": "情况说明称增加 120.00 万元、增长 10.77%，按上年数复算不符。",
         "evidence": [{"page": 1, "line": None, "text": line1 + line2[:18], "table": None, "row": None, "column": None}],
         "values": {"stated": D("120.00"), "expected": D("110.00"), "difference": D("10.00")}}
    s.save_document(doc, [f])
    return sha, next(x["finding_key"] for x in s.findings(sha))


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, UiFixture, str, str]]:
    _require_browser()
    tmp = tmp_path_factory.mktemp("workday")
    fx = build(tmp / "data")
    wsha, wkey = _add_wrapped_pdf(fx)
    s = Store(fx.db)
    add_user(s, "zhang", "张三")
    add_user(s, "li", "李四", "reviewer", password="复核口令")
    with running_ui(fx.db, tmp) as base:
        yield base, fx, wsha, wkey


@pytest.fixture()
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def _page(browser: Any) -> tuple[Any, list[str]]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def sign_in(page: Any, label: str, password: str = "") -> None:
    """Sign in from the sidebar: pick the user from the local list (and give the password if one is set)."""
    from playwright.sync_api import expect

    sb = page.locator("[data-testid='stSidebar']")
    expect(sb.get_by_text("请先登录")).to_be_visible(timeout=60000)
    sb.get_by_role("combobox").first.click()
    page.get_by_role("option", name=label).click()
    if password:
        sb.get_by_label("密码（未设置密码可留空）").fill(password)
    sb.get_by_role("button", name="登录").click()
    expect(sb.get_by_text("当前用户：")).to_be_visible(timeout=30000)
    page.wait_for_function("document.cookie.includes('juesuan_session=')", timeout=30000)  # kept for reloads


def sign_out(page: Any) -> None:
    from playwright.sync_api import expect

    sb = page.locator("[data-testid='stSidebar']")
    sb.get_by_role("button", name="退出登录").click()
    expect(sb.get_by_text("请先登录")).to_be_visible(timeout=30000)


def test_sign_in_survives_reloads_and_status_flow_needs_a_reviewer(day: tuple[str, UiFixture, str, str], browser: Any) -> None:
    from playwright.sync_api import expect

    base, fx, _wsha, _wkey = day
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = _page(browser)
    page.goto(f"{base}/unit?doc={fx.pdf_sha}", wait_until="domcontentloaded")
    sign_in(page, "张三（审核人）")
    page.reload(wait_until="domcontentloaded")
    sb = page.locator("[data-testid='stSidebar']")
    expect(sb.get_by_text("张三（审核人）")).to_be_visible(timeout=60000)  # the session cookie, not free text
    page.goto(f"{base}/ranking", wait_until="domcontentloaded")
    expect(sb.get_by_text("张三（审核人）")).to_be_visible(timeout=60000)
    page.goto(f"{base}/unit?doc={fx.pdf_sha}", wait_until="domcontentloaded")
    expect(page.get_by_text("单位状态：").first).to_be_visible(timeout=60000)
    page.get_by_role("button", name="开始审核（由我负责）").click()
    expect(page.get_by_text("审核中").first).to_be_visible(timeout=30000)
    page.get_by_role("button", name="提交复核").click()
    expect(page.get_by_text("待复核").first).to_be_visible(timeout=30000)
    expect(page.get_by_text("须由负责人以外的复核人签字结案")).to_be_visible(timeout=30000)
    assert page.get_by_role("button", name="复核通过，结案").count() == 0  # the assignee cannot sign off
    sign_out(page)
    page.reload(wait_until="domcontentloaded")
    expect(page.locator("[data-testid='stSidebar']").get_by_text("请先登录")).to_be_visible(timeout=60000)  # signed out stays out
    sign_in(page, "李四（复核人）", "复核口令")
    page.get_by_role("button", name="复核通过，结案").click()
    expect(page.get_by_text("已结案").first).to_be_visible(timeout=30000)
    page.screenshot(path=str(ARTIFACTS / "day-01-unit-closed.png"), full_page=True)
    rows = Store(fx.db).conn.execute("SELECT status, assignee, reviewer, actor FROM unit_status ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("in-review", "zhang", None, "zhang"), ("to-review", "zhang", None, "zhang"),
                                        ("closed", "zhang", "li", "li")]
    assert not errors, errors


def test_bulk_dismiss_and_report_after_triage(day: tuple[str, UiFixture, str, str], browser: Any) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    base, fx, _wsha, _wkey = day
    page, errors = _page(browser)
    page.goto(f"{base}/unit?doc={fx.text_sha}", wait_until="domcontentloaded")
    sign_in(page, "张三（审核人）")
    page.get_by_text("批量审核（选择多条").click()
    picker = page.get_by_role("combobox", name="选择发现")
    for rule in ("ARITH-T3-ROW-SUM", "HYG-PERSONAL-DATA"):
        picker.click()
        page.keyboard.type(rule)
        opt = page.get_by_role("option").filter(has_text=rule)
        expect(opt.first).to_be_visible(timeout=30000)
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="❎ 批量驳回")).to_be_enabled(timeout=30000)
    page.get_by_label("理由（驳回时必填）", exact=True).fill("属模板口径，非单位差错")
    page.get_by_role("button", name="❎ 批量驳回").click()
    expect(page.get_by_text("已处理 2 / 2 条").first).to_be_visible(timeout=30000)
    s = Store(fx.db)
    dismissed = {f["rule_id"]: s.current_decisions()[f["finding_key"]] for f in s.findings(fx.text_sha)
                 if f["finding_key"] in s.current_decisions()}
    assert {k: (v["state"], v["reason"], v["inspector"]) for k, v in dismissed.items()} == {
        "ARITH-T3-ROW-SUM": ("dismissed", "属模板口径，非单位差错", "zhang"),
        "HYG-PERSONAL-DATA": ("dismissed", "属模板口径，非单位差错", "zhang")}

    # the monthly report uses the live scores (the ranking page's), not the stored ones
    from juesuan.workspace.triage import ranking_rows

    live = next(r["score"] for r in ranking_rows(s) if r["sha256"] == fx.text_sha)
    stored = next(r["score"] for r in s.scores() if r["sha256"] == fx.text_sha)
    assert live < stored
    from datetime import datetime, timedelta

    from juesuan.workspace.present import TZ

    today = datetime.now(TZ).date()
    page.goto(f"{base}/summary?since={today - timedelta(days=3)}&until={today + timedelta(days=1)}", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="📅 月度汇总")).to_be_visible(timeout=60000)
    page.get_by_role("button", name="生成报告").click()
    expect(page.get_by_role("button", name="下载 Excel").first).to_be_visible(timeout=60000)
    page.screenshot(path=str(ARTIFACTS / "day-02-report.png"), full_page=True)
    xlsx = sorted((fx.db.parent / "reports").rglob("summary_*.xlsx"))
    assert xlsx, "the report was written next to the database"
    wb = load_workbook(xlsx[-1])
    scores = {r[2]: r[4] for r in wb["排名"].iter_rows(min_row=2, values_only=True)}
    assert scores["武汉市汉阳区企业服务中心"] == pytest.approx(live)
    decided = [r for r in wb["审核记录"].iter_rows(min_row=2, values_only=True) if r[3] == "属模板口径，非单位差错"]
    assert len(decided) == 2 and {r[1] for r in decided} == {"zhang"}
    assert not errors, errors


def test_wrapped_sentence_is_boxed_in_the_pdf_page(day: tuple[str, UiFixture, str, str], browser: Any) -> None:
    from playwright.sync_api import expect

    base, _fx, wsha, wkey = day
    page, errors = _page(browser)
    page.goto(f"{base}/unit?doc={wsha}&finding={wkey}", wait_until="domcontentloaded")
    expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
    img = page.locator("[data-testid='stImage'] img").first
    expect(img).to_be_visible(timeout=60000)
    expect(page.get_by_text("（局部）：红框为证据原文，蓝框为所涉数字").first).to_be_visible(timeout=30000)
    assert page.get_by_text("未能在该页上找到").count() == 0
    page.locator("[data-testid='stImage']").first.screenshot(path=str(ARTIFACTS / "day-03-wrapped-highlight.png"))
    assert not errors, errors


def test_relative_path_scan_shows_evidence(tmp_path: Path, browser: Any) -> None:
    """README's `make run`: `juesuan scan corpus --db juesuan.db` from the project directory records relative paths;
    the UI (which runs in another working directory) still shows the source lines of any finding."""
    from playwright.sync_api import expect

    work = tmp_path / "work"
    shutil.copytree(ROOT / "corpus", work / "corpus")
    r = subprocess.run([*_juesuan(), "scan", "corpus", "--out", "out", "--db", "juesuan.db", "--quiet"], cwd=work,
                       capture_output=True, text=True, timeout=900, env={**os.environ})
    assert r.returncode == 0, r.stderr[-2000:]
    s = Store(work / "juesuan.db")
    f = next(f for f in s.findings() if f["category"] == "narrative" and any(e.get("line") for e in f.get("evidence") or []))
    with running_ui(work / "juesuan.db", work) as base:
        page, errors = _page(browser)
        page.goto(f"{base}/unit?doc={f['sha256']}&finding={f['finding_key']}", wait_until="domcontentloaded")
        expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
        expect(page.get_by_text("▶").first).to_be_visible(timeout=60000)
        assert page.get_by_text("原文件已不在记录的位置").count() == 0
        page.screenshot(path=str(ARTIFACTS / "day-04-relative-scan-evidence.png"), full_page=True)
        assert not errors, errors
    assert any(p.name == f["sha256"] for p in (work / "juesuan.db.files").iterdir())  # served from the kept copy
