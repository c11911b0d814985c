"""Who is working: the local user list, sign-in sessions, and the deployment's identity header (no Streamlit here).

* The user list lives in the store (``users`` table). ``add_user`` registers a person once (display name, role,
  optional password); ``sign_in`` checks the password and returns a session token — the UI keeps it in a cookie,
  so the identity survives reloads; ``user_for_token`` resolves it again.
* Behind a single-sign-on proxy set ``$JUESUAN_USER_HEADER`` (e.g. ``X-Forwarded-User``): ``user_from_headers``
  takes the identity from that header and registers the user on first sight; no sign-in form is shown then.
Every sign-in and registration is an event.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from juesuan.store.sqlite import Store, now
from juesuan.store.workflow import check_password, end_session, hash_password, log_event, new_session, session_login

ROLES = {"inspector": "审核人", "reviewer": "复核人", "admin": "管理员"}
COOKIE = "juesuan_session"
_LOGIN = re.compile(r"^[\w.\-@\u3400-\u9fff]{1,40}$")


@dataclass
class User:
    login: str
    name: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.name}（{ROLES.get(self.role, self.role)}）"


def _user(r: Any) -> User:
    return User(str(r["login"]), str(r["name"]), str(r["role"]))


def users(store: Store) -> list[User]:
    rows = store.conn.execute("SELECT login, name, role FROM users WHERE active=1 ORDER BY name, login").fetchall()
    return [_user(r) for r in rows]


def get_user(store: Store, login: str) -> User | None:
    r = store.conn.execute("SELECT login, name, role FROM users WHERE login=? AND active=1", (login,)).fetchone()
    return _user(r) if r else None


def add_user(store: Store, login: str, name: str, role: str = "inspector", password: str | None = None,
             *, actor: str | None = None) -> User:
    """Register a user (ValueError for an invalid or taken login, unknown role, or empty name)."""
    login, name = (login or "").strip(), (name or "").strip()
    if not _LOGIN.match(login):
        raise ValueError("登录名只能包含中文、字母、数字及 . - _ @，不超过 40 个字符。")
    if not name or len(name) > 40:
        raise ValueError("请填写姓名（不超过 40 个字符）。")
    if role not in ROLES:
        raise ValueError(f"未知的角色：{role}")
    with store.tx() as c:
        if c.execute("SELECT 1 FROM users WHERE login=?", (login,)).fetchone():
            raise ValueError(f"登录名“{login}”已存在。")
        c.execute("INSERT INTO users(login, name, role, password_hash, created_at) VALUES (?,?,?,?,?)",
                  (login, name, role, hash_password(password) if password else None, now()))
        log_event(c, "user-added", actor or login, login, {"name": name, "role": role})
    return User(login, name, role)


def sign_in(store: Store, login: str, password: str = "") -> tuple[User, str] | None:
    """(user, session token) when the login exists and the password (if one is set) matches; else None."""
    r = store.conn.execute("SELECT login, name, role, password_hash FROM users WHERE login=? AND active=1", (login,)).fetchone()
    if r is None or not check_password(password or "", r["password_hash"]):
        with store.tx() as c:
            log_event(c, "sign-in-failed", login, login)
        return None
    with store.tx() as c:
        token = new_session(c, login)
        log_event(c, "sign-in", login, login)
    return _user(r), token


def sign_out(store: Store, token: str | None, login: str | None) -> None:
    with store.tx() as c:
        if token:
            end_session(c, token)
        log_event(c, "sign-out", login, login)


def user_for_token(store: Store, token: str | None) -> User | None:
    if not token:
        return None
    login = session_login(store.conn, token)
    return get_user(store, login) if login else None


def header_name() -> str | None:
    return (os.environ.get("JUESUAN_USER_HEADER") or "").strip() or None


def user_from_headers(store: Store, headers: Mapping[str, str] | None) -> User | None:
    """The identity the deployment's proxy asserts in ``$JUESUAN_USER_HEADER`` (registered on first sight)."""
    h = header_name()
    if not h or not headers:
        return None
    value = next((v for k, v in headers.items() if k.lower() == h.lower()), None)
    login = (value or "").strip()
    if not login or not _LOGIN.match(login):
        return None
    u = get_user(store, login)
    if u is None:
        try:
            u = add_user(store, login, login, "inspector", actor="header")
        except ValueError:
            u = get_user(store, login)
    return u
