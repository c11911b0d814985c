"""The scan pipeline: files -> parse -> rules -> SQLite, then the corpus-level statistics and ranking.

* Documents are keyed by content hash (computed on every scan: no size/mtime shortcut); an unchanged
  file whose stored result was made by the same parser and rule versions is not parsed again. Files are
  keyed by path: every input path is reported, a content given under two names under each name.
* Each document's model and findings are committed in one transaction as soon as it is done,
  so an interrupted batch (even ``kill -9``) keeps every completed document, and a rerun resumes
  with what is missing; findings have stable keys, so nothing is duplicated.
* Files are analysed in worker processes (``juesuan.pipeline.workers``) under per-file time and memory
  limits; the parent is the only writer. A file that could not be analysed is an ``ingest`` finding
  and is never cached as the document's result.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from juesuan.pipeline.inputs import expand_paths, path_key, special_kind
from juesuan.pipeline.workers import Limits, WorkerPool
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


MAX_MODEL_CHARS = 100_000_000  # a real document's model is ~1 MB of JSON
_META_FIELDS = ("document", "path", "sha256", "kind", "unit", "year", "money_unit", "page_count", "checkable")


def analyse_file(path: str, profile: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """Parse and evaluate one file under ``profile`` (runs in a worker, under its limits). Returns (document
    metadata, findings, the document model serialised with its text lines — recheck needs them): the parent
    only stores what it receives."""
    from juesuan.findings.fold import fold_repeated
    from juesuan.model.build import parse_file
    from juesuan.model.jsonio import document_to_dict, dumps
    from juesuan.pipeline.analyse import rule_findings

    doc = parse_file(path)
    findings = rule_findings(doc, profile)
    doc_d = document_to_dict(doc, include_lines=True)
    doc_d["path"] = path
    model_json = dumps(doc_d)
    if len(model_json) > MAX_MODEL_CHARS:  # the writer never stores (or receives) a model of absurd size
        raise RuntimeError(f"文档模型过大（{len(model_json) / 1e6:.0f} M 字符，上限 {MAX_MODEL_CHARS // 1_000_000} M），未保存")
    return {k: doc_d.get(k) for k in _META_FIELDS}, fold_repeated(findings), model_json


@dataclass
class ScanSummary:
    files: list[str] = field(default_factory=list)  # every input path, in input order
    sha_by_path: dict[str, str] = field(default_factory=dict)  # path -> document key (content hash or path key)
    analysed: int = 0
    rechecked: int = 0  # of analysed: only the rules/profile changed, the stored model was re-evaluated
    reused: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False


# a worker outcome that is not a result -> (ingest problem kind, message); never cached as the document's result
_FAILURES = {
    "timeout": ("timeout", "读取在 {d} 秒后停止（超过单文件处理时间上限），本文件未能核查。"),
    "memory": ("memory", "处理时内存占用超过上限（{d} MB），已停止，本文件未能核查。"),
    "died": ("worker", "处理进程异常终止（重试一次后仍然终止），本文件未能核查。"),
    "error": ("unreadable", "文件处理失败（{d}），本文件未能核查。"),
    "changed": ("unreadable", "文件在扫描过程中被修改，本文件未能核查，请重新扫描。"),
}


def _problem_document(path: Path, key: str, kind: str, message: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from juesuan.findings.ingest import problem_finding
    from juesuan.ingest.raw import IngestProblem
    from juesuan.model.document import Document

    doc = Document(document=path.name, path=str(path), sha256=key, kind="unknown")
    doc_d: dict[str, Any] = {
        "document": path.name, "path": str(path), "sha256": key, "kind": "unknown", "checkable": False,
        "tables": [], "sections": [], "claims": [], "performance": [],
    }
    return doc_d, [problem_finding(doc, IngestProblem(kind, message, fatal=True))]


def scan_paths(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    *,
    workers: int = 1,
    progress: ProgressFn | None = None,
    force: bool = False,
    limits: Limits | None = None,
    profile: str | None = None,
) -> ScanSummary:
    """Scan files into the store under ``profile`` (None: each document's region profile, else national).
    Every input path gets a document key in ``sha_by_path`` and a stored result.

    Files are analysed in worker processes under ``limits`` (see ``juesuan.pipeline.workers``). Results of
    files that could not be analysed (time or memory limit, dead worker, unreadable, not a regular file)
    are stored as ``ingest`` findings but not cached: the next scan tries them again. KeyboardInterrupt
    (Ctrl-C, or SIGTERM via the CLI) stops the workers, marks the scan ``interrupted`` and propagates.
    A stored model whose rules or profile changed is re-evaluated without parsing (``rechecked``)."""
    from juesuan.pipeline.analyse import recheck_document

    t0 = time.perf_counter()
    paths = list(paths)
    files, errors = expand_paths(paths)
    summary = ScanSummary(errors=errors)
    scan_id = store.start_scan({"paths": [str(p) for p in paths], "workers": workers})
    pv, rv = parser_version(), rules_version(profile)
    total = len(files)
    done = 0

    def _tick(name: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, name)

    def _store(path: Path, doc_d: dict[str, Any], findings: list[dict[str, Any]], status: str, cache: bool,
               model_json: str | None = None) -> None:
        doc_d["path"] = os.path.abspath(path)  # the UI runs elsewhere: a relative path would not find the file
        store.save_document(doc_d, findings, parser_version=pv if cache else "", rules_version=rv if cache else "",
                            model_json=model_json)
        store.record_scan_file(scan_id, str(path), doc_d["sha256"], status)

    try:
        todo: dict[str, list[Path]] = {}  # content hash -> paths (one analysis per content)
        for f in files:
            summary.files.append(str(f))
            what = special_kind(f)
            try:
                sha = "" if what else file_sha256(f)
            except OSError as e:
                what = f"文件无法读取（{e.strerror or e}）"
            if what:
                key = path_key(f)
                summary.sha_by_path[str(f)] = key
                kind = "unreadable" if what.startswith("文件无法读取") else "special"
                _store(f, *_problem_document(f, key, kind, f"{what}：{f.name}，本文件未能核查。"), "failed", False)
                summary.failed += 1
                _tick(f.name)
                continue
            summary.sha_by_path[str(f)] = sha
            if sha in todo:
                todo[sha].append(f)
            elif not force and store.has_document(sha, pv, rv):
                summary.reused += 1
                store.record_scan_file(scan_id, str(f), sha, "reused")
                _tick(f.name)
            elif not force and store.has_document(sha, pv) and recheck_document(store, sha, rules_version=rv, profile=profile):
                summary.analysed += 1
                summary.rechecked += 1
                store.record_scan_file(scan_id, str(f), sha, "rechecked")
                _tick(f.name)
            else:
                todo[sha] = [f]
        if progress:
            progress(done, total, "")
        first = {str(ps[0]): (sha, ps) for sha, ps in todo.items()}
        with WorkerPool(partial(analyse_file, profile=profile), workers, limits or Limits.from_env()) as pool:
            for out in pool.run(sorted(first)):
                sha, ps = first[out.item]
                model_json: str | None = None
                if out.failure is None and out.result[0].get("sha256") != sha:
                    out.failure, out.detail = "changed", ""  # the file changed between hashing and reading
                if out.failure is None:
                    doc_d, findings, model_json = out.result
                    cache = True
                    summary.analysed += 1
                else:
                    kind, msg = _FAILURES[out.failure]
                    doc_d, findings = _problem_document(ps[0], sha, kind, msg.format(d=out.detail))
                    cache = False
                    summary.failed += 1
                for i, p in enumerate(ps):
                    if i == 0:
                        _store(p, doc_d, findings, "analysed" if cache else "failed", cache, model_json)
                    else:
                        store.record_scan_file(scan_id, str(p), sha, "same-content")
                    _tick(p.name)
    except KeyboardInterrupt:
        summary.interrupted = True
        store.finish_scan(scan_id, "interrupted")
        raise
    store.finish_scan(scan_id)
    summary.seconds = time.perf_counter() - t0
    return summary


def refresh_corpus(store: Store) -> list[dict[str, Any]]:
    """Recompute statistical findings and the risk ranking over every stored document.

    There is one ranking (``juesuan.stats.ranking``); a failure here propagates to the caller."""
    from juesuan.stats.outliers import statistical_findings
    from juesuan.stats.ranking import rank_documents

    docs = [m for d in store.documents() if (m := store.document_model(d["sha256"])) is not None]
    findings_by_doc: dict[str, list[dict[str, Any]]] = {}
    for f in store.findings(with_state=False):
        if f.get("source") != "statistical":
            findings_by_doc.setdefault(f["sha256"], []).append(f)
    stats = statistical_findings(docs, findings_by_doc)
    store.replace_statistical(stats)
    for sha, fs in stats.items():
        findings_by_doc.setdefault(sha, []).extend(fs)
    decisions = {k: v["state"] for k, v in store.current_decisions().items()}
    rows = rank_documents(docs, findings_by_doc, decisions)
    store.save_scores(rows)
    return rows


def ranking_for_paths(rows: list[dict[str, Any]], summary: ScanSummary) -> list[dict[str, Any]]:
    """One ranking row per scanned path (a content given under two names is two rows, each with its
    own file name), ordered by the stored rank, then input order; ``rank`` renumbered 1..n."""
    by_sha = {r.get("sha256"): r for r in rows}
    order = {p: i for i, p in enumerate(summary.files)}
    out = []
    for path in summary.files:
        r = by_sha.get(summary.sha_by_path.get(path))
        if r is None:
            continue
        out.append({**r, "document": Path(path).name, "path": path})
    out.sort(key=lambda r: (r.get("rank") or 0, order[r["path"]]))
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return out


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
    """Findings of every scanned path in input order (deterministic); a content given under several
    names is reported under each name."""
    cache: dict[str, list[dict[str, Any]]] = {}
    for path in summary.files:
        sha = summary.sha_by_path.get(path)
        if not sha:
            continue
        if sha not in cache:
            cache[sha] = store.findings(sha)
        name = Path(path).name
        for f in cache[sha]:
            yield {**f, "document": name, "path": path}
