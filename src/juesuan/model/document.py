"""The parsed document (what ``juesuan.parse`` returns): unit, year, money unit, sections,
the standard tables, narrative claims and performance self-evaluations. Every element keeps its
position and the verbatim source text so that a finding can quote the document.

Money is always ``Decimal`` with the exponent as printed (``Decimal("0.0")`` and
``Decimal("0.00")`` differ in precision, which matters for rounding envelopes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from juesuan.ingest.raw import IngestProblem, TextLine


@dataclass
class Section:
    title: str  # normalised heading text, numbering included ("一、收入支出决算总体情况说明")
    level: int  # 1 = 第X部分, 2 = 一、, 3 = （一）, 4 = 1.
    number: str  # the numbering token: "第三部分", "一", "（一）", "1"
    page: int | None = None
    line: int | None = None
    in_toc: bool = False  # True for entries of the 目录, False for body headings
    raw: str = ""  # verbatim heading line


@dataclass
class Row:
    code: str | None  # function/economic code as digits ("2011350", "30217"), None for label rows
    name: str  # normalised name without numbering ("一般公共预算财政拨款收入", "事业运行", "合计")
    values: dict[str, Decimal | None]  # canonical column -> value (None = blank / not stated)
    page: int | None = None
    line: int | None = None
    side: str | None = None  # two-sided tables: T1/T4 "收入" | "支出"; T6 "人员经费" | "公用经费"
    raw: str = ""  # verbatim row text (cells joined by " | ") for evidence


@dataclass
class Table:
    id: str  # "T1" .. "T9"
    title: str  # title as printed (normalised)
    page: int | None = None
    line: int | None = None
    code: str | None = None  # "公开01表", "表1" ... as printed
    money_unit: str | None = None  # "万元" | "元" as declared above the table
    columns: list[str] = field(default_factory=list)  # canonical columns present, in order
    rows: list[Row] = field(default_factory=list)
    empty: bool = False  # declared empty (or printed without any body values)
    empty_statement: str | None = None  # verbatim sentence declaring the table empty
    empty_statement_page: int | None = None
    empty_statement_line: int | None = None
    raw_title: str = ""
    match_score: float = 1.0  # title similarity used to identify the table

    def row(self, code: str | None = None, name: str | None = None, side: str | None = None) -> Row | None:
        for r in self.rows:
            if side is not None and r.side != side:
                continue
            if code is not None and r.code == code:
                return r
            if code is None and name is not None and r.name == name:
                return r
        return None


ClaimKind = Literal["amount", "share", "growth", "completion", "count", "rate", "score"]


@dataclass
class Claim:
    """A number stated in the narrative, with what it speaks about."""

    kind: str  # amount | share | growth | completion | count | rate | score
    value: Decimal
    unit: str  # "万元" | "元" | "%" | "个" | "人" | "辆" ...
    subject: str  # the thing the number is about, as written ("一般公共服务支出（类）商贸事务（款）事业运行（项）")
    text: str  # verbatim span of the number with its immediate context (≤ ~80 chars)
    sentence: str  # the whole verbatim sentence
    page: int | None = None
    line: int | None = None
    subject_code: str | None = None  # resolved function/economic code, when possible
    subject_level: str | None = None  # "类" | "款" | "项" | None
    measure: str | None = None  # what figure: "决算数" | "年初预算" | "上年" | "预算数" | "执行数" ...
    direction: str | None = None  # 增加 | 减少 | 持平 | 大于 | 小于 | 等于 (nearest direction word)
    section: str | None = None  # title of the section containing the claim
    table_hint: str | None = None  # "T1".."T9" when the section is the explanation of that table
    base: Decimal | None = None  # for share/growth/completion: the other amount in the same sentence, if any
    reason: str | None = None  # text after 主要原因/原因是, when present


@dataclass
class Indicator:
    level1: str | None  # 一级指标 (产出指标 / 效益指标 / 满意度指标 ...)
    level2: str | None  # 二级指标 (数量指标 ...)
    name: str  # 三级指标
    unit: str | None = None
    target: str | None = None  # as printed (年度指标值/年初目标值)
    actual: str | None = None  # as printed (实际完成值)
    weight: Decimal | None = None  # 分值
    score: Decimal | None = None  # 得分
    page: int | None = None
    line: int | None = None
    raw: str = ""


@dataclass
class Performance:
    """One self-evaluation table (绩效自评表): the whole unit or one project."""

    project: str  # project name, or the unit name for the whole-unit table
    kind: str  # "unit" | "project" | "summary"
    budget: Decimal | None = None  # 预算数 (A) — full-year budget
    executed: Decimal | None = None  # 执行数 (B)
    rate: Decimal | None = None  # stated 执行率 in percent (75.90 for "75.90%")
    score: Decimal | None = None  # stated execution score (得分 of the budget-execution line)
    execution_weight: Decimal | None = None  # 分值 of the budget-execution line (10 or 20)
    total_score: Decimal | None = None  # stated 总分
    grade: str | None = None  # stated 自评等级 (优/良/中/差)
    indicators: list[Indicator] = field(default_factory=list)
    page: int | None = None
    line: int | None = None
    raw: str = ""  # verbatim title line
    execution_raw: str = ""  # verbatim budget-execution row


@dataclass
class Document:
    document: str  # input file name
    path: str
    sha256: str
    kind: str  # pdf | text | html | xlsx (the file format)
    unit: str | None = None
    report_kind: str | None = None  # 决算 | 预算, from the content (titles, tables, headings); None = undecided
    scope: str | None = None  # 部门 (with its subordinate units) | 单位 (one unit, 本级); None = undecided
    year: int | None = None
    money_unit: str | None = None
    page_count: int | None = None
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    performance: list[Performance] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)  # every text line (narrative and table text) in order
    missing_tables: list[str] = field(default_factory=list)  # "T1".."T9" / "Y1".."Y9" neither found nor declared empty
    notes: list[str] = field(default_factory=list)  # parser remarks (e.g. "T7 found only in 目录")

    def table(self, tid: str) -> Table | None:
        for t in self.tables:
            if t.id == tid:
                return t
        return None

    @property
    def checkable(self) -> bool:
        """False when nothing could be checked (fatal ingest problem or no table parsed)."""
        if any(p.fatal for p in self.problems):
            return False
        return any(t.rows for t in self.tables)
