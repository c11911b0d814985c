"""The issue's end-to-end path on the real seed corpus: `juesuan ui` over a database made by the real
scan pipeline, in headless Debian chromium: open the ranking, drill into the top unit, confirm one of
its findings, reload, and see the decision persisted (in the page and in SQLite)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from juesuan.store.sqlite import Store
from tests.test_ui_browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, _require_browser, register_and_sign_in, running_ui
from tests.ui_fixtures import build_scanned

pytestmark = pytest.mark.browser
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture()
def seeds_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    _require_browser()
    db = build_scanned(tmp_path / "data", [CORPUS])
    with running_ui(db, tmp_path) as base:
        yield base, db


def test_seed_ranking_drill_down_confirm_reload(seeds_server: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, db = seeds_server
    store = Store(db)
    ranked = store.scores()
    assert len(ranked) == 5
    top = ranked[0]
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/", wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="📊 风险排名")).to_be_visible(timeout=60000)
            grid = page.locator("[data-testid='stDataFrame']").first
            expect(grid).to_be_visible(timeout=30000)
            page.screenshot(path=str(ARTIFACTS / "seeds-01-ranking.png"), full_page=True)

            # drill down: click the first body row of the ranking grid
            box = grid.bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
            page.wait_for_url("**/unit?doc=*", timeout=30000)
            expect(page.get_by_role("heading", name="🔎 单位详情")).to_be_visible(timeout=30000)
            doc_sha = page.url.split("doc=")[1].split("&")[0]
            assert doc_sha == top["sha256"]
            page.screenshot(path=str(ARTIFACTS / "seeds-02-unit.png"), full_page=True)

            # confirm one rule finding of that unit, by its deep link
            finding = next(f for f in store.findings(doc_sha) if f["source"] == "rules" and f["severity"] in ("high", "medium"))
            page.goto(f"{base}/unit?doc={doc_sha}&finding={finding['finding_key']}", wait_until="domcontentloaded")
            expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
            register_and_sign_in(page, "lisi", "李四")
            page.get_by_role("button", name="✅ 确认问题").first.click()
            expect(page.get_by_text("已保存").first).to_be_visible(timeout=30000)

            page.reload(wait_until="domcontentloaded")
            expect(page.get_by_text("选中的发现")).to_be_visible(timeout=60000)
            expect(page.get_by_text("✅ 已确认").first).to_be_visible(timeout=30000)
            page.screenshot(path=str(ARTIFACTS / "seeds-03-confirmed-after-reload.png"), full_page=True)
            hist = Store(db).decision_history(finding["finding_key"])
            assert [(h["state"], h["inspector"]) for h in hist] == [("confirmed", "lisi")]
            assert not errors, errors
        finally:
            browser.close()
