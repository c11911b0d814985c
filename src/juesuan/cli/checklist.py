"""``juesuan checklist PATH... | --db PATH [--month YYYY-MM] [--out DIR]``: the inspection checklist (检查表) of each
document as .xlsx, and one workbook for the period with every document as a row."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from juesuan.store.sqlite import Store, default_db_path
from juesuan.workspace.checklist import checklists_from_paths, checklists_from_store
from juesuan.workspace.checklist_xlsx import checklist_file_name, write_checklist, write_summary


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("checklist", help="生成检查表（每份文件一张 .xlsx，另附本期汇总表）")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories read now (without them: the stored documents)")
    p.add_argument("--db", default=None, help="stored results (default: $JUESUAN_DB, else ./juesuan.db)")
    p.add_argument("--month", default=None, help="YYYY-MM: only documents first scanned in that month (with --db)")
    p.add_argument("--out", default="out", help="output directory (default: ./out)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.month and not (len(args.month) == 7 and args.month[4] == "-" and args.month.replace("-", "").isdigit()):
        print("juesuan checklist: --month 须为 YYYY-MM", file=sys.stderr)
        return 2
    if args.paths:
        try:
            cls = checklists_from_paths(args.paths)
        except ValueError as e:
            print(f"juesuan checklist: {e}", file=sys.stderr)
            return 2
    else:
        db = Path(args.db or default_db_path())
        if not db.is_file():
            print(f"juesuan checklist: 数据库不存在：{db}（先运行 juesuan scan）", file=sys.stderr)
            return 2
        cls = checklists_from_store(Store(db), month=args.month)
    out = Path(args.out)
    period = args.month or datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    for cl in cls:
        write_checklist(cl, out / "检查表" / checklist_file_name(cl))
    summary = write_summary(cls, out / f"检查表汇总_{period}.xlsx", period=period)
    print(f"已生成 {len(cls)} 份检查表：{out / '检查表'}；汇总：{summary}", file=sys.stderr)
    return 0
