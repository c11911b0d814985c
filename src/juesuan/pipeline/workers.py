"""A worker pool that survives its workers: per-file wall-time and memory limits, enforced by the parent.

Each worker is a forked process talking to the parent over a pipe, one file at a time. The parent
watches every busy worker:

* **wall time** — a file still running after ``Limits.seconds`` is stopped (the worker is killed
  and replaced): outcome ``timeout``;
* **memory** — a worker whose resident size passes ``Limits.memory_mb`` is killed: outcome ``memory``
  (a hard address-space limit in the worker backs this up against allocations faster than the poll);
* **death** — a worker that dies without answering (OOM killer, ``kill -9``, a crash in C code) has its
  file retried once in a fresh worker; a second death gives outcome ``died``.

Workers die with their parent (``PR_SET_PDEATHSIG``) and ignore SIGINT (the parent handles Ctrl-C and
kills them). The pool never raises for a worker's fate; every submitted item yields exactly one
``Outcome``.

Test hooks (environment, read by the worker): ``JUESUAN_TEST_HOLD=<substring>`` makes the worker sleep
before a path containing it (attempts ≤ ``JUESUAN_TEST_HOLD_ATTEMPTS``, default 1), so that a test can
``kill -9`` it; ``JUESUAN_TEST_BALLOON=<substring>`` makes it allocate memory without end for such a
path. ``JUESUAN_WORKER_STATUS=<file>`` makes the parent keep ``pid<TAB>attempt<TAB>path`` lines of the
busy workers in that file.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

_POLL_S = 0.1
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Limits:
    """Per-file limits. Defaults: 300 s and 900 MB (peak < 1 GB per input); ``JUESUAN_FILE_TIMEOUT`` / ``JUESUAN_FILE_MEMORY_MB`` override."""

    seconds: float = 300.0
    memory_mb: int = 900

    @classmethod
    def from_env(cls, seconds: float | None = None, memory_mb: int | None = None) -> Limits:
        s = seconds if seconds is not None else float(os.environ.get("JUESUAN_FILE_TIMEOUT") or cls.seconds)
        m = memory_mb if memory_mb is not None else int(os.environ.get("JUESUAN_FILE_MEMORY_MB") or cls.memory_mb)
        if s <= 0 or m <= 0:
            raise ValueError("per-file limits must be positive")
        return cls(seconds=s, memory_mb=m)


@dataclass
class Outcome:
    item: str
    result: Any = None
    failure: str | None = None  # None | "timeout" | "memory" | "died" | "error"
    detail: str = ""
    attempts: int = 1


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the pipe's EOF still ends an idle worker
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _address_limit(memory_mb: int) -> None:
    try:
        import resource

        cap = (memory_mb * 3 + 2048) * 1024 * 1024  # a backstop only: the parent enforces memory_mb on RSS
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass


def _test_hooks(item: str, attempt: int) -> None:
    hold = os.environ.get("JUESUAN_TEST_HOLD")
    if hold and hold in item and attempt <= int(os.environ.get("JUESUAN_TEST_HOLD_ATTEMPTS") or 1):
        time.sleep(600)
    balloon = os.environ.get("JUESUAN_TEST_BALLOON")
    if balloon and balloon in item:
        chunks = []
        while True:
            chunks.append(bytearray(64 * 1024 * 1024))  # bytearray pages are written: resident
            time.sleep(0.01)


def _worker_main(conn: Connection, fn: Callable[[str], Any], parent: int, memory_mb: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _address_limit(memory_mb)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        item, attempt = msg
        try:
            _test_hooks(item, attempt)
            reply: tuple[str, Any] = ("ok", fn(item))
        except MemoryError:
            reply = ("memory", "MemoryError")
        except BaseException as e:  # noqa: BLE001 - every failure is reported to the parent
            reply = ("error", f"{type(e).__name__}: {e}")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", "MemoryError while sending the result"))
        except Exception as e:  # an unpicklable result
            conn.send(("error", f"{type(e).__name__}: {e}"))


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE / 1048576
    except (OSError, IndexError, ValueError):
        return 0.0


class _Worker:
    def __init__(self, fn: Callable[[str], Any], limits: Limits) -> None:
        ctx = get_context("fork")
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, fn, os.getpid(), limits.memory_mb), daemon=True)
        self.proc.start()
        child.close()
        self.item: str | None = None
        self.attempt = 0
        self.started = 0.0

    @property
    def pid(self) -> int:
        return int(self.proc.pid or 0)

    def assign(self, item: str, attempt: int) -> None:
        self.item, self.attempt, self.started = item, attempt, time.monotonic()
        self.conn.send((item, attempt))

    def kill(self) -> None:
        if self.proc.is_alive():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """``run(items)`` yields one ``Outcome`` per item, in completion order. Use as a context manager."""

    def __init__(self, fn: Callable[[str], Any], workers: int = 1, limits: Limits | None = None) -> None:
        self.fn = fn
        self.n = max(1, workers)
        self.limits = limits or Limits.from_env()
        self.workers: list[_Worker] = []
        self.status_file = os.environ.get("JUESUAN_WORKER_STATUS")

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker now (idle ones get a polite stop, busy ones SIGKILL)."""
        for w in self.workers:
            if w.item is None:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
            w.kill()
        self.workers = []
        self._write_status()

    def _write_status(self) -> None:
        if not self.status_file:
            return
        tmp = self.status_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            for w in self.workers:
                if w.item is not None:
                    fh.write(f"{w.pid}\t{w.attempt}\t{w.item}\n")
        os.replace(tmp, self.status_file)

    def _retire(self, w: _Worker) -> None:
        w.kill()
        self.workers.remove(w)

    def run(self, items: list[str]) -> Iterator[Outcome]:
        queue: deque[tuple[str, int]] = deque((it, 1) for it in items)
        while queue or any(w.item is not None for w in self.workers):
            for w in [w for w in self.workers if w.item is None]:
                if not queue:
                    break
                w.assign(*queue.popleft())
            while queue and len(self.workers) < self.n:
                w = _Worker(self.fn, self.limits)
                self.workers.append(w)
                w.assign(*queue.popleft())
            self._write_status()
            busy = [w for w in self.workers if w.item is not None]
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=_POLL_S))
            for w in busy:
                item, attempt = w.item or "", w.attempt
                out: Outcome | None = None
                if w.conn in ready:
                    try:
                        status, payload = w.conn.recv()
                    except (EOFError, OSError, Exception):  # died mid-answer
                        status, payload = "died", None
                    if status == "ok":
                        out = Outcome(item, result=payload, attempts=attempt)
                        w.item = None
                    elif status in ("memory", "error"):
                        out = Outcome(item, failure=status, detail=str(payload), attempts=attempt)
                        self._retire(w)  # a worker that failed may hold broken state: start afresh
                    else:
                        self._retire(w)
                        out = self._death(item, attempt, queue)
                elif w.proc.sentinel in ready or not w.proc.is_alive():
                    self._retire(w)
                    out = self._death(item, attempt, queue)
                elif time.monotonic() - w.started > self.limits.seconds:
                    self._retire(w)
                    out = Outcome(item, failure="timeout", detail=f"{self.limits.seconds:g}", attempts=attempt)
                elif _rss_mb(w.pid) > self.limits.memory_mb:
                    self._retire(w)
                    out = Outcome(item, failure="memory", detail=f"{self.limits.memory_mb}", attempts=attempt)
                if out is not None:
                    self._write_status()
                    yield out

    @staticmethod
    def _death(item: str, attempt: int, queue: deque[tuple[str, int]]) -> Outcome | None:
        if attempt < 2:
            queue.appendleft((item, attempt + 1))
            return None
        return Outcome(item, failure="died", detail="worker died twice", attempts=attempt)
