"""Opening the terminal UI: ``budget-ledger tui`` and ``python -m tui``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def run(args: argparse.Namespace) -> int:
    from tui.app import LedgerApp

    LedgerApp(db=args.db, actor=args.actor, year=args.year, unit=args.unit, as_of=args.as_of).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tui [--db F] [--year Y] …``: the same as ``budget-ledger tui …``."""
    from ledger.cli.main import main as cli

    return cli(["tui", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
