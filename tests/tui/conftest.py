"""Driving the UI headless on the example year: a store built once per session and copied
for each test (SQLite files), and helpers to wait until the screens have loaded."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.worker import WorkerState

from ledger.store import dispose_engines
from tests.conftest import EXAMPLE, open_service
from tui.app import LedgerApp

YEAR_END = date(2024, 12, 31)
SIZE = (130, 40)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (``App.run_test``) in an event loop of their own."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots and colours must not depend on the terminal the tests run in."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.delenv("BUDGET_LEDGER_DB", raising=False)


def _template(folder: Path, *journals: Path) -> Path:
    """A store with ``journals`` imported, its connections closed (the WAL folded in)."""
    path = folder / f"{journals[0].stem}.db"
    service = open_service(str(path))
    for journal in journals:
        service.import_file(journal)
    dispose_engines()
    return path


def _copy(template: Path, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / template.name
    shutil.copy(template, path)
    yield str(path)
    dispose_engines()


@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("example"), EXAMPLE / "journal.csv")


@pytest.fixture(scope="session")
def performance_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example year with its performance facts (targets, revisions, progress,
    the 11 self-evaluations)."""
    folder = tmp_path_factory.mktemp("performance")
    return _template(folder, EXAMPLE / "journal.csv", EXAMPLE / "performance.csv")


@pytest.fixture(scope="session")
def open_year_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example year without its closing row: still open for recording."""
    folder = tmp_path_factory.mktemp("open-year")
    text = (EXAMPLE / "journal.csv").read_text(encoding="utf-8")
    journal = folder / "open-year.csv"
    kept = [line for line in text.splitlines() if ",close," not in line]
    journal.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return _template(folder, journal)


@pytest.fixture
def example_db(example_template: Path, tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the example store (2024 closed, as published)."""
    yield from _copy(example_template, tmp_path)


@pytest.fixture
def performance_db(performance_template: Path, tmp_path: Path) -> Iterator[str]:
    yield from _copy(performance_template, tmp_path)


@pytest.fixture
def open_year_db(open_year_template: Path, tmp_path: Path) -> Iterator[str]:
    yield from _copy(open_year_template, tmp_path)


def app_on(db: str, as_of: date | None = YEAR_END, **kw: object) -> LedgerApp:
    return LedgerApp(db=db, actor="测试员", as_of=as_of, **kw)  # type: ignore[arg-type]


async def settle(pilot: Pilot[None], still: bool = False) -> None:
    """Wait until every query has come back and been drawn (``still``: and the busy
    marker of the top bar, refreshed on a timer, has gone: for screenshots)."""
    quiet = 0
    while quiet < 3:  # a finished query may start the next one (a tab built, then loaded)
        await pilot.pause()
        quiet = quiet + 1 if await queries_done(pilot) else 0
    if still:
        for _ in range(50):  # the busy marker of the top bar goes on a timer's tick
            await pilot.pause(0.1)
            if not pilot.app.busy:  # type: ignore[attr-defined]
                break
        await queries_done(pilot)
    await pilot.pause()


async def queries_done(pilot: Pilot[None]) -> bool:
    """Wait for the workers running now; True if there were none."""
    # A DirectoryTree keeps a worker waiting for folders to load for as long as it lives.
    ours = [
        w
        for w in pilot.app.workers
        if w.group != "_loader" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
    ]
    if ours:  # (an empty list would mean every worker)
        await pilot.app.workers.wait_for_complete(ours)
    return not ours


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def fill(pilot: Pilot[None], **values: str) -> None:
    """Type ``values`` into the record form's fields (named by journal column); a field
    with a fixed vocabulary (资金性质, 支出类型, …) gets the choice of that name."""
    for column, value in values.items():
        field = pilot.app.query_one(f"#field-{column}")
        assert isinstance(field, Input | Select)
        field.value = value
    await pilot.pause()
