"""Fixtures: every store-backed test runs on a SQLite file and on a real PostgreSQL.

Every test that reaches PostgreSQL is marked ``postgresql``, so ``-m "not postgresql"``
runs the SQLite half alone (``make check``). Hypothesis has two profiles: ``default``
(``make test``) runs every example a test asks for, ``check`` (``make check``, between
edits, ``--hypothesis-profile=check``) a quarter of them; a test that asks for a number
of examples asks through ``examples``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings

from ledger.service import LedgerService
from ledger.store import dispose_engines
from tui.bench import pgserver as pg
from tui.root import open_service as _open_service

settings.register_profile("check", max_examples=25)

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"  # shipped in the repository (see examples/README.md)
EXAMPLE = EXAMPLES / "changzhi-cac-2024"


def examples(wanted: int) -> int:
    """``wanted`` examples under the default profile; as many fewer under another as its
    ``max_examples`` is below the default's (a quarter under ``check``)."""
    return max(1, wanted * settings().max_examples // settings.get_profile("default").max_examples)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _reaches_postgresql(item):
            item.add_marker(pytest.mark.postgresql)


def _reaches_postgresql(item: pytest.Item) -> bool:
    if "postgres" in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("db_url") == "postgresql"


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    with pg.server() as url:
        yield url


def _create_database(server_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
    else:
        yield _create_database(request.getfixturevalue("postgres"))
    dispose_engines()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield str(tmp_path / "ledger.db")
    dispose_engines()


@pytest.fixture
def new_db(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Make further empty stores of the same kind as ``db_url`` (for round trips)."""

    def make(kind: str) -> str:
        if kind == "sqlite":
            return str(tmp_path / f"ledger-{uuid.uuid4().hex[:6]}.db")
        return _create_database(request.getfixturevalue("postgres"))

    return make


def open_service(url: str, actor: str = "测试员") -> LedgerService:
    return _open_service(url, actor)


def kind_of(url: str) -> str:
    return "postgresql" if url.startswith("postgres") else "sqlite"


@pytest.fixture
def open_year_journal(tmp_path: Path) -> Path:
    """The example year without its closing row: the year still open."""
    text = (EXAMPLE / "journal.csv").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if ",close," not in line]
    path = tmp_path / "open-year.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path
