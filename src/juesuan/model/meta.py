"""Document metadata: the unit's name, the reporting year and the declared money unit.

Every occurrence is collected as a candidate with its position so that the rules can check
consistency (cover vs headings vs table headers vs attachments); the value returned is the best
supported one:

* unit: cover lines ("湖北省电子口岸运行服务中心" / "2022 年度XXX部门决算"), 第X部分 headings
  ("第一部分 XXX概况", "第二部分 XXX 2022 年度单位决算表"), table headers ("单位：XXX", "部门：XXX",
  "单位名称 | XXX") and "从单位构成看，XXX部门决算由…". Names are grouped by their base form
  (qualifiers such as "(本级)"/"(汇总)" removed); the printed form of the cover/headings is
  preferred, else the most frequent printed form (normalised: NFKC, spaces between CJK removed).
* year: "2022 年度单位决算"/"2022年度部门决算表"/"…决算情况说明" weigh most; "2022 年度…" in text
  counts once; comparisons ("与 2021 年度相比", "较2021年", "比上年") and dates ("2023年8月",
  "截至 2022 年 12 月 31 日") do not count. Attachments of another year are candidates (so the
  rules can see them) but are outweighed.
* money_unit: "金额单位：万元", "单位：万元", "（万元）" declarations; the dominant one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from juesuan.ingest.raw import Grid, RawDocument, TextLine
from juesuan.text.normalize import normalize_text

Candidate = tuple[str, int | None, int | None, str]  # (value, page, line, raw)

# --------------------------------------------------------------------------- text units

_UNIT_SUFFIX = re.compile(r"(?:本级|汇总|机关|合并)")
_QUALIFIER = re.compile(r"[(（]\s*(?:本级|汇总|机关|合并|部门|单位)\s*[)）]$")
_ORG_END = re.compile(
    r"(?:局|厅|委员会|委|办公室|办|中心|院|所|站|队|会|部|处|馆|校|学校|大学|学院|医院|社|台|署|府|政府|公司|集团|协会|联合会|"
    r"支队|大队|总队|监狱|法院|检察院|研究所|研究院|管理处|管理局|服务中心|事务中心)"
    r"(?:[(（][^()（）]{1,16}[)）])?$"
)
_DOC_WORDS = re.compile(r"(?:\d{4}\s*年度?|部门决算|单位决算|决算公开|决算|部门预算|单位预算|预算|概况|情况说明|说明|报告|表)")
_MONEY_DECL = re.compile(r"(?:金额单位|单位|计量单位)\s*[:：]\s*(万元|亿元|千元|元)(?![\u4e00-\u9fff])")
_MONEY_PAREN = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_HEADER_UNIT = re.compile(r"(?:^|[\s|])(?:预算单位|发布机构|单位名称|部门名称|部门（单位）名称|部门\(单位\)名称|编制单位|单位|部门)\s*[:：]\s*(.+)$")

_YEAR_STRONG = re.compile(r"(20\d{2})\s*年度?\s*(?:[\u4e00-\u9fff（）()]{0,30}?)(?:部门|单位)\s*(?:决算|预算)(?!数|执行)")
_YEAR_ANY = re.compile(r"(?<![\d.])(20\d{2})\s*年(度?)")
_COMPARE_BEFORE = re.compile(r"(?:与|比|较|同|上|对比|相对于|相较)\s*$")
_COMPARE_AFTER = re.compile(r"^\s*(?:年度)?\s*(?:相比|比较|同期|决算数?相比|对比)")
_DATE_AFTER = re.compile(r"^\s*(?:年度)?\s*\d{1,2}\s*(?:月|-|—|至)")
_ATTACH = re.compile(r"附件|附表|自评表|自评报告|绩效评价报告|汇总表")


def _lines(raw: RawDocument) -> list[tuple[str, str, int | None, int | None, bool]]:
    """(normalised text, raw text, page, line, is_grid_cell) for running text and every grid cell."""
    out: list[tuple[str, str, int | None, int | None, bool]] = []
    for b in raw.blocks:
        if isinstance(b, TextLine):
            out.append((b.text or normalize_text(b.raw), b.raw, b.page, b.line, False))
        elif isinstance(b, Grid):
            for r in b.rows:
                for c, rc in zip(r.cells, r.raw_cells, strict=False):
                    if c:
                        out.append((c, rc or c, r.page, r.line, True))
    return out


def _clean_name(s: str) -> str:
    s = normalize_text(s)
    s = re.sub(r"[\"“”'‘’《》【】\[\]]", "", s)
    s = re.sub(r"\s+", "", s)
    return s.strip("，,。:：;；、-— |")


def base_name(name: str) -> str:
    """The unit name without a trailing qualifier ("XXX（本级）" -> "XXX")."""
    s = _clean_name(name)
    prev = None
    while prev != s:
        prev = s
        s = _QUALIFIER.sub("", s).strip()
    return s


def _plausible_unit(name: str) -> bool:
    if not (3 <= len(name) <= 40):
        return False
    if re.search(r"\d", base_name(name)):
        return False
    if re.search(r"[，,。；;：:！？、]", name):
        return False
    if name in ("万元", "元", "亿元") or name.endswith(("万元", "表")):
        return False
    return bool(_ORG_END.search(base_name(name)) or _QUALIFIER.search(name))


def _unit_from_title(t: str) -> str | None:
    """A unit name inside a cover/heading line: "2022 年度武汉市汉阳区企业服务中心 部门决算",
    "第一部分 XXX概况", "第二部分 XXX 2022 年度单位决算表"."""
    s = normalize_text(t)
    s = re.sub(r"^(?:标题|题目|文章标题)\s*[:：]\s*", "", s)  # web-page captures: "标题: 2016年度XX局部门决算说明"
    s = re.sub(r"^【[^】]{1,12}】", "", s)
    s = re.sub(r"^第[一二三四五六七八九十\d]+部分\s*", "", s)
    s = re.sub(r"^[一二三四五六七八九十]+、", "", s)
    # cut at the first document word
    m = re.search(r"\d{4}\s*年|部门决算|单位决算|决算|部门预算|单位预算|预算|单位概况|部门概况|概况|整体|收支总表|主要职能", s)
    cand = s[: m.start()] if m else s
    cand = _clean_name(cand)
    if not cand and m and m.group(0).startswith(("20", "1")):
        # the year first: "2022 年度XXX部门决算"
        rest = s[m.end():]
        rest = re.sub(r"^\s*度", "", rest)
        m2 = re.search(r"部门决算|单位决算|决算|部门预算|单位预算|预算|概况|收支总表", rest)
        cand = _clean_name(rest[: m2.start()] if m2 else rest)
    cand = re.sub(r"(?:单位|部门)$", "", cand) if cand.endswith(("单位", "部门")) and len(cand) > 6 else cand
    return cand if cand and _plausible_unit(cand) else None


def extract_meta(raw: RawDocument, tables: list | None = None) -> dict:
    """{"unit", "unit_base", "year", "money_unit", "candidates": {"unit"|"year"|"money_unit": [(value, page, line, raw)]},
    "sources": {"unit"|"year"|"money_unit": [source per candidate]}} — sources are "cover", "heading", "table",
    "text", "attachment"."""
    lines = _lines(raw)
    units: list[Candidate] = []
    unit_src: list[str] = []
    years: list[Candidate] = []
    year_src: list[str] = []
    year_w: list[int] = []
    money: list[Candidate] = []
    money_src: list[str] = []

    # the cover: the first few non-empty running-text lines before the 目录 / first 第X部分
    cover_done = False
    cover_count = 0
    last_cover = ""
    in_attach = False
    for text, rawt, page, line, is_cell in lines:
        t = text.strip()
        if not t:
            continue
        compact = re.sub(r"\s+", "", t)
        if not is_cell and (compact in ("目录", "目次") or compact.startswith("第一部分")):
            cover_done = True
        if not is_cell and re.match(r"^(?:第[五六七八九]部分\s*)?附件|^附表", compact):
            in_attach = True
        elif not is_cell and re.match(r"^第[一二三四]部分", compact):
            in_attach = False
        is_cover = not cover_done and not is_cell and cover_count < 6
        if not is_cell:
            cover_count += 1
        is_heading = bool(re.match(r"^第[一二三四五六七八九十\d]+部分", compact))
        prev_cover = last_cover
        last_cover = compact if is_cover else ""

        # ---- money unit
        for m in _MONEY_DECL.finditer(t):
            money.append((m.group(1), page, line, rawt))
            money_src.append("table" if is_cell or "金额单位" in t else "text")
        if len(t) <= 40:
            for m in _MONEY_PAREN.finditer(t):
                if re.search(r"表|预算|决算|金额|资金|单位", t):
                    money.append((m.group(1), page, line, rawt))
                    money_src.append("table" if is_cell else "text")

        # ---- unit
        m = _HEADER_UNIT.search(t)
        if m and not _MONEY_DECL.search(t):
            val = _clean_name(re.split(r"\s{2,}|\||金额单位|单位\s*[:：]", m.group(1))[0])
            if _plausible_unit(val):
                units.append((val, page, line, rawt))
                unit_src.append("table")
        elif (is_cover or is_heading) and len(t) <= 70:
            val = _unit_from_title(t)
            if val:
                units.append((val, page, line, rawt))
                unit_src.append("cover" if is_cover else "heading")
            if is_cover and prev_cover and len(prev_cover) + len(t) <= 70:
                joined = _unit_from_title(prev_cover + t)  # a cover title wrapped over two lines
                if joined and joined != val:
                    units.append((joined, page, line, rawt))
                    unit_src.append("cover")
        if not is_cell:
            m2 = re.search(r"从(?:单位|部门)构成看[，,]?\s*(.+?)(?:部门|单位)?决算由", t)
            if m2:
                val = _clean_name(m2.group(1))
                if _plausible_unit(val):
                    units.append((val, page, line, rawt))
                    unit_src.append("text")

        # ---- year
        strong_spans: list[tuple[int, int]] = []
        if len(t) <= 80 or is_cover or is_heading:
            for m in _YEAR_STRONG.finditer(t):
                y = m.group(1)
                years.append((y, page, line, rawt))
                src = "attachment" if in_attach else ("cover" if is_cover else "heading" if is_heading else
                                                       "table" if is_cell else "text")
                year_src.append(src)
                year_w.append(1 if in_attach else 5 if (is_cover or is_heading) else 3)
                strong_spans.append(m.span(1))
        for m in _YEAR_ANY.finditer(t):
            if m.span(1) in strong_spans:
                continue
            before, after = t[: m.start()], t[m.end():]
            if _DATE_AFTER.match(after) or (not m.group(2) and re.match(r"^\s*\d", after)):
                continue  # a date: 2023年8月, 2022 年 12 月 31 日
            if _COMPARE_BEFORE.search(before) or _COMPARE_AFTER.match(after):
                continue  # a comparison year
            if re.search(r"截[至止]\s*$", before):
                continue
            years.append((m.group(1), page, line, rawt))
            attach = in_attach or bool(_ATTACH.search(t) and len(t) <= 60)
            year_src.append("attachment" if attach else "table" if is_cell else "text")
            # a year in a title of an attachment ("2021年度项目支出绩效自评情况汇总表") weighs less than running text
            year_w.append(0 if attach else 1)

    # ---- choose the unit
    unit: str | None = None
    ubase: str | None = None
    if units:
        groups: dict[str, list[int]] = defaultdict(list)
        for k, (v, *_rest) in enumerate(units):
            groups[base_name(v)].append(k)
        weight = {"cover": 3, "heading": 2, "table": 2, "text": 1}

        def gscore(g: str) -> tuple[int, int]:
            ks = groups[g]
            return (sum(weight.get(unit_src[k], 1) for k in ks), -min(ks))

        # a name cut by a line break on the cover ("福州经济技术开发区生态" / "环境局") or shortened
        # ("环境局") supports the full name it ends
        for g in sorted(groups, key=len):
            longer = [h for h in groups if h != g and h.endswith(g) and len(h) > len(g)]
            if longer:
                groups[max(longer, key=len)].extend(groups.pop(g))
        ubase = max(groups, key=gscore)
        ks = groups[ubase]
        titled = [units[k][0] for k in ks if unit_src[k] in ("cover", "heading") and base_name(units[k][0]) == ubase] \
            or [units[k][0] for k in ks if unit_src[k] in ("cover", "heading")]
        forms = Counter(_clean_name(units[k][0]) for k in ks)
        if titled:
            unit = Counter(_clean_name(x) for x in titled).most_common(1)[0][0]
        else:
            unit = max(forms, key=lambda f: (forms[f], -len(f)))

    # ---- choose the year
    year: int | None = None
    if years:
        score: Counter[str] = Counter()
        for (y, *_r), w in zip(years, year_w, strict=True):
            score[y] += w
        best = max(score, key=lambda y: (score[y], y))
        if score[best] > 0:
            year = int(best)

    money_unit: str | None = None
    if money:
        c = Counter(v for v, *_r in money)
        money_unit = max(c, key=lambda v: (c[v], v == "万元"))

    return {
        "unit": unit,
        "unit_base": ubase,
        "year": year,
        "money_unit": money_unit,
        "candidates": {"unit": units, "year": years, "money_unit": money},
        "sources": {"unit": unit_src, "year": year_src, "money_unit": money_src},
    }
