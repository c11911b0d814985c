"""Real PDFs for tests, made with reportlab from the seed texts (no committed binaries).

``make_pdf(source, out)`` lays a seed out like an office export: narrative paragraphs, every
grid as a ruled table (grid lines, header rows repeated on each page of a long table) in the
built-in CJK CID font STSong-Light, on landscape A4. ``style="unruled"`` draws no lines;
``radicals=True`` writes 门/车 as the CJK radicals ⻔/⻋ some PDF producers emit.

``make_pages_pdf(pages, out)`` lays out given pages exactly (paragraphs and tables, one list
per page): the layout classes of real producers (a title repeated on every continuation page,
a table going on without its header, subtotal columns, 栏次 rows, 元 with separators, portrait
pages turned by ``/Rotate``: ``rotated_copy``) are reproduced with it in tests/test_layout_classes.py.

Bad inputs: ``encrypted_pdf``, ``truncated_pdf``, ``image_only_pdf``, ``not_a_pdf``.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from juesuan.ingest.raw import RawDocument, TextLine

FONT = "STSong-Light"
_RADICALS = str.maketrans({"门": "\u2ed4", "车": "\u2ecb"})


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def make_pdf(source: RawDocument | str | Path, out_path: str | Path, *, style: str = "ruled", radicals: bool = False) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _font()
    if not isinstance(source, RawDocument):
        from juesuan.ingest.text import read_text

        source = read_text(str(source))
    fix = (lambda s: s.translate(_RADICALS)) if radicals else (lambda s: s)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=8.5)
    story: list = []
    for b in source.blocks:
        if isinstance(b, TextLine):
            if b.raw.strip():
                story.append(Paragraph(escape(fix(b.raw.strip())), body))
            continue
        # one exported grid may hold several tables with their titles (pipe/tsv exports): lay each
        # table out on its own, titles as paragraphs, and repeat only that table's header rows
        from tests.pdf_producers import _header_count, _segments

        for kind, items in _segments(b):
            if kind == "p":
                story += [Paragraph(escape(fix(x)), body) for x in items]
                continue
            ncols = max((len(r.raw_cells) for r in items), default=0)
            if not ncols:
                continue
            data = []
            for r in items:
                cells = [fix((c or "").replace("\n", "")) for c in r.raw_cells] + [""] * (ncols - len(r.raw_cells))
                data.append([Paragraph(escape(c), cell) for c in cells])
            width = landscape(A4)[0] - 60
            t = Table(data, colWidths=[width / ncols] * ncols, repeatRows=min(_header_count(items), 4))
            cmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), FONT)]
            if style == "ruled":
                cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            t.setStyle(TableStyle(cmds))
            story += [t, Spacer(1, 8)]
    out = Path(out_path)
    SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=30, rightMargin=30, topMargin=30, bottomMargin=30).build(story)
    return out


Cell = str | None  # None: merged into the cell on its left (or above, see ``spans``)


def make_pages_pdf(pages: list[list], out_path: str | Path, *, ruled: bool = True,
                   portrait: bool = False, spans: list[tuple[int, int, int, int]] | None = None,
                   font_size: float = 8) -> Path:
    """One PDF page per entry of ``pages``; an entry is a list of paragraphs (``str``) and tables
    (rows of cells), or ``(rows, spans)``. ``spans``: (col0, row0, col1, row1) merged header areas
    (reportlab's SPAN) of every table given without its own."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    _font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=font_size, leading=font_size + 1.5)
    size = A4 if portrait else landscape(A4)
    story: list = []
    for n, page in enumerate(pages):
        if n:
            story.append(PageBreak())
        for el in page:
            if isinstance(el, str):
                story.append(Paragraph(escape(el), body))
                continue
            el_spans = spans or []
            if isinstance(el, tuple):  # (rows, spans of this table only)
                el, el_spans = el
            ncols = max(len(r) for r in el)
            data = [[Paragraph(escape(c), cell) if c else "" for c in r] + [""] * (ncols - len(r)) for r in el]
            width = size[0] - 60
            t = Table(data, colWidths=[width / ncols] * ncols)
            cmds: list = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), FONT)]
            if ruled:
                cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            for c0, r0, c1, r1 in el_spans:
                if r1 < len(el):
                    cmds.append(("SPAN", (c0, r0), (c1, r1)))
            t.setStyle(TableStyle(cmds))
            story.append(t)
    out = Path(out_path)
    SimpleDocTemplate(str(out), pagesize=size, leftMargin=30, rightMargin=30, topMargin=30,
                      bottomMargin=30).build(story)
    return out


def rotated_copy(src: str | Path, out_path: str | Path, pages: set[int] | None = None) -> Path:
    """``src`` with its (landscape) pages stored as portrait pages turned by ``/Rotate 90``: the
    content is drawn sideways in the portrait MediaBox and the viewer turns it upright, as office
    producers store landscape sections. ``pages``: 1-based pages to turn (default all)."""
    import pypdfium2 as pdfium

    srcdoc = pdfium.PdfDocument(str(src))
    dst = pdfium.PdfDocument.new()
    for i in range(len(srcdoc)):
        w, h = srcdoc[i].get_size()
        if pages is not None and i + 1 not in pages:
            dst.import_pages(srcdoc, [i])
            continue
        obj = srcdoc.page_as_xobject(i, dst).as_pageobject()
        obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, h, 0))  # displayed (X, Y) -> stored (h - Y, X)
        page = dst.new_page(h, w)
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(90)
    out = Path(out_path)
    dst.save(str(out))
    return out


def encrypted_pdf(out: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _font()
    c = canvas.Canvas(str(out), pagesize=A4, encrypt="secret-user-password")
    c.setFont(FONT, 12)
    c.drawString(72, 720, "收入支出决算总表")
    c.save()
    return out


def truncated_pdf(source_pdf: Path, out: Path, keep: float = 0.4) -> Path:
    data = source_pdf.read_bytes()
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def image_only_pdf(source_pdf: Path, out: Path, pages: int = 2) -> Path:
    """Render the first pages of a text PDF to images and make a PDF of the images only (a 'scan')."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = pdfium.PdfDocument(str(source_pdf))
    c = canvas.Canvas(str(out), pagesize=landscape(A4))
    w, h = landscape(A4)
    for i in range(min(pages, len(pdf))):
        img = pdf[i].render(scale=1.5).to_pil()
        c.drawImage(ImageReader(img), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    pdf.close()
    return out


def not_a_pdf(out: Path) -> Path:
    out.write_bytes("<html><body>这是网页，不是PDF</body></html>".encode())
    return out
