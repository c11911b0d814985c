"""Planted-defect harness: one small edit of a real disclosure, its unplanted control, and the checks.

A ``Plant`` names a source document (a seed text export, or the text reading of a real 决算/预算 PDF
in ../shared/corpus-real), a substring that occurs exactly once in it, its replacement, the rule-id
prefix that must fire and a string the finding must show. ``run`` writes the planted document
(as text, or as a PDF rebuilt with reportlab by tests/pdfmaker.py), parses and evaluates it, and
``check`` asserts: the rule fires; the planted value is in its message or evidence; one evidence
item quotes the planted line with its position (line for text, page for PDF); and nothing new above
``info`` appears compared with the control (the same document, unplanted, read the same way).
Controls are parsed once per process (``control``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus-real"
ABOVE_INFO = ("low", "medium", "high")

SEEDS = {f"{i:03d}": p for i in range(5) for p in (REPO / "corpus").glob(f"{i:03d}_*.txt")}
REAL_PDFS = {
    "putuo-js": REAL / "上海市普陀区财政局2024年度部门决算.pdf",
    "xinfang-js": REAL / "juesuan" / "国家信访局2024年度部门决算.pdf",
    "sh-ys": REAL / "yusuan" / "001_上海_2026年上海市财政局_部门预算.pdf",
    "bj-ys": REAL / "yusuan" / "002_北京_2026年北京市统计局部门预算.pdf",
    "hz-ys": REAL / "yusuan" / "008_杭州_气象局_2026年部门预算.pdf",
}


@dataclass(frozen=True)
class Plant:
    """One planting: ``old`` (unique in the document's text) becomes ``new``."""

    doc: str  # a key of SEEDS or REAL_PDFS
    old: str
    new: str
    rule: str  # expected rule-id prefix
    shows: str  # the planted value: must appear in the finding's message or evidence
    cls: str  # the class of defect (for the report)
    pdf: bool = False  # rebuild the planted document as a PDF (reportlab) instead of a text file
    also: tuple[str, ...] = ()  # rule ids of a second, genuine contradiction the planting creates
    xfail: str | None = None  # why the current rules miss it (strict xfail)

    @property
    def real(self) -> bool:
        return self.doc in REAL_PDFS


def source_text(doc: str) -> str:
    """The document as text: a seed file verbatim, or a real PDF's reading written as a tab export."""
    return _source_text(doc)


@cache
def _source_text(doc: str) -> str:
    if doc in SEEDS:
        return SEEDS[doc].read_text(encoding="utf-8")
    from juesuan import ingest
    from tests.reformat import render

    raw = ingest.read(str(REAL_PDFS[doc]))
    assert not raw.problems, [p.message for p in raw.problems]
    return render(raw, "tsv")


def apply(text: str, plant: Plant) -> tuple[str, list[int]]:
    """Replace ``plant.old`` (which must occur exactly once) and return the text and the planted line numbers."""
    n = text.count(plant.old)
    assert n == 1, f"{plant.old!r} occurs {n} times in {plant.doc}"
    at = text.index(plant.old)
    first = text[:at].count("\n") + 1
    return text.replace(plant.old, plant.new, 1), list(range(first, first + plant.new.count("\n") + 1))


def analyse(text: str, out: Path, *, pdf: bool) -> list[dict[str, Any]]:
    """Write ``text`` to ``out`` (.txt, or a reportlab PDF of it) and return its findings."""
    from juesuan.findings.evaluate import evaluate
    from juesuan.model.build import parse_file

    src = out.with_suffix(".txt")
    src.write_text(text, encoding="utf-8")
    if not pdf:
        return evaluate(parse_file(str(src)))
    from tests.pdfmaker import make_pdf

    return evaluate(parse_file(str(make_pdf(src, out.with_suffix(".pdf")))))


@cache
def _control(doc: str, pdf: bool, workdir: str) -> tuple[dict[str, Any], ...]:
    return tuple(analyse(source_text(doc), Path(workdir) / f"control-{doc}", pdf=pdf))


def control(doc: str, pdf: bool, workdir: Path) -> list[dict[str, Any]]:
    """The unplanted document's findings, read the same way as the planted one (parsed once per process)."""
    return list(_control(doc, pdf, str(workdir)))


def above_info(findings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(f["rule_id"], str(f["values"].get("stated"))) for f in findings if f["severity"] in ABOVE_INFO}


def _flat(s: str) -> str:
    """Compare quotes without layout: NFKC, no whitespace, no cell separators."""
    return re.sub(r"[\s|]+", "", unicodedata.normalize("NFKC", s))


def run(plant: Plant, workdir: Path, name: str) -> tuple[list[dict[str, Any]], list[str], list[int]]:
    """Plant and analyse; returns the findings, the planted lines and their line numbers."""
    text, lines = apply(source_text(plant.doc), plant)
    findings = analyse(text, workdir / name, pdf=plant.pdf)
    all_lines = text.split("\n")
    return findings, [all_lines[i - 1] for i in lines], lines


PARAGRAPH_LINES = 10  # a paragraph wrapped over source lines (PDF readings) is quoted from its first line


def quotes(e: dict[str, Any], planted: list[str], plant: Plant, lines: list[int]) -> bool:
    """Evidence item ``e`` quotes a planted line and says where it is.

    The quote is the planted line or a part of it, or a paragraph that contains the whole planted line
    (and the planted value). Position: a PDF page for PDFs; for text, the planted line itself for a table
    row, or for running text the first line of the paragraph that holds it (at most PARAGRAPH_LINES up).
    """
    got = _flat(e.get("text") or "")
    if not got or not any(got in _flat(p) or (plant.shows in (e.get("text") or "") and _flat(p) in got) for p in planted):
        return False
    if plant.pdf:
        return isinstance(e.get("page"), int) and e["page"] >= 1
    line = e.get("line")
    if not isinstance(line, int):
        return False
    if e.get("table"):
        return line in lines
    return lines[0] - PARAGRAPH_LINES <= line <= lines[-1]


def check(plant: Plant, findings: list[dict[str, Any]], planted: list[str], lines: list[int],
          baseline: list[dict[str, Any]]) -> None:
    """The planted defect is found, shows the planted value, quotes the planted line; nothing else new above info."""
    hits = [f for f in findings if f["rule_id"].startswith(plant.rule)]
    assert hits, f"{plant.rule} not raised; got {sorted({f['rule_id'] for f in findings if f['severity'] in ABOVE_INFO})}"
    assert any(plant.shows in f["message"] or any(plant.shows in (e.get("text") or "") for e in f["evidence"])
               for f in hits), f"{plant.shows!r} not shown: {[f['message'] for f in hits]}"
    assert any(quotes(e, planted, plant, lines) for f in hits for e in f["evidence"]), (
        f"no evidence quotes the planted line {planted}: {[f['evidence'] for f in hits]}")
    new = above_info(findings) - above_info(baseline)
    extra = {r for r, _ in new if not r.startswith(plant.rule) and r not in plant.also}
    assert not extra, f"unexpected new findings above info: {sorted(new)}"
