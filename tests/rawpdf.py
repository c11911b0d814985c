"""PDFs written byte by byte for the cases no layout library produces on purpose.

* ``cid_pdf``: page 2 set in a Type0 / Identity-H font with no ToUnicode and no usable
  ordering (what pdfplumber shows as ``(cid:NN)``), pages 1 and 3 in Helvetica.
* ``glyph_objects_pdf``: every glyph its own text object, the spaces as lone-space objects
  (as some office exports write), a rotated page (``/Rotate 90``), and a ruled 2x2 table drawn
  inside a form XObject.
"""

from __future__ import annotations

from pathlib import Path

_FONTS = (
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [5 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) "
    b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>",
    b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
    b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
)


def _pdf(pages: list[tuple[str, int]], xobjects: dict[str, str] | None = None) -> bytes:
    """pages: (content stream, /Rotate). Objects 3-6 are the fonts above; F1 Helvetica, F2 no-map."""
    objs: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for i, f in enumerate(_FONTS):
        objs[3 + i] = f
    n = 7
    xrefs = b""
    for name, content in (xobjects or {}).items():
        data = content.encode("latin-1")
        objs[n] = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 0 0] /Length %d >>\n"
                   b"stream\n" % len(data)) + data + b"\nendstream"
        xrefs += b"/%s %d 0 R " % (name.encode(), n)
        n += 1
    kids = []
    for content, rotate in pages:
        data = content.encode("latin-1")
        objs[n] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        objs[n + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Resources << "
                       b"/Font << /F1 3 0 R /F2 4 0 R >> /XObject << %s>> >> /Contents %d 0 R >>" % (rotate, xrefs, n))
        kids.append(n + 1)
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    return _serialise(objs, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


def _lines(lines: list[str], y: int = 780) -> str:
    ops = ["BT", "/F1 12 Tf"]
    for ln in lines:
        ops.append(f"1 0 0 1 72 {y} Tm ({ln}) Tj")
        y -= 20
    return "\n".join(ops + ["ET"])


def cid_pdf(path: Path, cid_pages: tuple[int, ...] = (2,), pages: int = 3) -> Path:
    out = []
    for p in range(1, pages + 1):
        if p in cid_pages:
            ops = ["BT", "/F2 12 Tf"]
            for k in range(12):
                codes = "".join(f"{(k * 7 + j) % 300 + 20:04X}" for j in range(30))
                ops.append(f"1 0 0 1 72 {780 - 20 * k} Tm <{codes}> Tj")
            out.append(("\n".join(ops + ["ET"]), 0))
        else:
            out.append((_lines([f"Budget page {p}", "Total 1234.56"]), 0))
    path.write_bytes(_pdf(out))
    return path


def _glyphs(text: str, x: float, y: float, size: float = 12.0, advance: float = 6.672) -> list[str]:
    """Each glyph a text object of its own at its own origin (Helvetica digits/letters ~0.556 em)."""
    ops = []
    for ch in text:
        ops.append(f"BT /F1 {size:g} Tf 1 0 0 1 {x:.3f} {y:.3f} Tm ({ch}) Tj ET")
        x += 3.336 if ch == " " else advance
    return ops


def glyph_objects_pdf(path: Path) -> Path:
    page1 = "\n".join(_glyphs("AB 12 CD", 72, 700) + _glyphs("total 99", 72, 660)
                      + ["/T1 Do"])
    table = ("0.5 w 100 400 m 300 400 l S 100 380 m 300 380 l S 100 360 m 300 360 l S "
             "100 400 m 100 360 l S 200 400 m 200 360 l S 300 400 m 300 360 l S "
             "BT /F1 9 Tf 1 0 0 1 110 386 Tm (name) Tj 1 0 0 1 210 386 Tm (value) Tj "
             "1 0 0 1 110 366 Tm (rent) Tj 1 0 0 1 210 366 Tm (12.50) Tj ET")
    page2 = "BT /F1 12 Tf 0 1 -1 0 500 72 Tm (Rotated page text 2026) Tj ET"  # reads upright once turned
    path.write_bytes(_pdf([(page1, 0), (page2, 90)], {"T1": table}))
    return path


_TOUNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T3 def
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfchar <61> <0061> <62> <0062> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"""


def empty_glyph_pdf(path: Path) -> Path:
    """Page 1 in Helvetica; page 2 in a Type3 font whose glyphs draw nothing (d1 with an empty
    box, no painting) but map to Unicode: text a reader extracts and a printer never shows."""
    objs: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: _FONTS[0]}
    objs[4] = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
               b"/CharProcs << /a 5 0 R /b 5 0 R >> /Encoding << /Type /Encoding /Differences [97 /a /b] >> "
               b"/FirstChar 97 /LastChar 98 /Widths [600 600] /ToUnicode 6 0 R /Resources << >> >>")
    proc = b"600 0 0 0 0 0 d1"
    objs[5] = b"<< /Length %d >>\nstream\n" % len(proc) + proc + b"\nendstream"
    objs[6] = b"<< /Length %d >>\nstream\n" % len(_TOUNICODE) + _TOUNICODE + b"\nendstream"
    pages = [_lines(["Budget page 1", "Total 1234.56"]),
             "BT /F3 12 Tf " + " ".join(f"1 0 0 1 72 {700 - 20 * k} Tm (abababab abab) Tj" for k in range(5)) + " ET"]
    kids = []
    n = 7
    for content in pages:
        data = content.encode("latin-1")
        objs[n] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        objs[n + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R "
                       b"/F3 4 0 R >> >> /Contents %d 0 R >>" % n)
        kids.append(n + 1)
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    path.write_bytes(_serialise(objs, b"%PDF-1.4\n"))
    return path


def _serialise(objs: dict[int, bytes], header: bytes) -> bytes:
    """The numbered objects as a PDF file: header, objects, cross-reference table, trailer (object 1 is the root)."""
    out = bytearray(header)
    offsets: dict[int, int] = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    start = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, start)
    return bytes(out)
