"""Assemble the document model: ingest -> tables, metadata, sections, claims, performance.

``parse_file(path)`` never raises for bad input: reader failures are ingest
problems, and an extractor that fails is recorded as a non-fatal ``parser``
problem so that the rest of the document is still checked (and the gap is
reported, never silently clean).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from juesuan import ingest
from juesuan.ingest.raw import IngestProblem, RawDocument, TextLine
from juesuan.model.document import Document
from juesuan.vocab.catalog import tables_for

log = logging.getLogger(__name__)
T = TypeVar("T")


def _guarded(doc: Document, what: str, fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception as e:  # an extractor bug must not lose the document
        log.debug("extractor %s failed: %s", what, traceback.format_exc())
        doc.problems.append(
            IngestProblem("parser", f"解析步骤“{what}”出错（{type(e).__name__}: {e}），相关内容未能核查。", fatal=False)
        )
        return default


def all_lines(raw: RawDocument) -> list[TextLine]:
    """Every text line in document order: running text, and each table row as one line (cells joined)."""
    out: list[TextLine] = []
    for b in raw.blocks:
        if isinstance(b, TextLine):
            out.append(b)
        else:
            for r in b.rows:
                raw_text = " | ".join(c for c in r.raw_cells if c)
                text = " | ".join(c for c in r.cells if c)
                out.append(TextLine(raw=raw_text, text=text, page=r.page, line=r.line))
    return out


def build_document(raw: RawDocument) -> Document:
    doc = Document(
        document=raw.name, path=raw.path, sha256=raw.sha256, kind=raw.kind,
        page_count=raw.page_count, problems=list(raw.problems),
    )
    if any(p.fatal for p in raw.problems):
        return doc
    doc.lines = all_lines(raw)

    from juesuan.model.kind import kind_scope_of

    kind, scope, _votes = _guarded(doc, "文件类型与范围", lambda: kind_scope_of(raw), (None, None, {}))
    doc.report_kind, doc.scope = kind, scope
    if kind is None:
        doc.notes.append("未能从标题、表名和章节判断文件是决算还是预算，按决算解析。")

    from juesuan.model.tables.builder import build_tables

    tables, notes = _guarded(doc, "决算表识别" if kind != "预算" else "预算表识别",
                             lambda: build_tables(raw, kind or "决算"), ([], []))
    doc.tables = tables
    doc.notes.extend(notes)

    from juesuan.model.meta import extract_meta

    meta: dict[str, Any] = _guarded(doc, "单位名称与年度", lambda: extract_meta(raw, doc.tables), {})
    doc.unit = meta.get("unit")
    doc.year = meta.get("year")
    doc.money_unit = meta.get("money_unit") or _dominant_unit(doc)

    from juesuan.model.sections import extract_sections

    doc.sections = _guarded(doc, "章节结构", lambda: extract_sections(raw), [])

    from juesuan.model.narrative.claims import extract_claims

    doc.claims = _guarded(doc, "情况说明数字", lambda: extract_claims(raw, doc.sections), [])
    _guarded(doc, "科目名称解析", lambda: _resolve_claim_subjects(doc), None)
    if doc.money_unit is None:  # no declaration anywhere (web-page text): the unit the amounts are quoted in
        doc.money_unit = _claims_unit(doc)
        if doc.money_unit:
            doc.notes.append(f"未见金额单位声明，按说明文字中金额所用单位（{doc.money_unit}）记。")

    from juesuan.model.performance.parse import extract_performance

    doc.performance = _guarded(doc, "绩效自评表", lambda: extract_performance(raw), [])

    found = {t.id for t in doc.tables}
    doc.missing_tables = [spec.id for spec in tables_for(doc.report_kind) if spec.id not in found]
    return doc


def _dominant_unit(doc: Document) -> str | None:
    units = [t.money_unit for t in doc.tables if t.money_unit]
    return max(set(units), key=units.count) if units else None


def _claims_unit(doc: Document) -> str | None:
    units = [c.unit for c in doc.claims if c.kind == "amount" and c.unit in ("万元", "元", "亿元")]
    return max(set(units), key=lambda u: (units.count(u), u == "万元")) if units else None


def _resolve_claim_subjects(doc: Document) -> None:
    """Resolve claim subjects the claim extractor left open against the codes this document's tables use."""
    from juesuan.model.subjects import resolve_subject

    known: dict[str, str] = {}
    for t in doc.tables:
        for r in t.rows:
            if r.code and r.code not in known:
                known[r.code] = r.name
    if not known:
        return
    for c in doc.claims:
        if c.subject_code or not c.subject:
            continue
        hit = resolve_subject(c.subject, known)
        if hit:
            c.subject_code, c.subject_level = hit


def parse_file(path: str) -> Document:
    """Read and parse one disclosure file into the document model."""
    return build_document(ingest.read(path))
