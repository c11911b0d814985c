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
            ``claim_patterns.DIRECTION_SIGN`` maps every word to +1/-1/0.
  base      share: the amount of the subject in the same sentence (the numerator);
            completion/rate: the 决算/执行 amount of the sentence; growth: the change amount (增减额)
            when stated, else the subject's amount.
  reason    the text after 主要原因(是)/原因是/主要是因为 in the sentence or the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from juesuan.ingest.raw import RawDocument
from juesuan.model.document import Claim, Section
from juesuan.model.narrative.claim_patterns import (
    _BAD_AFTER,
    _BOUNDARY,
    _CHANGE_BEFORE,
    _COMPARE,
    _COMPARE_CUT,
    _COMPLETION_BEFORE,
    _DIR_WORDS,
    _EMPTY_SUBJECTS,
    _GROWTH_BEFORE,
    _LAST_YEAR,
    _LEAD_STRIP,
    _MEASURES,
    _MONEY,
    _NUM_RE,
    _RATE_BEFORE,
    _REASON,
    _SCORE_BEFORE,
    _SENT_END,
    _SHARE_BEFORE,
    _TRAIL_STRIP,
)
from juesuan.model.narrative.paragraphs import (
    _norm_map,
    _Para,
    _paragraphs,
)
from juesuan.model.subjects import chain_level

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
