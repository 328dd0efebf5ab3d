"""A throwaway PostgreSQL server, from the server binaries on the machine, for the tests
and the benchmark.

PostgreSQL refuses to run as root, so when the tests run as root the server runs as the
``postgres`` user (as ``.ci/run`` does). ``BUDGET_LEDGER_TEST_PG`` may name an existing
server instead (a URL to its maintenance database, e.g. postgresql://u:p@host/postgres).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def _run(argv: list[str]) -> None:
    subprocess.run(_as_server_user(argv), check=True, capture_output=True, text=True)


def stat_statements_available() -> bool:
    """Whether the server's ``pg_stat_statements`` extension is installed."""
    return bool(glob.glob("/usr/share/postgresql/*/extension/pg_stat_statements.control"))


def _start(bin_dir: Path, root: Path, preload: str = "") -> int:
    """Start the server in ``root`` on a free port; the port it listens on. Servers started
    at once (one per pytest-xdist worker) may be handed the same free port: the loser of
    that race tries another."""
    tries = 3
    while True:
        tries -= 1
        port = _free_port()
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        if preload:
            options += f" -c shared_preload_libraries={preload}"
        start = [str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-o", options]
        try:
            _run([*start, "-l", str(root / "log"), "-w", "start"])
            return port
        except subprocess.CalledProcessError:
            if not tries:
                raise


@contextmanager
def server(statements: bool = False) -> Iterator[str]:
    """Start a server; yield the URL of its ``postgres`` database; stop and remove it.
    ``statements``: with ``pg_stat_statements`` loaded, if it is installed (the benchmark
    asks where the server's time goes)."""
    external = os.environ.get("BUDGET_LEDGER_TEST_PG")
    if external:
        yield external
        return
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="budget-ledger-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    _run(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
    )
    preload = "pg_stat_statements" if statements and stat_statements_available() else ""
    port = _start(bin_dir, root, preload)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
