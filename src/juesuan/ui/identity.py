"""Sign-in for the workspace: the deployment's identity header, or the local user list with a session cookie.

The identity is never free text typed per session: a person signs in as a registered user (registering once if
new), the session token is kept in a browser cookie (``juesuan_session``) so a reload keeps them signed in, and
``current_inspector()`` is the user's login, which every decision and status change records.
"""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from juesuan.store.sqlite import Store
from juesuan.ui.db import get_store
from juesuan.ui.safetext import md_escape
from juesuan.workspace.users import (
    COOKIE,
    ROLES,
    User,
    add_user,
    get_user,
    header_name,
    sign_in,
    sign_out,
    user_for_token,
    user_from_headers,
    users,
)


def _store() -> Store:
    return get_store()


def _set_cookie(token: str | None) -> None:
    """Store (or clear) the session token in a first-party cookie via a tiny same-origin script."""
    if token:
        value = json.dumps(f"{COOKIE}={token}; path=/; max-age={14 * 86400}; SameSite=Strict")
    else:
        value = json.dumps(f"{COOKIE}=; path=/; max-age=0; SameSite=Strict")
    components.html(f"<script>document.cookie = {value}; try {{ parent.document.cookie = {value}; }} catch (e) {{}}</script>",
                    height=0)


def _cookie_token() -> str | None:
    try:
        v = st.context.cookies.get(COOKIE)
    except Exception:  # no browser context (bare mode)
        return None
    return v if isinstance(v, str) and v else None


def current_user() -> User | None:
    """The signed-in user: proxy header, this session's sign-in, or the session cookie (in that order)."""
    store = _store()
    if header_name():
        try:
            headers = {str(k): str(v) for k, v in st.context.headers.items()}
        except Exception:  # no browser context (bare mode)
            headers = {}
        u = user_from_headers(store, headers)
        if u is not None:
            return u
    login = st.session_state.get("user_login")
    if login:
        u = get_user(store, str(login))
        if u is not None:
            return u
    if not st.session_state.get("signed_out"):
        u = user_for_token(store, _cookie_token())
        if u is not None:
            st.session_state["user_login"] = u.login
            return u
    return None


def current_inspector() -> str:
    u = current_user()
    return u.login if u else ""


def _do_sign_in() -> None:
    login = st.session_state.get("signin_user")
    if not login:
        st.session_state["signin_error"] = "请选择用户。"
        return
    res = sign_in(_store(), str(login), str(st.session_state.get("signin_password") or ""))
    if res is None:
        st.session_state["signin_error"] = "密码不正确。"
        return
    user, token = res
    st.session_state["user_login"] = user.login
    st.session_state["new_token"] = token
    st.session_state["signed_out"] = False
    st.session_state.pop("signin_error", None)


def _do_register() -> None:
    ss = st.session_state
    try:
        u = add_user(_store(), str(ss.get("reg_login") or ""), str(ss.get("reg_name") or ""), str(ss.get("reg_role") or "inspector"),
                     str(ss.get("reg_password") or "") or None)
    except ValueError as e:
        ss["signin_error"] = str(e)
        return
    ss["signin_user"] = u.login
    ss["signin_password"] = ss.get("reg_password") or ""
    _do_sign_in()


def _do_sign_out() -> None:
    store = _store()
    sign_out(store, _cookie_token(), st.session_state.get("user_login"))
    st.session_state["user_login"] = None
    st.session_state["signed_out"] = True
    st.session_state["clear_cookie"] = True


def identity_sidebar() -> User | None:
    """The sidebar block of every page: who is signed in (with sign-out), or the sign-in form."""
    sb = st.sidebar
    if st.session_state.pop("clear_cookie", False):
        with sb:
            _set_cookie(None)
    token = st.session_state.pop("new_token", None)
    if token:
        with sb:
            _set_cookie(token)
    u = current_user()
    if u is not None:
        sb.markdown("**当前用户：** " + md_escape(u.label))
        if not header_name():
            sb.button("退出登录", key="signout", on_click=_do_sign_out)
        return u
    sb.markdown("**请先登录**（审核结论记录登录用户与时间）")
    err = st.session_state.pop("signin_error", None)
    if err:
        sb.error(md_escape(err))
    people = users(_store())
    if people:
        labels = {p.login: p.label for p in people}
        with sb.form("signin_form"):
            st.selectbox("用户", list(labels), index=None, format_func=lambda x: labels.get(x, x), key="signin_user",
                         placeholder="请选择您的用户名")
            st.text_input("密码（未设置密码可留空）", type="password", key="signin_password")
            st.form_submit_button("登录", on_click=_do_sign_in, key="signin_go")
    with sb.expander("新用户登记" if people else "登记第一个用户", expanded=not people):
        with st.form("register_form"):
            st.text_input("登录名", key="reg_login", placeholder="如 zhangsan")
            st.text_input("姓名", key="reg_name")
            st.selectbox("角色", list(ROLES), format_func=lambda r: ROLES[r], key="reg_role")
            st.text_input("密码（可选）", type="password", key="reg_password")
            st.form_submit_button("登记并登录", on_click=_do_register, key="reg_go")
    return None
