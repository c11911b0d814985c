"""Show a finding's evidence in its source: the PDF page with the region highlighted, or the text lines around it.

No Streamlit here (the page code calls these and renders the results), so everything is testable directly.

* PDF: the evidence snippet's words are searched on the page with pdfplumber (whole snippet first, then
  its tokens — numbers and CJK runs — clustered on the line where most of them meet); the page is
  rendered with ``page.to_image`` and the boxes drawn with ``draw_rects``.
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

_TOKEN = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?%?|[\u3400-\u9fff\uf900-\ufaff]{2,}|[A-Za-z]{3,}")
_NUMBER = re.compile(r"(?<![0-9.])-?[0-9][0-9,，]*(?:\.[0-9]+)?%?")


@dataclass
class PdfEvidence:
    image_png: bytes | None = None
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    found: bool = False
    message: str | None = None  # why there is no image or no highlight (Chinese, for the inspector)


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


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def locate_on_page(page: Any, snippet: str) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, top, x1, bottom) of the snippet on a pdfplumber page; [] when not found."""
    text = (snippet or "").strip()
    if not text:
        return []
    try:
        hits = page.search(text, regex=False, return_chars=False)
    except Exception:
        hits = []
    if hits:
        return [(h["x0"], h["top"], h["x1"], h["bottom"]) for h in hits[:1]]
    # token search: cluster the token hits by line and keep the line where most distinct tokens meet
    lines: dict[int, dict[str, list[tuple[float, float, float, float]]]] = {}
    for tok in snippet_tokens(text)[:12]:
        try:
            found = page.search(tok, regex=False, return_chars=False)
        except Exception:
            continue
        for h in found[:50]:
            key = int(round(h["top"] / 4.0))
            lines.setdefault(key, {}).setdefault(tok, []).append((h["x0"], h["top"], h["x1"], h["bottom"]))
    if not lines:
        return []

    def weight(item: tuple[int, dict[str, list[Any]]]) -> tuple[int, int]:
        toks = item[1]
        return (len(toks), sum(len(t) for t in toks))

    best_key, best = max(sorted(lines.items()), key=weight)
    # neighbouring line buckets (rounding edges) belong to the same printed line
    for k in (best_key - 1, best_key + 1):
        for tok, bs in lines.get(k, {}).items():
            best.setdefault(tok, []).extend(bs)
    if len(best) < 2 and len(snippet_tokens(text)) > 1 and max(len(t) for t in best) < 4:
        return []  # a lone short token (e.g. "10") is not evidence enough to point at
    return [_union([b for bs in best.values() for b in bs])]


def render_pdf_evidence(path: str | None, page_no: int | None, snippets: Iterable[str], *, resolution: int = RESOLUTION) -> PdfEvidence:
    """The PDF page ``page_no`` (1-based) as PNG with the snippets' regions highlighted."""
    if not path:
        return PdfEvidence(message="数据库中没有记录原文件路径，无法显示原文页面。")
    p = Path(path)
    if not p.is_file():
        return PdfEvidence(message=f"原文件已不在记录的位置（{path}），无法显示原文页面；请重新上传或扫描该文件。")
    if page_no is None or page_no < 1:
        return PdfEvidence(message="该证据没有页码，无法定位原文页面。")
    try:
        if p.stat().st_size > MAX_PDF_BYTES:
            return PdfEvidence(message="文件过大，不在界面中渲染页面。")
        import pdfplumber

        with pdfplumber.open(str(p)) as pdf:
            if page_no > len(pdf.pages):
                return PdfEvidence(message=f"原文件只有 {len(pdf.pages)} 页，找不到第 {page_no} 页（文件可能已被替换）。")
            page = pdf.pages[page_no - 1]
            boxes: list[tuple[float, float, float, float]] = []
            for s in snippets:
                boxes.extend(locate_on_page(page, s))
            im = page.to_image(resolution=resolution)
            if boxes:
                pad = 2.0
                im.draw_rects([(b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad) for b in boxes],
                              stroke=(220, 0, 0), fill=(255, 230, 0, 70), stroke_width=3)
            buf = io.BytesIO()
            im.annotated.save(buf, format="PNG")
            msg = None if boxes else "未能在该页上找到证据原文的位置（可能是换行或字体编码造成），请对照页面人工查看。"
            return PdfEvidence(image_png=buf.getvalue(), boxes=boxes, found=bool(boxes), message=msg)
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
    return TextEvidence(lines=out, target=target, message=msg)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")
