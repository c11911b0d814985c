"""Scan benchmark: ``python -m bench.bench_scan [--n 300] [--workers 2] [--keep DIR]``.

Generates n synthetic documents (tools.synth), runs a full ``juesuan scan`` with 2 workers into a
fresh database, then rescans the unchanged corpus (everything reused), and prints documents/minute.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _scan(corpus: Path, db: Path, out: Path, workers: int) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "juesuan.cli.main", "scan", str(corpus), "--out", str(out), "--db", str(db),
                    "--workers", str(workers), "--quiet"], check=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", help="work in this directory instead of a temporary one")
    args = ap.parse_args(argv)
    from tools.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        corpus = work / "corpus"
        t0 = time.perf_counter()
        generate(args.n, corpus, seed=args.seed)
        gen = time.perf_counter() - t0
        db = work / "bench.db"
        db.unlink(missing_ok=True)
        full = _scan(corpus, db, work / "out1", args.workers)
        again = _scan(corpus, db, work / "out2", args.workers)
        lines = [("step", "seconds", "documents/minute"),
                 ("generate", f"{gen:.1f}", f"{args.n / gen * 60:.0f}"),
                 (f"scan ({args.workers} workers)", f"{full:.1f}", f"{args.n / full * 60:.0f}"),
                 ("rescan unchanged", f"{again:.1f}", f"{args.n / again * 60:.0f}")]
        print(f"bench_scan: n={args.n}, workers={args.workers}, seed={args.seed}")
        for a, b, c in lines:
            print(f"{a:<22}{b:>10}{c:>18}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
