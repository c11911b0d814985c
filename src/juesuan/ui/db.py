"""The workspace's database: the Store for ``$JUESUAN_DB`` (one per path and process; connections per thread)."""

from __future__ import annotations

import os

import streamlit as st

from juesuan.store.sqlite import Store, default_db_path


def db_path() -> str:
    return os.path.abspath(os.environ.get("JUESUAN_DB") or default_db_path())


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> Store:
    return Store(path)


def get_store() -> Store:
    """The Store for $JUESUAN_DB (one per database path and process; connections are per thread)."""
    return _store_for(db_path())
