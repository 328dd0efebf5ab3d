"""Every ``budget-ledger …`` command the README shows runs as written, after ``make demo``.

The commands are taken from README.md itself (its code blocks, and code spans in its
text and tables), in the order they appear, and run by the installed console script on
a store made as ``make demo`` makes it, with ``BUDGET_LEDGER_DB`` set as the README says.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

README = REPO / "README.md"
SCRIPT = Path(sys.executable).parent / "budget-ledger"
# Not run here, and why: each is shown, not meant to be pasted on the demo store.
NOT_RUN = {
    "tui": "opens the terminal UI (tested in tests/tui/)",
    "follow": "runs until stopped, on PostgreSQL",
    "roles": "PostgreSQL only (tested in tests/integration/test_roles.py)",
}
# Syntax, not a command: optional parts, ellipses, alternatives, words in capitals.
PLACEHOLDER = re.compile(r"[\[…|]|\b[A-Z]{2,}\b")


def readme_commands() -> list[str]:
    """The runnable commands, in README order: syntax lines (with placeholders) and
    commands naming a PostgreSQL server are left out."""
    text = README.read_text(encoding="utf-8")
    found: list[str] = []
    for block, span in re.findall(r"```sh\n(.*?)```|`(budget-ledger [^`]+)`", text, re.S):
        for line in block.splitlines() if block else [span]:
            command = line.split("  #", 1)[0].strip()
            if command.startswith("budget-ledger ") and not PLACEHOLDER.search(command):
                found.append(command)
    return found


def test_the_readme_names_the_commands_it_leaves_out() -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    skipped = {c.split()[1] for c in commands if c.split()[1] in NOT_RUN}
    assert skipped <= set(NOT_RUN)


def test_every_readme_command_runs_on_the_demo_store(tmp_path: Path) -> None:
    env = {**os.environ, "BUDGET_LEDGER_DB": "demo.db"}
    env.pop("BUDGET_LEDGER_PROJECTIONS", None)

    def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *argv], cwd=tmp_path, env=env, capture_output=True, text=True
        )

    # What `make demo-db` does.
    example = REPO / "examples" / "changzhi-cac-2024"
    files = [str(example / "journal.csv"), str(example / "performance.csv")]  # as make demo
    assert run(["--db", "demo.db", "import", *files]).returncode == 0
    ran = 0
    for command in readme_commands():
        argv = shlex.split(command)[1:]
        if argv[0] in NOT_RUN or "postgresql://" in command:
            continue
        done = run(argv)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr}"
        assert "错误" not in done.stderr, command
        ran += 1
    assert ran >= 15
