"""Narrative claims: every number the running text states, with what it is about.

Kinds (``Claim.kind``):
  amount      x 万元 / x 元 (also "增加 x 万元": an amount with a direction, measure "增减额")
  share       占 … x%
  growth      增长/减少/下降/上升 x%
  completion  完成(年初)预算的 x% / 为年初预算的 x% / 完成预算 x%
  rate        (预算)执行率 x%
  count       N 个 / 人 / 辆 / 批次 / 台(套) …
  score       得分/评分/自评得分 x 分

Sources: running-text lines outside the 目录 and the 名词解释, plus long narrative cells of grids
(a "偏差原因分析" cell that restates budget and execution). Numeric table cells, dates, years,
section numbers, phone numbers and classification codes never give claims: a number is a claim only
when a unit word follows it (and it is not a threshold such as "单价 50 万元以上").

Paragraphs are re-assembled from wrapped lines (PDF/text exports break sentences across lines);
positions map back to the verbatim line the number is printed on. ``text`` and ``sentence`` are
verbatim raw text, never normalised.

Fields beyond the number (see ``juesuan.model.document.Claim``):
  subject   the thing the number is about, as printed (list-item lead, clause start, or the previous
            claim's subject in the same sentence: "收入合计 … 增加 20.53 万元，增加 6.9%").
  measure   决算数 | 年初预算 | 预算数 | 执行数 | 上年 | 增减额 (a change amount) | None.
  direction the change verb governing the number (增加/减少/增长/下降/节约/低于 …), or for
            决算/预算/completion/rate claims the comparison word of the sentence (大于/小于/等于/持平 …).
            ``DIRECTION_SIGN`` maps every word to +1/-1/0.
  base      share: the amount of the subject in the same sentence (the numerator);
            completion/rate: the 决算/执行 amount of the sentence; growth: the change amount (增减额)
            when stated, else the subject's amount.
  reason    the text after 主要原因(是)/原因是/主要是因为 in the sentence or the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from juesuan.ingest.raw import Grid, RawDocument, TextLine
from juesuan.model.document import Claim, Section
from juesuan.model.sections import clean_line, heading_blocks, numbered, sections_with_blocks, table_hint, toc_range
from juesuan.model.subjects import chain_level
from juesuan.text.normalize import normalize_text

# --------------------------------------------------------------------------- vocabulary

DIRECTION_SIGN: dict[str, int] = {
    "增加": 1, "增长": 1, "上升": 1, "提高": 1, "增幅": 1, "超支": 1, "超出": 1, "超过": 1, "高于": 1, "大于": 1,
    "多": 1,
    "减少": -1, "下降": -1, "降低": -1, "减幅": -1, "降幅": -1, "节约": -1, "节省": -1, "低于": -1, "小于": -1,
    "少": -1, "压减": -1,
    "持平": 0, "等于": 0, "一致": 0, "相等": 0,
}

_MONEY = {"万元": "万元", "亿元": "亿元", "千元": "千元", "元": "元", "万": "万元"}
_COUNT_UNITS = ("人次", "批次", "台(套)", "台套", "团组", "个", "人", "辆", "次", "台", "套", "家", "笔", "场", "项", "户",
                "份", "名", "列", "张", "所", "处", "篇", "条", "件")
_UNIT_ALT = "|".join(re.escape(u) for u in ("万元", "亿元", "千元", "元", "%", "‰", *_COUNT_UNITS, "分", "万"))
_NUM_RE = re.compile(
    r"(?<![\d.A-Za-z/_])(?<!\d,)(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*(" + _UNIT_ALT + r")"
)
# characters that, right after a count unit, show it was not a unit ("8 项目", "2 人员", "1 个人")
_BAD_AFTER = {"项": "目", "人": "员民均", "名": "称单", "场": "所地", "家": "庭", "分": "析之钟别配类", "处": "理置",
              "件": "事", "条": "件例", "所": "属有", "个": "人月", "次": "性", "份": "额"}

_BOUNDARY = re.compile(r"[,;:，；：]")
_SENT_END = "。!?！？"

_DIR_WORDS = "增加|增长|减少|下降|上升|降低|提高|增幅|减幅|降幅|节约|节省|超支|超出|低于|高于|压减"
_CHANGE_BEFORE = re.compile(
    rf"({_DIR_WORDS})(?:了)?(?:年初预算数?|全年预算数?|调整后预算数?|预算数?|上年数?)?\s*(?:为|达|是)?\s*$"
)
_GROWTH_BEFORE = re.compile(
    rf"(?:同比)?({_DIR_WORDS})(?:了)?(?:率|幅度|比例)?\s*(?:为|达|是|约)?\s*$"
)
_COMPLETION_BEFORE = re.compile(
    r"(?:完成|为|达到?|占)(?:了)?(?:本年|当年)?(?:年初|全年|调整后|年度)?(?:支出)?(?:预算数?|年初数|计划数?|预算的?)(?:的)?\s*$"
)
_RATE_BEFORE = re.compile(r"执行率\s*(?:为|达到?|是|约)?\s*$")
_SHARE_BEFORE = re.compile(r"(?:占(?P<obj>[^,;:，；：]*?)(?:的)?(?:比重|比例)?(?:为|达)?|占比(?:为)?|比重(?:为)?|比例(?:为)?)\s*$")
_SCORE_BEFORE = re.compile(r"(?:得分|评分|自评分|总分|评价得分|得)\s*(?:为|是|达到?)?\s*$")
_COMPARE = re.compile(r"(大于|小于|等于|持平|超过|低于|高于|节约|超支|一致|相等|与上年一样|与上年相同)")

_MEASURES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"年初预算(?:数)?|年初数"), "年初预算"),
    (re.compile(r"(?:全年|调整后|年度)预算(?:数)?|(?<!公共)(?<!基金)(?<!经营)(?<!资本)预算(?!财政|拨款|项目|单位|管理|绩效|编制|执行|批复|部门)"
                r"(?:数|安排数?|金额)?"), "预算数"),
    (re.compile(r"执行(?:数|金额)|实际(?:预算)?支出|实际执行|实际完成|实际使用"), "执行数"),
    (re.compile(r"决算(?:数)?"), "决算数"),
)
_LAST_YEAR = re.compile(r"上年(?:度|同期)?(?:决算)?(?:数)?\s*(?:为|是)\s*$")

_REASON = re.compile(r"(?:主要)?原因(?:主要)?(?:是|为|在于|有)?\s*[:：]?|主要是因为|主要是由于|主要由于|主要系")

_LEAD_STRIP = re.compile(
    r"^(?:\s|<[^>]*>|\d{1,2}\s*[.、](?!\d)|\(\s*\d{1,2}\s*\)|\(\s*[一二三四五六七八九十]+\s*\)|[一二三四五六七八九十]+、|[①-⑳]|"
    r"其中\s*[:：]?|另外|此外|同时|截[至止][^,，]*?日|[一二三四五六七八九十]是|"
    r"本(?:单位|部门)|我(?:单位|局|部门|中心|办)|全年|今年|本年度|当年|共涉及|涉及|共有|共计|"
    r"20\d{2}\s*年(?:度)?(?:末)?)+"
)
_TRAIL_STRIP = re.compile(
    r"(?:(?:的)?(?:年初预算数?|全年预算数?|调整后预算数?|年初数|预算金额|预算数?|支出决算数?|决算数?|实际执行金额|执行金额|执行数|"
    r"实际预算支出|实际支出|得分|评分|自评分|总分)|"
    r"(?:各|均为|均是|分别|共|共计)|(?:为|是|达|达到|约|涉及|共涉及|共有|设立|实有)|"
    rf"(?:{_DIR_WORDS}|了)|20\d{{2}}\s*年度?|\s)+$"
)
_COMPARE_CUT = re.compile(r"(?:比|较|与|同比)(?:上年|上年度|去年|20\d{2}\s*年度?|年初预算|全年预算|调整后预算)")


_EMPTY_SUBJECTS = frozenset({"实行", "实际", "近", "约", "达", "其中", "合计", "共", "此项", "该项"})


@dataclass
class _Para:
    raw: str = ""
    starts: list[int] = field(default_factory=list)  # raw offset where each line starts
    lines: list[TextLine] = field(default_factory=list)
    section: Section | None = None
    hint: str | None = None

    def add(self, line: TextLine, raw: str) -> None:
        self.starts.append(len(self.raw))
        self.lines.append(line)
        self.raw += raw

    def line_at(self, off: int) -> TextLine:
        k = 0
        for i, s in enumerate(self.starts):
            if s <= off:
                k = i
        return self.lines[k]


# --------------------------------------------------------------------------- normalisation with a position map

_TAG = re.compile(r"</?[a-zA-Z][^>]{0,40}>")


@lru_cache(maxsize=4096)
def _nchar(ch: str) -> str:
    if ch.isspace() or ch in "\u3000\u00a0":
        return " "
    if ch in "*`":
        return ""
    n = normalize_text(ch)
    return n


def _norm_map(raw: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the index of the raw character it came from.
    Spaces are dropped except between two ASCII letters/digits; HTML tags are dropped."""
    skip = set()
    for m in _TAG.finditer(raw):
        skip.update(range(m.start(), m.end()))
    chars: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(raw):
        if i in skip:
            chars.append(" ")
            idx.append(i)
            continue
        n = _nchar(ch)
        for c in n:
            chars.append(c)
            idx.append(i)
    out: list[str] = []
    oidx: list[int] = []
    L = len(chars)
    for k, c in enumerate(chars):
        if c == " ":
            prev = out[-1] if out else ""
            nxt = ""
            for j in range(k + 1, L):
                if chars[j] != " ":
                    nxt = chars[j]
                    break
            if prev and nxt and prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum() and prev != " ":
                out.append(" ")
                oidx.append(idx[k])
            continue
        out.append(c)
        oidx.append(idx[k])
    return "".join(out), oidx


# --------------------------------------------------------------------------- paragraphs


def _is_noise_line(t: str) -> bool:
    if not t:
        return True
    if re.fullmatch(r"[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页.*|共\s*\d+\s*页", t):
        return True  # page numbers
    if re.match(r"^图\s*\d+\s*[:：]?", t) and len(t) < 40:
        return True  # figure captions
    return False


def _running_heads(raw: RawDocument) -> set[str]:
    """Short lines repeated on three or more PDF pages (running headers/footers): never narrative."""
    pages: dict[str, set[int]] = {}
    for b in raw.blocks:
        if isinstance(b, TextLine) and b.page is not None:
            t = clean_line(b.text or b.raw)
            if t and len(t) <= 40:
                pages.setdefault(t, set()).add(b.page)
    return {t for t, ps in pages.items() if len(ps) >= 3}


def _line_width(raw: RawDocument) -> int:
    """The typical length of a full line of running text (PDF lines wrap at the page width;
    text exports usually hold a whole paragraph per line, which makes this large)."""
    lens = sorted(len(clean_line(b.text or b.raw)) for b in raw.blocks if isinstance(b, TextLine))
    lens = [n for n in lens if n >= 10]
    if not lens:
        return 10**6
    return lens[min(len(lens) - 1, int(len(lens) * 0.9))]


def _wrapped(t: str, width: int) -> bool:
    """True when the line ``t`` fills the line width without ending a sentence: the text goes on."""
    return bool(t) and len(t) >= 0.75 * width and not t.endswith((*_SENT_END, "…", "..."))


def _title_like(t: str) -> bool:
    """A short line that ends a paragraph by itself: an item title ("①引进数字类企业数（4 分）",
    "（1）部门支出情况…") rather than a wrapped line of running text."""
    if re.search(r"[，,、：:；;（(]$", t):
        return False
    if len(t) < 20:
        return True
    marked = numbered(t) is not None or re.match(r"^[①-⑳]|^\(\d{1,2}\)", t)
    return bool(marked) and len(t) <= 40 and not re.search(r"[。，,；;]", t)


def _narrative_cell(cell: str) -> bool:
    t = normalize_text(cell)
    return len(t) >= 25 and bool(re.search(r"[，,。；;]", t)) and bool(_NUM_RE.search(t.replace(" ", "")))


def _in_glossary(stack: list[Section]) -> bool:
    return any("名词解释" in s.title or "名词说明" in s.title for s in stack)


# The opening words of an explanation paragraph name the table it explains; this matters where the
# headings were lost (some exports drop them) or a sub-heading is generic.
_TOPIC_HINTS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(r"^(?:本(?:单位|部门))?\s*(?:20\d{2}\s*年度?)\s*(?:本(?:单位|部门))?\s*(?:" + rx + ")"), tid)
    for rx, tid in (
        (r"财政拨款收、?支|财政拨款收入支出|财政拨款收入中", "T4"),
        (r"一般公共预算财政拨款基本支出", "T6"),
        (r"一般公共预算财政拨款支出|一般公共预算财政拨款本年支出", "T5"),
        (r"(?:财政拨款)?[\"“]?三公[\"”]?经费", "T7"),
        (r"政府性基金", "T8"),
        (r"国有资本经营", "T9"),
        (r"收、?支总计|收支总计|收入支出总计", "T1"),
        (r"本年收入|收入合计", "T2"),
        (r"本年支出|支出合计", "T3"),
        (r"机关运行经费|政府采购|会议费|培训费|国有资产", None),
    )
)


def topic_hint(text: str) -> tuple[bool, str | None]:
    """(matched, table) for the opening words of a paragraph ("2023年度本年收入3,383.79万元…" -> (True, "T2"))."""
    t = clean_line(text).replace(" ", "")
    for rx, tid in _TOPIC_HINTS:
        if rx.match(t):
            return True, tid
    return False, None


def _paragraphs(raw: RawDocument, sections: list[Section] | None) -> list[_Para]:
    located = sections_with_blocks(raw) if sections is None else _locate(raw, sections)
    head_at = {i: s for s, i in located}
    wrapped = set(heading_blocks(raw)) - set(head_at)  # continuation lines of wrapped headings
    toc = toc_range(raw)
    paras: list[_Para] = []
    stack: list[Section] = []
    cur: _Para | None = None
    width = _line_width(raw)
    prev_t = ""
    running = _running_heads(raw)

    topic: list[tuple[bool, str | None]] = [(False, None)]  # a table named by a paragraph's opening words

    def ctx() -> tuple[Section | None, str | None]:
        sec = stack[-1] if stack else None
        hint = None
        level = 0
        for s in reversed(stack):
            hint = table_hint(s.title)
            if hint:
                level = s.level
                break
        # an explanation heading (第X部分/一、) decides; below it (（一）…) or without one, the opening words do
        if topic[0][0] and (hint is None or level >= 3):
            hint = topic[0][1]
        return sec, hint

    def flush() -> None:
        nonlocal cur
        if cur is not None and cur.raw.strip():
            paras.append(cur)
        cur = None

    for i, b in enumerate(raw.blocks):
        if i in head_at:
            s = head_at[i]
            flush()
            if s.in_toc:
                continue
            while stack and stack[-1].level >= s.level:
                stack.pop()
            stack.append(s)
            topic[0] = (False, None)
            continue
        if (toc and toc[0] <= i < toc[1]) or i in wrapped:
            continue
        if _in_glossary(stack):
            continue
        if isinstance(b, Grid):
            flush()
            sec, hint = ctx()
            for r in b.rows:
                for c, rc in zip(r.cells, r.raw_cells, strict=False):
                    if c and _narrative_cell(rc or c):
                        p = _Para(section=sec, hint=None)
                        p.add(TextLine(rc or c, c, r.page, r.line), (rc or c).strip())
                        paras.append(p)
            continue
        t = clean_line(b.text or b.raw)
        if _is_noise_line(t) or t in running:
            continue
        if cur is not None and not _wrapped(prev_t, width) and (
                numbered(t) is not None or re.match(r"^[①-⑳]|^\(\d{1,2}\)", t)
                or (re.match(r"^[^\d,，、;；。]{2,30}。", t) and not re.search(r"[,，、(（]$", cur.raw))):
            flush()  # a list item, or an item title sentence ("社会保障和就业支出。年初预算为…")
        if cur is None:
            matched, tid = topic_hint(t)
            if matched:
                topic[0] = (True, tid)
            sec, hint = ctx()
            cur = _Para(section=sec, hint=hint)
        cur.add(b, b.raw.strip())
        prev_t = t
        if t.endswith((*_SENT_END, "…", "...")) or (_title_like(t) and not _wrapped(t, width)) \
                or re.search(r"(?:其中|如下|以下方面|具体如下)[:：]$", t):
            flush()
    flush()
    return paras


def _locate(raw: RawDocument, sections: list[Section]) -> list[tuple[Section, int]]:
    pos: dict[tuple[int | None, int | None], int] = {}
    for i, b in enumerate(raw.blocks):
        if isinstance(b, TextLine):
            pos.setdefault((b.page, b.line), i)
    out = []
    for s in sections:
        i = pos.get((s.page, s.line))
        if i is not None:
            out.append((s, i))
    return out


# --------------------------------------------------------------------------- claims of one paragraph


def _split_sentences(norm: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for k, ch in enumerate(norm):
        if ch in _SENT_END:
            spans.append((start, k + 1))
            start = k + 1
    if start < len(norm):
        spans.append((start, len(norm)))
    return [(s, e) for s, e in spans if norm[s:e].strip(_SENT_END + " ")]


def _clause_start(norm: str, sent_start: int, pos: int) -> int:
    """Start of the clause that contains ``pos``: after the last , ; : (or a 、 that ends a stated figure)."""
    k = pos - 1
    while k >= sent_start:
        ch = norm[k]
        if _BOUNDARY.match(ch):
            return k + 1
        if ch in "、(（" and k > sent_start and (norm[k - 1] in "元%个人辆次套家笔场项户份名列张分" or norm[k - 1].isdigit()):
            if not norm[k + 1: k + 3].startswith("含"):
                return k + 1
        k -= 1
    return sent_start


def _clean_subject(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _LEAD_STRIP.sub("", s).strip()
        s = _TRAIL_STRIP.sub("", s).strip()
        s = s.strip("，,。:：;；、 ")
    return s


@dataclass
class _Hit:
    kind: str
    value: Decimal
    unit: str
    start: int  # norm index of the number
    end: int  # norm index after the unit
    measure: str | None = None
    direction: str | None = None
    subject_span: tuple[int, int] | None = None
    subject: str | None = None


def _classify(prefix: str, unit: str) -> tuple[str, str | None, str | None] | None:
    """(kind, measure, direction) from the text between the clause start / previous number and the number."""
    if unit in ("%", "‰"):
        if _RATE_BEFORE.search(prefix):
            return "rate", None, None
        m = _SHARE_BEFORE.search(prefix)
        if m and m.group("obj") is not None and re.search(r"(?:年初|全年|调整后)?预算数?$", m.group("obj") or "") \
                and not re.search(r"预算财政|公共预算$", m.group("obj") or ""):
            return "completion", None, None
        if _COMPLETION_BEFORE.search(prefix):
            return "completion", None, None
        m = _GROWTH_BEFORE.search(prefix)
        if m:
            return "growth", None, m.group(1)
        if _SHARE_BEFORE.search(prefix):
            return "share", None, None
        return None
    if unit in _MONEY:
        m = _CHANGE_BEFORE.search(prefix)
        if m:
            return "amount", "增减额", m.group(1)
        if _LAST_YEAR.search(prefix):
            return "amount", "上年", None
        found = [(mm.end(), -k, meas) for k, (rx, meas) in enumerate(_MEASURES) for mm in rx.finditer(prefix)]
        best = max(found)[2] if found else None
        return "amount", (best or "决算数"), None
    if unit == "分":
        if _SCORE_BEFORE.search(prefix):
            return "score", None, None
        return None
    return "count", None, None


def _claims_of(p: _Para) -> list[Claim]:
    norm, imap = _norm_map(p.raw)
    if not norm:
        return []
    sents = _split_sentences(norm)
    out: list[Claim] = []
    # the paragraph's lead: "1.一般公共服务支出（类）商贸事务（款）事业运行（项）。年初预算为…"
    lead: str | None = None
    if sents:
        lead = _topic(p, norm, imap, *sents[0]) or _topic(p, norm, imap, *sents[0], whole=True)

    prev_sentence_subject: str | None = None
    for si, (ss, se) in enumerate(sents):
        sent_norm = norm[ss:se]
        topic = _topic(p, norm, imap, ss, se)
        if re.search(r"[=×÷]", sent_norm):
            continue  # a formula ("占比率=(自评项目个数/所有项目个数)×100%"), not a stated figure
        # a scoring rule ("…小于或等于85%的，得0分", "若…则得2分"), not a stated score
        rubric = bool(re.search(r"的\s*[,，]?\s*得\s*\d|(?:^|[,，;；:：])\s*则|若|如果|当.{0,20}时|扣完为止|每超过",
                                sent_norm))
        hits: list[_Hit] = []
        last_end = ss
        for m in _NUM_RE.finditer(norm, ss, se):
            num, unit = m.group(1), m.group(2)
            a, b = m.start(1), m.end(2)
            after = norm[b: b + 8]
            before = norm[max(ss, a - 3): a]
            if unit in _BAD_AFTER and after[:1] and after[:1] in _BAD_AFTER[unit]:
                last_end = b
                continue
            if unit == "元" and before.endswith("万"):
                continue
            if re.match(r"^\s*(?:\(含\)|含)?\s*(?:以上|以下|以内|及以上|及以下)", after) or after.startswith(("/", "每")):
                last_end = b
                continue
            if re.search(r"(?:第|表|图|附件)\s*$", before) or re.search(r"\d\s*[-~～—至]\s*$", before):
                last_end = b
                continue
            if unit == "万" and after[:1] and after[:1] in "人元余多":
                last_end = b
                continue
            try:
                value = Decimal(num.replace(",", ""))
            except InvalidOperation:
                continue
            cs = _clause_start(norm, ss, a)
            local = norm[max(cs, last_end): a]
            clause_prefix = norm[cs:a]
            cl = _classify(local, unit)
            last_end = b
            if cl is None:
                continue
            kind, measure, direction = cl
            if kind == "score" and rubric:
                continue
            hit = _Hit(kind, value, _MONEY.get(unit, unit), a, b, measure, direction)
            # the subject as printed in this clause
            sub_src = clause_prefix
            cut = _COMPARE_CUT.search(sub_src)
            if cut:
                sub_src = sub_src[: cut.start()]
            if kind in ("share", "completion", "rate", "growth"):
                # only a subject printed right before the keyword in this stretch ("X占Y的 z%", "X增长 z%")
                kw = re.search(r"占|完成|执行率|同比|" + _DIR_WORDS, local)
                sub_src = local[: kw.start()] if kw else ""
                cut = _COMPARE_CUT.search(sub_src)
                if cut:
                    sub_src = sub_src[: cut.start()]
            sub = _clean_subject(sub_src)
            if sub in _EMPTY_SUBJECTS:
                sub = ""
            if kind == "count" and not sub:
                tail = re.match(r"^[\u4e00-\u9fff][\u4e00-\u9fff()（）]{0,11}", norm[b:se])
                if tail:
                    sub = _clean_subject(tail.group(0))
            if sub in _GENERIC_SUBJECTS and topic:
                hit.subject = topic
            elif sub:
                k0 = cs + clause_prefix.find(sub) if sub in clause_prefix else -1
                hit.subject = _raw_span(p.raw, imap, k0, len(sub), norm, sub) if k0 >= 0 else sub
            hits.append(hit)

        if not hits:
            title = _topic(p, norm, imap, ss, se, whole=True)
            if title and len(sent_norm) <= 60:
                prev_sentence_subject = title  # "一般公共服务支出。年初预算为…"
            continue
        # inherit subjects (from the nearest earlier hit with one: carried forward, linear in the hits)
        carried: str | None = None
        for h in hits:
            if not h.subject:
                h.subject = carried or topic or prev_sentence_subject or lead
            if h.subject:
                carried = h.subject
        # sentence-level comparison word
        compares = [(m.start(), m.group(1)) for m in _COMPARE.finditer(sent_norm)]
        if not compares and si + 1 < len(sents):
            # "…完成年初预算的98.20%。决算数小于预算数的主要原因：…" — the comparison opens the next sentence
            ns, ne = sents[si + 1]
            m2 = re.match(r"^\s*(?:支出)?决算数?(?:(?:与|较)?(?:年初|全年)?预算数?)?(?:基本)?(大于|小于|等于|持平|一致|相等)",
                          norm[ns:ne])
            if m2:
                compares = [(se - ss, m2.group(1))]
        reason = _reason(p, norm, imap, sents, si)
        sent_raw = _raw_between(p.raw, imap, ss, se)
        if len(sent_raw) > _MAX_SENTENCE:  # a run-on "sentence" (a broken file) would be copied into every claim
            sent_raw = sent_raw[:_MAX_SENTENCE] + "…"
        amounts_before: dict[str | None, list[_Hit]] = {}  # per subject, the amounts stated so far
        for h in hits:
            direction = h.direction
            if direction is None and h.kind in ("amount", "completion", "rate") and h.measure != "增减额" and compares:
                rel = h.start - ss
                direction = min(compares, key=lambda c: abs(c[0] - rel))[1]
                direction = "持平" if direction.startswith("与上年") else direction
            base = _base(h, amounts_before.get(h.subject, []))
            if h.kind == "amount":
                amounts_before.setdefault(h.subject, []).append(h)
            ts = max(_clause_start(norm, ss, h.start), h.start - 60)
            text = _raw_between(p.raw, imap, ts, h.end)
            line = p.line_at(imap[h.start])
            subject = (h.subject or "").strip()
            out.append(Claim(
                kind=h.kind, value=h.value, unit=h.unit, subject=subject,
                text=text[-80:] if len(text) > 80 else text, sentence=sent_raw,
                page=line.page, line=line.line,
                subject_code=None, subject_level=chain_level(subject) if subject else None,
                measure=h.measure, direction=direction,
                section=p.section.title if p.section else None, table_hint=p.hint,
                base=base, reason=reason,
            ))
        subj = [h.subject for h in hits if h.subject]
        if subj:
            prev_sentence_subject = subj[-1]
    return out


_MAX_SENTENCE = 600  # real sentences are < 400 characters
_GENERIC_SUBJECTS = frozenset({"项目", "该项目", "本项目", "此项目"})
_TOPIC_NOISE = re.compile(r"(?:项目)?(?:绩效)?自评综述$|综述$|情况如下$")


def _topic(p: _Para, norm: str, imap: list[int], ss: int, se: int, whole: bool = False) -> str | None:
    """The sentence's topic: its first clause when that clause states no figure and names a thing
    ("2.一般公共服务支出（类）商贸事务（款）行政运行（项），年初预算为…", "1、X项目绩效自评综述:项目全年预算数为…")."""
    k = ss
    while k < se and not _BOUNDARY.match(norm[k]) and norm[k] not in _SENT_END:
        k += 1
    fc = norm[ss:k]
    if not fc or _valid_hits(fc) or (k >= se - 1) != whole:
        return None
    cand = _TOPIC_NOISE.sub("", _clean_subject(fc)).strip()
    if not (2 <= len(cand) <= 60) or re.search(r"原因|如下|以下|下列|相比|比较|根据|按照|为了|其中", cand):
        return None
    if re.match(r"^(?:与|比|较|同比)", cand):
        return None
    k0 = fc.find(cand)
    return _raw_span(p.raw, imap, ss + k0, len(cand), norm, cand) if k0 >= 0 else cand


def _valid_hits(text: str) -> bool:
    """True when ``text`` states a figure (a number with a unit)."""
    return bool(_NUM_RE.search(text))


def _raw_between(raw: str, imap: list[int], a: int, b: int) -> str:
    if not imap or a >= b:
        return ""
    a = max(0, min(a, len(imap) - 1))
    b = max(a + 1, min(b, len(imap)))
    return raw[imap[a]: imap[b - 1] + 1].strip()


def _raw_span(raw: str, imap: list[int], a: int, n: int, norm: str, fallback: str) -> str:
    """Verbatim raw text of the normalised span [a, a+n) (``fallback`` when it cannot be mapped)."""
    if a < 0 or not imap:
        return fallback
    if n <= 0:
        n = len(fallback)
    s = _raw_between(raw, imap, a, a + n)
    s = re.sub(r"\*+", "", s).strip()
    return s or fallback


def _base(h: _Hit, before: list[_Hit]) -> Decimal | None:
    """The amount of the same subject stated earlier in the sentence (see the module doc)."""
    amounts = [x for x in before if x.kind == "amount" and x.subject == h.subject]
    if not amounts:
        return None
    if h.kind == "share":
        for x in reversed(amounts):
            if x.measure != "增减额":
                return x.value
        return None
    if h.kind in ("completion", "rate"):
        for x in reversed(amounts):
            if x.measure in ("决算数", "执行数"):
                return x.value
        return None
    if h.kind == "growth":
        for x in reversed(amounts):
            if x.measure == "增减额":
                return x.value
        for x in reversed(amounts):
            if x.measure != "增减额":
                return x.value
    return None


def _reason(p: _Para, norm: str, imap: list[int], sents: list[tuple[int, int]], si: int) -> str | None:
    ss, se = sents[si]
    m = _REASON.search(norm, ss, se)
    if m:
        r = _raw_between(p.raw, imap, m.end(), se)
        r = r.lstrip("：:是为 ").rstrip("。")
        if r:
            return r[:200]
    if si + 1 < len(sents):
        ns, ne = sents[si + 1]
        m = _REASON.search(norm, ns, min(ne, ns + 14))
        if m:
            r = _raw_between(p.raw, imap, m.end(), ne).lstrip("：:是为 ").rstrip("。")
            if r:
                return r[:200]
    return None


# --------------------------------------------------------------------------- public


def extract_claims(raw: RawDocument, sections: list[Section] | None = None) -> list[Claim]:
    """Every stated number of the narrative, in document order."""
    paras = _paragraphs(raw, sections if sections else None)
    out: list[Claim] = []
    for k, p in enumerate(paras):
        claims = _claims_of(p)
        # a reason given at the start of the next paragraph ("本年收入增长的主要原因:…")
        if claims and k + 1 < len(paras) and paras[k + 1].section is p.section:
            nxt = paras[k + 1]
            nn, nmap = _norm_map(nxt.raw)
            m = _REASON.search(nn, 0, min(len(nn), 20))
            if m and not _NUM_RE.search(nn[: m.start()]):
                end = nn.find("。", m.end())
                r = _raw_between(nxt.raw, nmap, m.end(), end if end > 0 else len(nn)).lstrip("：:是为 ").rstrip("。")
                last_sentence = claims[-1].sentence
                for c in claims:
                    if c.reason is None and c.sentence == last_sentence and r:
                        c.reason = r[:200]
        out.extend(claims)
    return out
