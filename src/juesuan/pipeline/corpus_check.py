"""Corpus self-check (``juesuan corpus-check PATH... [--out DIR]``): read every disclosure and say
how well it was read — per document kind (决算/预算), scope (部门/单位), unit, year, money unit,
standard tables found / expected (empty ones declared count as found), in-table and cross-table
identities checked and closing within rounding (``pipeline/identities.py``), claims read, pages
and seconds — and the totals. On a published document a broken identity is a real defect or a
reading error: every break is listed with its table, row, numbers and page.

``check_file(path) -> DocCheck``; ``check_paths(paths) -> list[DocCheck]``; ``render(checks)``
-> the printed report; ``write_out(checks, dir)`` -> ``corpus_check.jsonl`` + ``corpus_check.txt``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from juesuan.model.build import parse_file
from juesuan.model.document import Document
from juesuan.pipeline.identities import IdentityResult, evaluate
from juesuan.vocab.catalog import tables_for


@dataclass
class DocCheck:
    document: str
    path: str
    kind: str | None = None  # 决算 | 预算
    scope: str | None = None  # 部门 | 单位
    unit: str | None = None
    year: int | None = None
    money_unit: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    tables_found: list[str] = field(default_factory=list)  # ids with rows or declared empty
    tables_empty: list[str] = field(default_factory=list)  # found, declared empty / no values
    tables_expected: int = 9
    identities: int = 0
    closing: int = 0  # ok + tail
    tail: int = 0
    breaks: list[dict[str, Any]] = field(default_factory=list)
    claims: int = 0
    problems: list[str] = field(default_factory=list)  # ingest/parser problems, crashes
    crashed: bool = False

    @property
    def readable(self) -> bool:
        return not self.crashed and not any(p.startswith("fatal:") for p in self.problems)


def _break_dict(r: IdentityResult) -> dict[str, Any]:
    return {"identity": r.identity, "table": r.table, "where": r.where, "column": r.column,
            "stated": format(r.stated, "f"), "expected": format(r.expected, "f"),
            "difference": format(r.difference, "f"), "envelope": format(r.envelope, "f"), "page": r.page}


def summarise(doc: Document, seconds: float) -> DocCheck:
    c = DocCheck(doc.document, doc.path, doc.report_kind, doc.scope, doc.unit, doc.year, doc.money_unit,
                 doc.page_count, round(seconds, 2))
    c.tables_expected = len(tables_for(doc.report_kind))
    c.tables_found = [t.id for t in doc.tables if t.rows or t.empty]
    c.tables_empty = [t.id for t in doc.tables if t.empty]
    res = evaluate(doc)
    c.identities = len(res)
    c.closing = sum(1 for r in res if r.status != "break")
    c.tail = sum(1 for r in res if r.status == "tail")
    c.breaks = [_break_dict(r) for r in res if r.status == "break"]
    c.claims = len(doc.claims)
    c.problems = [("fatal:" if p.fatal else "") + f"{p.kind}: {p.message}" for p in doc.problems]
    return c


def check_file(path: str | Path) -> DocCheck:
    """Parse one file and summarise how it was read; a crash is recorded, never raised."""
    t0 = time.perf_counter()
    try:
        doc = parse_file(str(path))
        return summarise(doc, time.perf_counter() - t0)
    except Exception as e:  # a crash is what this command is there to count
        return DocCheck(Path(path).name, str(path), seconds=round(time.perf_counter() - t0, 2),
                        problems=[f"fatal:crash: {type(e).__name__}: {e}"], crashed=True)


def check_paths(paths: Iterable[str], progress: Callable[[int, int, str], None] | None = None) -> list[DocCheck]:
    from juesuan.pipeline.scan import expand_paths

    files, _errors = expand_paths(paths)
    out: list[DocCheck] = []
    for i, f in enumerate(files, 1):
        out.append(check_file(f))
        if progress:
            progress(i, len(files), f.name)
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.2f}%" if b else "—"


def render(checks: list[DocCheck]) -> str:
    """The printed report: one line per document, the totals, then every broken identity."""
    lines = ["文件\t类型\t范围\t单位\t年度\t金额单位\t表(找到/应有)\t恒等式(闭合/检查)\t说明数字\t页数\t秒"]
    for c in checks:
        lines.append("\t".join([
            c.document, c.kind or "?", c.scope or "?", c.unit or "?", str(c.year or "?"), c.money_unit or "?",
            f"{len(c.tables_found)}/{c.tables_expected}", f"{c.closing}/{c.identities}", str(c.claims),
            str(c.pages if c.pages is not None else "-"), f"{c.seconds:.1f}",
        ]) + ("\t" + "; ".join(p[:80] for p in c.problems if p.startswith("fatal:")) if not c.readable else ""))
    readable = [c for c in checks if c.readable]
    ident = sum(c.identities for c in checks)
    closing = sum(c.closing for c in checks)
    lines.append("")
    lines.append("合计")
    for kind in ("决算", "预算", None):
        ks = [c for c in readable if c.kind == kind]
        if not ks:
            continue
        with_tables = [c for c in ks if c.tables_found]
        lines.append(
            f"  {kind or '未判定'}: {len(ks)} 份（有表 {len(with_tables)} 份；部门 {sum(c.scope == '部门' for c in ks)}，"
            f"单位 {sum(c.scope == '单位' for c in ks)}），表 {sum(len(c.tables_found) for c in ks)}/"
            f"{sum(c.tables_expected for c in with_tables)}（有表文件），≥7 表 {sum(len(c.tables_found) >= 7 for c in ks)} 份，"
            f"恒等式 {sum(c.closing for c in ks)}/{sum(c.identities for c in ks)} 闭合"
        )
    lines.append(
        f"  全部: {len(checks)} 份，可读 {len(readable)}，崩溃 {sum(c.crashed for c in checks)}，"
        f"恒等式 {closing}/{ident} 闭合（{_pct(closing, ident)}，其中尾数误差 {sum(c.tail for c in checks)}），"
        f"说明数字 {sum(c.claims for c in checks)}，页 {sum(c.pages or 0 for c in checks)}，"
        f"用时 {sum(c.seconds for c in checks):.1f} 秒；"
        f"单位/年度/金额单位 缺 {sum(c.unit is None for c in readable)}/{sum(c.year is None for c in readable)}/"
        f"{sum(c.money_unit is None for c in readable)} 份"
    )
    broken = [(c, b) for c in checks for b in c.breaks]
    if broken:
        lines.append("")
        lines.append(f"不闭合的恒等式（{len(broken)}）")
        for c, b in broken:
            lines.append(
                f"  {c.document}\t{b['table']}\t{b['where']}\t{b['column'] or ''}\t列示 {b['stated']}\t"
                f"应为 {b['expected']}\t差 {b['difference']}\t第{b['page'] or '?'}页\t{b['identity']}"
            )
    return "\n".join(lines)


def write_out(checks: list[DocCheck], out: str | Path) -> None:
    from juesuan.model.jsonio import dumps

    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    with open(d / "corpus_check.jsonl", "w", encoding="utf-8") as fh:
        for c in checks:
            fh.write(dumps({**asdict(c), "readable": c.readable}) + "\n")
    (d / "corpus_check.txt").write_text(render(checks) + "\n", encoding="utf-8")
