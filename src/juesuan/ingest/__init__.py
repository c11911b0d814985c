"""Ingest: any supported file -> ``RawDocument`` (blocks + problems). Never raises for bad input.

Size caps (``MAX_BYTES``, per reader kind) are checked before a file is read: a larger file is a fatal
``too-large`` problem, never a reader that runs out of memory. Real disclosures are far below them
(text exports < 5 MB, PDFs < 50 MB).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from juesuan.ingest.raw import IngestProblem, RawDocument

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | XLSX_SUFFIXES
MAX_BYTES = {"pdf": 200 << 20, "xlsx": 20 << 20, "html": 20 << 20, "text": 20 << 20}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sniff_kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF") or suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in XLSX_SUFFIXES and head.startswith(b"PK"):
        return "xlsx"
    low = head[:512].lower()
    if suffix not in TEXT_SUFFIXES and (b"<html" in low or b"<!doctype html" in low):
        return "html"
    return "text"


def read(path: str | os.PathLike[str]) -> RawDocument:
    """Read one file into a RawDocument. Every failure becomes an IngestProblem."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(1024)
            size = os.fstat(fh.fileno()).st_size
            cap = MAX_BYTES[_sniff_kind(p, head)]
            if size > cap:
                h = hashlib.sha256(head)
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
                return RawDocument(
                    path=str(p), name=p.name, kind=_sniff_kind(p, head), sha256=h.hexdigest(),
                    problems=[IngestProblem(
                        "too-large", f"文件过大（{size / 1048576:.1f} MB，此类文件上限 {cap >> 20} MB），未读取，本文件未能核查。",
                        fatal=True)],
                )
            data = head + fh.read()
    except OSError as e:
        return RawDocument(
            path=str(p), name=p.name, kind="unknown", sha256="",
            problems=[IngestProblem("unreadable", f"文件无法读取（{e.strerror or e}），本文件未能核查。", fatal=True)],
        )
    sha = sha256_bytes(data)
    if not data:
        return RawDocument(
            path=str(p), name=p.name, kind=_sniff_kind(p, b""), sha256=sha,
            problems=[IngestProblem("empty", "文件为空（0 字节），本文件未能核查。", fatal=True)],
        )
    kind = _sniff_kind(p, data[:1024])
    try:
        if kind == "pdf":
            from juesuan.ingest.pdf import read_pdf

            raw = read_pdf(str(p))
        elif kind == "xlsx":
            from juesuan.ingest.xlsx import read_xlsx

            raw = read_xlsx(str(p))
        elif kind == "html":
            from juesuan.ingest.html import read_html

            raw = read_html(str(p))
        else:
            if p.suffix.lower() not in TEXT_SUFFIXES and b"\x00" in data[:4096]:
                return RawDocument(
                    path=str(p), name=p.name, kind="unknown", sha256=sha,
                    problems=[IngestProblem("unsupported", f"不支持的文件类型（{p.suffix or '无扩展名'}，二进制内容），本文件未能核查。", fatal=True)],
                )
            from juesuan.ingest.text import read_text

            raw = read_text(str(p))
    except Exception as e:  # a reader bug must not stop the batch
        return RawDocument(
            path=str(p), name=p.name, kind=kind, sha256=sha,
            problems=[IngestProblem("unreadable", f"文件读取失败（{type(e).__name__}: {e}），本文件未能核查。", fatal=True)],
        )
    raw.sha256 = sha
    raw.name = p.name
    raw.path = str(p)
    return raw
