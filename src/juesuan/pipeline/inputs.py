"""What a scan was given: expand paths into input files and name the ones that are not regular files.

* Directories are walked without following symbolic links; every entry with a supported suffix that is
  not a directory is an input (a FIFO, a dangling or looping link in a batch folder is reported, not skipped).
* A path named on the command line is an input whatever its suffix; one that does not exist is a usage
  error (``errors``).
* ``special_kind`` says what a non-regular input is (symlink loop, FIFO, device, socket, dangling link)
  without ever opening it: opening a FIFO blocks.
* ``path_key`` is the document key of an input that has no readable content: documents are keyed by
  content, but a file that cannot be read has none, so its key is derived from its path instead
  (prefixed so that it never equals a content hash).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from juesuan.ingest import SUPPORTED_SUFFIXES


def special_kind(path: Path) -> str | None:
    """None for a regular file (or a link to one); else a Chinese description of what the path is."""
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "符号链接循环"
        if e.errno == errno.ENOENT and os.path.islink(path):
            return "悬空符号链接（目标不存在）"
        if e.errno in (errno.EACCES, errno.EPERM):
            return None  # reading it will say "permission denied"
        return f"无法访问（{e.strerror or e}）"
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO），不是普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件，不是普通文件"
    if stat.S_ISSOCK(mode):
        return "套接字，不是普通文件"
    if stat.S_ISDIR(mode):
        return "目录"
    return "不是普通文件"


def _walk(root: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
                out.append(Path(dirpath) / name)
        # links to directories are listed in dirnames and not followed; a link with a supported suffix is an input
        for name in dirnames:
            p = Path(dirpath) / name
            if p.is_symlink() and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
                out.append(p)
    return sorted(out)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Input files (directories recursively, supported types only, sorted; duplicates removed) and usage errors."""
    files: list[Path] = []
    errors: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir() and not path.is_symlink() or (path.is_symlink() and path.is_dir()):
            files.extend(_walk(path))
        elif os.path.lexists(path):
            files.append(path)
        else:
            errors.append(f"路径不存在：{p}")
    seen: set[str] = set()
    unique = []
    for f in files:
        r = os.path.abspath(f)  # the same path twice; two names of one file are two inputs
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, errors


def path_key(path: Path) -> str:
    """Document key for an input without readable content (see the module doc)."""
    return "path-" + hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:59]
