"""Content-addressed copies of scanned source files, kept next to the database: ``<db>.files/<sha256>``.

Evidence views read the source a finding cites; the path recorded at scan time may be relative, on another
machine, moved or edited since. A copy keyed by the content hash is exactly the bytes that were analysed.
``keep_file`` is idempotent and atomic (temp file + rename) and refuses content that does not hash to ``sha256``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_HEX = frozenset("0123456789abcdef")


def kept_dir(db_path: str | os.PathLike[str]) -> Path:
    """The directory of kept copies for a database file."""
    return Path(os.path.abspath(db_path) + ".files")


def _valid_sha(sha256: str) -> bool:
    return len(sha256) == 64 and set(sha256) <= _HEX


def kept_path(db_path: str | os.PathLike[str], sha256: str) -> Path | None:
    """The kept copy of ``sha256`` if there is one."""
    if not _valid_sha(sha256 or ""):
        return None
    p = kept_dir(db_path) / sha256
    return p if p.is_file() else None


def keep_file(db_path: str | os.PathLike[str], sha256: str, source: str | os.PathLike[str]) -> Path | None:
    """Copy ``source`` to ``<db>.files/<sha256>`` unless already kept; None when the content does not match."""
    if not _valid_sha(sha256 or ""):
        return None
    done = kept_path(db_path, sha256)
    if done is not None:
        return done
    src = Path(source)
    if not src.is_file():
        return None
    d = kept_dir(db_path)
    d.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".keep-")
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
                out.write(chunk)
        if h.hexdigest() != sha256:
            os.unlink(tmp)
            return None
        os.replace(tmp, d / sha256)
    except OSError:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return d / sha256
