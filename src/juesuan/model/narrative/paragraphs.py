"""Paragraphs of the running text for the claims: wrapped lines re-joined (PDF/text exports break
sentences across lines), running heads, 目录 and 名词解释 skipped, long narrative grid cells added; a
normalised copy of each paragraph keeps a map back to raw offsets, so claims quote verbatim text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from juesuan.ingest.raw import Grid, RawDocument, TextLine
from juesuan.model.document import Section
from juesuan.model.narrative.claim_patterns import (
    _NUM_RE,
    _SENT_END,
)
from juesuan.model.section_lookup import table_hint
from juesuan.model.sections import block_index, clean_line, heading_blocks, numbered, sections_with_blocks, toc_range
from juesuan.text.normalize import normalize_text


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
    """Short lines printed at the top or bottom of three or more PDF pages (running headers/footers):
    never narrative. Only a page's first two and last two lines count, so the short tail of a
    wrapped sentence that happens to recur ("调整。", "休。") still continues its paragraph."""
    by_page: dict[int, list[str]] = {}
    for b in raw.blocks:
        if isinstance(b, TextLine) and b.page is not None:
            t = clean_line(b.text or b.raw)
            if t:
                by_page.setdefault(b.page, []).append(t)
    pages: dict[str, set[int]] = {}
    for page, ts in by_page.items():
        for t in {*ts[:2], *ts[-2:]}:
            if len(t) <= 40:
                pages.setdefault(t, set()).add(page)
    return {t for t, ps in pages.items() if len(ps) >= 3 and not (t.endswith(tuple(_SENT_END)) and len(t) <= 6)}


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


def _mid_sentence(t: str) -> bool:
    """The text stops inside a sentence: after a reason clause or a word no title ends with
    ("主要原因是项目支出" / "调整。"): the next line continues it."""
    t = t.strip()
    if t.endswith(tuple(_SENT_END)):
        return False
    last = re.split(r"[。！？!?]", t)[-1]
    return bool(re.search(r"原因|[是为的了和及与在对由按较比]$", last))


def _title_like(t: str) -> bool:
    """A short line that ends a paragraph by itself: an item title ("①引进数字类企业数（4 分）",
    "（1）部门支出情况…") rather than a wrapped line of running text."""
    if re.search(r"[，,、：:；;（(]$", t):
        return False
    if _mid_sentence(t):
        return False  # a sentence cut at the line end ("主要原因是项目支出" / "调整。"), not a title
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
    located = sections_with_blocks(raw) if sections is None else block_index(raw, sections)
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
                or (re.match(r"^[^\d,，、;；。]{2,30}。", t) and not re.search(r"[,，、(（]$", cur.raw)
                    and not _mid_sentence(cur.raw))):
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
