"""The inspection checklist (检查表): per document, one row per required part and per standard table, with
符合要求 是 / 否 / 未能核查 and the problems found, each quoted with its page or line.

The parts, how their presence is seen and which findings belong to which part are data
(``juesuan/vocab/checklist.yaml``). Findings an inspector dismissed are not problems; statistical findings are
scores, not conformity, and stay off the checklist. A document that could not be checked is never "是".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from juesuan.store.sqlite import Store
from juesuan.vocab.catalog import tables_for

YES, NO, UNCHECKED = "是", "否", "未能核查"
_CONFIG = Path(__file__).resolve().parent.parent / "vocab" / "checklist.yaml"
_SEVERITY_NAMES = {"high": "高", "medium": "中", "low": "低", "info": "提示"}


@dataclass
class ChecklistRow:
    key: str  # item key, or the table id (T3, Y5 …)
    label: str
    verdict: str = YES
    problems: list[str] = field(default_factory=list)
    finding_keys: list[str] = field(default_factory=list)


@dataclass
class Checklist:
    document: str
    unit: str | None
    year: int | None
    kind: str  # 决算 | 预算
    scope: str | None
    checkable: bool
    rows: list[ChecklistRow]

    def row(self, key: str) -> ChecklistRow:
        return next(r for r in self.rows if r.key == key)


@lru_cache(maxsize=1)
def load_config() -> dict[str, Any]:
    return yaml.safe_load(_CONFIG.read_text(encoding="utf-8"))


def disclosure_kind(model: dict[str, Any]) -> str:
    """决算 or 预算, from the document model (the reader's classification; else the tables it found)."""
    for key in ("disclosure_kind", "doc_kind", "report_kind", "kind"):
        if model.get(key) in ("决算", "预算"):
            return str(model[key])
    ids = {t.get("id", "") for t in model.get("tables") or []}
    return "预算" if any(i.startswith("Y") for i in ids) and not any(i.startswith("T") for i in ids) else "决算"


def _tables_of(kind: str) -> list[tuple[str, str]]:
    return [(t.id, t.canonical) for t in tables_for(kind)]


def _where(f: dict[str, Any]) -> str:
    for e in f.get("evidence") or []:
        text = (e.get("text") or "").strip()
        place = f"第{e['page']}页" if e.get("page") else (f"第{e['line']}行" if e.get("line") else "")
        if text or place:
            quote = f"“{text[:120]}{'…' if len(text) > 120 else ''}”" if text else ""
            return "（" + "：".join(x for x in (place, quote) if x) + "）"
    return ""


def problem_text(f: dict[str, Any]) -> str:
    """One problem line: severity, rule, message, where and what the document says."""
    sev = _SEVERITY_NAMES.get(f.get("severity") or "", f.get("severity") or "")
    state = "（已确认）" if f.get("triage") == "confirmed" else ""
    return f"[{sev}] {f.get('rule_id')}{state}：{f.get('message', '').strip()}{_where(f)}"


def _route(f: dict[str, Any], table_ids: set[str]) -> list[str]:
    """The checklist rows a finding belongs to (a table finding: every table its evidence names)."""
    rid = str(f.get("rule_id") or "")
    for r in load_config()["routes"]:
        if "rule" in r and not rid.startswith(r["rule"]):
            continue
        if "text" in r and not re.search(r["text"], f.get("message") or ""):
            continue
        if r.get("table") == "any":
            named = [e.get("table") for e in f.get("evidence") or [] if e.get("table") in table_ids]
            if not named:
                continue
            return list(dict.fromkeys(named))
        return [r["item"]]
    return ["explanation"]


def _present(model: dict[str, Any], patterns: list[str], required: str) -> tuple[bool, list[str]]:
    body = [s.get("title") or "" for s in model.get("sections") or [] if not s.get("in_toc")]  # a 目录 entry is no part
    missing = [p for p in patterns if not any(re.search(p, t) for t in body)]
    ok = not missing if required == "all" else len(missing) < len(patterns)
    return ok, missing


def build_checklist(model: dict[str, Any], findings: list[dict[str, Any]]) -> Checklist:
    """The checklist of one document from its model (``document_to_dict`` form) and its findings."""
    cfg = load_config()
    kind = disclosure_kind(model)
    tables = _tables_of(kind)
    table_ids = {tid for tid, _ in tables}
    rows: list[ChecklistRow] = []
    for item in cfg["items"]:
        if item["key"] == "tables":
            rows += [ChecklistRow(tid, f"{tid} {name}") for tid, name in tables]
            continue
        label = item.get("label_yusuan", item["label"]) if kind == "预算" else item["label"]
        rows.append(ChecklistRow(item["key"], label))
    by_key = {r.key: r for r in rows}
    live = [f for f in findings if f.get("triage") != "dismissed" and f.get("category") != "statistical"]
    for f in live:
        keys = _route(f, table_ids)
        for key in keys[:1] if f.get("severity") == "info" else keys:  # a rounding tail is listed once
            row = by_key.get(key) or by_key["explanation"]
            row.problems.append(problem_text(f))
            if f.get("finding_key"):
                row.finding_keys.append(str(f["finding_key"]))
            if f.get("severity") != "info":
                row.verdict = NO
    checkable = bool(model.get("checkable", True))
    _presence(model, cfg, by_key, tables)
    if not checkable:  # never "是" for a document that could not be checked; problems found elsewhere stay "否"
        first = by_key["readability"].problems[0] if by_key["readability"].problems else "文件未能读取。"
        reason = re.sub(r"^\[[^]]*\] [^：]*：", "", first)
        for r in rows:
            if r.key != "readability" and r.verdict != NO:
                r.verdict = UNCHECKED
                r.problems.append(f"本项未能核查：{reason}")
        by_key["readability"].verdict = NO
    return Checklist(
        document=str(model.get("document") or ""), unit=model.get("unit"), year=model.get("year"), kind=kind,
        scope=model.get("scope"), checkable=checkable, rows=rows,
    )


def _presence(model: dict[str, Any], cfg: dict[str, Any], by_key: dict[str, ChecklistRow], tables: list[tuple[str, str]]) -> None:
    """Verdicts that come from what the document contains (parts present, tables found or declared empty)."""
    for item in cfg["items"]:
        row = by_key.get(item["key"])
        if row is None:
            continue
        if item.get("note") and not row.problems:
            row.verdict, row.problems = UNCHECKED, [item["note"]]
        if item.get("sections"):
            ok, missing = _present(model, item["sections"], item.get("section_required", "any"))
            if not ok:
                row.verdict = NO
                what = "、".join(missing) if item.get("section_required") == "all" else row.label
                row.problems.insert(0, f"未见“{what}”部分（正文无相应标题）。")
    cover = by_key["cover"]
    if not model.get("unit") or not model.get("year"):
        cover.verdict = NO
        cover.problems.insert(0, "未能从封面或标题读出" + "、".join(
            x for x, v in (("单位名称", model.get("unit")), ("年度", model.get("year"))) if not v) + "。")
    toc = by_key["toc"]
    if not any(s.get("in_toc") for s in model.get("sections") or []):
        toc.verdict = NO
        toc.problems.insert(0, "未见目录。")
    found = {t.get("id"): t for t in model.get("tables") or []}
    for tid, _name in tables:
        row = by_key[tid]
        t = found.get(tid)
        if t is None and not row.problems:
            row.verdict = NO
            row.problems.append(f"未找到该表（{tid}），也无空表说明。")
        elif t is not None and t.get("empty") and not row.problems:
            row.problems.append("本表无数据，已作空表说明。")


def checklists_from_store(store: Store, *, month: str | None = None) -> list[Checklist]:
    """The checklists of the stored documents (of one month of first sight when ``month`` is YYYY-MM), with the
    inspectors' decisions applied (dismissed findings are not problems)."""
    out = []
    for d in store.documents():
        if month and not str(d.get("first_seen") or "").startswith(month):
            continue
        model = store.document_model(d["sha256"]) or {**d, "document": d.get("name"), "checkable": bool(d.get("checkable"))}
        out.append(build_checklist(model, store.findings(d["sha256"])))
    return out


def checklists_from_paths(paths: list[str]) -> list[Checklist]:
    """Checklists of files read now (no store): each file parsed and evaluated like a scan does."""
    from juesuan.pipeline.inputs import expand_paths
    from juesuan.pipeline.scan import analyse_file

    files, errors = expand_paths(paths)
    if errors:
        raise ValueError("；".join(errors))
    out = []
    for f in files:
        _meta, findings, model_json = analyse_file(str(f))
        out.append(build_checklist(json.loads(model_json), findings))
    return out
