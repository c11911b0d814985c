"""Where a stored document's source file is now: the file the evidence views read (no Streamlit here).

Order of preference, each verified by its SHA-256 (the document's identity):
1. the content-addressed copy the store keeps (``<db>.files/<sha256>``, store/files.py);
2. the recorded path — absolute, or relative to the directory the scan/UI was started from
   (``$JUESUAN_LAUNCH_DIR``, set by ``juesuan ui``), the database's directory, the current directory;
3. every path the ``files`` table recorded for that content (the scan records resolved paths).
A found original is copied into the store, so the evidence stays available after the file moves.
When nothing matches, ``SourceFile.message`` says why (missing, or changed since the scan).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from juesuan.store.files import kept_path
from juesuan.store.sqlite import Store, file_sha256


@dataclass
class SourceFile:
    path: Path | None
    message: str | None = None
    kept: bool = False  # served from the store's own copy


@lru_cache(maxsize=256)
def _sha_of(path: str, size: int, mtime: float) -> str:
    return file_sha256(path)


def _matches(p: Path, sha: str) -> bool:
    try:
        st = p.stat()
        return p.is_file() and _sha_of(str(p), st.st_size, st.st_mtime) == sha
    except OSError:
        return False


def candidate_paths(store: Store, recorded: str | None, sha: str) -> list[Path]:
    """Places the source may be, most likely first (deduplicated)."""
    out: list[Path] = []
    if recorded:
        p = Path(recorded)
        if p.is_absolute():
            out.append(p)
        else:
            bases = [os.environ.get("JUESUAN_LAUNCH_DIR"), os.path.dirname(os.path.abspath(store.path)), os.getcwd()]
            out.extend(Path(b) / p for b in bases if b)
    try:
        rows = store.conn.execute("SELECT path FROM files WHERE sha256=? ORDER BY seen_at DESC", (sha,)).fetchall()
    except Exception:  # an older/foreign database without the files table
        rows = []
    out.extend(Path(r[0]) for r in rows if r[0])
    seen: set[str] = set()
    uniq = []
    for p in out:
        k = os.path.normpath(str(p))
        if k not in seen:
            seen.add(k)
            uniq.append(Path(k))
    return uniq


def resolve_source(store: Store, doc: dict[str, object]) -> SourceFile:
    """The readable source file of ``doc`` (a row of ``Store.documents()``), or a message why there is none."""
    sha = str(doc.get("sha256") or "")
    recorded = str(doc.get("path") or "") or None
    kept = kept_path(store.path, sha)
    if kept is not None:
        return SourceFile(kept, kept=True)
    changed = None
    for p in candidate_paths(store, recorded, sha):
        if _matches(p, sha):
            try:
                copy = store.keep_file(sha, p)
            except OSError:
                copy = None
            return SourceFile(copy or p, kept=copy is not None)
        if p.is_file() and changed is None:
            changed = p
    if changed is not None:
        return SourceFile(None, f"原文件（{changed}）在扫描后已被修改，内容与审核时不一致，无法显示原文；请重新扫描该文件。")
    if not recorded:
        return SourceFile(None, "数据库中没有记录原文件路径，也没有保存原文件副本，无法显示原文。")
    return SourceFile(None, f"原文件已不在记录的位置（{recorded}），数据库中也没有保存副本，无法显示原文；请重新上传或扫描该文件。")
