"""A large journal is read and parsed by a worker process while the ledger applies it:
the same facts are recorded as when the importer reads it itself, and however the import
ends the worker ends with it. (The hostile corpus is also refused through the worker in
the same words: ``test_hostile.py``.)"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from ledger.importer import ImportRejected
from ledger.journal import chunks
from tests.conftest import EXAMPLE, open_service
from tests.journal_files import appropriation, payment, write


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """Every file read by a worker; the workers started, to look at afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(chunks, "IN_PROCESS_BELOW", 0)
    monkeypatch.setattr(chunks.subprocess, "Popen", popen)
    return started


def _export(svc: Any, path: Path) -> bytes:
    from sqlalchemy.orm import Session

    from ledger.export import journal_rows
    from ledger.journal.write import write_journal

    with Session(svc.engine) as session:
        write_journal(journal_rows(session, svc.ledger.mapper), path, "csv")
    return path.read_bytes()


def test_a_file_read_by_a_worker_is_recorded_as_one_read_here(
    db_url: str,
    new_db: Any,
    tmp_path: Path,
    workers: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    by_worker = open_service(db_url)
    result = by_worker.import_file(EXAMPLE / "journal.csv")
    assert len(workers) == 1 and workers[0].returncode == 0
    assert (result.rows, result.recorded) == (197, 197)
    assert by_worker.import_file(EXAMPLE / "journal.csv").already == 197

    monkeypatch.setattr(chunks, "IN_PROCESS_BELOW", 1 << 40)  # the other store reads it here
    here = open_service(new_db("postgresql" if "postgresql" in db_url else "sqlite"))
    assert here.import_file(EXAMPLE / "journal.csv").recorded == 197
    assert len(workers) == 2  # the second import of the first store
    assert _export(by_worker, tmp_path / "a.csv") == _export(here, tmp_path / "b.csv")


def test_the_worker_stops_when_the_file_is_refused(
    sqlite_url: str, tmp_path: Path, workers: list[subprocess.Popen[bytes]]
) -> None:
    """Twenty refusals end the import while the worker could still be reading."""
    rows = [appropriation("A1", "100.00")]
    rows += [payment("A1", "1000.00", f"V{i}") for i in range(20_000)]  # each overspends
    svc = open_service(sqlite_url)
    with pytest.raises(ImportRejected) as refused:
        svc.import_file(write(tmp_path / "big.csv", rows))
    assert refused.value.truncated and "第 3 行，列 amount（金额）：可用余额不足" in str(
        refused.value
    )
    assert workers[0].poll() is not None  # ended, not left behind


def test_a_worker_that_dies_refuses_the_file(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunks, "IN_PROCESS_BELOW", 0)
    real = subprocess.Popen

    def dying(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        worker = real(*args, **kwargs)
        worker.kill()
        return worker

    monkeypatch.setattr(chunks.subprocess, "Popen", dying)
    svc = open_service(sqlite_url)
    path = write(tmp_path / "j.csv", [appropriation("A1", "100.00"), payment("A1", "1.00", "V")])
    with pytest.raises(ImportRejected) as refused:
        svc.import_file(path)
    assert "读取文件的进程意外退出" in str(refused.value)
    monkeypatch.setattr(chunks, "IN_PROCESS_BELOW", 1 << 40)
    assert svc.import_file(path).recorded == 2  # nothing was recorded the first time
