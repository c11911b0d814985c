"""Test documents for the D/E/F extractors, built from model objects (no parser needed)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.ingest.raw import TextLine
from juesuan.model.document import Document, Indicator, Performance, Row, Table
from juesuan.text.normalize import normalize_text, parse_amount

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def D(s: str | None) -> Decimal | None:
    return None if s is None or s == "" else Decimal(s)


def lines_of(text: str, start: int = 1) -> list[TextLine]:
    out = []
    for i, raw in enumerate(text.split("\n"), start):
        if raw.strip():
            out.append(TextLine(raw=raw, text=normalize_text(raw), page=None, line=i))
    return out


def doc_of(text: str = "", tables: list[Table] | None = None, performance: list[Performance] | None = None, year: int | None = 2022) -> Document:
    return Document(
        document="t.txt", path="t.txt", sha256="0", kind="text", unit="测试单位", year=year,
        tables=tables or [], performance=performance or [], lines=lines_of(text),
    )


def fn_table(tid: str, rows: list[tuple[str | None, str, str | None, str | None, str | None]]) -> Table:
    """A function-code table: (code, name, 合计, 基本支出, 项目支出)."""
    out = []
    for i, (code, name, tot, basic, proj) in enumerate(rows, 100):
        out.append(
            Row(code=code, name=name, values={"合计": D(tot), "基本支出": D(basic), "项目支出": D(proj)}, line=i,
                raw=" | ".join(x for x in (code, name, tot, basic, proj) if x))
        )
    return Table(id=tid, title=tid, rows=out, columns=["合计", "基本支出", "项目支出"])


def seed_doc(prefix: str) -> Document:
    """A seed as a Document with every line, and (for tab-separated seeds) T3/T5 parsed naively."""
    path = next(CORPUS.glob(prefix + "_*.txt"))
    text = path.read_text(encoding="utf-8")
    doc = doc_of(text)
    doc.document = path.name
    return doc


def perf(project: str, kind: str = "project", budget: str | None = None, executed: str | None = None, rate: str | None = None,
         score: str | None = None, weight: str | None = None, total: str | None = None, grade: str | None = None,
         indicators: list[Indicator] | None = None, line: int = 500) -> Performance:
    return Performance(project=project, kind=kind, budget=D(budget), executed=D(executed), rate=D(rate), score=D(score),
                       execution_weight=D(weight), total_score=D(total), grade=grade, indicators=indicators or [],
                       line=line, raw=f"{project}绩效自评表", execution_raw=f"{budget} | {executed} | {rate}% | {score}")


def ind(name: str, target: str | None, actual: str | None, weight: str | None, score: str | None, level1: str = "产出指标",
        unit: str | None = None, line: int = 600) -> Indicator:
    return Indicator(level1=level1, level2=None, name=name, unit=unit, target=target, actual=actual, weight=D(weight),
                     score=D(score), line=line, raw=" | ".join(x or "" for x in (level1, name, target, actual, weight, score)))


__all__ = ["D", "doc_of", "fn_table", "seed_doc", "perf", "ind", "parse_amount", "lines_of"]
