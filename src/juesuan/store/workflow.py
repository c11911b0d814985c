"""Workflow tables of the store (schema version 2): users, sign-in sessions, unit status, document flags, events.

All are append-only logs except ``users`` and ``sessions``; the current state is the newest row.

users          the local user list (login, display name, role inspector|reviewer|admin, optional password hash)
sessions       sign-in tokens (kept in a browser cookie so the identity survives reloads)
unit_status    unit-year review status: new | in-review | to-review | closed, with assignee and reviewer
doc_flags      a document excluded or archived by an inspector (with reason), or restored
events         the audit trail: sign-ins, uploads, scans, exports, status changes, exclusions, bulk decisions
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

WORKFLOW_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    login TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL DEFAULT 'inspector',
    password_hash TEXT, created_at TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, login TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unit_status (
    id INTEGER PRIMARY KEY AUTOINCREMENT, unit_key TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT,
    reviewer TEXT, actor TEXT NOT NULL, comment TEXT, at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unit_status_key ON unit_status (unit_key, id);
CREATE TABLE IF NOT EXISTS doc_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL, state TEXT NOT NULL, reason TEXT,
    actor TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT, kind TEXT NOT NULL, subject TEXT,
    detail_json TEXT
);
CREATE INDEX IF NOT EXISTS events_at ON events (at);
"""

UNIT_STATES = ("new", "in-review", "to-review", "closed")
DOC_FLAG_STATES = ("excluded", "archived", "active")
SESSION_DAYS = 14


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 120_000)
    return f"pbkdf2${salt}${dk.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored:
        return True
    try:
        _, salt, _hex = stored.split("$", 2)
    except ValueError:
        return False
    return secrets.compare_digest(hash_password(password, salt), stored)


def log_event(c: sqlite3.Connection, kind: str, actor: str | None, subject: str | None = None,
              detail: dict[str, Any] | None = None) -> int:
    cur = c.execute("INSERT INTO events(at, actor, kind, subject, detail_json) VALUES (?,?,?,?,?)",
                    (_now(), actor, kind, subject, json.dumps(detail or {}, ensure_ascii=False, default=str)))
    return int(cur.lastrowid or 0)


def new_session(c: sqlite3.Connection, login: str) -> str:
    token = secrets.token_urlsafe(24)
    exp = (datetime.now(UTC) + timedelta(days=SESSION_DAYS)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    c.execute("INSERT INTO sessions VALUES (?,?,?,?)", (_hash_token(token), login, _now(), exp))
    return token


def session_login(c: sqlite3.Connection, token: str) -> str | None:
    r = c.execute("SELECT s.login FROM sessions s JOIN users u ON u.login = s.login WHERE s.token_hash=? AND s.expires_at > ?"
                  " AND u.active = 1", (_hash_token(token), _now())).fetchone()
    return str(r[0]) if r else None


def end_session(c: sqlite3.Connection, token: str) -> None:
    c.execute("DELETE FROM sessions WHERE token_hash=?", (_hash_token(token),))


def current_doc_flags(c: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """{sha256: newest flag row} of the documents currently excluded or archived."""
    rows = c.execute("SELECT f.* FROM doc_flags f JOIN (SELECT sha256, MAX(id) id FROM doc_flags GROUP BY sha256) m"
                     " ON f.id = m.id").fetchall()
    return {r["sha256"]: dict(r) for r in rows if r["state"] != "active"}
