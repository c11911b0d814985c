"""Ingest problems -> findings of category ``ingest`` (GUIDE §4 shape)."""

from __future__ import annotations

from typing import Any

from juesuan.ingest.raw import IngestProblem
from juesuan.model.document import Document

_TITLES = {
    "empty": "空文件",
    "not-pdf": "文件不是有效的 PDF",
    "encrypted": "PDF 已加密，无法读取",
    "truncated": "文件损坏或被截断",
    "scanned": "扫描图像页（无文本层）",
    "cid": "文字无法解码（字体缺少 ToUnicode 映射）",
    "encoding": "文本编码无法识别",
    "unsupported": "不支持的文件类型",
    "unreadable": "文件无法读取",
    "parser": "解析步骤出错",
    "unchecked": "未能核查",
    "too-large": "文件过大",
    "dimensions": "表格尺寸异常",
    "special": "不是普通文件",
    "timeout": "处理超时",
    "memory": "内存超限",
    "worker": "处理进程异常终止",
}


def _severity(p: IngestProblem) -> str:
    if p.fatal:
        return "high"
    if p.kind in ("scanned", "cid", "truncated"):
        return "high" if p.pages else "medium"
    return "medium"


def problem_finding(doc: Document, p: IngestProblem) -> dict[str, Any]:
    pages = p.pages or []
    evidence: list[dict[str, Any]] = [
        {"page": pg, "line": None, "text": _TITLES.get(p.kind, p.kind), "table": None, "row": None, "column": None}
        for pg in pages[:20]
    ] or [{"page": None, "line": None, "text": _TITLES.get(p.kind, p.kind), "table": None, "row": None, "column": None}]
    return {
        "document": doc.document,
        "unit": doc.unit,
        "year": doc.year,
        "rule_id": f"INGEST-{p.kind.upper()}",
        "title": _TITLES.get(p.kind, p.kind),
        "category": "ingest",
        "severity": _severity(p),
        "message": p.message,
        "evidence": evidence,
        "values": {"pages": pages, "page_count": doc.page_count},
    }


def ingest_findings(doc: Document) -> list[dict[str, Any]]:
    """One finding per ingest problem; plus 'unchecked' when nothing at all could be checked."""
    out = [problem_finding(doc, p) for p in doc.problems]
    if not any(p.fatal for p in doc.problems) and not any(t.rows for t in doc.tables):
        if doc.report_kind is None:  # the root cause, reported once: the structure checks stay silent
            why = "未能识别为部门/单位预算或决算公开文件（标题、表名、章节均不符），也未找到任何公开表数据，本文件未能核查。"
        else:
            why = f"未能从文件中识别出任何{doc.report_kind}表数据，表内及表间核对均无法进行。"
        out.append(problem_finding(doc, IngestProblem("unchecked", why + "该单位不应视为“无问题”，需人工核查原件。", fatal=False)))
        out[-1]["severity"] = "high"
    return out
