"""``juesuan synth --n 300 --out DIR [--seed S] [--pdf]``: synthetic disclosures with a manifest of planted anomalies."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("synth", help="生成合成的决算公开文本（含预置异常清单 manifest.json）")
    p.add_argument("--n", type=int, default=300, help="number of documents (default 300)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pdf", action="store_true", help="also write a PDF of each document (reportlab, STSong-Light)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from engine.synth import generate

    if args.n < 1:
        print("juesuan synth: --n 必须为正整数", file=sys.stderr)
        return 2
    formats = ("txt", "pdf") if args.pdf else ("txt",)
    m = generate(args.n, args.out, seed=args.seed, formats=formats)
    planted = sum(len(d["anomalies"]) for d in m["documents"])
    print(f"已生成 {args.n} 份文件（{planted} 处预置异常）：{args.out}/manifest.json", file=sys.stderr)
    return 0
