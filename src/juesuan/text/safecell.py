"""Formula neutralisation for every spreadsheet-like export (csv, xlsx): the one home of this concept.

Text from documents and file names reaches exports (unit names, quoted evidence, file names). A cell
starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or another control character is
run as a formula by Excel/LibreOffice (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). Such text is written
as text:

* csv: prefixed with an apostrophe (the convention spreadsheet programs understand as "text");
* xlsx: stored as a string cell (never a formula cell); characters that XML cannot carry are replaced
  by U+FFFD so that hostile text cannot make the export fail either.

A plain number written as a string (``-12.50``, ``+3%``) is left as it is: it is not a formula.
"""

from __future__ import annotations

import re
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # incl. full-width forms
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d[\d,]*)?(?:\.\d+)?%?$")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_formula_like(s: str) -> bool:
    """True when a spreadsheet program could treat ``s`` as a formula or command."""
    if not s:
        return False
    if _CONTROL.match(s):
        return True
    return s.startswith(_TRIGGERS) and not (_PLAIN_NUMBER.match(s.strip()) and any(ch.isdigit() for ch in s))


def csv_cell(value: Any) -> Any:
    """A value safe to write into a csv cell."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: csv_cell(v) for k, v in row.items()}


def xlsx_text(value: Any) -> Any:
    """A value openpyxl can write (XML-illegal characters replaced); non-strings unchanged."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("\ufffd", value)
    return value


def append_row(ws: Any, values: list[Any]) -> None:
    """``ws.append(values)`` with every string written as a text cell, never as a formula."""
    ws.append([xlsx_text(v) for v in values])
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
