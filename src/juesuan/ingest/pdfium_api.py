"""The pdfium functions the PDF reader calls per character and per page object, bound with
plain addresses (``c_void_p``) for handles.

pypdfium2's generated bindings type every handle as a ctypes pointer class, so each call
wraps and unwraps pointer objects and every cache key needs a ``ctypes.cast``; on pages that
write each glyph as its own text object that overhead was a third of the reading time. Same
library, same functions, same results.
"""

from __future__ import annotations

import ctypes
from ctypes import POINTER, c_double, c_float, c_int, c_ulong, c_void_p
from typing import Any

import pypdfium2.raw as c
from pypdfium2_raw.bindings import _libs

_lib = _libs["pdfium"]


def _fn(name: str, restype: Any, *argtypes: Any) -> Any:
    f = getattr(_lib, name)
    proto = ctypes.CFUNCTYPE(restype, *argtypes)
    return proto((name, _lib)) if f is not None else None


text_object = _fn("FPDFText_GetTextObject", c_void_p, c_void_p, c_int)
text_matrix = _fn("FPDFText_GetMatrix", c_int, c_void_p, c_int, POINTER(c.FS_MATRIX))
text_font_size = _fn("FPDFText_GetFontSize", c_double, c_void_p, c_int)
text_loose_box = _fn("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int, POINTER(c.FS_RECTF))
text_origin = _fn("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double))
text_is_generated = _fn("FPDFText_IsGenerated", c_int, c_void_p, c_int)
text_unicode = _fn("FPDFText_GetUnicode", c_ulong, c_void_p, c_int)
text_char_box = _fn("FPDFText_GetCharBox", c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double),
                    POINTER(c_double), POINTER(c_double))
text_unmapped = _fn("FPDFText_HasUnicodeMapError", c_int, c_void_p, c_int)

page_count_objects = _fn("FPDFPage_CountObjects", c_int, c_void_p)
page_get_object = _fn("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
form_count_objects = _fn("FPDFFormObj_CountObjects", c_int, c_void_p)
form_get_object = _fn("FPDFFormObj_GetObject", c_void_p, c_void_p, c_ulong)
obj_type = _fn("FPDFPageObj_GetType", c_int, c_void_p)
obj_matrix = _fn("FPDFPageObj_GetMatrix", c_int, c_void_p, POINTER(c.FS_MATRIX))
obj_bounds = _fn("FPDFPageObj_GetBounds", c_int, c_void_p, POINTER(c_float), POINTER(c_float), POINTER(c_float), POINTER(c_float))
textobj_font = _fn("FPDFTextObj_GetFont", c_void_p, c_void_p)
textobj_font_size = _fn("FPDFTextObj_GetFontSize", c_int, c_void_p, POINTER(c_float))
path_draw_mode = _fn("FPDFPath_GetDrawMode", c_int, c_void_p, POINTER(c_int), POINTER(c_int))
path_count_segments = _fn("FPDFPath_CountSegments", c_int, c_void_p)
path_segment = _fn("FPDFPath_GetPathSegment", c_void_p, c_void_p, c_int)
segment_type = _fn("FPDFPathSegment_GetType", c_int, c_void_p)
segment_point = _fn("FPDFPathSegment_GetPoint", c_int, c_void_p, POINTER(c_float), POINTER(c_float))
segment_close = _fn("FPDFPathSegment_GetClose", c_int, c_void_p)
font_descent = _fn("FPDFFont_GetDescent", c_int, c_void_p, c_float, POINTER(c_float))
font_base_name = _fn("FPDFFont_GetBaseFontName", ctypes.c_size_t, c_void_p, ctypes.c_char_p, ctypes.c_size_t)

PAGEOBJ_TEXT = c.FPDF_PAGEOBJ_TEXT
PAGEOBJ_PATH = c.FPDF_PAGEOBJ_PATH
PAGEOBJ_IMAGE = c.FPDF_PAGEOBJ_IMAGE
PAGEOBJ_FORM = c.FPDF_PAGEOBJ_FORM
SEGMENT_MOVETO = c.FPDF_SEGMENT_MOVETO
SEGMENT_BEZIERTO = c.FPDF_SEGMENT_BEZIERTO


def address(handle: Any) -> int:
    """The address of a pypdfium2 handle (page, text page)."""
    return ctypes.cast(handle, c_void_p).value or 0
