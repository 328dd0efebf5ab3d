"""Opening the terminal UI: ``budget-ledger tui`` and ``python -m tui``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ledger.cli.args import business_date
from ledger.store import ENV_DB


def arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of the UI (shared by ``budget-ledger tui`` and ``python -m tui``)."""
    p.add_argument("--year", type=int, help="打开时的预算年度（默认为库中最新年度）")
    p.add_argument("--unit", help="打开时的单位编码（默认：库中只有一个单位时即为该单位）")
    p.add_argument("--as-of", type=business_date, help="打开时的截至日期（默认为今天，限于年度内）")
    return p


def run(args: argparse.Namespace) -> int:
    from tui.app import LedgerApp

    LedgerApp(db=args.db, actor=args.actor, year=args.year, unit=args.unit, as_of=args.as_of).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tui", description="预算指标账终端界面")
    p.add_argument("--db", help=f"数据库（SQLite 文件或 postgresql:// URL；默认 ${ENV_DB}）")
    p.add_argument("--actor", help="经办人（默认为当前系统用户）")
    return run(arguments(p).parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
