"""Text and number normalisation shared by every reader and extractor.

* ``normalize_text``: CJK radical code points (⻔ U+2ED4, ⻋ U+2ECB ...) mapped to
  their unified ideographs (Unicode EquivalentUnifiedIdeograph), then NFKC (full-width
  forms, Kangxi radicals, compatibility ideographs), zero-width characters removed,
  runs of white space collapsed and spaces *between two CJK characters* removed
  ("合 计" -> "合计"; PDF exports space-justify short labels).
* ``parse_amount``: a printed money cell -> ``Decimal`` with the printed exponent,
  or ``None`` for blank / dash cells.
* ``parse_code``: "201 06 01" / "2010601" / "[2010601]" -> "2010601".

Raw text is never modified in place: callers keep the verbatim string for evidence.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# CJK Radicals Supplement (U+2E80..U+2EF3) -> equivalent unified ideograph.
# NFKC does not fold these; Kangxi Radicals (U+2F00..) are folded by NFKC.
_RADICALS: dict[int, int] = {
    0x2E81: 0x5382, 0x2E84: 0x4E59, 0x2E85: 0x4EBB, 0x2E86: 0x5182, 0x2E87: 0x51E0,
    0x2E88: 0x5200, 0x2E89: 0x5202, 0x2E8A: 0x535C, 0x2E8B: 0x353E, 0x2E8C: 0x5C0F,
    0x2E8D: 0x5C0F, 0x2E8E: 0x5140, 0x2E8F: 0x5C23, 0x2E90: 0x5C22, 0x2E91: 0x5C23,
    0x2E92: 0x5DF3, 0x2E93: 0x5E7A, 0x2E94: 0x5F51, 0x2E95: 0x5F50, 0x2E96: 0x5FC4,
    0x2E97: 0x5FC3, 0x2E98: 0x624C, 0x2E99: 0x6535, 0x2E9B: 0x65E1, 0x2E9D: 0x6708,
    0x2E9E: 0x6B7A, 0x2E9F: 0x6BCD, 0x2EA0: 0x6C11, 0x2EA1: 0x6C35, 0x2EA2: 0x6C3A,
    0x2EA3: 0x706C, 0x2EA4: 0x722B, 0x2EA5: 0x722B, 0x2EA6: 0x4E2C, 0x2EA7: 0x725B,
    0x2EA8: 0x72AD, 0x2EA9: 0x738B, 0x2EAA: 0x758B, 0x2EAB: 0x76EE, 0x2EAC: 0x793A,
    0x2EAD: 0x793B, 0x2EAE: 0x7AF9, 0x2EAF: 0x7CF9, 0x2EB0: 0x7E9F, 0x2EB2: 0x7F52,
    0x2EB3: 0x7F51, 0x2EB4: 0x7F53, 0x2EB5: 0x7F53, 0x2EB6: 0x7F8A, 0x2EB7: 0x7F8A,
    0x2EB8: 0x7F8B, 0x2EB9: 0x8002, 0x2EBA: 0x8080, 0x2EBB: 0x807F, 0x2EBC: 0x8089,
    0x2EBD: 0x81FC, 0x2EBE: 0x8279, 0x2EBF: 0x8279, 0x2EC0: 0x8279, 0x2EC1: 0x864E,
    0x2EC2: 0x8864, 0x2EC3: 0x8980, 0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2,
    0x2EC7: 0x89D2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECA: 0x8DB3, 0x2ECB: 0x8F66,
    0x2ECC: 0x8FB6, 0x2ECD: 0x8FB6, 0x2ECE: 0x8FB6, 0x2ECF: 0x961D, 0x2ED0: 0x9485,
    0x2ED1: 0x9577, 0x2ED2: 0x9578, 0x2ED3: 0x957F, 0x2ED4: 0x95E8, 0x2ED5: 0x961C,
    0x2ED6: 0x961D, 0x2ED7: 0x96E8, 0x2ED8: 0x9752, 0x2ED9: 0x97E6, 0x2EDA: 0x9875,
    0x2EDB: 0x98CE, 0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDF: 0x98E0, 0x2EE0: 0x9963,
    0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F,
    0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEB: 0x6589,
    0x2EEC: 0x9F50, 0x2EED: 0x6B6F, 0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC, 0x2EF0: 0x9F99,
    0x2EF1: 0x9F9C, 0x2EF2: 0x4E80, 0x2EF3: 0x9F9F,
}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_TRANSLATE = {**_RADICALS, **_ZERO_WIDTH}

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t]+(?=[{_CJK}{_CJK_PUNCT}])")
_WS = re.compile(r"[ \t\u00a0\u3000]+")


def normalize_text(raw: str | None) -> str:
    """Normalised form of ``raw`` for matching (never for evidence)."""
    if not raw:
        return ""
    s = raw.translate(_TRANSLATE)
    s = unicodedata.normalize("NFKC", s)
    # NFKC maps the ideographic space to a plain space and full-width
    # punctuation to ASCII; bring the brackets Chinese headings use back to one form
    s = s.replace("\r", "")
    s = _WS.sub(" ", s)
    s = _SPACE_BETWEEN_CJK.sub("", s)
    return s.strip()


@lru_cache(maxsize=65536)
def normalize_label(raw: str | None) -> str:
    """A label for comparison: normalised, all white space and newlines removed,
    ASCII brackets unified to full-width Chinese brackets, quotes dropped."""
    s = normalize_text((raw or "").replace("\n", ""))
    s = re.sub(r"\s+", "", s)
    s = s.replace("(", "（").replace(")", "）")
    s = re.sub("[\"'“”‘’「」『』]", "", s)
    return s


_DASHES = {"", "-", "—", "–", "--", "——", "－", "/", "／", "…", "……", "—-", "0-", "x", "X", "×", "*"}
_AMOUNT_RE = re.compile(r"^[\(（]?([-−–]?)\s*([0-9][0-9,，]*(?:\.[0-9]+)?|\.[0-9]+)[\)）]?$")


def parse_amount(cell: str | None) -> Decimal | None:
    """Printed money -> Decimal (exponent kept), None when blank/dash/not a number.

    Handles thousands separators, a number wrapped over lines ("1,234.\\n56"),
    trailing unit words ("12.5万元"), minus signs and bracketed negatives.
    """
    if cell is None:
        return None
    s = normalize_text(cell).replace("\n", "").replace(" ", "")
    s = re.sub(r"(万元|亿元|千元|元)$", "", s)
    if s in _DASHES:
        return None
    m = _AMOUNT_RE.match(s)
    if not m:
        return None
    digits = m.group(2).replace(",", "").replace("，", "")
    neg = bool(m.group(1)) or (s.startswith(("(", "（")) and s.endswith((")", "）")))
    try:
        d = Decimal(digits)
    except InvalidOperation:
        return None
    return -d if neg else d


def is_amount(cell: str | None) -> bool:
    return parse_amount(cell) is not None


_PCT_RE = re.compile(r"^([-−]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*%$")


def parse_percent(cell: str | None) -> Decimal | None:
    """"75.90%" -> Decimal("75.90"); None when not a percentage."""
    if cell is None:
        return None
    s = normalize_text(cell).replace(" ", "").replace("％", "%")
    m = _PCT_RE.match(s)
    if not m:
        return None
    return Decimal(m.group(1).replace(",", "").replace("−", "-"))


_CODE_RE = re.compile(r"^\[?\s*(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?\s*\]?$")


def parse_code(cell: str | None) -> str | None:
    """A function or economic code: 3, 5 or 7 digits, possibly split by spaces
    ("201 06 01") or printed in brackets. None when the cell is not a code."""
    if cell is None:
        return None
    s = normalize_text(cell).replace("\n", " ").strip()
    m = _CODE_RE.match(s)
    if not m:
        return None
    code = "".join(g for g in m.groups() if g)
    if code[0] not in "123456789":
        return None
    return code


def code_level(code: str) -> str | None:
    return {3: "类", 5: "款", 7: "项"}.get(len(code))


def snippet(raw: str, limit: int = 200) -> str:
    """A verbatim evidence snippet of at most ``limit`` characters."""
    raw = (raw or "").strip()
    return raw if len(raw) <= limit else raw[: limit - 1] + "…"
