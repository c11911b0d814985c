"""End to end in a real browser: `juesuan ui` as a subprocess, driven by Playwright with Debian's chromium.

Opens the ranking, drills into a unit by clicking its row, opens a finding by deep link, confirms it,
reloads and sees the decision persisted (also in the database). Screenshots go to test-artifacts/.
Skipped (with the reason) when chromium or playwright is missing — except under CI (env CI set), where
a missing browser is an error.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from juesuan.store.sqlite import Store
from tests.ui_fixtures import UiFixture, build

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("JUESUAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_browser() -> None:
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright python package is not installed (pip install playwright)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)")
    if problems:
        msg = "real-browser UI test needs: " + "; ".join(problems)
        if os.environ.get("CI"):
            pytest.fail(msg + " — required under CI")
        pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _juesuan() -> list[str]:
    exe = shutil.which("juesuan")
    return [exe] if exe else [sys.executable, "-m", "juesuan.cli.main"]


@contextmanager
def running_ui(db: Path, workdir: Path) -> Iterator[str]:
    """`juesuan ui --db DB` as a subprocess on a free port; yields its base URL, stops it afterwards."""
    port = _free_port()
    log = open(workdir / "ui.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([*_juesuan(), "ui", "--db", str(db), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, cwd=str(workdir))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):  # the server is up when its health endpoint answers (not a timing assertion)
            if proc.poll() is not None or _healthy(base):
                break
            time.sleep(0.5)
        if proc.poll() is not None or not _healthy(base):
            log.flush()
            pytest.fail("juesuan ui did not start:\n" + (workdir / "ui.log").read_text(errors="replace")[-3000:])
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, UiFixture]]:
    _require_browser()
    fx = build(tmp_path / "data")
    with running_ui(fx.db, tmp_path) as base:
        yield base, fx


def register_and_sign_in(page: Any, login: str, name: str) -> None:
    """First use: register in the local user list from the sidebar and sign in (no free-text name per session)."""
    from playwright.sync_api import expect

    sb = page.locator("[data-testid='stSidebar']")
    expect(sb.get_by_text("请先登录")).to_be_visible(timeout=60000)
    page.wait_for_timeout(500)
    if sb.get_by_text("新用户登记").count():  # others are registered already: open the registration form
        sb.get_by_text("新用户登记").click()
    expect(sb.get_by_label("登录名")).to_be_visible(timeout=30000)  # (expanded by itself for the first user)
    sb.get_by_label("登录名").fill(login)
    sb.get_by_label("姓名").fill(name)
    sb.get_by_role("button", name="登记并登录").click()
    expect(sb.get_by_text("当前用户：")).to_be_visible(timeout=30000)
    page.wait_for_function("document.cookie.includes('juesuan_session=')", timeout=30000)


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def test_ranking_drill_down_confirm_and_reload(server: tuple[str, UiFixture]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, fx = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))

            # 1. the ranking
            page.goto(base + "/", wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="📊 风险排名")).to_be_visible(timeout=60000)
            grid = page.locator("[data-testid='stDataFrame']").first
            expect(grid).to_be_visible(timeout=30000)
            expect(page.get_by_text("未能核查").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "01-ranking.png"), full_page=True)

            # 2. drill down by clicking a row (rank 2: 武汉市汉阳区企业服务中心; row 1 is the unchecked scan)
            box = grid.bounding_box()
            assert box is not None
            row_h = 35
            page.mouse.click(box["x"] + 12, box["y"] + row_h * 2 + row_h / 2)  # row-selection marker of the 2nd body row
            page.wait_for_url(f"**/unit?doc={fx.text_sha}*", timeout=30000)
            expect(page.get_by_role("heading", name="🔎 单位详情")).to_be_visible(timeout=30000)
            expect(page.get_by_text("武汉市汉阳区企业服务中心").first).to_be_visible()
            expect(page.get_by_text("ARITH-T3-ROW-SUM").first).to_be_visible(timeout=30000)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "02-unit.png"), full_page=True)

            # back to the ranking: the earlier row selection must not drill down again by itself
            page.get_by_text("返回风险排名").first.click()
            expect(page.get_by_role("heading", name="📊 风险排名")).to_be_visible(timeout=30000)
            page.wait_for_timeout(2000)
            expect(page.get_by_role("heading", name="📊 风险排名")).to_be_visible()
            assert "/unit" not in page.url

            # 3. deep link to one finding; name the inspector; confirm
            key = next(f["finding_key"] for f in Store(fx.db).findings(fx.text_sha) if f["rule_id"] == "NARR-AMOUNT-MISMATCH")
            page.goto(f"{base}/unit?doc={fx.text_sha}&finding={key}", wait_until="domcontentloaded")
            expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
            register_and_sign_in(page, "张三", "张三")
            page.get_by_role("button", name="✅ 确认问题").first.click()
            expect(page.get_by_text("已保存").first).to_be_visible(timeout=30000)
            page.screenshot(path=str(ARTIFACTS / "03-confirmed.png"), full_page=True)

            # 4. reload: the decision is still there (from SQLite, not from the session)
            page.reload(wait_until="domcontentloaded")
            expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
            expect(page.get_by_text("✅ 已确认").first).to_be_visible(timeout=30000)
            expect(page.get_by_text("审核状态").first).to_be_visible(timeout=30000)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "04-after-reload.png"), full_page=True)
            hist = Store(fx.db).decision_history(key)
            assert [(h["state"], h["inspector"]) for h in hist] == [("confirmed", "张三")]  # the login

            # 5. a PDF finding: the page image with the evidence region highlighted
            pkey = next(f["finding_key"] for f in Store(fx.db).findings(fx.pdf_sha) if f["rule_id"] == "NARR-AMOUNT-MISMATCH")
            page.goto(f"{base}/unit?doc={fx.pdf_sha}&finding={pkey}", wait_until="domcontentloaded")
            expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
            expect(page.locator("[data-testid='stImage'] img").first).to_be_visible(timeout=60000)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "05-pdf-evidence.png"), full_page=True)
            page.locator("[data-testid='stImage']").first.screenshot(path=str(ARTIFACTS / "05-pdf-page-image.png"))

            # 6. document text is shown as text, never executed or linked
            hostile = next(f["finding_key"] for f in Store(fx.db).findings(fx.text_sha) if f["rule_id"] == "HYG-PERSONAL-DATA")
            page.goto(f"{base}/unit?doc={fx.text_sha}&finding={hostile}", wait_until="domcontentloaded")
            expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
            expect(page.get_by_text("alert(").filter(visible=True).first).to_be_visible(timeout=30000)
            expect(page.get_by_text("审核状态").first).to_be_visible(timeout=30000)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "06-hostile-text.png"), full_page=True)
            assert page.evaluate("window.__xss === undefined")
            assert page.locator("a[href^='javascript']").count() == 0
            assert page.locator("img[src='x'], img[src^='http://evil']").count() == 0
            assert not errors, errors
        finally:
            browser.close()
