"""``python -m tui [--db F] [--year Y] …``: the same as ``budget-ledger tui …``."""

import sys

from tui.cli.main import main

sys.exit(main(["tui", *sys.argv[1:]]))
