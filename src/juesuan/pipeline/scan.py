"""The scan pipeline: files -> parse -> rules -> SQLite, then the corpus-level statistics and ranking.

* Documents are keyed by content hash; an unchanged file whose stored result was made by the
  same parser and rule versions is not parsed again.
* Each document's model and findings are committed in one transaction as soon as it is done,
  so an interrupted batch (even ``kill -9``) keeps every completed document, and a rerun resumes
  with what is missing; findings have stable keys, so nothing is duplicated.
* ``workers > 1`` parses in a process pool; the parent is the only writer.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from juesuan.ingest import SUPPORTED_SUFFIXES
from juesuan.rules.rulefile import rules_dir
from juesuan.store.sqlite import Store, file_sha256

ProgressFn = Callable[[int, int, str], None]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
# the stages whose code builds the document model (a change re-parses) and those that judge it (a change,
# or a changed rule file / profile, re-evaluates the stored model: juesuan.pipeline.recheck)
_PARSER_STAGES = ("text", "vocab", "ingest", "model")
_RULE_STAGES = ("observe", "rules", "findings")


def _hash_code(stages: tuple[str, ...], h: Any) -> None:
    for stage in stages:
        for p in sorted((_PACKAGE_DIR / stage).rglob("*.py")):
            h.update(str(p.relative_to(_PACKAGE_DIR)).encode())
            h.update(p.read_bytes())


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Hash of the code that builds the document model: a change re-parses stored documents."""
    h = hashlib.sha256()
    _hash_code(_PARSER_STAGES, h)
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def rules_version(profile: str | None = None) -> str:
    """Hash of the judging code, the rule files and profiles, and the profile asked for (None: by region)."""
    root = rules_dir()
    h = hashlib.sha256()
    _hash_code(_RULE_STAGES, h)
    for p in sorted(root.rglob("*.yaml")):
        h.update(str(p.relative_to(root)).encode())
        h.update(p.read_bytes())
    h.update(f"profile={profile or ''}".encode())
    return h.hexdigest()[:16]


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Files to scan (directories recursively, supported types only, sorted) and usage errors."""
    files: list[Path] = []
    errors: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend(sorted(q for q in path.rglob("*") if q.is_file() and q.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"路径不存在：{p}")
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, errors


def analyse_file(path: str, profile: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Parse and evaluate one file (runs in a worker). Returns (document dict with its text lines, findings)."""
    from juesuan.model.build import parse_file
    from juesuan.model.jsonio import document_to_dict
    from juesuan.pipeline.analyse import rule_findings

    doc = parse_file(path)
    return document_to_dict(doc, include_lines=True), rule_findings(doc, profile)  # lines: recheck needs them


@dataclass
class ScanSummary:
    files: list[str] = field(default_factory=list)
    sha_by_path: dict[str, str] = field(default_factory=dict)
    analysed: int = 0
    rechecked: int = 0  # of analysed: only the rules/profile changed, the stored model was re-evaluated
    reused: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _stat_sha(store: Store, path: Path) -> str:
    st = path.stat()
    key = str(path.resolve())
    sha = store.known_file(key, st.st_size, st.st_mtime)
    if sha is None:
        sha = file_sha256(path)
        store.remember_file(key, sha, st.st_size, st.st_mtime)
    return sha


def scan_paths(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    *,
    workers: int = 1,
    progress: ProgressFn | None = None,
    force: bool = False,
    profile: str | None = None,
) -> ScanSummary:
    """Scan files into the store under ``profile`` (None: each document's region profile, else national).
    Returns which content each path had and what was (re)analysed or rechecked."""
    from juesuan.pipeline.analyse import recheck_document

    t0 = time.perf_counter()
    files, errors = expand_paths(paths)
    summary = ScanSummary(errors=errors)
    scan_id = store.start_scan({"paths": [str(p) for p in paths], "workers": workers})
    pv, rv = parser_version(), rules_version(profile)
    todo: list[tuple[Path, str]] = []
    for f in files:
        summary.files.append(str(f))
        try:
            sha = _stat_sha(store, f)
        except OSError:
            sha = ""
        summary.sha_by_path[str(f)] = sha
        if sha and not force and store.has_document(sha, pv, rv):
            summary.reused += 1
            store.record_scan_file(scan_id, str(f), sha, "reused")
        elif sha and not force and store.has_document(sha, pv) and recheck_document(store, sha, rules_version=rv, profile=profile):
            summary.analysed += 1
            summary.rechecked += 1
            store.record_scan_file(scan_id, str(f), sha, "rechecked")
        else:
            todo.append((f, sha))
    total = len(files)
    done = summary.reused
    if progress:
        progress(done, total, "")

    def _store_result(path: Path, sha: str, result: tuple[dict[str, Any], list[dict[str, Any]]] | None, err: str | None) -> None:
        nonlocal done
        if result is None:
            from juesuan.ingest.raw import IngestProblem
            from juesuan.model.document import Document

            doc_d: dict[str, Any] = {
                "document": path.name, "path": str(path), "sha256": sha, "kind": "unknown", "checkable": False,
                "tables": [], "sections": [], "claims": [], "performance": [],
            }
            doc = Document(document=path.name, path=str(path), sha256=sha, kind="unknown")
            from juesuan.findings.ingest import problem_finding

            findings = [problem_finding(doc, IngestProblem("unreadable", f"文件处理失败（{err}），本文件未能核查。", fatal=True))]
            summary.failed += 1
        else:
            doc_d, findings = result
            if not doc_d.get("sha256"):
                doc_d["sha256"] = sha
        doc_d["path"] = str(path)
        store.save_document(doc_d, findings, parser_version=pv, rules_version=rv)
        store.record_scan_file(scan_id, str(path), doc_d["sha256"], "analysed" if result else "failed")
        summary.sha_by_path[str(path)] = doc_d["sha256"]
        summary.analysed += 1
        done += 1
        if progress:
            progress(done, total, path.name)

    if workers <= 1 or len(todo) <= 1:
        for path, sha in todo:
            try:
                res = analyse_file(str(path), profile)
                _store_result(path, sha, res, None)
            except Exception as e:
                _store_result(path, sha, None, f"{type(e).__name__}: {e}")
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            pending: dict[Future[Any], tuple[Path, str]] = {}
            queue = iter(todo)

            def _submit_next() -> bool:
                try:
                    path, sha = next(queue)
                except StopIteration:
                    return False
                pending[pool.submit(analyse_file, str(path), profile)] = (path, sha)
                return True

            for _ in range(workers * 2):
                if not _submit_next():
                    break
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in sorted(finished, key=lambda f: str(pending[f][0])):
                    path, sha = pending.pop(fut)
                    try:
                        _store_result(path, sha, fut.result(), None)
                    except Exception as e:
                        _store_result(path, sha, None, f"{type(e).__name__}: {e}")
                    _submit_next()
    store.finish_scan(scan_id)
    summary.seconds = time.perf_counter() - t0
    return summary


def refresh_corpus(store: Store) -> list[dict[str, Any]]:
    """Recompute statistical findings and the risk ranking over every stored document."""
    docs = [m for d in store.documents() if (m := store.document_model(d["sha256"])) is not None]
    findings_by_doc: dict[str, list[dict[str, Any]]] = {}
    for f in store.findings(with_state=False):
        if f.get("source") != "statistical":
            findings_by_doc.setdefault(f["sha256"], []).append(f)
    try:
        from juesuan.stats.outliers import statistical_findings

        stats = statistical_findings(docs, findings_by_doc)
        store.replace_statistical(stats)
    except ImportError:
        stats = {}
    for sha, fs in stats.items():
        findings_by_doc.setdefault(sha, []).extend(fs)
    decisions = {k: v["state"] for k, v in store.current_decisions().items()}
    try:
        from juesuan.stats.ranking import rank_documents

        rows = rank_documents(docs, findings_by_doc, decisions)
    except ImportError:
        rows = _fallback_ranking(docs, findings_by_doc, decisions)
    store.save_scores(rows)
    return rows


_SEV_W = {"high": 10.0, "medium": 3.0, "low": 1.0, "info": 0.0}


def _fallback_ranking(
    docs: list[dict[str, Any]], findings_by_doc: dict[str, list[dict[str, Any]]], decisions: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for d in docs:
        fs = [f for f in findings_by_doc.get(d["sha256"], []) if decisions.get(f.get("finding_key", "")) != "dismissed"]
        counts = {s: sum(1 for f in fs if f.get("severity") == s) for s in _SEV_W}
        coverage = "full" if d.get("checkable") else "unchecked"
        score = sum(_SEV_W.get(f.get("severity", "info"), 0) for f in fs) + (100.0 if coverage == "unchecked" else 0.0)
        rows.append({"sha256": d["sha256"], "document": d.get("document"), "unit": d.get("unit"), "year": d.get("year"),
                     "score": score, "coverage": coverage, **counts, "top_reasons": ""})
    rows.sort(key=lambda r: (-r["score"], r["document"] or ""))
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    return rows


class ProgressBar:
    """A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10% otherwise)."""

    def __init__(self, stream: Any = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1
        self.t0 = time.perf_counter()

    def __call__(self, done: int, total: int, name: str) -> None:
        if total <= 0:
            return
        frac = done / total
        if self.tty:
            filled = int(self.width * frac)
            bar = "█" * filled + "·" * (self.width - filled)
            rate = done / max(time.perf_counter() - self.t0, 1e-6)
            self.stream.write(f"\r[{bar}] {done}/{total} {rate:5.1f}/s {name[:40]:<40}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        else:
            decile = int(frac * 10)
            if decile != self._last_decile:
                self._last_decile = decile
                self.stream.write(f"扫描进度 {done}/{total}\n")
                self.stream.flush()


def iter_scan_findings(store: Store, summary: ScanSummary) -> Iterator[dict[str, Any]]:
    """Findings of the scanned files in input order (deterministic)."""
    seen: set[str] = set()
    for path in summary.files:
        sha = summary.sha_by_path.get(path)
        if not sha or sha in seen:
            continue
        seen.add(sha)
        yield from store.findings(sha)
