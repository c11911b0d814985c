"""Parse speed on PDFs: ``python -m bench.bench_parse``.

For each PDF (the seed texts laid out by tests/pdfmaker.py, plus the real PDFs in
../shared/corpus-real when present) it measures, in fresh child processes so that caches and
peak memory are per run: our reader (juesuan.ingest.pdf.read_pdf), the full parse
(juesuan.model.build.parse_file: reader + tables + sections + claims + performance), and bare
pdfplumber extract_text + extract_tables on every page of the same file.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus-real"

_CHILD = r"""
import json, resource, sys, time
what, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if what == "bare":
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for p in pdf.pages:
            p.extract_text(); p.extract_tables(); p.close()
elif what == "read":
    from juesuan.ingest.pdf import read_pdf
    n = read_pdf(path).page_count
else:
    from juesuan.model.build import parse_file
    n = parse_file(path).page_count
print(json.dumps({"pages": n, "seconds": time.perf_counter() - t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(what: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, what, str(path)], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.pdfmaker import make_pdf

    tmp = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    seeds = [p for p in sorted((ROOT / "corpus").glob("*.txt")) if not p.name.startswith("002")]  # 002 has no tables to lay out
    files = [make_pdf(p, tmp / f"{p.stem}.pdf") for p in seeds]
    files += sorted(REAL.glob("*.pdf")) if REAL.exists() else []
    print(f"machine: {platform.machine()} {platform.node()} python {platform.python_version()}")
    print(f"{'file':<36} {'pages':>5} {'read p/s':>9} {'parse p/s':>10} {'bare p/s':>9} {'parse/bare':>11} {'peak MB':>8}")
    tot = {"read": 0.0, "parse": 0.0, "bare": 0.0}
    pages_all = 0
    for f in files:
        r = {w: _run(w, f) for w in ("read", "parse", "bare")}
        n = r["bare"]["pages"]
        pages_all += n
        for w in tot:
            tot[w] += r[w]["seconds"]
        print(f"{f.name[:36]:<36} {n:>5} {n / r['read']['seconds']:>9.1f} {n / r['parse']['seconds']:>10.1f} "
              f"{n / r['bare']['seconds']:>9.1f} {r['parse']['seconds'] / r['bare']['seconds']:>10.2f}× {r['parse']['rss_mb']:>8.0f}")
    print(f"{'all':<36} {pages_all:>5} {pages_all / tot['read']:>9.1f} {pages_all / tot['parse']:>10.1f} "
          f"{pages_all / tot['bare']:>9.1f} {tot['parse'] / tot['bare']:>10.2f}×")


if __name__ == "__main__":
    main()
