"""Resolve a narrative subject ("一般公共服务支出（类）商贸事务（款）事业运行（项）", "公务接待费")
to a function or economic classification code.

* ``parse_chain`` splits a "(类)(款)(项)" chain into its named levels.
* ``resolve_subject(subject, known)`` resolves against the codes a document's own tables use
  (``known`` maps code -> name, e.g. {"201": "一般公共服务支出", "2011350": "事业运行"}), with
  jellyfish similarity for the small spelling differences narratives carry ("事各支出" for
  "事务支出", "一般公共服务(类)支出" for "一般公共服务支出"). A chain is resolved level by level
  (a 项 is looked up only under its 类/款), so a 项 name never resolves to a 项 of another 类.
  When the deepest level named in the text cannot be found, nothing is returned (never a
  shallower code: a claim about a 项 must not be compared with its 类 total).
"""

from __future__ import annotations

import re
from functools import lru_cache

from juesuan.text.normalize import code_level, normalize_label
from juesuan.text.similarity import name_similarity

LEVELS = ("类", "款", "项")

_MARK_RE = re.compile(r"（(类|款|项)(?:级)?）")
_LEAD_NOISE = re.compile(r"^(?:[0-9]+[.、]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|其中：?|\*+)+")


def _clean(name: str) -> str:
    s = normalize_label(name)
    s = s.replace("*", "")
    s = _LEAD_NOISE.sub("", s)
    return s.strip("，,。：:；;、 ")


def parse_chain(subject: str) -> list[tuple[str, str]]:
    """"一般公共服务支出（类）商贸事务（款）事业运行（项）" -> [("一般公共服务支出", "类"), ("商贸事务", "款"),
    ("事业运行", "项")]. Empty when the subject carries no level markers. A marker without a name
    ("（款）（款）") is skipped; a trailing "支出" after the last marker ("一般公共服务（类）支出") is
    appended to that level's name."""
    s = _clean(subject)
    parts = _MARK_RE.split(s)  # name, level, name, level, ..., tail
    out: list[tuple[str, str]] = []
    for k in range(0, len(parts) - 1, 2):
        name = parts[k].strip("，,。：:；;、 ")
        if name:
            out.append((name, parts[k + 1]))
    if out:
        tail = parts[-1].strip("，,。：:；;、 ")
        if tail in ("支出", "支出等"):
            name, lvl = out[-1]
            out[-1] = (name + "支出", lvl)
    return out


def chain_level(subject: str) -> str | None:
    chain = parse_chain(subject)
    return chain[-1][1] if chain else None


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """Name similarity in [0, 1]: the lower of Jaro-Winkler and normalised Levenshtein,
    trying the variants with and without a trailing "支出"."""
    return name_similarity(_clean(a), _clean(b))


THRESHOLD = 0.84


def _best(name: str, candidates: dict[str, str]) -> str | None:
    """The code whose name best matches, when the match is good and unambiguous."""
    scored = sorted(((similarity(name, n), c) for c, n in candidates.items()), key=lambda t: (-t[0], len(t[1]), t[1]))
    if not scored or scored[0][0] < THRESHOLD:
        return None
    top, code = scored[0]
    # ambiguous: two different codes with the same best score (e.g. 事业运行 under two 款)
    if len(scored) > 1 and scored[1][0] >= top - 1e-9 and scored[1][1] != code:
        return None
    return code


def resolve_subject(subject: str, known: dict[str, str]) -> tuple[str, str] | None:
    """(code, level) for ``subject`` among ``known`` (code -> name), or None."""
    if not subject or not known:
        return None
    known = {c: n for c, n in known.items() if c and c.isdigit() and len(c) in (3, 5, 7) and n}
    chain = parse_chain(subject)
    if chain:
        prefix = ""
        resolved: str | None = None
        want = {"类": 3, "款": 5, "项": 7}
        for i, (name, lvl) in enumerate(chain):
            n = want[lvl]
            pool = {c: nm for c, nm in known.items() if len(c) == n and c.startswith(prefix)}
            hit = _best(name, pool)
            if hit is None:
                if i == len(chain) - 1:
                    return None  # the deepest named level is not found: never return a shallower code
                continue  # an intermediate level misnamed (款 of an old edition): keep the prefix
            resolved, prefix = hit, hit
        if resolved is None:
            return None
        lvl = code_level(resolved)
        return (resolved, lvl) if lvl else None
    hit = _best(subject, known)
    if hit is None:
        return None
    lvl = code_level(hit)
    return (hit, lvl) if lvl else None
