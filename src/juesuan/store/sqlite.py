"""Embedded storage: one SQLite file shared by the CLI and the UI.

Documents are keyed by the SHA-256 of their content, so a rescan of an unchanged
file is free. Every finding has a stable ``finding_key`` (document hash + rule +
evidence position) so inspectors' decisions survive rescans. Writes are committed
per document, so an interrupted batch keeps everything completed before it.

Tables
------
documents      one row per distinct content (sha256): parsed model (JSON), metadata
files          every path seen, with its sha256 and mtime/size (cheap change detection)
scans          one row per ``juesuan scan`` run
scan_files     which file (and content) each scan covered
findings       rule / ingest / statistical findings (statistical ones are replaced per corpus run)
scores         risk score and rank per document (recomputed after each scan)
decisions      append-only triage audit trail (confirmed / dismissed / needs-info / open)
users, sessions, unit_status, doc_flags, events   the inspectors' workflow (store/workflow.py)
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.model import jsonio
from juesuan.store.errors import StoreError, describe_db_error, pid_alive

__all__ = ["Store", "StoreError", "DecisionConflict", "TRIAGE_STATES", "default_db_path", "file_sha256", "finding_key"]
from juesuan.store.workflow import WORKFLOW_SCHEMA

SCHEMA_VERSION = 2  # 2: workflow tables (store/workflow.py)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT,
    kind TEXT,
    unit TEXT,
    year INTEGER,
    money_unit TEXT,
    page_count INTEGER,
    checkable INTEGER NOT NULL DEFAULT 0,
    parser_version TEXT,
    rules_version TEXT,
    model_json TEXT,
    parsed_at TEXT,
    first_seen TEXT
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER,
    mtime REAL,
    seen_at TEXT
);
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    args_json TEXT
);
CREATE TABLE IF NOT EXISTS scan_files (
    scan_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (scan_id, path)
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    seq INTEGER NOT NULL,
    finding_key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    json TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_doc ON findings (sha256, seq);
CREATE TABLE IF NOT EXISTS scores (
    sha256 TEXT PRIMARY KEY,
    score REAL,
    rank INTEGER,
    coverage TEXT,
    json TEXT,
    computed_at TEXT
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_key TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    comment TEXT,
    inspector TEXT NOT NULL,
    at TEXT NOT NULL,
    prev_id INTEGER
);
CREATE INDEX IF NOT EXISTS decisions_key ON decisions (finding_key, id);
"""

TRIAGE_STATES = ("open", "confirmed", "dismissed", "needs-info")


class DecisionConflict(Exception):
    """Another inspector changed the finding's decision since it was read."""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_db_path() -> str:
    return os.environ.get("JUESUAN_DB") or "juesuan.db"


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def finding_key(sha256: str, finding: dict[str, Any]) -> str:
    """Stable identity of a finding across rescans: document, rule (its first code, ``rule_key``, so a renamed
    rule keeps its findings' keys and decisions), evidence positions, values."""
    ev = [(e.get("page"), e.get("line"), e.get("table"), e.get("row"), e.get("column")) for e in finding.get("evidence", [])]
    basis = json.dumps([sha256, finding.get("rule_key") or finding.get("rule_id"), ev, finding.get("values", {}).get("stated")], default=str, ensure_ascii=False)
    return hashlib.sha256(basis.encode()).hexdigest()[:24]


class Store:
    """Thread-safe handle on the SQLite file (WAL mode, one connection per thread)."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True) -> None:
        """Open (``create``: or create) the database. Raises ``StoreError`` with a one-line Chinese reason."""
        self.path = str(path or default_db_path())
        self._local = threading.local()
        p = Path(self.path)
        if not create and not p.is_file():
            raise StoreError(f"数据库不存在：{self.path}（请先运行 juesuan scan，或用 --db 指定已有的数据库）")
        if p.is_dir():
            raise StoreError(f"数据库路径是一个目录：{self.path}")
        try:
            if create:
                p.parent.mkdir(parents=True, exist_ok=True)
            elif self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() is None:
                raise sqlite3.DatabaseError("not a juesuan database")
            # CREATE … IF NOT EXISTS: a new file gets every table, an older juesuan file the ones added since
            self.conn.executescript(_SCHEMA + WORKFLOW_SCHEMA)  # executescript manages its own transaction
            with self.tx() as c:
                c.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self._add_kind_scope_columns()
        except (sqlite3.Error, OSError) as e:
            self.close()
            raise StoreError(f"数据库无法使用：{self.path}（{describe_db_error(e)}）") from e

    # ------------------------------------------------------------------ connection
    @property
    def conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            c.row_factory = sqlite3.Row
            c.execute("PRAGMA journal_mode=WAL")
            c.execute("PRAGMA synchronous=NORMAL")
            c.execute("PRAGMA foreign_keys=ON")
            self._local.conn = c
        return c

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: committed on success, rolled back on error."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            yield c
        except BaseException:
            c.execute("ROLLBACK")
            raise
        else:
            c.execute("COMMIT")

    def close(self) -> None:
        c = getattr(self._local, "conn", None)
        if c is not None:
            c.close()
            self._local.conn = None

    # ------------------------------------------------------------------ files and documents
    def known_file(self, path: str, size: int, mtime: float) -> str | None:
        """The sha256 recorded for this path when size and mtime are unchanged."""
        r = self.conn.execute("SELECT sha256, size, mtime FROM files WHERE path=?", (path,)).fetchone()
        if r and r["size"] == size and r["mtime"] == mtime:
            return r["sha256"]
        return None

    def remember_file(self, path: str, sha256: str, size: int, mtime: float) -> None:
        with self.tx() as c:
            c.execute(
                "INSERT INTO files(path, sha256, size, mtime, seen_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT(path) DO UPDATE SET sha256=excluded.sha256, size=excluded.size, mtime=excluded.mtime, seen_at=excluded.seen_at",
                (path, sha256, size, mtime, now()),
            )

    def has_document(self, sha256: str, parser_version: str | None = None, rules_version: str | None = None) -> bool:
        r = self.conn.execute("SELECT parser_version, rules_version FROM documents WHERE sha256=?", (sha256,)).fetchone()
        if r is None:
            return False
        if parser_version is not None and r["parser_version"] != parser_version:
            return False
        if rules_version is not None and r["rules_version"] != rules_version:
            return False
        return True

    def save_document(
        self,
        doc: dict[str, Any],
        findings: list[dict[str, Any]],
        *,
        parser_version: str = "",
        rules_version: str = "",
        model_json: str | None = None,
    ) -> None:
        """Store a parsed document (``juesuan.model.jsonio`` dict form) and its rule/ingest findings, atomically.

        ``model_json``: the document already serialised (by the worker that parsed it, so that the writer
        never serialises a model of unknown size); ``doc`` then needs only the metadata fields.

        Replaces earlier non-statistical findings of the same content; decisions are
        keyed by finding_key and therefore survive."""
        sha = doc["sha256"]
        ts = now()
        with self.tx() as c:
            c.execute(
                "INSERT INTO documents(sha256, name, path, kind, unit, year, money_unit, page_count, checkable,"
                " parser_version, rules_version, model_json, parsed_at, first_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(sha256) DO UPDATE SET name=excluded.name, path=excluded.path, kind=excluded.kind,"
                " unit=excluded.unit, year=excluded.year, money_unit=excluded.money_unit, page_count=excluded.page_count,"
                " checkable=excluded.checkable, parser_version=excluded.parser_version, rules_version=excluded.rules_version,"
                " model_json=excluded.model_json, parsed_at=excluded.parsed_at",
                (
                    sha,
                    doc.get("document"),
                    doc.get("path"),
                    doc.get("kind"),
                    doc.get("unit"),
                    doc.get("year"),
                    doc.get("money_unit"),
                    doc.get("page_count"),
                    1 if doc.get("checkable") else 0,
                    parser_version,
                    rules_version,
                    model_json if model_json is not None else jsonio.dumps(doc),
                    ts,
                    ts,
                ),
            )
            c.execute("DELETE FROM findings WHERE sha256=? AND source != 'statistical'", (sha,))
            self._insert_findings(c, sha, findings, ts)
            c.execute("UPDATE documents SET report_kind=?, scope=? WHERE sha256=?",
                      (doc.get("report_kind"), doc.get("scope"), sha))

    def _add_kind_scope_columns(self) -> None:
        """Document kind (决算 | 预算) and scope (部门 | 单位): columns added to older databases too."""
        have = {r[1] for r in self.conn.execute("PRAGMA table_info(documents)")}
        with self.tx() as c:
            for col in ("report_kind", "scope"):
                if col not in have:
                    c.execute(f"ALTER TABLE documents ADD COLUMN {col} TEXT")

    def _insert_findings(self, c: sqlite3.Connection, sha: str, findings: Iterable[dict[str, Any]], ts: str) -> None:
        seq0 = c.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM findings WHERE sha256=?", (sha,)).fetchone()[0]
        seen: set[str] = set()
        for i, f in enumerate(findings):
            key = f.get("finding_key") or finding_key(sha, f)
            n = 1
            base = key
            while key in seen:  # identical evidence twice in one document: keep both, deterministically
                n += 1
                key = f"{base}-{n}"
            seen.add(key)
            f = {**f, "finding_key": key}
            source = "statistical" if f.get("category") == "statistical" else ("ingest" if f.get("category") == "ingest" else "rules")
            c.execute(
                "INSERT INTO findings(sha256, seq, finding_key, source, rule_id, category, severity, message, json, created_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(finding_key) DO UPDATE SET seq=excluded.seq, json=excluded.json,"
                " message=excluded.message, severity=excluded.severity, created_at=excluded.created_at",
                (sha, seq0 + i, key, source, f.get("rule_id") or "", f.get("category") or "", f.get("severity") or "info",
                 f.get("message") or "", jsonio.dumps(f), ts),
            )

    def replace_statistical(self, by_document: dict[str, list[dict[str, Any]]]) -> None:
        """Replace all statistical findings (they are a property of the corpus, recomputed each run)."""
        ts = now()
        with self.tx() as c:
            c.execute("DELETE FROM findings WHERE source='statistical'")
            for sha, fs in sorted(by_document.items()):
                self._insert_findings(c, sha, fs, ts)

    def documents(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT sha256, name, path, kind, report_kind, scope, unit, year, money_unit, page_count, checkable, parsed_at, first_seen"
            " FROM documents ORDER BY name, sha256"
        ).fetchall()
        return [dict(r) for r in rows]

    def document_model(self, sha256: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT model_json FROM documents WHERE sha256=?", (sha256,)).fetchone()
        return json.loads(r["model_json"], parse_float=Decimal) if r and r["model_json"] else None

    def findings(self, sha256: str | None = None, *, with_state: bool = True) -> list[dict[str, Any]]:
        """Findings (GUIDE §4 dicts + finding_key, sha256, source), document order; with the current triage state."""
        q = "SELECT sha256, finding_key, source, json, created_at FROM findings"
        args: tuple[Any, ...] = ()
        if sha256:
            q += " WHERE sha256=?"
            args = (sha256,)
        q += " ORDER BY sha256, CASE source WHEN 'ingest' THEN 0 WHEN 'rules' THEN 1 ELSE 2 END, seq"
        out = []
        states = self.current_decisions() if with_state else {}
        for r in self.conn.execute(q, args).fetchall():
            f = json.loads(r["json"], parse_float=Decimal)
            f["finding_key"] = r["finding_key"]
            f["sha256"] = r["sha256"]
            f["source"] = r["source"]
            f["created_at"] = r["created_at"]
            if with_state:
                d = states.get(r["finding_key"])
                f["triage"] = d["state"] if d else "open"
                f["triage_id"] = d["id"] if d else None
            out.append(f)
        return out

    # ------------------------------------------------------------------ scans
    def start_scan(self, args: dict[str, Any]) -> int:
        """Record a new scan (with this process's pid); earlier scans left 'running' by a process that no
        longer exists (kill -9, power loss) are marked 'interrupted' first."""
        with self.tx() as c:
            for r in c.execute("SELECT id, args_json FROM scans WHERE status='running'").fetchall():
                try:
                    pid = int(json.loads(r["args_json"] or "{}").get("pid") or 0)
                except (ValueError, TypeError, AttributeError):
                    pid = 0
                if pid and not pid_alive(pid):
                    c.execute("UPDATE scans SET status='interrupted' WHERE id=?", (r["id"],))
            cur = c.execute("INSERT INTO scans(started_at, args_json) VALUES (?,?)",
                            (now(), json.dumps({**args, "pid": os.getpid()}, ensure_ascii=False)))
            return int(cur.lastrowid or 0)

    def record_scan_file(self, scan_id: int, path: str, sha256: str, status: str) -> None:
        with self.tx() as c:
            c.execute("INSERT OR REPLACE INTO scan_files VALUES (?,?,?,?)", (scan_id, path, sha256, status))

    def finish_scan(self, scan_id: int, status: str = "done") -> None:
        with self.tx() as c:
            c.execute("UPDATE scans SET finished_at=?, status=? WHERE id=?", (now(), status, scan_id))

    # ------------------------------------------------------------------ scores
    def save_scores(self, rows: list[dict[str, Any]]) -> None:
        ts = now()
        with self.tx() as c:
            c.execute("DELETE FROM scores")
            for r in rows:
                c.execute(
                    "INSERT INTO scores VALUES (?,?,?,?,?,?)",
                    (r["sha256"], r.get("score"), r.get("rank"), r.get("coverage"), jsonio.dumps(r), ts),
                )

    def scores_stale(self) -> bool:
        """True when a triage decision was recorded after the ranking was last computed."""
        r = self.conn.execute(
            "SELECT (SELECT MAX(at) FROM decisions) > COALESCE((SELECT MAX(computed_at) FROM scores), '')"
        ).fetchone()
        return bool(r[0])

    def scores(self) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self.conn.execute("SELECT json FROM scores ORDER BY rank, sha256").fetchall()]

    # ------------------------------------------------------------------ triage
    def current_decisions(self) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT d.* FROM decisions d JOIN (SELECT finding_key, MAX(id) AS id FROM decisions GROUP BY finding_key) m"
            " ON d.id = m.id"
        ).fetchall()
        return {r["finding_key"]: dict(r) for r in rows}

    def decide(
        self,
        finding_key: str,
        state: str,
        inspector: str,
        *,
        reason: str | None = None,
        comment: str | None = None,
        expected_prev: int | None | str = "any",
    ) -> int:
        """Append a decision. ``expected_prev`` is the decision id the inspector saw (None = no decision yet);
        if another decision was stored in between, raise DecisionConflict instead of overwriting it."""
        if state not in TRIAGE_STATES:
            raise ValueError(f"unknown triage state {state!r}")
        if state == "dismissed" and not (reason or "").strip():
            raise ValueError("a dismissal needs a reason")
        if not inspector.strip():
            raise ValueError("inspector name required")
        with self.tx() as c:
            r = c.execute("SELECT MAX(id) FROM decisions WHERE finding_key=?", (finding_key,)).fetchone()
            prev = r[0]
            if expected_prev != "any" and prev != expected_prev:
                raise DecisionConflict(finding_key)
            cur = c.execute(
                "INSERT INTO decisions(finding_key, state, reason, comment, inspector, at, prev_id) VALUES (?,?,?,?,?,?,?)",
                (finding_key, state, reason, comment, inspector, now(), prev),
            )
            return int(cur.lastrowid or 0)

    def keep_file(self, sha256: str, path: str | Path) -> Path | None:
        """Keep a content-addressed copy of a scanned file (``<db>.files/<sha256>``, see store/files.py)."""
        from juesuan.store.files import keep_file

        return keep_file(self.path, sha256, path)

    def decision_history(self, finding_key: str | None = None) -> list[dict[str, Any]]:
        if finding_key:
            rows = self.conn.execute("SELECT * FROM decisions WHERE finding_key=? ORDER BY id", (finding_key,)).fetchall()
        else:
            rows = self.conn.execute("SELECT * FROM decisions ORDER BY id").fetchall()
        return [dict(r) for r in rows]
