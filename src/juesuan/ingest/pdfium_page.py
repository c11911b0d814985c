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
* the page is turned by its /Rotate and shifted by its MediaBox origin as pdfminer does.
* pdfium's generated characters (spaces and line breaks it infers) are left out; the lone-space
  text objects pdfium skips come back as space characters where the content stream has them.
* coordinates are rounded to 1e-4 (pdfium keeps float32), which restores the PDF's decimals.
* per page it counts visible characters without Unicode (no ToUnicode: pdfium falls back to
  raw codes and flags a map error) and characters whose glyph outline is empty.

Nothing here decides what a page means; ``juesuan.ingest.pdf`` does.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as c

from juesuan.ingest import pdfium_api as api

_GENERATED_CANDIDATES = {0x20, 0x0A, 0x0D, 0x02, 0xFFFE}
_BLANKS = {0x20, 0x3000, 0x0A, 0x0D, 0x09}
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
    unrendered: int = 0  # visible characters whose glyph has no extent (draws nothing on paper)
    visible: int = 0  # visible (non-space) characters


def _font(font: int | None, cache: dict[int, tuple[float, bool]]) -> tuple[float, bool]:
    """(descent per unit of font size, is a dingbat font) of one pdfium font, cached per page."""
    key = font or 0
    got = cache.get(key)
    if got is None:
        d = ctypes.c_float(0.0)
        descent = float(d.value) if font and api.font_descent(font, 1.0, d) else 0.0
        dingbat = False
        if font:
            buf = ctypes.create_string_buffer(256)
            n = api.font_base_name(font, buf, 256)
            name = buf.raw[: max(0, n - 1)].decode("latin-1", "replace").lower()
            dingbat = any(k in name for k in _DINGBAT_FONTS)
        got = cache[key] = (descent, dingbat)
    return got


Matrix = tuple[float, float, float, float, float, float]


class _Geometry:
    """PDF user space -> pdfplumber's space of one page: pdfminer's page matrix (the /Rotate
    turn and the MediaBox origin), then ``top = height - y``."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        x0, y0, x1, y1 = page.get_mediabox()
        rot = page.get_rotation() % 360
        self.ctm: Matrix = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rot, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        self.width, self.height = (y1 - y0, x1 - x0) if rot in (90, 270) else (x1 - x0, y1 - y0)
        self.plain = self.ctm == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # no turn, origin at 0,0

    def box(self, o: tuple[float, float], u: tuple[float, float], v: tuple[float, float],
            w: float, lo: float, hi: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) of the text-space rectangle [0, w] x [lo, hi] at origin ``o``
        with unit vectors ``u``, ``v`` (user space)."""
        a, b, c_, d, e, f = self.ctm
        xs, ys = [], []
        for tx in (0.0, w):
            for ty in (lo, hi):
                px = o[0] + tx * u[0] + ty * v[0]
                py = o[1] + tx * u[1] + ty * v[1]
                xs.append(a * px + c_ * py + e)
                ys.append(b * px + d * py + f)
        return min(xs), max(xs), self.height - max(ys), self.height - min(ys)


class _ObjInfo:
    """Per text object: its matrix, font size and descent, upright in pdfplumber's space, dingbat font."""

    __slots__ = ("m", "fs", "descent", "size", "drop", "upright", "fast", "dingbat")

    def __init__(self, m: tuple[float, float, float, float], fs: float, font: tuple[float, bool], geo: _Geometry) -> None:
        self.fs = fs
        self.descent, self.dingbat = font
        self.m = m
        a, b, c_, d = m
        ra, rb, rc, rd = _mul((a, b, c_, d, 0.0, 0.0), geo.ctm)[:4]
        self.upright = ra * rd > 0 and rb * rc <= 0  # pdfminer's LTChar.upright
        self.fast = geo.plain and abs(b) < 1e-9 and abs(c_) < 1e-9 and a > 0 and d > 0
        self.size = round(fs * abs(d), 4)  # pdfminer's size: the font size in page units
        self.drop = self.descent * fs * abs(d)  # baseline to the box bottom (descent < 0)


def _advance(fi: _ObjInfo, box: c.FS_RECTF, ox: float, oy: float) -> float:
    """The glyph advance in text space, read off pdfium's loose box along the text direction."""
    a, b = fi.m[0], fi.m[1]
    if abs(a) >= abs(b):
        return ((box.right if a > 0 else box.left) - ox) / a if a else 0.0
    return ((box.top if b > 0 else box.bottom) - oy) / b


def _chars(tp: Any, geo: _Geometry, content: PageContent) -> dict[int, int]:
    """The text page's characters (pdfium's generated spaces and line breaks left out).
    Returns, per text object, the index of its last character (where a blank object that
    follows it in the content stream goes)."""
    last: dict[int, int] = {}
    raw = tp.raw
    tp = api.address(raw)
    n = c.FPDFText_CountChars(raw)
    if n <= 0:
        return last
    height = geo.height
    box = c.FS_RECTF()
    m = c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    gl, gr, gb, gt = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    objs: dict[int, _ObjInfo] = {}
    infos: dict[tuple[float, float, float, float, float, int | None], _ObjInfo] = {}
    fonts: dict[int, tuple[float, bool]] = {}
    out = content.chars
    unmapped = unrendered = visible = 0
    buf = (ctypes.c_ushort * (n + 1))()
    c.FPDFText_GetText(raw, 0, n, buf)
    bulk = bytes(buf)[: 2 * n].decode("utf-16-le", "replace")
    codes = [ord(x) for x in bulk] if len(bulk) == n and "\ufffd" not in bulk else None
    for i in range(n):
        u = codes[i] if codes is not None else api.text_unicode(tp, i)
        if u in _GENERATED_CANDIDATES and api.text_is_generated(tp, i):
            continue
        if u == 0x02:  # pdfium's mark for a hyphen that ends a line: the printed "-"
            u = 0x2D
        key = api.text_object(tp, i) or 0
        fi = objs.get(key)
        if fi is None:
            api.text_matrix(tp, i, m)
            fs = api.text_font_size(tp, i)
            font = api.textobj_font(key)
            shared = (m.a, m.b, m.c, m.d, fs, font)  # one-glyph objects repeat the same few
            fi = infos.get(shared)
            if fi is None:
                fi = infos[shared] = _ObjInfo((m.a, m.b, m.c, m.d), fs, _font(font, fonts), geo)
            objs[key] = fi
        api.text_loose_box(tp, i, box)
        api.text_origin(tp, i, ox, oy)
        if fi.fast:  # the common case, inlined: origin, advance, baseline + descent, font size
            size = fi.size
            x0 = round(ox.value, 4)
            x1 = round(max(box.right, ox.value), 4)
            bottom = round(height - oy.value - fi.drop, 4)
            top = round(bottom - size, 4)
        else:
            fs = fi.fs
            ma, mb, mc, md = fi.m
            x0, x1, top, bottom = geo.box((ox.value, oy.value), (ma, mb), (mc, md),
                                          _advance(fi, box, ox.value, oy.value), fi.descent * fs, (fi.descent + 1) * fs)
            x0, x1, top, bottom = round(x0, 4), round(x1, 4), round(top, 4), round(bottom, 4)
            size = round(bottom - top, 4)
        if u not in _BLANKS:
            visible += 1
            if (u < 0x20 or u == 0xFFFD or 0xE000 <= u <= 0xF8FF or u >= 0xF0000 or api.text_unmapped(tp, i) == 1) \
                    and not fi.dingbat:  # no ToUnicode: pdfium falls back to raw codes, flags a map error
                unmapped += 1
            api.text_char_box(tp, i, gl, gr, gb, gt)  # the glyph's own outline box
            if min(gr.value - gl.value, gt.value - gb.value) < 0.015 * size:
                unrendered += 1
        last[key] = len(out)
        # float32 coordinates rounded to 1e-4 give back the decimals the PDF wrote (what pdfminer
        # computes with), so ties such as "gap == half the size" stay ties
        out.append({"text": chr(u) if u < 0x110000 else "\ufffd", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                    "doctop": top, "width": x1 - x0, "height": bottom - top, "size": size, "upright": fi.upright,
                    "object_type": "char"})
    content.unmapped = unmapped
    content.unrendered = unrendered
    content.visible = visible
    return last


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, upright: bool) -> dict[str, Any]:
    # pdfium keeps coordinates in float32: rounding to 1e-4 gives back the decimal values the
    # PDF wrote (what pdfminer computes with), so ties such as "gap == half the size" stay ties
    x0, x1, top, bottom, size = round(x0, 4), round(x1, 4), round(top, 4), round(bottom, 4), round(size, 4)
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "size": size, "upright": upright, "object_type": "char"}


def _blank(obj: Any, m: Matrix, geo: _Geometry, fonts: dict[int, tuple[float, bool]]) -> dict[str, Any] | None:
    """A text object the text page skipped: pdfium drops objects whose glyphs have no extent
    (a lone space, as some producers write every glyph as its own object). pdfminer gives a
    space character there, which ends a word; so do we."""
    a, b, cc, d, e, f = m
    fs = ctypes.c_float(0.0)
    if not api.textobj_font_size(obj, fs) or not fs.value:
        return None
    descent, _ = _font(api.textobj_font(obj), fonts)
    size = fs.value
    x0, x1, top, bottom = geo.box((e, f), (a, b), (cc, d), 0.25 * size, descent * size, (descent + 1) * size)
    ra, rb, rc, rd = _mul((a, b, cc, d, 0.0, 0.0), geo.ctm)[:4]
    return _char(" ", x0, x1, top, bottom, bottom - top, ra * rd > 0 and rb * rc <= 0)


def _matrix(obj: Any) -> tuple[float, float, float, float, float, float]:
    m = c.FS_MATRIX()
    if not api.obj_matrix(obj, m):
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
    for k in range(api.path_count_segments(obj)):
        seg = api.path_segment(obj, k)
        t = api.segment_type(seg)
        api.segment_point(seg, x, y)
        p = (round(a * x.value + cc * y.value + e, 4), round(b * x.value + d * y.value + f, 4))
        if t == api.SEGMENT_MOVETO:
            if shape:
                subs.append((shape, pts))
            shape, pts = "m", [p]
        else:
            shape += "c" if t == api.SEGMENT_BEZIERTO else "l"
            pts.append(p)
        if api.segment_close(seg):
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


def _walk(holder: Any, outer: tuple[float, ...] | None) -> Any:
    """(object, matrix of its container or None) in content order, forms entered in place."""
    in_form = outer is not None
    for k in range(api.form_count_objects(holder) if in_form else api.page_count_objects(holder)):
        obj = api.form_get_object(holder, k) if in_form else api.page_get_object(holder, k)
        if api.obj_type(obj) == api.PAGEOBJ_FORM:
            m = _matrix(obj)
            yield from _walk(obj, m if outer is None else _mul(m, outer))
        else:
            yield obj, outer


def _objects(page: Any, geo: _Geometry, content: PageContent, last: dict[int, int]) -> None:
    """Walk page objects (into forms): edges of painted paths, image area, blank text objects."""
    area = 0.0
    fonts: dict[int, tuple[float, bool]] = {}
    blanks: list[tuple[int, int, dict[str, Any]]] = []  # (insert after char index, order, space)
    prev_char = -1
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    l_, b_, r_, t_ = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for obj, outer in _walk(api.address(page.raw), None):
        t = api.obj_type(obj)
        if t == api.PAGEOBJ_TEXT:
            key = obj
            if key in last:
                prev_char = last[key]
            elif prev_char >= 0:
                m = _matrix(obj)
                sp = _blank(obj, m if outer is None else _mul(m, outer), geo, fonts)
                if sp is not None:
                    blanks.append((prev_char, len(blanks), sp))
        elif t == api.PAGEOBJ_PATH:
            if api.path_draw_mode(obj, mode, stroke) and mode.value == 0 and not stroke.value:
                continue  # 'n': a clipping path, never painted
            m = _matrix(obj)
            m = _mul(m if outer is None else _mul(m, outer), geo.ctm)
            for shape, pts in _subpaths(obj, m):
                content.edges.extend(_edges_of(shape, pts, geo.height))
        elif t == api.PAGEOBJ_IMAGE and api.obj_bounds(obj, l_, b_, r_, t_):
            area += max(0.0, r_.value - l_.value) * max(0.0, t_.value - b_.value)
    for after, _, sp in sorted(blanks, key=lambda x: (x[0], x[1]), reverse=True):
        content.chars.insert(after + 1, sp)
    content.image_share = area / (content.width * content.height) if content.width and content.height else 0.0


def read_page(page: pdfium.PdfPage) -> PageContent:
    """Characters, edges and image share of one page, in pdfplumber's geometry (page turned by
    its /Rotate as pdfminer does)."""
    geo = _Geometry(page)
    content = PageContent(width=geo.width, height=geo.height)
    tp = page.get_textpage()
    try:
        last = _chars(tp, geo, content)
        _objects(page, geo, content, last)
    finally:
        tp.close()
    return content
