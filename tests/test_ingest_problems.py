"""Bad input never raises: each kind becomes an ingest problem saying what and which pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import ingest
from juesuan.findings.ingest import ingest_findings
from juesuan.model.build import parse_file
from tests.pdfmaker import encrypted_pdf, image_only_pdf, make_pdf, not_a_pdf, truncated_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory):
    return make_pdf(CORPUS / "000_42ad79512a4ebfb5.txt", tmp_path_factory.mktemp("p") / "good.pdf")


def _kinds(raw):
    return {p.kind: p for p in raw.problems}


def test_zero_byte(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    assert _kinds(ingest.read(p))["empty"].fatal


def test_not_a_pdf(tmp_path):
    prob = _kinds(ingest.read(not_a_pdf(tmp_path / "x.pdf")))["not-pdf"]
    assert prob.fatal and "不是 PDF" in prob.message


def test_encrypted(tmp_path):
    prob = _kinds(ingest.read(encrypted_pdf(tmp_path / "enc.pdf")))["encrypted"]
    assert prob.fatal and "加密" in prob.message


def test_truncated(tmp_path, good_pdf):
    raw = ingest.read(truncated_pdf(good_pdf, tmp_path / "cut.pdf"))
    assert raw.problems and raw.problems[0].kind in ("truncated", "empty")


def test_scanned_pages_are_listed(tmp_path, good_pdf):
    raw = ingest.read(image_only_pdf(good_pdf, tmp_path / "scan.pdf", pages=2))
    prob = _kinds(raw)["scanned"]
    assert prob.pages == [1, 2] and prob.fatal and "扫描" in prob.message




def test_unreadable_file_becomes_an_ingest_finding_not_a_crash(tmp_path):
    p = tmp_path / "junk.pdf"
    p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    doc = parse_file(str(p))
    fs = ingest_findings(doc)
    assert fs and all(f["category"] == "ingest" for f in fs)
    assert any(f["severity"] == "high" for f in fs)
