"""A temporary juesuan database for the UI tests (AppTest and the real-browser test).

Until the pipeline parses the seeds end to end, the documents and findings are hand-made dicts shaped like
GUIDE §4, stored through the real ``juesuan.store.sqlite.Store`` (save_document / save_scores). The source files are
real: a text disclosure excerpt and a small PDF made with reportlab, so the evidence views have something
to show; one document's file is deliberately missing, one is unchecked (ingest finding only).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from juesuan.stats.ranking import rank_documents
from juesuan.store.sqlite import Store

TEXT_LINES = [
    "2022 年度武汉市汉阳区企业服务中心 部门决算",
    "",
    "第二部分 2022 年度部门决算表",
    "支出决算表",
    "功能分类科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出",
    "201\t一般公共服务支出\t519.67\t288.04\t231.63",
    "2011350\t事业运行\t288.04\t288.04\t",
    "2011399\t其他商贸事务支出\t231.63\t\t231.63",
    "",
    "二、收入决算情况说明",
    "本年收入合计 519.67 万元，其中：一般公共预算财政拨款收入 519.67 万元，占 100%。",
    "三、支出决算情况说明",
    "本年支出合计 519.67 万元，其中：基本支出 231.63 万元，占 44.57%；项目支出 288.04 万元，占 55.43%。",
    "名词解释：联系人 <script>alert('x')</script> [点我](javascript:alert(1)) ![img](http://evil/x.png) $x^2$ :red[红字] <img src=x onerror=\"window.__xss=1\">",
    "",
]


@dataclass
class UiFixture:
    db: Path
    text_sha: str
    pdf_sha: str
    gone_sha: str
    unchecked_sha: str
    other_sha: str
    text_path: Path
    pdf_path: Path

    def store(self) -> Store:
        return Store(self.db)


def _make_pdf(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, "上海市普陀区财政局2024年度部门决算")
    c.showPage()
    c.setFont("STSong-Light", 11)
    c.drawString(72, 740, "一般公共预算财政拨款支出决算表")
    c.drawString(72, 700, "事业运行  2011350  288.04  231.63")
    c.drawString(72, 680, "行政运行  2011301  100.00  100.00")
    c.drawString(72, 640, "三、一般公共预算财政拨款支出决算情况说明：事业运行支出 300.00 万元。")
    c.showPage()
    c.save()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _doc(sha: str, name: str, path: Path | str, kind: str, unit: str | None, year: int | None, checkable: bool,
         tables: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"document": name, "path": str(path), "sha256": sha, "kind": kind, "unit": unit, "year": year, "money_unit": "万元",
            "page_count": 2 if kind == "pdf" else None, "checkable": checkable, "sections": [], "claims": [], "performance": [],
            "problems": [], "missing_tables": [], "notes": [], "tables": tables or []}


def _f(doc: dict[str, Any], rule: str, category: str, severity: str, message: str, evidence: list[dict[str, Any]],
       values: dict[str, Any], title: str = "") -> dict[str, Any]:
    return {"document": doc["document"], "unit": doc["unit"], "year": doc["year"], "rule_id": rule, "title": title,
            "category": category, "severity": severity, "message": message, "evidence": evidence, "values": values}


def _ev(page: int | None, line: int | None, text: str, table: str | None = None, row: str | None = None,
        column: str | None = None) -> dict[str, Any]:
    return {"page": page, "line": line, "text": text, "table": table, "row": row, "column": column}


def build(tmp: Path) -> UiFixture:
    """Create ``tmp/juesuan.db`` with five documents and their findings; returns their hashes."""
    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / "src"
    src.mkdir(exist_ok=True)
    text_path = src / "汉阳区企业服务中心2022.txt"
    text_path.write_text("\n".join(TEXT_LINES), encoding="utf-8")
    pdf_path = src / "普陀区财政局2024.pdf"
    _make_pdf(pdf_path)
    text_sha = _sha(text_path.read_bytes())
    pdf_sha = _sha(pdf_path.read_bytes())
    gone_sha = "c" * 64
    unchecked_sha = "d" * 64
    other_sha = "e" * 64

    store = Store(tmp / "juesuan.db")
    t3 = {"id": "T3", "title": "支出决算表", "page": None, "line": 4, "code": "公开03表", "money_unit": "万元",
          "columns": ["本年支出合计", "基本支出", "项目支出"],
          "rows": [{"code": "201", "name": "一般公共服务支出", "values": {"本年支出合计": D("519.67"), "基本支出": D("288.04"), "项目支出": D("231.63")},
                    "page": None, "line": 6, "side": None, "raw": TEXT_LINES[5]},
                   {"code": "2011350", "name": "事业运行", "values": {"本年支出合计": D("288.04"), "基本支出": D("288.04"), "项目支出": None},
                    "page": None, "line": 7, "side": None, "raw": TEXT_LINES[6]}],
          "empty": False}
    d_text = _doc(text_sha, text_path.name, text_path, "text", "武汉市汉阳区企业服务中心", 2022, True, [t3])
    f_text = [
        _f(d_text, "NARR-AMOUNT-MISMATCH", "narrative", "high",
           "情况说明称基本支出 231.63 万元，支出决算表基本支出为 288.04 万元，相差 56.59 万元（部门决算公开模板 公开03表）。",
           [_ev(None, 13, "基本支出 231.63 万元", None, None, None), _ev(None, 6, TEXT_LINES[5], "T3", "201", "基本支出")],
           {"stated": D("231.63"), "expected": D("288.04"), "difference": D("-56.41"), "envelope": D("0.01")},
           "情况说明金额与表内数一致"),
        _f(d_text, "ARITH-T3-ROW-SUM", "arithmetic", "medium", "支出决算表 其他商贸事务支出：合计与分项不一致。",
           [_ev(None, 8, TEXT_LINES[7], "T3", "2011399", "本年支出合计")],
           {"stated": D("231.63"), "expected": D("231.64"), "difference": D("-0.01"), "envelope": D("0.015")}, "支出决算表各行合计"),
        _f(d_text, "HYG-PERSONAL-DATA", "hygiene", "low", "名词解释中含有可疑文本 <b>粗体</b> [链接](http://x)",
           [_ev(None, 14, TEXT_LINES[13][:60])], {}, "个人信息"),
        _f(d_text, "STAT-EXEC-RATE", "statistical", "medium", "项目执行率 38.5% 远低于同类单位（中位数 96.2%）。",
           [_ev(None, 13, "项目支出 288.04 万元")],
           {"stated": D("38.5"), "peer_median": D("96.2"),
            "peers": [{"unit": "甲单位", "value": D("95.0")}, {"unit": "乙单位", "value": D("97.4")}, {"unit": "丙单位", "value": D("99.1")}]},
           "执行率偏离同类"),
    ]
    store.save_document(d_text, f_text)

    d_pdf = _doc(pdf_sha, pdf_path.name, pdf_path, "pdf", "上海市普陀区财政局", 2024, True)
    f_pdf = [
        _f(d_pdf, "NARR-AMOUNT-MISMATCH", "narrative", "high",
           "情况说明称事业运行支出 300.00 万元，表内为 288.04 万元。",
           [_ev(2, None, "事业运行支出 300.00 万元"), _ev(2, None, "事业运行 2011350 288.04", "T5", "2011350", "合计")],
           {"stated": D("300.00"), "expected": D("288.04"), "difference": D("11.96"), "envelope": D("0.01")}, "情况说明金额与表内数一致"),
    ]
    store.save_document(d_pdf, f_pdf)

    d_gone = _doc(gone_sha, "已删除的文件.txt", tmp / "src" / "已删除的文件.txt", "text", "天门市商务局", 2022, True)
    store.save_document(d_gone, [
        _f(d_gone, "ARITH-T1-TOTAL", "arithmetic", "high", "收入支出决算总表：收入总计与支出总计不等。",
           [_ev(None, 40, "收入总计 1,000.00"), _ev(None, 80, "支出总计 999.00")],
           {"stated": D("1000.00"), "expected": D("999.00"), "difference": D("1.00"), "envelope": D("0.01")}, "收支总计相等"),
    ])

    d_unchecked = _doc(unchecked_sha, "扫描件.pdf", tmp / "src" / "扫描件.pdf", "pdf", None, 2022, False)
    store.save_document(d_unchecked, [
        _f(d_unchecked, "INGEST-SCANNED", "ingest", "high", "文件为扫描图像（无文本层），本文件未能核查。",
           [_ev(1, None, "扫描图像页（无文本层）")], {"pages": [1]}, "扫描图像页"),
    ])

    d_other = _doc(other_sha, "湖北省电子口岸2023.txt", tmp / "src" / "湖北省电子口岸2023.txt", "text", "湖北省电子口岸运行服务中心", 2023, True)
    store.save_document(d_other, [
        _f(d_other, "HYG-TEMPLATE-RESIDUE", "hygiene", "info", "残留模板文字“XX”。", [_ev(None, 3, "XX单位")], {}, "模板残留"),
    ])

    docs = [{**d, "document": d["name"]} for d in store.documents()]
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for f in store.findings(with_state=False):
        by_doc.setdefault(f["sha256"], []).append(f)
    store.save_scores(rank_documents(docs, by_doc, {}))
    store.close()
    return UiFixture(tmp / "juesuan.db", text_sha, pdf_sha, gone_sha, unchecked_sha, other_sha, text_path, pdf_path)


def build_scanned(tmp: Path, paths: list[str | Path]) -> Path:
    """A database made by the real pipeline (``juesuan.pipeline.scan.scan_paths`` + ``refresh_corpus``) over ``paths``
    (e.g. the seed corpus), for when the pipeline is complete. Returns the database path."""
    from juesuan.pipeline.scan import refresh_corpus, scan_paths

    tmp.mkdir(parents=True, exist_ok=True)
    store = Store(tmp / "juesuan.db")
    scan_paths([str(p) for p in paths], store)
    refresh_corpus(store)
    store.close()
    return tmp / "juesuan.db"
