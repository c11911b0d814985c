"""Group F facts: text hygiene and disclosure risk, over ``Document.lines``.

One fact per distinct defect kind per document (repeated debris is counted, with the first few
locations as evidence), never one per occurrence.

Fact kind ``hygiene`` with ``check`` in: placeholder, name_placeholder, unfilled_list,
alt_wording, instruction, blank_figure, debris, other_year, mobile, id_number, private_name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from juesuan.ingest.raw import TextLine
from juesuan.model.document import Document
from juesuan.observe.fact_make import ev, make_fact, register


@dataclass
class Hit:
    line: TextLine
    start: int
    match: str


def _raw(tl: TextLine) -> str:
    return tl.raw or tl.text or ""


def _is_table(raw: str) -> bool:
    return " | " in raw or "\t" in raw or raw.count("|") >= 2


def _window(raw: str, start: int, end: int, width: int = 60) -> str:
    s = max(0, start - width)
    return raw[s : end + width].strip()


_CJK = r"[\u4e00-\u9fff]"

PATTERNS: dict[str, list[re.Pattern[str]]] = {
    # XX / ×× / 某某 standing where a name or figure belongs
    "placeholder": [
        re.compile(r"(?<![A-Za-z])(?:XX+|ＸＸ+|xx+|××+|＊＊+|\*\*\*+)(?![A-Za-z])(?=\s*(?:" + _CJK + r"|\d|年|万元|$))"),
        re.compile(r"(?<=" + _CJK + r")(?:XX+|××+|ＸＸ+)"),
        re.compile(r"某某"),
        re.compile(r"20[X×Ｘx]{2}\s*年"),
    ],
    # template field names left in running text
    "name_placeholder": [
        re.compile(r"(?<![主管预算所属上级一二级填写])(部门名称|单位名称)(?=概况|整体|决算|部门|单位|\d{4}|年度|主要|机构|$)"),
        re.compile(r"(?:第[一二三四五六七八九十]+部分|年度)\s*(部门名称|单位名称)"),
        re.compile(r"(?<![预算])项目名称(?![：:\s|）)见详如及和为是、等与列栏均已应一的])(?=" + _CJK + r")"),
    ],
    # template content never filled in: "一是……；二是……", a sentence cut where its content belongs
    # (主要原因是。 主要用于：。)
    "unfilled_list": [
        re.compile(r"[一二三四五]是\s*(?:……|…|\.{3,}|。。。)"),
        re.compile(r"(?:主要原因(?:是|为|有)?|原因(?:是|为)|主要用于|具体(?:情况)?如下|主要包括|主要有)\s*[:：]?\s*[。；;]"),
    ],
    # alternatives of the template: 增加（减少）, 增长（下降）
    "alt_wording": [
        re.compile(r"(增加|增长|上升|大于|高于|多于)\s*[（(/]\s*(减少|下降|降低|小于|低于|少于)\s*[)）]?"),
        re.compile(r"(减少|下降|小于|低于)\s*[（(]\s*(增加|增长|大于|高于)\s*[)）]"),
    ],
    # instructions to the author left in
    "instruction": [
        re.compile(r"请(?:依据|根据|结合|按照)[^。）)]{0,40}(?:实际|具体)[^。）)]{0,20}(?:情况|填写|说明|解释|举例)"),
        re.compile(r"[（(]\s*(?:可|请|须|需|应)(?:结合|根据|依据|按照|参照|填写|说明|列示|举例)[^）)]{0,40}[)）]"),
        re.compile(r"[（(]\s*(?:此处|本处|本段)[^）)]{0,30}[)）]"),
        re.compile(r"或[（(]报告[)）]"),
    ],
    # a figure left blank: 支出决算为    万元
    "blank_figure": [
        re.compile(r"(?:为|是|共|计|支出|收入|决算|预算|合计|总额|金额)[ \u3000\u00a0_＿]{2,}(?:万元|元|个|人|辆|%|％)"),
        re.compile(r"[_＿]{3,}\s*(?:万元|元|个|人|辆|%|％)"),
    ],
    # spreadsheet debris
    "debris": [
        re.compile(r"(?:ERROR:)?#(?:DIV/0!|REF!|VALUE!|N/A|NAME\?|NUM!|NULL!)|ERROR:|#########"),
    ],
}

# a title of an attachment or a self-evaluation form naming a year
_TITLE_YEAR = re.compile(r"(20\d{2})\s*年度?")
_TITLE_WORDS = re.compile(r"(自评表|汇总表|评价表|评分表|评价报告|自评报告|绩效自评|附件|决算表|指标体系)")


def _is_cell_label(raw: str, word: str) -> bool:
    """A table cell that is the field label itself ("单位名称", "项目名称：")."""
    cells = [c.strip().rstrip("：:") for c in re.split(r"\s*\|\s*|\t+", raw)]
    return any(c == word or re.fullmatch(r"(主管|预算|实施|所属)?" + word + r"\d?", c) for c in cells)


def _scan(doc: Document, check: str) -> list[Hit]:
    hits: list[Hit] = []
    for tl in doc.lines:
        raw = _raw(tl)
        if not raw.strip():
            continue
        for pat in PATTERNS[check]:
            for m in pat.finditer(raw):
                if check == "name_placeholder" and _is_table(raw) and _is_cell_label(raw, m.group(0)):
                    continue
                if check == "name_placeholder" and m.group(0) == "项目名称" and _is_table(raw):
                    continue
                hits.append(Hit(tl, m.start(), m.group(0)))
                break
            else:
                continue
            break
    return hits


def _fact(doc: Document, check: str, hits: list[Hit], extra: dict[str, Any] | None = None) -> Any:
    first = hits[0]
    locs = "、".join(str(h.line.page if h.line.page is not None else h.line.line) for h in hits[:5])
    evidence = [ev(_window(_raw(h.line), h.start, h.start + len(h.match)), h.line.page, h.line.line) for h in hits[:3]]
    samples = "、".join(dict.fromkeys(h.match.strip() for h in hits))[:60]
    return make_fact(
        "hygiene",
        check,
        {
            "check": check,
            "status": "found",
            "count": len(hits),
            "samples": samples,
            "locations": locs,
            "loc_kind": "页" if first.line.page is not None else "行",
            "page": first.line.page,
            "line": first.line.line,
            **(extra or {}),
        },
        evidence,
        {"stated": Decimal(len(hits))},
    )


@register("hygiene")
def hygiene_facts(doc: Document) -> list[Any]:
    """Template residue, blank figures, spreadsheet debris, other-year attachments, personal data."""
    out: list[Any] = []
    for check in ("placeholder", "name_placeholder", "unfilled_list", "alt_wording", "instruction", "blank_figure", "debris"):
        hits = _scan(doc, check)
        if hits:
            out.append(_fact(doc, check, hits))
    out.extend(other_year(doc))
    out.extend(personal_data(doc))
    return out


# --------------------------------------------------------------------------- other year


def other_year(doc: Document) -> list[Any]:
    """The years that attachment and form titles state, one observation per year (the report's own year
    included): the rule states stated_year = report_year (2021 forms in a 2022 report break it)."""
    if not doc.year:
        return []
    hits: list[Hit] = []
    years: set[int] = set()
    for tl in doc.lines:
        raw = _raw(tl).strip()
        if not raw:
            continue
        cell = raw
        if _is_table(raw):
            cells = [c.strip() for c in re.split(r"\s*\|\s*|\t+", raw) if c.strip()]
            if len(cells) > 2:
                continue
            cell = " ".join(cells)
        if len(cell) > 45:
            continue
        m = _TITLE_YEAR.search(cell)
        if not m:
            continue
        y = int(m.group(1))
        if y < 2000 or y > doc.year + 1:
            continue
        title = _TITLE_WORDS.search(cell) or re.fullmatch(r"[（(]\s*20\d{2}\s*年度?\s*[)）]", cell)
        if not title:
            continue
        # comparisons with the previous year are narrative, not titles
        if re.search(r"相比|比上年|较上年|上年度|同比", cell):
            continue
        hits.append(Hit(tl, m.start() if cell is raw else 0, cell))
        years.add(y)
    if not hits:
        return []
    # the report's own year must also appear in headings/titles (guards against a misread report year)
    own = re.compile(rf"{doc.year}\s*年")
    def _own_title(raw: str) -> bool:
        raw = raw.strip()
        return len(raw) <= 60 and bool(own.search(raw)) and bool(re.search(r"决算|自评|报告|表", raw)) and not re.search(r"相比|比上年|较上年|同比", raw)

    if not any(_own_title(_raw(tl)) for tl in doc.lines):
        return []
    out = []
    for y in sorted(years):
        mine = [h for h in hits if _TITLE_YEAR.search(h.match) and int(_TITLE_YEAR.search(h.match).group(1)) == y]
        f = _fact(doc, "other_year", mine, {"years": str(y), "stated_year": y, "report_year": doc.year})
        f.key = f"other_year:{y}"
        out.append(f)
    return out


# --------------------------------------------------------------------------- personal data

_MOBILE = re.compile(r"(?<![\d.,])(1[3-9]\d{9})(?![\d.])")
_ID = re.compile(r"(?<![\dA-Za-z])(\d{6})((?:19|20)\d{2})(\d{2})(\d{2})(\d{3})([\dXx])(?![\dA-Za-z])")
_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_C = "10X98765432"

# the most common surnames (single character); a private person's name = surname + 1–2 characters
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_ROLE = r"(退休人员|离休人员|退休职工|离退休人员|在职职工|职工|遗属|家属|困难职工|困难户|低保户|患者|学生|已故职工|去世职工|死亡职工)"
_BENEFIT = r"(抚恤金|抚恤|丧葬费|丧葬补助|医疗费|医药费|救济金|救济费|补助金|生活补助|困难补助|慰问金|工资|补发工资|赔偿金|遗属补助)"
_PRIVATE = re.compile(_ROLE + r"([\u4e00-\u9fff]{2,3}?)" + _BENEFIT)


def _id_valid(m: re.Match[str]) -> bool:
    digits = "".join(m.groups())
    try:
        date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return False
    s = sum(int(d) * w for d, w in zip(digits[:17], _ID_W, strict=True))
    return _ID_C[s % 11] == digits[17].upper()


def personal_data(doc: Document) -> list[Any]:
    mobiles: list[Hit] = []
    ids: list[Hit] = []
    names: list[Hit] = []
    for tl in doc.lines:
        raw = _raw(tl)
        for m in _MOBILE.finditer(raw):
            ctx = raw[max(0, m.start() - 12) : m.start()]
            if re.search(r"(金额|万元|元|合计|编码|代码|号码为?\d)$", ctx):
                continue
            if _is_table(raw) and m.group(1) in [c.strip() for c in re.split(r"\s*\|\s*|\t+", raw)] and not re.search(r"电话|手机|联系", raw):
                continue  # a bare 11-digit number in a table cell is an amount, unless labelled as a phone
            mobiles.append(Hit(tl, m.start(), m.group(1)))
        for m in _ID.finditer(raw):
            if _id_valid(m):
                ids.append(Hit(tl, m.start(), m.group(0)))
        for m in _PRIVATE.finditer(raw):
            name = m.group(2)
            if name[0] in SURNAMES and not re.search(r"(人员|单位|部门|经费|项目|补助|费用|支出)", name):
                names.append(Hit(tl, m.start(), m.group(1) + name))
    out = []
    if mobiles:
        out.append(_fact(doc, "mobile", mobiles, {"masked": "、".join(dict.fromkeys(h.match[:3] + "****" + h.match[-4:] for h in mobiles))}))
    if ids:
        out.append(_fact(doc, "id_number", ids, {"masked": "、".join(dict.fromkeys(h.match[:6] + "********" + h.match[-4:] for h in ids))}))
    if names:
        out.append(_fact(doc, "private_name", names, {"names": "、".join(dict.fromkeys(h.match for h in names))}))
    return out
