"""``python -m tools.synth_cli --n 300 --out DIR [--seed S] [--pdf]``: synthetic disclosures with a manifest of planted
anomalies (a development tool: it lives outside the library)."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tools.synth_cli", description="生成合成的决算公开文本（含预置异常清单 manifest.json）")
    p.add_argument("--n", type=int, default=300, help="number of documents (default 300)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pdf", action="store_true", help="also write a PDF of each document (reportlab, STSong-Light)")
    return p


def run(args: argparse.Namespace) -> int:
    from tools.synth import generate

    if args.n < 1:
        print("synth: --n 必须为正整数", file=sys.stderr)
        return 2
    formats = ("txt", "pdf") if args.pdf else ("txt",)
    m = generate(args.n, args.out, seed=args.seed, formats=formats)
    planted = sum(len(d["anomalies"]) for d in m["documents"])
    print(f"已生成 {args.n} 份文件（{planted} 处预置异常）：{args.out}/manifest.json", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
