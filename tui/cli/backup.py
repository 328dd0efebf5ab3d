"""``backup -o FILE``: a consistent copy of a SQLite store in one file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ledger.store.backup import backup
from tui.root import OpenLedger


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("backup", help="SQLite：用在线备份接口把整个账本复制到一个文件")
    p.add_argument("--output", "-o", required=True, help="备份文件（写完并核验后才替换原文件）")
    p.set_defaults(run=backup_command)


def backup_command(args: argparse.Namespace) -> int:
    store = OpenLedger(args.db, create=False)
    events = backup(store.url, Path(args.output))
    print(f"已备份 {events:,} 个事件到 {args.output}（已通过完整性检查）")
    return 0
