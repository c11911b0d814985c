"""One PDF page through pdfium: characters with pdfplumber-compatible boxes, ruling edges from
the page's path objects, image coverage and the characters that do not map to Unicode.

The objects are plain dicts in pdfplumber's geometry (origin top-left, ``top = height - y1``),
so pdfplumber's word and table algorithms (which work on such dicts) run on them unchanged:

* a character's box follows pdfminer: ``x0`` is the glyph origin, ``x1`` the origin plus the
  advance, ``bottom`` the baseline plus the font's descent, ``top = bottom - size`` where
  ``size`` is the font size scaled by the text matrix. pdfium's own boxes (tight or loose) are
  glyph outlines, which would change word and line grouping.
* a path object is cut into sub-paths at each move-to, as pdfminer does: a two-point
  sub-path is a ``line``, an axis-aligned closed four-corner one a ``rect``, anything else a
  ``curve``; the edges are pdfplumber's ``line_to_edge`` / ``rect_to_edges`` / ``curve_to_edges``
  of these. Paths inside form XObjects are placed with the form's matrix.

Nothing here decides what a page means; ``juesuan.ingest.pdf`` does.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as c

_GENERATED_CANDIDATES = {0x20, 0x0A, 0x0D, 0x02, 0xFFFE}
_DINGBAT_FONTS = ("wingding", "webding", "symbol", "dingbat")


@dataclass
class PageContent:
    """What one page holds, in pdfplumber geometry."""

    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    image_share: float = 0.0  # share of the page area covered by images
    unmapped: int = 0  # visible characters with no Unicode (no ToUnicode, private use, U+FFFD)
    visible: int = 0  # visible (non-space) characters


def _is_unmapped(u: int) -> bool:
    return u == 0 or u == 0xFFFD or 0xE000 <= u <= 0xF8FF or 0xF0000 <= u


class _FontInfo:
    """Per text object: descent per unit size, text-space scale, dingbat font."""

    __slots__ = ("descent", "scale_y", "upright", "dingbat")

    def __init__(self, obj: Any, m: c.FS_MATRIX) -> None:
        font = c.FPDFTextObj_GetFont(obj)
        d = ctypes.c_float(0.0)
        self.descent = float(d.value) if font and c.FPDFFont_GetDescent(font, 1.0, d) else 0.0
        self.dingbat = False
        if font:
            buf = ctypes.create_string_buffer(256)
            n = c.FPDFFont_GetBaseFontName(font, buf, 256)
            name = buf.raw[: max(0, n - 1)].decode("latin-1", "replace").lower()
            self.dingbat = any(k in name for k in _DINGBAT_FONTS)
        self.scale_y = abs(m.d) if abs(m.b) < 1e-9 else (m.c * m.c + m.d * m.d) ** 0.5
        self.upright = m.a * m.d > 0 and m.b * m.c <= 0 and abs(m.b) < 1e-9 and abs(m.c) < 1e-9


def _chars(tp: Any, height: float, content: PageContent) -> None:
    n = c.FPDFText_CountChars(tp)
    if n <= 0:
        return
    box = c.FS_RECTF()
    m = c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fonts: dict[int, _FontInfo] = {}
    out = content.chars
    unmapped = visible = 0
    for i in range(n):
        u = c.FPDFText_GetUnicode(tp, i)
        if u in _GENERATED_CANDIDATES and c.FPDFText_IsGenerated(tp, i):
            continue
        obj = c.FPDFText_GetTextObject(tp, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        fi = fonts.get(key)
        if fi is None:
            c.FPDFText_GetMatrix(tp, i, m)
            fi = fonts[key] = _FontInfo(obj, m)
        size = c.FPDFText_GetFontSize(tp, i) * fi.scale_y
        c.FPDFText_GetLooseCharBox(tp, i, box)
        if fi.upright:
            c.FPDFText_GetCharOrigin(tp, i, ox, oy)
            x0 = ox.value
            x1 = max(box.right, x0)
            bottom = height - (oy.value + fi.descent * size)
            top = bottom - size
        else:
            x0, x1 = box.left, box.right
            top, bottom = height - box.top, height - box.bottom
        text = chr(u) if u < 0x110000 else "\ufffd"
        if u not in (0x20, 0x3000, 0x0A, 0x0D, 0x09):
            visible += 1
            if _is_unmapped(u) and not fi.dingbat:
                unmapped += 1
        out.append({
            "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "size": size, "upright": fi.upright,
            "object_type": "char",
        })
    content.unmapped = unmapped
    content.visible = visible


def _matrix(obj: Any) -> tuple[float, float, float, float, float, float]:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _mul(m1: tuple[float, ...], m2: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    """m1 then m2 (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _subpaths(obj: Any, m: tuple[float, ...]) -> list[tuple[str, list[tuple[float, float]]]]:
    """Path object -> [(shape, points)] in page space; shape uses pdfminer's letters (m, l, c, h)."""
    a, b, cc, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    subs: list[tuple[str, list[tuple[float, float]]]] = []
    shape, pts = "", []  # type: ignore[var-annotated]
    for k in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, k)
        t = c.FPDFPathSegment_GetType(seg)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        p = (a * x.value + cc * y.value + e, b * x.value + d * y.value + f)
        if t == c.FPDF_SEGMENT_MOVETO:
            if shape:
                subs.append((shape, pts))
            shape, pts = "m", [p]
        else:
            shape += "c" if t == c.FPDF_SEGMENT_BEZIERTO else "l"
            pts.append(p)
        if c.FPDFPathSegment_GetClose(seg):
            shape += "h"
    if shape:
        subs.append((shape, pts))
    return subs


def _edges_of(shape: str, pts: list[tuple[float, float]], height: float) -> list[dict[str, Any]]:
    """pdfminer's line/rect/curve decision, then pdfplumber's edges, in top-left geometry."""
    shape = shape.replace("c", "lll") if "c" in shape else shape
    if shape in ("ml", "mlh") and len(pts) >= 2:
        (x0, y0), (x1, y1) = pts[0], pts[1]
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        return [{
            "object_type": "line", "x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": bottom,
            "doctop": top, "width": abs(x1 - x0), "height": bottom - top,
            "orientation": "h" if top == bottom else "v",
        }]
    if shape in ("mlllh", "mllll") and len(pts) >= 4:
        ps = pts[:4] + ([pts[4]] if len(pts) > 4 else [pts[0]])
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ps[:4]
        closed = ps[0] == ps[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            xs, ys = [p[0] for p in ps[:4]], [p[1] for p in ps[:4]]
            left, right, top, bottom = min(xs), max(xs), height - max(ys), height - min(ys)
            base = {"object_type": "rect_edge", "doctop": top}
            return [
                {**base, "x0": left, "x1": right, "top": top, "bottom": top, "width": right - left, "height": 0, "orientation": "h"},
                {**base, "x0": left, "x1": right, "top": bottom, "bottom": bottom, "doctop": bottom, "width": right - left, "height": 0, "orientation": "h"},
                {**base, "x0": left, "x1": left, "top": top, "bottom": bottom, "width": 0, "height": bottom - top, "orientation": "v"},
                {**base, "x0": right, "x1": right, "top": top, "bottom": bottom, "width": 0, "height": bottom - top, "orientation": "v"},
            ]
    out = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        out.append({
            "object_type": "curve_edge", "x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": bottom,
            "doctop": top, "width": abs(x0 - x1), "height": abs(y0 - y1),
            "orientation": "v" if x0 == x1 else ("h" if y0 == y1 else None),
        })
    return out


def _objects(page: Any, height: float, content: PageContent) -> None:
    """Walk page objects (into forms): edges of painted paths, image area."""
    area = 0.0
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    l_, b_, r_, t_ = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    stack: list[tuple[Any, int, tuple[float, ...] | None]] = [(page, -1, None)]
    while stack:
        holder, _, outer = stack.pop()
        count = c.FPDFPage_CountObjects(holder) if outer is None else c.FPDFFormObj_CountObjects(holder)
        for k in range(count):
            obj = c.FPDFPage_GetObject(holder, k) if outer is None else c.FPDFFormObj_GetObject(holder, k)
            t = c.FPDFPageObj_GetType(obj)
            if t == c.FPDF_PAGEOBJ_PATH:
                if c.FPDFPath_GetDrawMode(obj, mode, stroke) and mode.value == 0 and not stroke.value:
                    continue  # 'n': a clipping path, never painted
                m = _matrix(obj)
                if outer is not None:
                    m = _mul(m, outer)
                for shape, pts in _subpaths(obj, m):
                    content.edges.extend(_edges_of(shape, pts, height))
            elif t == c.FPDF_PAGEOBJ_IMAGE:
                if c.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_):
                    area += max(0.0, r_.value - l_.value) * max(0.0, t_.value - b_.value)
            elif t == c.FPDF_PAGEOBJ_FORM:
                m = _matrix(obj)
                stack.append((obj, 0, m if outer is None else _mul(m, outer)))
    content.image_share = area / (content.width * content.height) if content.width and content.height else 0.0


def read_page(page: pdfium.PdfPage) -> PageContent:
    """Characters, edges and image share of one page (rotation ignored, as pdfplumber's chars do)."""
    w, h = page.get_size()
    content = PageContent(width=w, height=h)
    tp = page.get_textpage()
    try:
        _chars(tp, h, content)
    finally:
        tp.close()
    _objects(page, h, content)
    return content
