"""Decode the bytes of a text export: UTF-8 (with or without BOM), UTF-16 with BOM,
GB18030/GBK (the usual Windows Chinese code page), else charset-normalizer's guess.

``decode_bytes`` never raises: it returns ``(text, encoding)`` or ``(None, reason)``.
A decode is accepted only when the result looks like text (few control characters,
few replacement characters), so binary garbage is reported instead of parsed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from juesuan.ingest.raw import IngestProblem, RawDocument

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _plausible(text: str) -> bool:
    if not text:
        return True
    n = len(text)
    bad = len(_CONTROL.findall(text)) + text.count("\ufffd")
    if bad > max(2, n // 200):
        return False
    # private-use / unassigned-looking runs are typical of mis-decoded binary
    pua = sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF)
    return pua <= max(2, n // 100)


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Bytes of a text file -> (text, encoding name) or (None, reason)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data[3:].decode("utf-8")
            if _plausible(text):
                return text, "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
            if _plausible(text):
                return text, "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
        if _plausible(text):
            return text, "utf-8"
        return None, "文件含大量控制字符，不是文本文件"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text) and (_CJK.search(text) or len(text) < 64):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            text = str(best)
            if _plausible(text):
                return text, str(best.encoding)
    except Exception:  # the detector must never stop ingest
        pass
    return None, "无法识别的文本编码"


def open_document(path: str, kind: str) -> tuple[RawDocument, bytes | None]:
    """A RawDocument for ``path`` and its bytes; None (with a fatal problem recorded) when unreadable or empty."""
    p = Path(path)
    raw = RawDocument(path=str(p), name=p.name, kind=kind, sha256="")
    try:
        data = p.read_bytes()
    except OSError as e:
        raw.problems.append(IngestProblem("unreadable", f"文件无法读取（{e.strerror or e}），本文件未能核查。", fatal=True))
        return raw, None
    raw.sha256 = hashlib.sha256(data).hexdigest()
    if not data:
        raw.problems.append(IngestProblem("empty", "文件为空（0 字节），本文件未能核查。", fatal=True))
        return raw, None
    return raw, data
