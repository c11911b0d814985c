"""Show a finding's evidence in its source: the PDF page with the region highlighted, or the text lines around it.

No Streamlit here (the page code calls these and renders the results), so everything is testable directly.

* PDF: the evidence snippet is searched on the page with pdfplumber (verbatim, then with any whitespace or
  line break between its characters, then by its tokens — numbers, CJK runs, Latin runs such as "XX" — on the
  line where most of them meet plus the lines that continue it); every printed line of the match is boxed,
  and the finding's figures inside it too; the page is rendered with ``page.to_image``, also cropped to the
  highlighted band.
* Text: the lines ±3 around the evidence line (re-synchronised when the file's numbering is off by a few
  lines), with the numbers of the finding marked.

Every failure (file gone, changed, corrupt, encrypted, page out of range) becomes a message, never an exception.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from juesuan.ingest.encoding import decode_bytes

MAX_PDF_BYTES = 200 * 1024 * 1024
RESOLUTION = 110

_TOKEN = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?%?|[\u3400-\u9fff\uf900-\ufaff]{2,}|[A-Za-z]{2,}")
_NUMBER = re.compile(r"(?<![0-9.])-?[0-9][0-9,，]*(?:\.[0-9]+)?%?")


Box = tuple[float, float, float, float]


@dataclass
class PdfEvidence:
    image_png: bytes | None = None
    boxes: list[Box] = field(default_factory=list)  # every line of the snippet span
    figure_boxes: list[Box] = field(default_factory=list)  # the finding's figures inside (or, alone, on) the page
    found: bool = False
    message: str | None = None  # why there is no image or no highlight (Chinese, for the inspector)
    crop_png: bytes | None = None  # the page cut to the highlighted region (with a margin)
    snippets_missed: list[str] = field(default_factory=list)


@dataclass
class ContextLine:
    number: int
    text: str
    is_target: bool
    marks: list[tuple[int, int]]  # character spans of the numbers to mark


@dataclass
class TextEvidence:
    lines: list[ContextLine] = field(default_factory=list)
    target: int | None = None
    message: str | None = None


def snippet_tokens(snippet: str) -> list[str]:
    """The searchable pieces of a snippet: numbers (as printed) and CJK runs, longest first, no duplicates."""
    seen: list[str] = []
    for m in _TOKEN.finditer(snippet or ""):
        t = m.group(0).rstrip(",，")
        if len(t) >= 2 and t not in seen:
            seen.append(t)
    return sorted(seen, key=len, reverse=True)


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _search(page: Any, pattern: str, *, regex: bool = False, chars: bool = False) -> list[dict[str, Any]]:
    try:
        return list(page.search(pattern, regex=regex, return_chars=chars))[:50]
    except Exception:  # odd fonts / regex edge cases: treat as not found
        return []


def _line_boxes(chars: list[dict[str, Any]]) -> list[Box]:
    """One box per printed line of a run of characters (a wrapped match spans several lines)."""
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= max(2.0, 0.5 * (ch["bottom"] - ch["top"])):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [_union([(c["x0"], c["top"], c["x1"], c["bottom"]) for c in ln]) for ln in lines]


def _spaced_pattern(text: str) -> str | None:
    """A regex matching ``text`` with any whitespace (incl. line breaks) between its characters."""
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < 2:
        return None
    return r"\s*".join(re.escape(ch) for ch in chars[:160])


def _token_lines(page: Any, text: str) -> list[Box]:
    """Fallback for snippets the page does not reproduce verbatim: the printed line where most distinct
    tokens meet, plus the neighbouring lines that continue it (a wrapped sentence)."""
    toks = snippet_tokens(text)[:16]
    hits: list[tuple[str, Box]] = []
    for tok in toks:
        hits.extend((tok, (h["x0"], h["top"], h["x1"], h["bottom"])) for h in _search(page, tok))
    if not hits:
        return []
    hits.sort(key=lambda t: (t[1][1], t[1][0]))
    lines: list[list[tuple[str, Box]]] = []
    for tok, b in hits:
        if lines and abs(b[1] - lines[-1][0][1][1]) <= max(2.0, 0.5 * (b[3] - b[1])):
            lines[-1].append((tok, b))
        else:
            lines.append([(tok, b)])

    def weight(i: int) -> tuple[int, int, int]:
        ts = {t for t, _ in lines[i]}
        return (len(ts), sum(len(t) for t in ts), -i)

    best = max(range(len(lines)), key=weight)
    covered = {t for t, _ in lines[best]}
    if len(covered) < 2 and len(toks) > 1 and max(len(t) for t in covered) < 4:
        return []  # a lone short token (e.g. "10") is not evidence enough to point at
    chosen = [best]
    for step in (1, -1):  # continuation lines below, then above
        i = best
        while 0 <= i + step < len(lines):
            prev, nxt = lines[i], lines[i + step]
            h = max(b[3] - b[1] for _, b in prev)
            gap = (nxt[0][1][1] - prev[0][1][3]) if step == 1 else (prev[0][1][1] - nxt[0][1][3])
            new = {t for t, _ in nxt} - covered
            if gap > 1.2 * h or not new:
                break
            covered |= new
            chosen.append(i + step)
            i += step
    return [_union([b for _, b in lines[i]]) for i in sorted(chosen)]


def locate_on_page(page: Any, snippet: str) -> list[Box]:
    """Boxes (x0, top, x1, bottom) of the snippet on a pdfplumber page, one per printed line; [] when not found."""
    text = (snippet or "").strip()
    if not text:
        return []
    hits = _search(page, text, chars=True)
    if not hits:
        pat = _spaced_pattern(text)
        hits = _search(page, pat, regex=True, chars=True) if pat else []
    if hits:
        h = hits[0]
        return _line_boxes(h.get("chars") or []) or [(h["x0"], h["top"], h["x1"], h["bottom"])]
    return _token_lines(page, text)


def locate_figures(page: Any, values: Iterable[Any], within: list[Box]) -> list[Box]:
    """Boxes of the finding's figures (as printed: plain or with thousands separators) on the page.

    Inside the snippet's lines when the snippet was found; otherwise only a figure printed once on the page."""
    out: list[Box] = []
    values = list(values)
    forms = _number_forms(values)
    if within and any(_is_zero(v) for v in values):
        forms |= {"0", "0.00"}  # "支出0万元": a stated zero is worth pointing at inside the quoted sentence
    for form in sorted(forms, key=len, reverse=True):
        if len(form.lstrip("-")) < 3 and not within:
            continue  # a short number alone on a page is not evidence enough
        pat = r"(?<![0-9.,])" + re.escape(form) + r"(?![0-9]|\.[0-9])"
        found = [(h["x0"], h["top"], h["x1"], h["bottom"]) for h in _search(page, pat, regex=True)]
        if within:
            found = [b for b in found if any(b[1] >= w[1] - 2 and b[3] <= w[3] + 2 for w in within)]
        elif len(found) != 1:
            continue
        out.extend(b for b in found if b not in out)
    return out


def _is_zero(v: Any) -> bool:
    try:
        return not isinstance(v, bool) and v is not None and Decimal(str(v)) == 0
    except (InvalidOperation, ValueError):
        return False


def _crop(img: Any, boxes: list[Box], scale: float, margin: float = 60.0) -> Any:
    x0, top, x1, bottom = _union(boxes)
    w, h = img.size
    box = (max(0, int((x0 - margin) * scale)), max(0, int((top - margin) * scale)),
           min(w, int((x1 + margin) * scale)), min(h, int((bottom + margin) * scale)))
    return img.crop((0, box[1], w, box[3])) if box[3] > box[1] else img


def render_pdf_evidence(path: str | None, page_no: int | None, snippets: Iterable[str], *, resolution: int = RESOLUTION,
                        values: Iterable[Any] = ()) -> PdfEvidence:
    """The PDF page ``page_no`` (1-based) as PNG with every line of the snippets boxed (red) and the finding's
    figures (``values``) boxed in blue; ``crop_png`` is the band of the page around the highlights."""
    if not path:
        return PdfEvidence(message="数据库中没有记录原文件路径，无法显示原文页面。")
    p = Path(path)
    if not p.is_file():
        return PdfEvidence(message=f"原文件已不在记录的位置（{path}），无法显示原文页面；请重新上传或扫描该文件。")
    if page_no is None or page_no < 1:
        return PdfEvidence(message="该证据没有页码，无法定位原文页面。")
    values = list(values)
    try:
        if p.stat().st_size > MAX_PDF_BYTES:
            return PdfEvidence(message="文件过大，不在界面中渲染页面。")
        import pdfplumber

        with pdfplumber.open(str(p)) as pdf:
            if page_no > len(pdf.pages):
                return PdfEvidence(message=f"原文件只有 {len(pdf.pages)} 页，找不到第 {page_no} 页（文件可能已被替换）。")
            page = pdf.pages[page_no - 1]
            boxes: list[Box] = []
            missed = []
            for s in snippets:
                got = locate_on_page(page, s)
                if not got and (s or "").strip():
                    missed.append(s)
                boxes.extend(b for b in got if b not in boxes)
            figures = locate_figures(page, values, boxes) if values else []
            im = page.to_image(resolution=resolution)
            pad = 2.0
            if boxes:
                im.draw_rects([(b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad) for b in boxes],
                              stroke=(220, 0, 0), fill=(255, 230, 0, 70), stroke_width=3)
            if figures:
                im.draw_rects([(b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad) for b in figures],
                              stroke=(0, 90, 220), fill=(0, 0, 0, 0), stroke_width=3)
            buf = io.BytesIO()
            im.annotated.save(buf, format="PNG")
            crop_png = None
            if boxes or figures:
                cbuf = io.BytesIO()
                _crop(im.annotated, boxes + figures, resolution / 72.0).save(cbuf, format="PNG")
                crop_png = cbuf.getvalue()
            msg = None
            if not boxes and not figures:
                msg = "未能在该页上找到证据原文的位置（可能是换行或字体编码造成），请对照页面人工查看。"
            elif missed:
                msg = "部分证据原文未能在该页定位：" + "；".join(m[:60] for m in missed)
            return PdfEvidence(image_png=buf.getvalue(), boxes=boxes, figure_boxes=figures, found=bool(boxes or figures),
                               message=msg, crop_png=crop_png, snippets_missed=missed)
    except Exception as e:  # corrupt / encrypted / hostile PDF: report, never crash the page
        return PdfEvidence(message=f"无法渲染原文页面（{type(e).__name__}）：文件可能已损坏或加密。")


def read_text_lines(path: str | Path) -> list[str]:
    """The file's lines as the text reader numbers them (1-based = index + 1); decoding like the ingest."""
    data = Path(path).read_bytes()
    text, _enc = decode_bytes(data)  # decode exactly as the text reader did, so line numbers agree
    if text is None:  # the reader could not decode it either (an ingest finding says so): show what is there
        text = data.decode("utf-8", errors="replace")
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


def _number_forms(values: Iterable[Any]) -> set[str]:
    forms: set[str] = set()
    for v in values:
        if v is None or isinstance(v, bool):
            continue
        try:
            d = Decimal(str(v))
        except (InvalidOperation, ValueError):
            continue
        if not d.is_finite():
            continue
        forms.add(format(d, "f"))
        forms.add(format(abs(d), "f"))
        forms.add(format(abs(d), ",f"))
    return {f for f in forms if f not in ("0", "0.0", "0.00")}


def mark_spans(line: str, snippets: Iterable[str], values: Iterable[Any]) -> list[tuple[int, int]]:
    """Spans of the numbers in ``line`` that appear in the evidence snippets or equal the finding's values."""
    own = _number_forms(values)
    if own:
        hits = [(m.start(), m.start() + len(m.group(0))) for m in _NUMBER.finditer(line)
                if m.group(0).rstrip("%").replace("，", ",") in own or m.group(0).rstrip("%").replace("，", "").replace(",", "") in own]
        if hits:
            return hits
    wanted: set[str] = set()
    for s in snippets:
        for m in _NUMBER.finditer(s or ""):
            t = m.group(0).rstrip("%").replace("，", ",")
            if len(t.lstrip("-")) < 2:
                continue  # a lone digit ("一是1", "(1)") is not a figure worth marking
            wanted.add(t)
            wanted.add(t.replace(",", ""))
    spans = []
    for m in _NUMBER.finditer(line):
        t = m.group(0).rstrip("%").replace("，", ",")
        if t in wanted or t.replace(",", "") in wanted:
            spans.append((m.start(), m.start() + len(m.group(0))))
    return spans


def text_context(path: str | None, line_no: int | None, snippets: list[str], values: Iterable[Any] = (), radius: int = 3) -> TextEvidence:
    """Lines ``line_no`` ± ``radius`` of a text source, numbers of the finding marked."""
    if not path:
        return TextEvidence(message="数据库中没有记录原文件路径，无法显示原文。")
    p = Path(path)
    if not p.is_file():
        return TextEvidence(message=f"原文件已不在记录的位置（{path}），无法显示上下文；请重新上传或扫描该文件。")
    if line_no is None or line_no < 1:
        return TextEvidence(message="该证据没有行号，无法定位原文。")
    try:
        lines = read_text_lines(p)
    except Exception as e:
        return TextEvidence(message=f"无法读取原文件（{type(e).__name__}）。")
    values = list(values)
    target = line_no
    msg = None
    probe = next((s.strip() for s in snippets if s and s.strip()), "")
    if probe:
        def has(i: int) -> bool:
            return 1 <= i <= len(lines) and _squash(probe[:40]) in _squash(lines[i - 1])

        if not has(line_no):
            near = next((line_no + d for d in sorted(range(-8, 9), key=abs) if d and has(line_no + d)), None)
            if near is not None:
                target = near
                msg = f"证据原文出现在第 {near} 行（记录为第 {line_no} 行）。"
            elif line_no > len(lines):
                return TextEvidence(message=f"原文件只有 {len(lines)} 行，找不到第 {line_no} 行（文件可能已被替换）。")
    if target > len(lines):
        return TextEvidence(message=f"原文件只有 {len(lines)} 行，找不到第 {line_no} 行（文件可能已被替换）。")
    lo, hi = max(1, target - radius), min(len(lines), target + radius)
    out = [ContextLine(i, lines[i - 1], i == target, mark_spans(lines[i - 1], snippets, values)) for i in range(lo, hi + 1)]
    for c in out:
        if c.is_target and not c.marks:  # no figure to mark (template residue, debris, a phone number …): mark the quote
            c.marks = _quote_span(c.text, snippets)
    return TextEvidence(lines=out, target=target, message=msg)


def _quote_span(line: str, snippets: Iterable[str]) -> list[tuple[int, int]]:
    """Where the evidence quote is in the line: the whole quote (whitespace-insensitive), else each of its table
    cells ("a | b | c") of ≥ 2 characters that the line contains."""
    def find(text: str) -> tuple[int, int] | None:
        chars = [ch for ch in text if not ch.isspace() and ch not in "|…"][:120]
        if len(chars) < 2:
            return None
        m = re.search(r"[\s|]*".join(re.escape(ch) for ch in chars), line)
        return (m.start(), m.end()) if m else None

    for s in snippets:
        whole = find(s or "")
        if whole:
            return [whole]
        spans = [sp for cell in re.split(r"\s*\|\s*", s or "") if (sp := find(cell))]
        if spans:
            return sorted(set(spans))
    return []


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")
