"""Why a database cannot be used, in one Chinese line (``StoreError``), and whether a scan's process is alive."""

from __future__ import annotations

import os


class StoreError(Exception):
    """The database cannot be used (missing where it must exist, not a database, read-only, locked ...)."""


def describe_db_error(e: BaseException) -> str:
    msg = str(e)
    if "not a database" in msg or "malformed" in msg:
        return "文件不是 SQLite 数据库或已损坏"
    if "no such table" in msg or "juesuan database" in msg:
        return "不是 juesuan 的数据库"
    if "readonly" in msg or "read-only" in msg:
        return "数据库只读，无法写入"
    if "unable to open" in msg:
        return "无法打开数据库文件"
    if "locked" in msg:
        return "数据库被其他进程锁定"
    return f"{type(e).__name__}: {msg}"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
