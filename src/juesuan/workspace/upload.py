"""Safe handling of uploaded files and background scans (used by the UI's upload page).

* ``sanitize_filename`` keeps a readable name but removes everything that could escape or confuse:
  path parts (``../``, ``\\``, drive letters), NUL and control characters, bidi overrides and zero-width
  characters, reserved characters and device names; limits the length (keeping the extension).
* ``save_upload`` writes the bytes under ``<data dir>/<sha256[:16]>/<safe name>`` — never outside the data
  directory (checked on the resolved path, symlinks refused), size-limited, atomic (temp file + rename).
* ``start_scan`` runs ``juesuan scan`` as a separate process (so the per-file time and memory limits of its
  workers hold and nothing is parsed inside the UI server), watched by a background thread, one scan at a
  time per process; ``ScanJob`` mirrors its progress (``--status-file``). Any failure ends the job with a
  message, never an exception in the UI.
  A finished scan keeps a content-addressed copy of each scanned file (``Store.keep_file``) and is logged
  as an event.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_NAME_CHARS = 120
ALLOWED_SUFFIXES = (".pdf", ".txt", ".md", ".text", ".csv", ".tsv", ".html", ".htm", ".xhtml", ".xlsx", ".xlsm")

_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def uploads_dir(db_path: str | os.PathLike[str]) -> Path:
    """The default data directory for uploads: ``uploads/`` next to the database file."""
    return Path(os.path.abspath(db_path)).parent / "uploads"


def sanitize_filename(name: str | None, max_chars: int = MAX_NAME_CHARS) -> str:
    """A safe single path component derived from an uploaded file's name (never empty, never a path)."""
    s = str(name or "")
    s = s.replace("\x00", "")
    s = unicodedata.normalize("NFKC", s)  # full-width ／ and ．．, ligatures, compatibility forms
    s = re.split(r"[/\\]", s)[-1]  # last path component only
    s = "".join(ch for ch in s if unicodedata.category(ch) not in _INVISIBLE)  # controls, bidi, zero-width
    s = _RESERVED.sub("_", s)
    s = re.sub(r"\s+", " ", s).strip(" .")  # no leading dots (hidden files, ..) or trailing dots/spaces
    stem, dot, suffix = s.rpartition(".")
    if not dot:
        stem, suffix = s, ""
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix)[:8].lower()
    stem = stem.strip(" .") or "upload"
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = "_" + stem
    budget = max(1, max_chars - (len(suffix) + 1 if suffix else 0))
    # limit by characters and by UTF-8 bytes (file systems allow 255 bytes per component)
    while len(stem) > budget or len(stem.encode("utf-8")) > 200:
        stem = stem[:-1]
    stem = stem.rstrip(" .") or "upload"
    return f"{stem}.{suffix}" if suffix else stem


@dataclass
class SavedUpload:
    ok: bool
    name: str  # the sanitized name
    path: Path | None = None
    sha256: str | None = None
    message: str | None = None  # why it was refused (Chinese)
    size: int = 0


def _inside(base: Path, target: Path) -> bool:
    try:
        target.relative_to(base)
    except ValueError:
        return False
    return True


def save_upload(data: bytes, name: str | None, dest_dir: str | os.PathLike[str], *, max_bytes: int = MAX_UPLOAD_BYTES) -> SavedUpload:
    """Store one uploaded file under ``dest_dir``; refuse (with a message) what cannot be stored safely."""
    safe = sanitize_filename(name)
    size = len(data or b"")
    if size > max_bytes:
        return SavedUpload(False, safe, message=f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB），未保存。", size=size)
    suffix = os.path.splitext(safe)[1].lower()
    if suffix not in ALLOWED_SUFFIXES:
        return SavedUpload(False, safe, message=f"不支持的文件类型（{suffix or '无扩展名'}），仅支持 PDF、文本、HTML、Excel。", size=size)
    base = Path(dest_dir)
    base.mkdir(parents=True, exist_ok=True)
    base = base.resolve(strict=True)
    sha = hashlib.sha256(data).hexdigest()
    sub = base / sha[:16]
    if sub.is_symlink():
        return SavedUpload(False, safe, message="上传目录异常（符号链接），未保存。", size=size)
    sub.mkdir(exist_ok=True)
    target = sub / safe
    if not _inside(base, sub.resolve(strict=True)) or not _inside(base, target.parent.resolve(strict=True)) or target.is_symlink():
        return SavedUpload(False, safe, message="文件名不安全，未保存。", size=size)
    if target.exists():
        try:
            if target.stat().st_size == size and hashlib.sha256(target.read_bytes()).hexdigest() == sha:
                return SavedUpload(True, safe, target, sha, size=size)
        except OSError:
            pass
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=str(sub))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return SavedUpload(False, safe, message=f"保存失败（{e.strerror or e}）。", size=size)
    return SavedUpload(True, safe, target, sha, size=size)


# ------------------------------------------------------------------ background scans


@dataclass
class ScanJob:
    id: str
    paths: list[str]
    db_path: str
    status: str = "queued"  # queued | running | done | failed
    done: int = 0
    total: int = 0
    current: str = ""
    message: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.time)
    finished: float | None = None
    actor: str = ""

    @property
    def finished_ok(self) -> bool:
        return self.status == "done"

    @property
    def fraction(self) -> float:
        if self.status == "done":
            return 1.0
        return (self.done / self.total) if self.total else 0.0


_JOBS: dict[str, ScanJob] = {}
_JOBS_LOCK = threading.Lock()
_SCAN_LOCK = threading.Lock()  # one scan at a time per process (CPU is shared; SQLite has one writer)


def get_job(job_id: str | None) -> ScanJob | None:
    with _JOBS_LOCK:
        return _JOBS.get(job_id or "")


def jobs() -> list[ScanJob]:
    with _JOBS_LOCK:
        return sorted(_JOBS.values(), key=lambda j: j.started)


def _scan_command(job: ScanJob, out_dir: str, status_file: str) -> list[str]:
    return [sys.executable, "-m", "juesuan.cli.main", "scan", *job.paths, "--db", job.db_path, "--out", out_dir,
            "--quiet", "--status-file", status_file]


def _read_status(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            return dict(json.load(fh))
    except (OSError, ValueError):
        return {}


def _run_job(job: ScanJob) -> None:
    """Run the scan as a separate ``juesuan scan`` process (its workers keep the per-file limits; nothing is
    parsed inside the UI server) and mirror its progress into ``job``."""
    with _SCAN_LOCK:
        job.status = "running"
        try:
            with tempfile.TemporaryDirectory(prefix="juesuan-scan-") as tmp:
                status_file = os.path.join(tmp, "status.json")
                with open(os.path.join(tmp, "stderr.txt"), "w+", encoding="utf-8") as err:
                    proc = subprocess.Popen(_scan_command(job, os.path.join(tmp, "out"), status_file),
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
                    while proc.poll() is None:
                        st = _read_status(status_file)
                        job.done, job.total, job.current = st.get("done", job.done), st.get("total", job.total), st.get("current", "")
                        time.sleep(0.2)
                    err.seek(0)
                    stderr_lines = [x.strip() for x in err.read().splitlines() if x.strip()]
                st = _read_status(status_file)
                job.summary = {
                    "files": len(st.get("sha_by_path") or {}),
                    "analysed": st.get("analysed"),
                    "reused": st.get("reused"),
                    "failed": st.get("failed"),
                    "errors": list(st.get("errors") or []),
                    "sha_by_path": dict(st.get("sha_by_path") or {}),
                }
                if proc.returncode == 0 and st.get("state") == "done":
                    from juesuan.store.sqlite import Store

                    _keep_and_log(Store(job.db_path), job)
                    job.status = "done"
                else:
                    job.status = "failed"
                    why = stderr_lines[-1] if stderr_lines else f"扫描进程退出码 {proc.returncode}"
                    job.message = f"扫描失败（{why}）。"
        except Exception as e:
            job.status = "failed"
            job.message = f"扫描失败（{type(e).__name__}: {e}）。"
        finally:
            job.finished = time.time()


def _keep_and_log(store: Any, job: ScanJob) -> None:
    """Keep a content-addressed copy of every scanned upload (evidence survives the upload directory) and log the scan."""
    from juesuan.store.workflow import log_event

    kept = 0
    for path, sha in (job.summary.get("sha_by_path") or {}).items():
        try:
            kept += store.keep_file(sha, path) is not None
        except OSError as e:
            job.summary["errors"].append(f"无法保存文件副本（{type(e).__name__}）：{os.path.basename(path)}")
    with store.tx() as c:
        log_event(c, "scan", job.actor or None, f"上传扫描 {job.id}",
                  {"files": [os.path.basename(p) for p in job.paths], "analysed": job.summary.get("analysed"),
                   "reused": job.summary.get("reused"), "kept": kept})


def start_scan(paths: list[str | os.PathLike[str]], db_path: str | os.PathLike[str], actor: str = "") -> ScanJob:
    """Scan ``paths`` into the database in a background thread; returns the job to poll."""
    job = ScanJob(id=uuid.uuid4().hex[:12], paths=[str(p) for p in paths], db_path=str(db_path), total=len(paths), actor=actor)
    with _JOBS_LOCK:
        _JOBS[job.id] = job
    threading.Thread(target=_run_job, args=(job,), name=f"juesuan-scan-{job.id}", daemon=True).start()
    return job


def wait(job: ScanJob, timeout: float = 120.0) -> ScanJob:
    """Block until the job ends (tests and scripts)."""
    t0 = time.time()
    while job.status in ("queued", "running") and time.time() - t0 < timeout:
        time.sleep(0.05)
    return job
