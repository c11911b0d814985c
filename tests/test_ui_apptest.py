"""The inspector workspace through streamlit.testing.v1.AppTest: every page, deep links, triage, uploads.

AppTest cannot click a dataframe row, so every drill-down is also reachable by query parameters
(/?page=unit&doc=...&finding=...), which is what these tests use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402

from juesuan.store.sqlite import Store  # noqa: E402
from tests.ui_fixtures import UiFixture, build  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "src" / "juesuan" / "ui" / "app.py")
TIMEOUT = 60


@pytest.fixture()
def fx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UiFixture:
    f = build(tmp_path / "data")
    monkeypatch.setenv("JUESUAN_DB", str(f.db))
    return f


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.text] + [e.value for e in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.info] + [e.value for e in at.error] + [e.value for e in at.success]
    parts += [e.value for e in at.title] + [e.value for e in at.subheader]
    return "\n".join(str(p) for p in parts)


def _key(fx: UiFixture, sha: str, rule: str) -> str:
    return next(f["finding_key"] for f in Store(fx.db).findings(sha) if f["rule_id"] == rule)


def _sign_in(fx: UiFixture, at: AppTest, login: str) -> AppTest:
    """Sign in through the sidebar form as ``login`` (registered in the local user list first)."""
    from juesuan.workspace.users import add_user, get_user

    s = Store(fx.db)
    if get_user(s, login) is None:
        add_user(s, login, login)
    at.run()
    at.selectbox(key="signin_user").set_value(login)
    return at.button(key="signin_go").click().run()


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# ------------------------------------------------------------------ ranking


def test_ranking_lists_units_with_unchecked_first_and_flagged(fx: UiFixture) -> None:
    at = _app()
    _no_exception(at)
    df = at.dataframe[0].value
    assert len(df) == 5
    assert df.iloc[0]["核查"] == "⚠ 未核查"  # the unchecked document stands out, on top
    assert "未能核查" in _texts(at)
    ranked = [u for u in df["单位"] if u != "（未识别单位）"]
    assert ranked[0] == "武汉市汉阳区企业服务中心"  # most findings
    assert all(link.startswith("unit?doc=") for link in df["链接"])


def test_ranking_fuzzy_search_finds_misspelt_and_partial_names(fx: UiFixture) -> None:
    at = _app()
    at.text_input(key="rank_q").input("汉阳区企业").run()
    units = set(at.dataframe[0].value["单位"])
    assert "武汉市汉阳区企业服务中心" in units and "上海市普陀区财政局" not in units
    at.text_input(key="rank_q").input("普陀财政局").run()  # a missing character: Jaro-Winkler, not substring
    units = set(at.dataframe[0].value["单位"])
    assert "上海市普陀区财政局" in units and "天门市商务局" not in units


def test_ranking_filters_by_year_level_and_severity(fx: UiFixture) -> None:
    at = _app()
    at.multiselect(key="rank_year").set_value([2023]).run()
    assert set(at.dataframe[0].value["单位"]) == {"湖北省电子口岸运行服务中心"}
    at.multiselect(key="rank_year").set_value([]).run()
    at.multiselect(key="rank_level").set_value(["区县级"]).run()
    assert set(at.dataframe[0].value["单位"]) == {"武汉市汉阳区企业服务中心", "上海市普陀区财政局"}
    at.multiselect(key="rank_level").set_value([]).run()
    at.checkbox(key="rank_keep").uncheck()
    at.multiselect(key="rank_sev").set_value(["info"]).run()
    assert set(at.dataframe[0].value["单位"]) == {"湖北省电子口岸运行服务中心"}


def test_ranking_filters_from_query_params(fx: UiFixture) -> None:
    at = _app(year="2024")
    assert set(at.dataframe[0].value["单位"]) == {"上海市普陀区财政局"}


def test_ranking_open_unit_form_drills_down(fx: UiFixture) -> None:
    at = _app()
    at.selectbox(key="rank_pick").set_value(fx.pdf_sha)
    at.button[0].click().run() if not at.button else next(b for b in at.button if b.label == "打开").click().run()
    _no_exception(at)
    assert at.title[0].value == "🔎 单位详情"
    assert at.query_params.get("doc") == fx.pdf_sha


# ------------------------------------------------------------------ unit page


def test_unit_deep_link_shows_findings_by_category_with_evidence_and_values(fx: UiFixture) -> None:
    at = _app(page="unit", doc=fx.text_sha)
    _no_exception(at)
    text = _texts(at)
    assert "武汉市汉阳区企业服务中心" in text
    for cat in ("表内勾稽", "情况说明", "文本与信息安全", "统计异常"):
        assert cat in text
    assert "NARR\\-AMOUNT\\-MISMATCH" in text  # rule id (escaped Markdown)
    assert any("情况说明称基本支出 231.63 万元" in t.value for t in at.text)  # the message, as plain text
    evid = [d.value for d in at.dataframe if "原文" in d.value.columns]
    both = next(e for e in evid if len(e) == 2)
    assert list(both["行"]) == ["13", "6"] and both.iloc[1]["表"] == "支出决算表" and both.iloc[1]["列"] == "基本支出"
    vals = [d.value for d in at.dataframe if "列报数" in d.value.columns]
    assert any(v.iloc[0]["列报数"] == "231.63" and v.iloc[0]["应为"] == "288.04" for v in vals)


def test_unit_deep_link_to_text_finding_shows_surrounding_lines_marked(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "NARR-AMOUNT-MISMATCH")
    at = _app(page="unit", doc=fx.text_sha, finding=key)
    _no_exception(at)
    text = _texts(at)
    assert "选中的发现" in text
    ctx = next(m.value for m in at.markdown if "▶" in m.value)
    assert ":red-background[**231\\.63**]" in ctx  # the stated number marked on the evidence line
    assert "`   13`" in ctx and "`   10`" in ctx and "`   16`" not in ctx or "`   15`" in ctx


def test_unit_pdf_finding_renders_page_with_highlight(fx: UiFixture) -> None:
    key = _key(fx, fx.pdf_sha, "NARR-AMOUNT-MISMATCH")
    at = _app(page="unit", doc=fx.pdf_sha, finding=key)
    _no_exception(at)
    assert len(at.image) >= 1
    assert "未能在该页上找到" not in _texts(at)


def test_unit_missing_file_says_so(fx: UiFixture) -> None:
    key = _key(fx, fx.gone_sha, "ARITH-T1-TOTAL")
    at = _app(page="unit", doc=fx.gone_sha, finding=key)
    _no_exception(at)
    assert "原文件已不在记录的位置" in _texts(at)


def test_unit_unknown_document_and_finding_are_reported(fx: UiFixture) -> None:
    at = _app(page="unit", doc="f" * 64)
    _no_exception(at)
    assert "找不到链接所指的文件" in _texts(at)
    at = _app(page="unit", doc=fx.text_sha, finding="nope")
    assert "不存在" in _texts(at)


def test_unit_statistical_finding_has_peer_chart(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "STAT-EXEC-RATE")
    at = _app(page="unit", doc=fx.text_sha, finding=key)
    _no_exception(at)
    charts = at.get("vega_lite_chart")
    assert charts, "peer comparison chart expected"
    assert "同类单位 3 个" in _texts(at)


def test_unit_parsed_tables_on_demand(fx: UiFixture) -> None:
    at = _app(page="unit", doc=fx.text_sha)
    n = len(at.dataframe)
    at.toggle(key="unit_tables").set_value(True).run()
    _no_exception(at)
    assert len(at.dataframe) == n + 1
    t = at.dataframe[-1].value
    assert list(t["编码"]) == ["201", "2011350"] and t.iloc[0]["基本支出"] == "288.04"


def test_unit_without_doc_offers_a_picker(fx: UiFixture) -> None:
    at = _app(page="unit")
    _no_exception(at)
    at.selectbox(key="unit_pick").set_value(fx.other_sha).run()
    assert at.query_params.get("doc") == fx.other_sha
    assert "湖北省电子口岸运行服务中心" in _texts(at)


def test_document_text_is_never_rendered_as_markup(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "HYG-PERSONAL-DATA")
    at = _app(page="unit", doc=fx.text_sha, finding=key)
    _no_exception(at)
    md = "\n".join(m.value for m in at.markdown) + "\n".join(e.label for e in at.expander)
    assert "<script>" not in md and "](javascript" not in md and "![img]" not in md and ":red[" not in md
    assert "\\<script\\>" in md  # shown, but escaped
    assert not at.get("html")


# ------------------------------------------------------------------ triage


def _confirm(at: AppTest, key: str, state: str = "confirmed") -> AppTest:
    return at.button(key=f"btn:{state}:{key}").click().run()


def test_triage_confirm_is_stored_with_inspector_and_shown_in_history_and_ranking(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "NARR-AMOUNT-MISMATCH")
    at = _app(page="unit", doc=fx.text_sha, finding=key)
    _sign_in(fx, at, "张三")
    at.text_area(key=f"comment:{key}").input("已与单位核实")
    _confirm(at, key)
    _no_exception(at)
    assert "已保存" in _texts(at)
    hist = Store(fx.db).decision_history(key)
    assert [(h["state"], h["inspector"], h["comment"]) for h in hist] == [("confirmed", "张三", "已与单位核实")]
    assert hist[0]["at"]
    assert any("张三" in list(d.value.get("审核人", [])) for d in at.dataframe if "审核人" in d.value.columns)
    # survives a restart: a fresh session sees it
    at2 = _app(page="unit", doc=fx.text_sha, finding=key)
    assert "✅ 已确认" in _texts(at2)
    r = _app()
    row = r.dataframe[0].value.set_index("单位").loc["武汉市汉阳区企业服务中心"]
    assert row["已确认"] == 1


def test_triage_dismiss_requires_reason_and_then_stops_counting(fx: UiFixture) -> None:
    key = _key(fx, fx.pdf_sha, "NARR-AMOUNT-MISMATCH")
    before = _app().dataframe[0].value.set_index("单位").loc["上海市普陀区财政局"]
    assert before["高"] == 1
    at = _app(page="unit", doc=fx.pdf_sha, finding=key)
    _sign_in(fx, at, "李四")
    _confirm(at, key, "dismissed")
    assert "驳回必须填写理由" in _texts(at)
    assert Store(fx.db).decision_history(key) == []
    at.text_input(key=f"reason:{key}").input("表内数为调整后口径，说明无误")
    _confirm(at, key, "dismissed")
    _no_exception(at)
    hist = Store(fx.db).decision_history(key)
    assert [(h["state"], h["reason"]) for h in hist] == [("dismissed", "表内数为调整后口径，说明无误")]
    after = _app().dataframe[0].value.set_index("单位").loc["上海市普陀区财政局"]
    assert after["高"] == 0 and after["风险分"] < before["风险分"]


def test_triage_needs_info_and_name_required(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "ARITH-T3-ROW-SUM")
    at = _app(page="unit", doc=fx.text_sha, finding=key)
    _confirm(at, key, "needs-info")
    assert "审核人" in _texts(at)
    assert Store(fx.db).decision_history(key) == []
    _sign_in(fx, at, "王五")
    _confirm(at, key, "needs-info")
    assert [h["state"] for h in Store(fx.db).decision_history(key)] == ["needs-info"]


def test_triage_conflict_never_overwrites(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "ARITH-T3-ROW-SUM")
    at = _app(page="unit", doc=fx.text_sha, finding=key)
    _sign_in(fx, at, "张三")
    # meanwhile another inspector decides on the same finding
    Store(fx.db).decide(key, "needs-info", "李四", comment="等待单位回复", expected_prev=None)
    _confirm(at, key)
    _no_exception(at)
    text = _texts(at)
    assert "他人已修改" in text
    hist = Store(fx.db).decision_history(key)
    assert [(h["state"], h["inspector"]) for h in hist] == [("needs-info", "李四")]
    assert any("李四" in list(d.value.get("审核人", [])) for d in at.dataframe if "审核人" in d.value.columns)
    # now that the latest decision is on screen, the inspector may decide deliberately
    _confirm(at, key)
    assert [h["state"] for h in Store(fx.db).decision_history(key)] == ["needs-info", "confirmed"]


def test_triage_queue_page_lists_open_findings_and_audit_trail(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "ARITH-T3-ROW-SUM")
    Store(fx.db).decide(key, "needs-info", "李四", expected_prev=None)
    at = _app(page="triage")
    _no_exception(at)
    q = at.dataframe[0].value
    assert "需补充材料" in " ".join(q["状态"]) and all(u.startswith("unit?doc=") for u in q["链接"])
    audit = at.dataframe[1].value
    assert list(audit["审核人"]) == ["李四"]


# ------------------------------------------------------------------ upload, summary, rules


def _wait_scan(at: AppTest, tries: int = 120) -> AppTest:
    import time

    from juesuan.workspace.upload import get_job

    job_id = at.session_state["scan_job"]
    for _ in range(tries):
        job = get_job(job_id)
        if job is not None and job.status not in ("queued", "running"):
            break
        time.sleep(0.5)
    return at.run()


def test_upload_saves_safely_and_scans_in_background(fx: UiFixture) -> None:
    at = _app(page="upload")
    _no_exception(at)
    up = at.file_uploader(key="upload_files")
    up.set_value([("../../etc/passwd.txt", "2022年度某单位部门决算\n".encode(), "text/plain"),
                  ("broken.pdf", b"%PDF-1.7 garbage \x00\xff", "application/pdf")])
    at.run()
    at.button(key="upload_go").click().run()
    _no_exception(at)
    results = at.dataframe[0].value
    assert list(results["结果"]) == ["已保存", "已保存"]
    at = _wait_scan(at)
    _no_exception(at)
    up_dir = fx.db.parent / "uploads"
    saved = sorted(p for p in up_dir.rglob("*") if p.is_file())
    assert saved and all(up_dir in p.parents for p in saved)
    assert not (fx.db.parent.parent / "etc").exists()
    text = _texts(at)
    assert ("扫描完成" in text) or ("扫描模块尚不可用" in text) or ("扫描失败" in text)
    if "扫描完成" in text:
        names = {d["name"] for d in Store(fx.db).documents()}
        assert "broken.pdf" in names  # the corrupt upload is recorded (as an ingest finding), the app survives


def test_summary_page_degrades_or_offers_downloads(fx: UiFixture) -> None:
    at = _app(page="summary")
    _no_exception(at)
    assert "月度汇总" in _texts(at)
    at.button(key="sum_build").click().run()
    _no_exception(at)
    text = _texts(at)
    assert "尚未安装" in text or at.get("download_button") or "报告" in text


def test_rules_page_lists_catalog_or_says_it_is_empty(fx: UiFixture) -> None:
    at = _app(page="rules")
    _no_exception(at)
    text = _texts(at)
    assert "规则目录" in text
    assert "共" in text or "规则目录为空" in text


def test_unknown_page_in_link_falls_back_to_ranking(fx: UiFixture) -> None:
    at = _app(page="nope")
    _no_exception(at)
    assert at.title[0].value == "📊 风险排名"


def test_empty_database_pages_do_not_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_DB", str(tmp_path / "empty.db"))
    for page in ("ranking", "unit", "triage", "upload", "summary", "rules"):
        at = _app(page=page)
        _no_exception(at)


# ------------------------------------------------------------------ the library under the pages


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\system32\\cmd.exe",
        "/etc/shadow",
        "a\x00b.pdf",
        "\u202eevil\u202dfdp.exe",
        "．．／．．／x.txt",  # full-width dots and slash (NFKC turns them into ../)
        "..",
        "",
        "   ",
        "CON.txt",
        "名" * 500 + ".pdf",
        "x" * 10000,
        "a\nb\rc\td.txt",
        "zero\u200bwidth\ufeff.pdf",
    ],
)
def test_sanitize_filename_gives_one_safe_component(name: str) -> None:
    from juesuan.workspace.upload import sanitize_filename

    s = sanitize_filename(name)
    assert s and "/" not in s and "\\" not in s and "\x00" not in s
    assert not s.startswith(".") and s not in (".", "..")
    assert len(s) <= 120 and len(s.encode()) <= 255
    assert all(c.isprintable() for c in s)
    assert not any(c in s for c in "\u202e\u202d\u200b\ufeff")
    assert s.split(".")[0].upper() != "CON"


def test_save_upload_stays_inside_the_data_dir_and_limits_size(tmp_path: Path) -> None:
    from juesuan.workspace.upload import save_upload

    base = tmp_path / "uploads"
    for name in ("../../escape.txt", "/abs/escape.txt", "..\\escape.txt", "a\x00.txt"):
        r = save_upload(b"hello", name, base)
        assert r.ok and r.path is not None
        assert base.resolve() in r.path.resolve().parents
    assert not (tmp_path / "escape.txt").exists() and not Path("/abs/escape.txt").exists()
    big = save_upload(b"x" * 11, "big.txt", base, max_bytes=10)
    assert not big.ok and "过大" in (big.message or "")
    exe = save_upload(b"MZ", "tool.exe", base)
    assert not exe.ok and "不支持" in (exe.message or "")
    # identical content twice: same place, no duplicate
    a, b = save_upload(b"same", "s.txt", base), save_upload(b"same", "s.txt", base)
    assert a.path == b.path


def test_save_upload_refuses_a_symlinked_slot(tmp_path: Path) -> None:
    import hashlib

    from juesuan.workspace.upload import save_upload

    base = tmp_path / "uploads"
    base.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    data = b"payload"
    (base / hashlib.sha256(data).hexdigest()[:16]).symlink_to(outside, target_is_directory=True)
    r = save_upload(data, "p.txt", base)
    assert not r.ok
    assert not any(outside.iterdir())


def test_background_scan_reports_progress_or_a_clear_failure(tmp_path: Path) -> None:
    from juesuan.workspace.upload import save_upload, start_scan, wait

    saved = save_upload("2022年度某单位部门决算\n".encode(), "a.txt", tmp_path / "uploads")
    job = wait(start_scan([saved.path], tmp_path / "j.db"), timeout=120)
    assert job.status in ("done", "failed")
    if job.status == "done":
        assert job.fraction == 1.0 and job.summary["files"] == 1
    else:
        assert job.message


@pytest.mark.parametrize(
    ("query", "name", "hit"),
    [
        ("汉阳区企业", "武汉市汉阳区企业服务中心", True),
        ("汉阳 企业服务", "武汉市汉阳区企业服务中心", True),
        ("普陀财政局", "上海市普陀区财政局", True),
        ("天门市商物局", "天门市商务局", True),
        ("电子口岸", "湖北省电子口岸运行服务中心", True),
        ("普陀财政局", "天门市商务局", False),
        ("教育局", "武汉市汉阳区企业服务中心", False),
        ("⻔户网站", "门户网站管理中心", True),  # CJK radical U+2ED4 normalised
    ],
)
def test_unit_name_fuzzy_match(query: str, name: str, hit: bool) -> None:
    from juesuan.workspace.triage import name_match

    assert (name_match(query, name) > 0) is hit


@pytest.mark.parametrize(
    ("unit", "level", "region"),
    [
        ("湖北省电子口岸运行服务中心", "省级", "湖北省"),
        ("武汉市汉阳区企业服务中心", "区县级", "武汉市汉阳区"),
        ("赣州市南康区人民政府口岸管理办公室", "区县级", "赣州市南康区"),
        ("天门市商务局", "市级", "天门市"),
        ("上海市普陀区财政局", "区县级", "上海市普陀区"),
        ("中共湖北省委办公厅", "省级", "湖北省"),
        ("广西壮族自治区南宁市青秀区教育局", "区县级", "广西壮族自治区南宁市青秀区"),
        ("恩施土家族苗族自治州民政局", "市级", "恩施土家族苗族自治州"),
        ("国家统计局", None, None),
        (None, None, None),
    ],
)
def test_unit_level_and_region(unit: str | None, level: str | None, region: str | None) -> None:
    from juesuan.vocab.units import unit_level_region

    assert unit_level_region(unit) == (level, region)


def test_md_escape_neutralises_markdown_and_html() -> None:
    from juesuan.ui.safetext import marked_markdown, md_escape

    s = md_escape("<script>alert(1)</script> [a](javascript:x) ![i](http://e/x.png) $x$ :red[r] **b** `c` &lt;")
    for raw in ("<script>", "](", "![", "$x$", ":red[", "**b**", "`c`"):
        assert raw not in s
    assert "\\&lt;" in s
    m = marked_markdown("基本支出 231.63 万元 <b>", [(5, 11)])
    assert m.count(":red-background[") == 1 and "231\\.63" in m and "<b>" not in m


def test_text_context_marks_numbers_and_resyncs_shifted_lines(tmp_path: Path) -> None:
    from juesuan.ui.evidence import text_context

    p = tmp_path / "d.txt"
    p.write_text("\n".join(f"第{i}行 数值 {i}.00" for i in range(1, 21)), encoding="gb18030")
    ctx = text_context(str(p), 10, ["第10行 数值 10.00"], [])
    assert [c.number for c in ctx.lines] == list(range(7, 14)) and ctx.target == 10
    tgt = next(c for c in ctx.lines if c.is_target)
    assert "10.00" in [tgt.text[a:b] for a, b in tgt.marks]
    with_values = text_context(str(p), 10, ["第10行 数值 10.00"], ["10.00"])
    tgt = next(c for c in with_values.lines if c.is_target)
    assert [tgt.text[a:b] for a, b in tgt.marks] == ["10.00"]  # the finding's own numbers take precedence
    shifted = text_context(str(p), 8, ["第10行 数值 10.00"], [])
    assert shifted.target == 10 and "第 10 行" in (shifted.message or "")
    assert "原文件已不在" in (text_context(str(tmp_path / "gone.txt"), 1, ["x"]).message or "")
    assert "只有 20 行" in (text_context(str(p), 99, ["不存在的文字"]).message or "")


def test_pdf_evidence_highlights_the_snippet_and_survives_bad_files(fx: UiFixture, tmp_path: Path) -> None:
    import pdfplumber

    from juesuan.ui.evidence import locate_on_page, render_pdf_evidence

    with pdfplumber.open(str(fx.pdf_path)) as pdf:
        page = pdf.pages[1]
        exact = locate_on_page(page, "事业运行  2011350  288.04")  # double spaces in the snippet, single in the PDF
        assert exact, "snippet tokens should be found on the page"
        hit = page.search("288.04")[0]
        x0, top, x1, bottom = exact[0]
        assert x0 <= hit["x0"] and x1 >= hit["x1"] and top <= hit["top"] + 1 and bottom >= hit["bottom"] - 1
        assert locate_on_page(page, "完全不在本页的文字 999.99") == []
    r = render_pdf_evidence(str(fx.pdf_path), 2, ["事业运行 2011350 288.04"])
    assert r.found and r.image_png and r.image_png.startswith(b"\x89PNG")
    assert "只有 2 页" in (render_pdf_evidence(str(fx.pdf_path), 9, ["x"]).message or "")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert render_pdf_evidence(str(bad), 1, ["x"]).message  # a message, no exception
    assert "原文件已不在" in (render_pdf_evidence(str(tmp_path / "gone.pdf"), 1, ["x"]).message or "")


def test_live_ranking_is_the_stats_ranking_with_current_decisions(fx: UiFixture) -> None:
    """One ranking: the workspace's live rows are juesuan.stats.ranking over the stored models and decisions."""
    from juesuan.stats.ranking import rank_documents
    from juesuan.workspace.triage import ranking_rows

    store = Store(fx.db)
    by_doc: dict[str, list] = {}
    for f in store.findings():
        by_doc.setdefault(f["sha256"], []).append(f)
    models = [store.document_model(d["sha256"]) or {**d, "document": d.get("name")} for d in store.documents()]
    want = rank_documents(models, by_doc, {k: v["state"] for k, v in store.current_decisions().items()})
    rows = ranking_rows(store)
    assert [(r["sha256"], r["score"]) for r in rows] == [(r["sha256"], r["score"]) for r in want]
    assert len(rows) == 5 and rows[0]["coverage"] == "unchecked"


def test_summary_offers_report_downloads_from_build_report(fx: UiFixture) -> None:
    at = _app(page="summary")
    at.button(key="sum_build").click().run()
    _no_exception(at)
    buttons = at.get("download_button")
    labels = " ".join(str(getattr(b, "proto", "")) for b in buttons)
    assert len(buttons) == 2 and ".xlsx" in labels and ".html" in labels, labels


def test_summary_download_follows_the_period(fx: UiFixture) -> None:
    import datetime as dt

    at = _app(page="summary")
    at.date_input(key="sum_since").set_value(dt.date(2026, 1, 1))
    at.date_input(key="sum_until").set_value(dt.date(2026, 1, 31)).run()
    at.button(key="sum_build").click().run()
    labels = " ".join(str(getattr(b, "proto", "")) for b in at.get("download_button"))
    assert "sum_dl_2026-01-01_2026-01-31" in labels and "summary\\\\_2026" in labels
    at.date_input(key="sum_until").set_value(dt.date(2026, 1, 15)).run()
    assert len(at.get("download_button")) == 0  # never the previous period's file
    assert "统计期已改变" in _texts(at)
    at.button(key="sum_build").click().run()
    labels = " ".join(str(getattr(b, "proto", "")) for b in at.get("download_button"))
    assert "sum_dl_2026-01-01_2026-01-15" in labels and "2026-01-31" not in labels.replace("\\", "")


def test_summary_reports_a_failing_report_builder(fx: UiFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    def build_report(store, since, until, out_dir):  # noqa: ANN001, ANN202
        raise RuntimeError("boom")

    mod = types.ModuleType("juesuan.workspace.report")
    mod.build_report = build_report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "juesuan.workspace.report", mod)
    at = _app(page="summary")
    at.button(key="sum_build").click().run()
    _no_exception(at)
    assert "报告生成失败" in _texts(at)


def test_rules_page_shows_catalog_rows_with_examples_and_rule_deep_link(fx: UiFixture) -> None:
    from juesuan.rules.catalog import catalog_rows

    at = _app(page="rules", rule="ARITH-T3-ROW-SUM")
    _no_exception(at)
    df = at.dataframe[0].value
    assert sorted(df["编号"]) == sorted(r["id"] for r in catalog_rows())
    assert any("基本支出" in c.value or "T3" in c.value for c in at.code)  # the deep-linked rule's examples
    at.text_input(key="rules_q").input("模板").run()
    shown = list(at.dataframe[0].value["编号"])
    assert "HYG-TEMPLATE-NAME" in shown and len(shown) < len(df)


def test_link_naming_only_the_finding_opens_its_unit(fx: UiFixture) -> None:
    key = _key(fx, fx.pdf_sha, "NARR-AMOUNT-MISMATCH")
    at = _app(page="unit", finding=key)
    _no_exception(at)
    assert "上海市普陀区财政局" in _texts(at) and "选中的发现" in _texts(at)


def test_multivariate_finding_shows_feature_comparison(fx: UiFixture) -> None:
    s = Store(fx.db)
    doc = s.document_model(fx.other_sha)
    assert doc is not None
    s.replace_statistical({fx.other_sha: [{
        "document": doc["document"], "unit": doc["unit"], "year": doc["year"], "rule_id": "STAT-ISOLATION-FOREST",
        "category": "statistical", "severity": "low", "message": "多项比率组合异常。", "evidence": [],
        "values": {"score": 0.71, "features": [{"feature": "三公占比", "value": 0.12, "peer_median": 0.03},
                                               {"feature": "执行率", "value": 0.4, "peer_median": 0.97}]}}]})
    key = _key(fx, fx.other_sha, "STAT-ISOLATION-FOREST")
    at = _app(page="unit", doc=fx.other_sha, finding=key)
    _no_exception(at)
    assert at.get("vega_lite_chart")
    feats = next(d.value for d in at.dataframe if "特征" in d.value.columns)
    assert list(feats["特征"]) == ["三公占比", "执行率"]


def test_ranking_filters_are_mirrored_in_the_url(fx: UiFixture) -> None:
    at = _app()
    at.multiselect(key="rank_year").set_value([2022]).run()
    at.text_input(key="rank_q").input("汉阳").run()
    assert at.query_params.get("year") == "2022" and at.query_params.get("q") == "汉阳"
    again = _app(**{k: v for k, v in at.query_params.items() if isinstance(v, str)})
    assert set(again.dataframe[0].value["单位"]) == {"武汉市汉阳区企业服务中心"}


def test_malformed_findings_do_not_break_the_unit_page(fx: UiFixture) -> None:
    s = Store(fx.db)
    doc = s.document_model(fx.other_sha)
    assert doc is not None
    weird = {"document": doc["document"], "unit": doc["unit"], "year": doc["year"], "rule_id": "WEIRD", "category": "statistical",
             "severity": "bogus", "message": "", "evidence": [{"page": "第三页", "line": "x", "text": None}],
             "values": {"stated": "n/a", "peers": [None, "abc", {"value": "1.5"}], "features": "oops"}}
    s.replace_statistical({fx.other_sha: [weird]})
    key = _key(fx, fx.other_sha, "WEIRD")
    at = _app(page="unit", doc=fx.other_sha, finding=key)
    _no_exception(at)
    assert "选中的发现" in _texts(at)


def test_long_categories_are_paged(fx: UiFixture) -> None:
    s = Store(fx.db)
    doc = s.document_model(fx.other_sha)
    assert doc is not None
    many = [{"document": doc["document"], "unit": doc["unit"], "year": doc["year"], "rule_id": "HYG-X", "category": "hygiene",
             "severity": "low", "message": f"第 {i} 条", "evidence": [{"page": None, "line": i, "text": "XX"}], "values": {}}
            for i in range(1, 41)]
    s.save_document({**doc, "path": doc.get("path")}, many)
    at = _app(page="unit", doc=fx.other_sha)
    _no_exception(at)
    assert len([e for e in at.expander if "HYG\\-X" in e.label]) == 30
    at.toggle(key="unit_all:HYG-X").set_value(True).run()
    assert len([e for e in at.expander if "HYG\\-X" in e.label]) == 40


def test_inspector_name_is_remembered_across_pages(fx: UiFixture) -> None:
    at = _app()
    _sign_in(fx, at, "赵六")
    at.selectbox(key="rank_pick").set_value(fx.text_sha)
    next(b for b in at.button if b.label == "打开").click().run()
    assert at.title[0].value == "🔎 单位详情"
    assert "当前用户：** 赵六" in _texts(at)
    at.switch_page("pages/rules.py").run()
    assert "当前用户：** 赵六" in _texts(at)
    events = [(e["kind"], e["actor"]) for e in Store(fx.db).conn.execute("SELECT kind, actor FROM events").fetchall()]
    assert ("user-added", "赵六") in events and ("sign-in", "赵六") in events


def test_unit_page_next_open_finding_and_bulk_dismiss(fx: UiFixture) -> None:
    at = _app(page="unit", doc=fx.text_sha)
    _sign_in(fx, at, "孙七")
    at.button(key="next_open").click().run()
    _no_exception(at)
    first = at.query_params["finding"][0] if isinstance(at.query_params["finding"], list) else at.query_params["finding"]
    s = Store(fx.db)
    assert first == next(f["finding_key"] for f in s.findings(fx.text_sha) if f["rule_id"] == "NARR-AMOUNT-MISMATCH")  # high first
    keys = [f["finding_key"] for f in s.findings(fx.text_sha) if f["rule_id"] in ("HYG-PERSONAL-DATA", "STAT-EXEC-RATE")]
    at.multiselect(key="bulk_pick").set_value(keys).run()
    at.button(key="bulk:dismissed").click().run()
    assert "驳回必须填写理由" in _texts(at)
    at.multiselect(key="bulk_pick").set_value(keys)
    at.text_input(key="bulk_reason").input("同类口径")
    at.button(key="bulk:dismissed").click().run()
    _no_exception(at)
    assert "已处理 2 \\/ 2 条" in _texts(at)
    cur = Store(fx.db).current_decisions()
    assert {(cur[k]["state"], cur[k]["reason"], cur[k]["inspector"]) for k in keys} == {("dismissed", "同类口径", "孙七")}


def test_statistical_finding_card_labels_peer_statistics(fx: UiFixture) -> None:
    key = _key(fx, fx.text_sha, "STAT-EXEC-RATE")
    at = _app(page="unit", doc=fx.text_sha, finding=key)
    _no_exception(at)
    frame = next(d.value for d in at.dataframe if "本单位数值" in d.value.columns)  # the selected card's values
    assert "应为" not in frame.columns and "尾数容差" not in frame.columns
    assert any("同类中位数" in d.value.columns for d in at.dataframe)  # peer_median, labelled
    cells = " ".join(str(v) for d in at.dataframe for v in d.value.astype(str).values.ravel())
    assert "None" not in cells


def test_ranking_shows_why_and_what_changed_after_a_dismissal(fx: UiFixture) -> None:
    key = _key(fx, fx.pdf_sha, "NARR-AMOUNT-MISMATCH")
    Store(fx.db).decide(key, "dismissed", "甲", reason="口径不同", expected_prev=None)
    at = _app()
    _no_exception(at)
    df = at.dataframe[0].value.set_index("单位")
    assert list(at.dataframe[0].value.columns[:5]) == ["排名", "单位", "文件", "风险分", "变化"]
    assert df.loc["武汉市汉阳区企业服务中心", "主要问题"].startswith("支出决算表")  # table, row, both numbers
    weights = next(d.value for d in at.dataframe if "权重系数" in d.value.columns)
    row = weights.set_index("规则").loc["NARR-AMOUNT-MISMATCH"]
    assert row["驳回"] == 1 and row["权重系数"] < 1 and "下调" in row["说明"]
