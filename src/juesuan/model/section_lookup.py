"""Finding sections by name: the score of a section against a mandatory section's name and aliases
(``section_score``, ``find_section``), and the table a narrative heading is about (``table_hint``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from juesuan.model.document import Section
from juesuan.model.sections import _L1, _L2, _L3, _L4, MANDATORY_SECTIONS
from juesuan.model.subjects import similarity
from juesuan.text.normalize import normalize_label, normalize_text
from juesuan.text.similarity import jaro_winkler
from juesuan.vocab.catalog import TABLES


@lru_cache(maxsize=4096)
def _title_key(title: str) -> str:
    t = normalize_label(title)
    for rx in (_L1, _L3, _L2, _L4):
        m = rx.match(normalize_text(title))
        if m:
            t = normalize_label(m.group(2))
            break
    t = re.sub(r"\d{4}年度?", "", t)
    return t


def section_score(section: Section, name: str) -> float:
    """How well ``section`` matches the mandatory section ``name`` (a key of MANDATORY_SECTIONS, or any title)."""
    key = _title_key(section.title)
    spec = MANDATORY_SECTIONS.get(name)
    if spec is None:
        return similarity(key, _title_key(name))
    keywords, aliases = spec
    if any(k in key for k in keywords):
        return max(0.95, max((similarity(key, _alias_key(a)) for a in aliases), default=0.0))
    return max((similarity(key, _alias_key(a)) for a in aliases), default=0.0)


@lru_cache(maxsize=256)
def _alias_key(alias: str) -> str:
    return normalize_label(alias)


def find_section(sections: list[Section], name: str, include_toc: bool = False,
                 threshold: float = 0.85) -> Section | None:
    """The body heading best matching ``name`` (canonical mandatory-section name or a title).
    Among equally good matches the higher-level (smaller ``level``) and earlier heading wins.
    目录 entries are ignored unless ``include_toc`` (a heading only in the 目录 does not count)."""
    best: tuple[float, int, int] | None = None
    hit: Section | None = None
    for k, s in enumerate(sections):
        if s.in_toc and not include_toc:
            continue
        sc = section_score(s, name)
        if sc < threshold:
            continue
        key = (-sc, s.level, k)
        if best is None or key < best:
            best, hit = key, s
    return hit


# --------------------------------------------------------------------------- table hints

_HINT_NOISE = re.compile(r"(情况说明|说明|情况|决算|总体|总表|明细|具体|结构|表|的|公开|\d{4}年度?)")


def _hint_key(s: str) -> str:
    t = normalize_label(s)
    t = re.sub(r"（(?:表|公开)?\s*\d+\s*表?）", "", t)
    t = _HINT_NOISE.sub("", t)
    return t.rstrip("。.")


_HINT_KEYS: list[tuple[str, str]] = []
for _spec in TABLES:
    for _name in (_spec.canonical, *_spec.aliases):
        _HINT_KEYS.append((_hint_key(_name), _spec.id))
_HINT_KEYS.append((_hint_key("财政拨款支出决算情况说明"), "T5"))
_HINT_KEYS.append((_hint_key("一般公共预算财政拨款基本支出"), "T6"))
_HINT_KEYS.append((_hint_key("基本支出决算情况说明"), "T6"))


def table_hint(title: str) -> str | None:
    """"五、一般公共预算财政拨款支出决算情况说明" -> "T5": the table a narrative section explains."""
    key = _hint_key(_title_key(title))
    if not key:
        return None
    if "三公" in key:
        return "T7"
    for k, tid in _HINT_KEYS:
        if key == k:
            return tid
    if len(key) < 4:
        return None
    best, tid_best = 0.0, None
    for k, tid in _HINT_KEYS:
        sc = jaro_winkler(key, k)
        if sc > best:
            best, tid_best = sc, tid
    return tid_best if best >= 0.9 else None
