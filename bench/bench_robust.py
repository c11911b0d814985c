"""Peak memory and time per hostile input class: ``python -m bench.bench_robust [--big] [--keep DIR]``.

Every input of the test barrage (tests/hostile.py), plus large ones (``--big``: a 25 MB text over the
size cap, a 200 MB garbage .pdf, a 4 MB single-line text, a 16 MB normal text) and the real PDFs in
../shared when present, is analysed exactly as a scan worker does (``analyse_file``) in a fresh process, without the pool's limits;
the table gives wall seconds, the process's peak RSS (``wait4``) and the ingest rules it produced. A
scan stops any file at ``Limits.memory_mb`` (900 MB by default): ``--scan`` also runs the big inputs
through ``juesuan scan`` and reports what the scan made of them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
_CHILD = (
    "import json, sys\n"
    "from juesuan.pipeline.scan import analyse_file\n"
    "meta, findings, _ = analyse_file(sys.argv[1])\n"
    "print(json.dumps(sorted({f['rule_id'] for f in findings if f['category'] == 'ingest'})))\n"
)


def measure(path: Path, timeout: float = 300.0) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, outcome) of analysing one file in a fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    deadline = t0 + timeout
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, ru = os.wait4(proc.pid, 0)
            return timeout, ru.ru_maxrss / 1024, "timeout"
        time.sleep(0.05)
    secs = time.perf_counter() - t0
    out = proc.stdout.read().decode() if proc.stdout else ""
    outcome = ",".join(json.loads(out)) if os.waitstatus_to_exitcode(status) == 0 and out.strip() else f"exit {status}"
    return secs, ru.ru_maxrss / 1024, outcome or "-"


def big_inputs(d: Path) -> dict[str, Path]:
    seed = sorted((ROOT / "corpus").glob("*.txt"))[0].read_bytes()
    out = {
        "text-25MB-over-cap": d / "big.txt",
        "garbage-200MB.pdf": d / "garbage200.pdf",
        "one-line-4MB.txt": d / "oneline.txt",
        "normal-16MB.txt": d / "normal16.txt",
    }
    with open(out["text-25MB-over-cap"], "wb") as fh:
        for _ in range(25 * 1024 * 1024 // len(seed) + 1):
            fh.write(seed)
    with open(out["garbage-200MB.pdf"], "wb") as fh:
        block = os.urandom(1 << 20)
        for _ in range(200):
            fh.write(block)
    out["one-line-4MB.txt"].write_bytes(("增长10%，" * 350_000).encode())
    with open(out["normal-16MB.txt"], "wb") as fh:
        for _ in range(16 * 1024 * 1024 // len(seed)):
            fh.write(seed)
    return out


def scan_big(work: Path) -> None:
    """The big inputs through ``juesuan scan`` (its per-file limits apply): seconds and findings per file."""
    big = work / "big"
    big.mkdir(exist_ok=True)
    for p in big_inputs(work).values():
        os.replace(p, big / p.name)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "juesuan.cli.main", "scan", str(big), "--out", str(work / "big-out"),
                    "--db", str(work / "big.db"), "--quiet"], check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    print(f"\njuesuan scan of the big inputs: {time.perf_counter() - t0:.1f} s")
    rules: dict[str, set[str]] = {}
    for line in (work / "big-out" / "findings.jsonl").read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        if f["category"] == "ingest":
            rules.setdefault(f["document"], set()).add(f["rule_id"])
    for name in sorted(p.name for p in big.iterdir()):
        print(f"  {name}: {', '.join(sorted(rules.get(name, set()))) or 'checked'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--big", action="store_true", help="also the large inputs (writes ~450 MB to the work directory)")
    ap.add_argument("--scan", action="store_true", help="with --big: also scan the big inputs with juesuan scan")
    ap.add_argument("--keep", help="work in this directory instead of a temporary one")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.hostile import make_barrage

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        inputs = make_barrage(work / "barrage")
        inputs = {k: v for k, v in inputs.items() if v.is_file() and not v.is_symlink()}
        if args.big:
            inputs.update(big_inputs(work))
        if SHARED.is_dir():
            for p in sorted(SHARED.glob("corpus-real/*.pdf")) + sorted(SHARED.glob("corpus-real/juesuan/*"))[:3]:
                inputs[f"real:{p.name[:24]}"] = p
        print("| input | MB | seconds | peak RSS MB | ingest findings |")
        print("|---|---|---|---|---|")
        worst = 0.0
        for label, p in inputs.items():
            secs, rss, outcome = measure(p)
            worst = max(worst, rss)
            print(f"| {label} | {p.stat().st_size / 1048576:.1f} | {secs:.1f} | {rss:.0f} | {outcome} |", flush=True)
        print(f"\nmax peak RSS: {worst:.0f} MB over {len(inputs)} inputs")
        if args.big and args.scan:
            scan_big(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
