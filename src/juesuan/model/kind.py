"""Document kind (决算 | 预算) and scope (部门 | 单位) from the content — titles, table names,
headings and the cover, never the file name (real disclosures are filed under misleading names).

* kind: short lines (titles, headings, table names, running headers) vote with the phrases only
  one kind prints — "部门决算", "决算表", "决算情况说明" against "部门预算", "预算表", "收支总表",
  "预算编制说明"; the cover weighs most. Sentences vote only with what one kind says of its
  figures ("支出决算为…，完成年初预算的…" against "收入预算…万元，比上年预算…"): a 决算 narrative
  says "年初预算" and "一般公共预算" everywhere, a 预算 narrative quotes "上年决算".
* scope: "部门预算/部门决算" (the department with its subordinate units) against "单位预算/单位决算"
  or "（本级）" (one unit); the cover weighs most. A 部门 document that lists its units
  ("部门预算由…单位组成", "纳入…编制范围的单位") is 部门 whatever its headings say.

``detect_kind_scope(lines)`` -> ``(kind, scope, evidence)``; ``kind``/``scope`` are None when no
line decides (reported by the caller, never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from juesuan.ingest.raw import Grid, RawDocument, TextLine
from juesuan.text.normalize import normalize_text

_KIND_PHRASES: dict[str, re.Pattern[str]] = {
    "决算": re.compile(
        r"(?:部门|单位)决算|决算(?:总|明细)?表|决算(?:情况)?说明|决算公开|年度决算|决算报告"
    ),
    "预算": re.compile(
        r"(?:部门|单位)(?:财务)?预算(?!执行|项目|资金|批复|管理|绩效)|预算(?:总|明细)?表(?!.*决算)|收支总表|收入总表|"
        r"支出总表|预算编制说明|预算(?:情况)?说明|预算公开|收支预算|绩效目标表"
    ),
}
# sentences vote too (weight 1 each): a 决算 narrative reports what was spent against the budget,
# a 预算 narrative what is planned against last year
_KIND_SENTENCE: dict[str, re.Pattern[str]] = {
    "决算": re.compile(r"(?:支出|收入|收、?支)决算(?:总计|合计|数)?为|决算数为|完成(?:年初)?预算的|决算总计|年度决算"),
    "预算": re.compile(
        r"(?:收入|支出|收、?支)(?:总)?预算(?:为|\d)|比(?:上年|20\d{2}年)(?:年初)?预算(?:数)?(?:增加|减少|增长|下降)"
    ),
}
_SCOPE_PHRASES: dict[str, re.Pattern[str]] = {
    "部门": re.compile(r"部门(?:财务)?(?:预算|决算)|部门收支|部门收入|部门支出|部门财政拨款"),
    "单位": re.compile(r"单位(?:财务)?(?:预算|决算)(?!单位)|单位收支|单位收入|单位支出|[（(]本级[)）]|本级(?:预算|决算)"),
}
_DEPT_MEMBERS = re.compile(
    r"(?:部门|本部门)(?:预算|决算)(?:包括|由)|纳入.{0,20}(?:部门)?(?:预算|决算)编制范围的.{0,10}单位|下属.{0,6}单位.{0,10}(?:包括|共)|"
    r"(?:预算|决算)单位构成|从(?:预算)?单位构成看"
)
_MAX_SHORT = 60


def _vote(pats: dict[str, re.Pattern[str]], text: str) -> dict[str, int]:
    return {k: len(p.findall(text)) for k, p in pats.items()}


def detect_kind_scope(
    lines: Iterable[tuple[str, bool]],
) -> tuple[str | None, str | None, dict[str, dict[str, int]]]:
    """``lines``: (normalised text, is_cover) in document order. Returns kind, scope and the votes."""
    kind_votes = {"决算": 0, "预算": 0}
    scope_votes = {"部门": 0, "单位": 0}
    members = 0
    for text, cover in lines:
        t = re.sub(r"\s+", "", text or "")
        if not t:
            continue
        if _DEPT_MEMBERS.search(t):
            members += 1
        for k, n in _vote(_KIND_SENTENCE, t).items():
            kind_votes[k] += n
        if len(t) > _MAX_SHORT or re.search(r"[，。；]", t):
            continue
        w = 5 if cover else 1
        for k, n in _vote(_KIND_PHRASES, t).items():
            kind_votes[k] += w * n
        for k, n in _vote(_SCOPE_PHRASES, t).items():
            scope_votes[k] += w * n
    kind = None
    if kind_votes["决算"] or kind_votes["预算"]:
        kind = "决算" if kind_votes["决算"] >= kind_votes["预算"] else "预算"
    scope = None
    if members and scope_votes["部门"]:
        scope = "部门"
    elif scope_votes["部门"] or scope_votes["单位"]:
        scope = "部门" if scope_votes["部门"] >= scope_votes["单位"] else "单位"
    votes = {"kind": kind_votes, "scope": {**scope_votes, "成员单位说明": members}}
    return kind, scope, votes


def document_lines(raw: RawDocument) -> list[tuple[str, bool]]:
    """(normalised text, is_cover) for running text and grid cells; the cover is the first six
    running-text lines before the 目录 / 第一部分."""
    out: list[tuple[str, bool]] = []
    cover_left = 6
    for b in raw.blocks:
        if isinstance(b, TextLine):
            t = b.text or normalize_text(b.raw)
            compact = re.sub(r"\s+", "", t)
            if compact in ("目录", "目次") or compact.startswith("第一部分"):
                cover_left = 0
            out.append((t, cover_left > 0 and bool(compact)))
            if compact and cover_left:
                cover_left -= 1
        elif isinstance(b, Grid):
            for r in b.rows:
                out.extend((c, False) for c in r.cells if c)
    return out


def kind_scope_of(raw: RawDocument) -> tuple[str | None, str | None, dict[str, dict[str, int]]]:
    """Kind and scope of a raw document (see module doc)."""
    return detect_kind_scope(document_lines(raw))
