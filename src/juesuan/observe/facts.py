"""Facts: what extractors assert into the rule engine.

A fact extractor is a plain, tested function ``Document -> list[Fact]`` registered with
``@fact_extractor(kind)``. Rules (rules/**/*.yaml) match facts by ``kind`` and by
conditions over ``fields`` (scalars only); ``evidence`` and exact Decimal ``values`` stay
on the Python side and go into the finding when a rule fires.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document

log = logging.getLogger(__name__)


@dataclass
class Evidence:
    page: int | None = None
    line: int | None = None
    text: str = ""  # verbatim snippet, at most ~200 characters
    table: str | None = None
    row: str | None = None
    column: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"page": self.page, "line": self.line, "text": self.text, "table": self.table, "row": self.row, "column": self.column}


@dataclass
class Fact:
    kind: str
    key: str  # unique within the document for this kind
    fields: dict[str, Any] = field(default_factory=dict)  # str | int | float | bool — what rules match on
    evidence: list[Any] = field(default_factory=list)
    values: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}"


Extractor = Callable[[Document], list[Any]]
_REGISTRY: dict[str, list[Extractor]] = {}
_LOADED = False


# The observation extractors, by stage of the disclosure (A structure … F hygiene). A new extractor
# module is added here; nothing is discovered by file name.
EXTRACTOR_MODULES = (
    "juesuan.observe.structure",
    "juesuan.observe.arithmetic",
    "juesuan.observe.crosstable",
    "juesuan.observe.narrative.extract",
    "juesuan.observe.performance",
    "juesuan.observe.hygiene",
    "juesuan.observe.typography",
    "juesuan.observe.years",
)


def fact_extractor(kind: str) -> Callable[[Extractor], Extractor]:
    """Register ``fn`` as producing facts of ``kind``."""

    def deco(fn: Extractor) -> Extractor:
        fns = _REGISTRY.setdefault(kind, [])
        if all(f.__qualname__ != fn.__qualname__ or f.__module__ != fn.__module__ for f in fns):
            fns.append(fn)
        return fn

    return deco


def load_extractors() -> dict[str, list[Extractor]]:
    """Import every extractor module of ``EXTRACTOR_MODULES`` (importing registers its extractors)."""
    global _LOADED
    if not _LOADED:
        for mod in EXTRACTOR_MODULES:
            importlib.import_module(mod)
        _LOADED = True
    return _REGISTRY


@dataclass
class ExtractorError:
    kind: str
    extractor: str
    error: str


def extract_facts(doc: Document, params: dict[str, Any] | None = None, identities: list[Any] | None = None,
                  ) -> tuple[list[Fact], list[ExtractorError]]:
    """All observations of a document (deterministic order) and the extractors that failed.

    ``params`` are the profile's parameters the operators may need while preparing fields; ``identities``
    the identities declared in rule files (``juesuan.observe.identities``), expanded with the table identities."""
    from juesuan.observe.context import using_params

    with using_params(params, identities or ()):
        return _extract(doc)


def _extract(doc: Document) -> tuple[list[Fact], list[ExtractorError]]:
    facts: list[Fact] = []
    errors: list[ExtractorError] = []
    seen: set[str] = set()
    for kind in sorted(load_extractors()):
        for fn in _REGISTRY[kind]:
            try:
                produced = fn(doc) or []
            except Exception as e:
                log.debug("extractor %s failed: %s", fn.__qualname__, traceback.format_exc())
                errors.append(ExtractorError(kind, f"{fn.__module__}.{fn.__qualname__}", f"{type(e).__name__}: {e}"))
                continue
            for f in produced:
                fid = f"{f.kind}:{f.key}"
                n = 2
                while fid in seen:  # keep every fact, with a unique id
                    fid = f"{f.kind}:{f.key}#{n}"
                    n += 1
                if fid != f"{f.kind}:{f.key}":
                    f.key = fid.split(":", 1)[1]
                seen.add(fid)
                facts.append(f)
    return facts, errors
