"""Reading speed on the real disclosures, in one command: ``python -m bench.bench_read``.

On every PDF under ../shared/corpus-real (recursively), each engine in its own fresh child
process over the whole corpus:

* ``parse``: our full parse (``juesuan.model.build.parse_file``: pdfium reader + tables,
  sections, claims, performance);
* ``read``: our PDF reader alone, per page, split into text pages (no ruling lines) and table
  pages (ruled);
* ``pdfplumber``: bare pdfplumber ``extract_text`` + ``extract_tables`` on every page;
* ``pypdfium2``: bare pypdfium2 page text (``get_text_range``).

Then a scan of ``--n`` real PDFs (the corpus repeated; each copy gets a distinct trailing PDF
comment so that no analysis is reused) with ``juesuan scan --workers 2`` into a fresh database.
Prints one table; pages/s and documents/minute are per process (one core), peak RSS per child.
Options: ``--n 300`` ``--workers 2`` ``--skip-bare`` (leave out the slow pdfplumber run).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus-real"

_CHILD = r"""
import json, resource, sys, time
what, paths = sys.argv[1], sys.argv[2:]
out = {"pages": 0, "seconds": 0.0, "docs": 0, "text_pages": 0, "text_seconds": 0.0, "table_pages": 0, "table_seconds": 0.0, "failed": 0}
def one(what, path):
    n = 0
    if what == "pdfplumber":
        import pdfplumber
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            for p in pdf.pages:
                p.extract_text(); p.extract_tables(); p.close()
    elif what == "pypdfium2":
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(path)
        n = len(pdf)
        for i in range(n):
            page = pdf[i]; tp = page.get_textpage(); tp.get_text_range(); tp.close(); page.close()
        pdf.close()
    elif what == "read":
        import pypdfium2 as pdfium
        from juesuan.ingest.pdf import _read_page
        from juesuan.ingest.pdfium_page import read_page
        pdf = pdfium.PdfDocument(path)
        n = len(pdf)
        counter = [0]
        for i in range(n):
            t0 = time.perf_counter()
            page = pdf[i]
            pc = read_page(page)
            page.close()
            _read_page(pc, i + 1, counter)
            kind = "table" if pc.edges else "text"
            out[kind + "_pages"] += 1
            out[kind + "_seconds"] += time.perf_counter() - t0
        pdf.close()
    else:
        from juesuan.model.build import parse_file
        n = parse_file(path).page_count or 0
    return n

for path in paths:
    t = time.perf_counter()
    try:
        n = one(what, path)
    except Exception:  # unreadable file (encrypted, damaged): timed, counted, no pages
        n = 0
        out["failed"] += 1
    out["seconds"] += time.perf_counter() - t
    out["pages"] += n
    out["docs"] += 1
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(what: str, files: list[Path]) -> dict:
    res = subprocess.run([sys.executable, "-c", _CHILD, what, *map(str, files)], capture_output=True, text=True, cwd=ROOT)
    if res.returncode:
        raise SystemExit(f"bench_read: the {what} run failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _scan(files: list[Path], n: int, workers: int) -> tuple[float, int]:
    """Seconds for ``juesuan scan`` of n real PDFs (copies made distinct), and how many were read."""
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-read-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(n):
            src = files[i % len(files)]
            dst = corpus / f"{i:03d}_{src.name}"
            shutil.copyfile(src, dst)
            with dst.open("ab") as f:  # bytes after %%EOF are ignored by readers, not by the hash
                f.write(f"\n% juesuan bench copy {i}\n".encode())
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "juesuan.cli.main", "scan", str(corpus), "--out", str(Path(tmp) / "out"),
                        "--db", str(Path(tmp) / "bench.db"), "--workers", str(workers), "--quiet"], check=True, cwd=ROOT)
        secs = time.perf_counter() - t0
        findings = Path(tmp) / "out" / "findings.jsonl"
        docs = len({json.loads(x).get("document") for x in findings.read_text().splitlines() if x.strip()}) if findings.exists() else 0
    return secs, docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300, help="documents in the scan (default 300)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-bare", action="store_true", help="leave out bare pdfplumber (slow)")
    args = ap.parse_args(argv)
    files = sorted(REAL.rglob("*.pdf")) if REAL.exists() else []
    if not files:
        print(f"bench_read: no PDFs under {REAL}", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()} {platform.node()} python {platform.python_version()}; "
          f"{len(files)} PDFs from {REAL}")
    engines = ["parse", "read", "pypdfium2"] + ([] if args.skip_bare else ["pdfplumber"])
    res = {e: _child(e, files) for e in engines}
    print(f"{'engine':<34}{'pages':>7}{'seconds':>10}{'pages/s':>10}{'docs/min':>10}{'peak MB':>9}")
    for e in engines:
        r = res[e]
        label = {"parse": "juesuan parse (pdfium reader)", "read": "juesuan PDF reader only",
                 "pypdfium2": "bare pypdfium2 text", "pdfplumber": "bare pdfplumber text+tables"}[e]
        print(f"{label:<34}{r['pages']:>7}{r['seconds']:>10.1f}{r['pages'] / r['seconds']:>10.1f}"
              f"{r['docs'] / r['seconds'] * 60:>10.0f}{r['rss_mb']:>9.0f}"
              + (f"   ({r['failed']} files unreadable)" if r["failed"] else ""))
    r = res["read"]
    for kind in ("text", "table"):
        if r[f"{kind}_pages"]:
            print(f"{'  reader, ' + kind + ' pages':<34}{r[kind + '_pages']:>7}{r[kind + '_seconds']:>10.1f}"
                  f"{r[kind + '_pages'] / r[kind + '_seconds']:>10.1f}")
    if "pdfplumber" in res:
        print(f"parse speed-up over bare pdfplumber text+tables: "
              f"{res['pdfplumber']['seconds'] / res['parse']['seconds']:.1f}×")
    secs, docs = _scan(files, args.n, args.workers)
    print(f"{f'scan of {args.n} real PDFs, {args.workers} workers':<34}{'':>7}{secs:>10.1f}{'':>10}"
          f"{args.n / secs * 60:>10.0f}   ({docs} documents with findings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
