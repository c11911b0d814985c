"""Characters -> words -> cell text, with exactly pdfplumber's rules and defaults, faster.

pdfplumber's ``WordExtractor`` (x/y tolerance 3, blanks end a word, no text flow) and
``utils.extract_text`` (words clustered into lines by ``top``, joined by spaces and newlines)
are re-stated here for upright text, without their per-call set-up, because they run once per
table cell and dominate reading time on table pages. Anything else (rotated characters) goes
to pdfplumber itself. ``tests/test_pdf_words.py`` checks the two agree on real pages.
"""

from __future__ import annotations

import itertools
from typing import Any

from pdfplumber.utils.text import LIGATURES, WordExtractor
from pdfplumber.utils.text import extract_text as plumber_extract_text

X_TOL = 3.0
Y_TOL = 3.0

Obj = dict[str, Any]


def _cluster(objs: list[Obj], key: str, tol: float) -> list[list[Obj]]:
    """pdfplumber's ``cluster_objects``: chain sorted distinct values within ``tol``; clusters in
    value order, objects in their original order inside a cluster."""
    values = sorted({o[key] for o in objs})
    index: dict[float, int] = {}
    k = 0
    last = None
    for v in values:
        if last is not None and v > last + tol:
            k += 1
        index[v] = k
        last = v
    out: list[list[Obj]] = [[] for _ in range(k + 1)]
    for o in objs:
        out[index[o[key]]].append(o)
    return out


def _merge(chars: list[Obj], size: bool) -> Obj:
    word = {
        "text": "".join(LIGATURES.get(c["text"], c["text"]) for c in chars),
        "x0": min(c["x0"] for c in chars),
        "x1": max(c["x1"] for c in chars),
        "top": min(c["top"] for c in chars),
        "bottom": max(c["bottom"] for c in chars),
        "upright": True,
    }
    word["doctop"] = word["top"]
    if size:
        word["size"] = chars[0]["size"]
    return word


def _line_words(line: list[Obj], size: bool, out: list[Obj]) -> None:
    cur: list[Obj] = []
    for ch in sorted(line, key=lambda c: c["x0"]):
        if ch["text"].isspace():
            if cur:
                out.append(_merge(cur, size))
                cur = []
            continue
        if cur:
            p = cur[-1]
            if ch["x0"] < p["x0"] or ch["x0"] > p["x1"] + X_TOL or abs(ch["top"] - p["top"]) > Y_TOL:
                out.append(_merge(cur, size))
                cur = [ch]
                continue
        cur.append(ch)
    if cur:
        out.append(_merge(cur, size))


def extract_words(chars: list[Obj], size: bool = True) -> list[Obj]:
    """``WordExtractor(extra_attrs=["size"] if size else []).extract_words(chars)``."""
    if not chars:
        return []
    if not all(c["upright"] for c in chars):
        return WordExtractor(extra_attrs=["size"] if size else []).extract_words(chars)
    out: list[Obj] = []
    groups = itertools.groupby(chars, key=lambda c: c["size"]) if size else [(None, iter(chars))]
    for _, group in groups:
        for line in _cluster(list(group), "top", Y_TOL):
            _line_words(line, size, out)
    return out


def extract_text(chars: list[Obj]) -> str:
    """``pdfplumber.utils.extract_text(chars)`` (layout off)."""
    if not chars:
        return ""
    if not all(c["upright"] for c in chars):
        return str(plumber_extract_text(chars))
    words = extract_words(chars, size=False)
    return "\n".join(" ".join(w["text"] for w in line) for line in _cluster(words, "top", Y_TOL))
