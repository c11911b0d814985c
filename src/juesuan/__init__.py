"""juesuan — audit of Chinese government budget and final-account disclosures (部门/单位预算、决算公开).

The library API; the ``juesuan`` command and the Streamlit workspace are thin layers over it.

>>> import juesuan
>>> doc = juesuan.parse("corpus/000_42ad79512a4ebfb5.txt")      # Document: meta, sections, tables, claims, …
>>> findings = juesuan.evaluate(doc)                            # list of GUIDE §4 finding dicts
>>> store = juesuan.open_store("juesuan.db")
>>> summary = juesuan.scan(["corpus"], store)                   # parse + rules + store, then the corpus step
>>> rows = juesuan.ranking(store)                               # live ranking with the current triage decisions

Each function imports its stage on first use, so ``import juesuan`` stays cheap and the stages below
never depend on this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from os import PathLike
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from juesuan.model.document import Document
    from juesuan.pipeline.scan import ScanSummary
    from juesuan.store.sqlite import Store

__all__ = ["parse", "evaluate", "open_store", "scan", "recheck", "ranking", "report", "rule_catalog"]


def parse(path: str | PathLike[str]) -> Document:
    """Read one file (.pdf, .txt, .md, .csv, .html, .xlsx) into the document model. Never raises for bad
    input: what could not be read is in ``Document.problems``."""
    from juesuan.model.build import parse_file

    return parse_file(str(path))


def evaluate(doc: Document, profile: str | None = None) -> list[dict[str, Any]]:
    """The rule findings of one parsed document (deterministic order) under ``profile`` (default: by region)."""
    from juesuan.findings.evaluate import evaluate as _evaluate

    return _evaluate(doc, profile=profile)


def open_store(db: str | PathLike[str] | None = None) -> Store:
    """The result store (default ``$JUESUAN_DB``, else ``./juesuan.db``)."""
    from juesuan.store.sqlite import Store, default_db_path

    return Store(db or default_db_path())


def scan(
    paths: Iterable[str | PathLike[str]],
    store: Store,
    *,
    workers: int = 1,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    profile: str | None = None,
) -> ScanSummary:
    """Analyse files and directories into ``store`` (unchanged files are reused; when only the rules or the
    profile changed, the stored model is re-evaluated), then refresh the corpus statistics and the ranking."""
    from juesuan.pipeline.scan import refresh_corpus, scan_paths

    summary = scan_paths(list(paths), store, workers=workers, progress=progress, force=force, profile=profile)
    refresh_corpus(store)
    return summary


def recheck(store: Store, profile: str | None = None) -> Any:
    """Re-evaluate every stored document model under the current rules and ``profile`` without re-parsing."""
    from juesuan.pipeline.recheck import recheck as _recheck

    return _recheck(store, profile=profile)


def ranking(store: Store) -> list[dict[str, Any]]:
    """Documents by risk, highest first, reflecting the current triage decisions."""
    from juesuan.workspace.triage import ranking_rows

    return ranking_rows(store)


def report(store: Store, since: Any, until: Any, out_dir: str | PathLike[str]) -> dict[str, Any]:
    """The period's summary report (Excel and HTML) written into ``out_dir``."""
    from juesuan.workspace.report import build_report

    return build_report(store, since, until, out_dir)


def rule_catalog() -> list[dict[str, Any]]:
    """Every rule: id, title, category, severity, basis, condition, message, examples."""
    from juesuan.rules.catalog import catalog_rows

    return catalog_rows()
