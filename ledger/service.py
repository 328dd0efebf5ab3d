"""The ledger's write side as plain values: what the CLI and the TUI call.

Each command runs in one write transaction: load the aggregates, apply, save the
events, update the voucher index and, unless projections follow live elsewhere, catch
the read model up, all committed together. A command that collides with another
process writing the same aggregates is retried on fresh state.
"""

from __future__ import annotations

import getpass
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar, cast

from sqlalchemy.orm import Session

from ledger import seal
from ledger.application import Ledger
from ledger.domain.errors import LedgerError
from ledger.importer import ImportResult, Progress, import_rows
from ledger.index import StoreIndex
from ledger.journal.parse import RowError, check_cell, parse_row
from ledger.journal.read import JournalReader
from ledger.journal.row import JournalRow
from ledger.recording import OnFlush, Recording
from ledger.seal import Busy
from ledger.store import checkpoint, engine_for, is_collision
from ledger.store.recorder import BulkApplicationRecorder

ENV_PROJECTIONS = "BUDGET_LEDGER_PROJECTIONS"  # "inline" (default) or "follow"
ATTEMPTS = 8
# After this many collisions a command stops racing and queues: it takes the writers'
# lock before reading, so no other writer can change what it read before it commits.
# Optimistic attempts alone can starve a command under heavy contention (seen with
# eight processes paying from ten lines on PostgreSQL).
QUEUE_AFTER = 2

T = TypeVar("T")
# Makes the read model's hook for one transaction: session → on_flush.
Projection = Callable[[Session], OnFlush]


@dataclass
class RecordResult:
    recorded: bool  # False: the same row was recorded before


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "unknown"


class LedgerService:
    def __init__(
        self,
        url: str,
        actor: str | None = None,
        projection: Projection | None = None,
    ) -> None:
        # ``url`` is a store the composition root (``tui.root``) has opened and migrated.
        self.url = url
        self.engine = engine_for(url)
        self.ledger = Ledger.at(self.url)
        self.actor = actor or default_actor()
        try:  # recorded in every event as a journal's actor cell is: the same rule
            check_cell("actor", self.actor)
        except RowError as err:
            raise RowError(
                f"不能以此作经办人（--actor 或系统用户名）：{err.message}", "actor"
            ) from None
        follow = os.environ.get(ENV_PROJECTIONS, "inline") == "follow"
        self._projection = None if follow else projection
        # Attempts that collided with another writer and were run again (the online
        # benchmark reports them per client).
        self.collisions = 0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction, shared by the event store and everything else."""
        recorder = cast(BulkApplicationRecorder, self.ledger.recorder)  # LedgerFactory's
        with recorder.transaction(commit=True) as session:
            yield session

    def write(self, command: Callable[[Session, Recording], T]) -> T:
        """Run ``command`` in a write transaction, retrying on collisions."""
        for attempt in range(ATTEMPTS):
            try:
                with self.transaction() as session:
                    if attempt >= QUEUE_AFTER:
                        seal.lock_writers(session)
                    on_flush = self._projection and self._projection(session)
                    recording = Recording(
                        self.ledger, StoreIndex(session), self.actor, on_flush=on_flush
                    )
                    result = command(session, recording)
                    recording.flush(final=True)
                checkpoint(self.engine)  # committed: the main file holds it all
                return result
            except Exception as err:
                if not is_collision(err):
                    raise
                self.collisions += 1
                time.sleep(min(0.05 * 2**attempt, 2.0) * random.uniform(0.5, 1.5))
        raise Busy("其他用户正在同时记录同一指标，多次重试仍未成功，本次未记录任何内容；请稍后再试")

    # --- commands ------------------------------------------------------------------

    def import_file(self, path: Path, progress: Progress | None = None) -> ImportResult:
        return self.write(
            lambda _session, recording: import_rows(JournalReader(path), recording, progress)
        )

    def record(self, cells: dict[str, str | None]) -> RecordResult:
        """Record one row given as journal cells (from a form): the importer's rules."""
        # A form has no row number: its refusals name only the field.
        row = parse_row({k: (v.strip() or None) if v else None for k, v in cells.items()}, None)

        def command(_session: Session, recording: Recording) -> RecordResult:
            recording.prefetch([row])
            try:
                return RecordResult(recording.apply(row))
            except LedgerError as err:
                raise RowError(err.message, err.column) from None

        return self.write(command)

    def close_year(
        self,
        unit: str,
        year: int,
        carry: dict[str, Decimal] | None = None,
        doc: str | None = None,
        on: date | None = None,
        rows: dict[str, int] | None = None,
    ) -> int:
        """Year-end close of a unit: carry what ``carry`` says per line, recover the rest,
        and close the unit's year. Returns how many rows were recorded. ``rows``: each
        carried line's row in the file it came from, which a refusal names (without
        it, the lines are numbered in code order from 1)."""
        day = (on or date(year, 12, 31)).isoformat()
        doc = doc or f"年终结转-{year}"
        base: dict[str, str | None]
        base = {"kind": "close", "date": day, "year": str(year), "unit": unit, "doc": doc}
        numbered = [
            ((rows or {}).get(line, n), {**base, "line": line, "amount": f"{amount:.2f}"})
            for n, (line, amount) in enumerate(sorted((carry or {}).items()), start=1)
        ]
        parsed: list[tuple[int | None, JournalRow]]
        parsed = [(number, parse_row(cells, number)) for number, cells in numbered]
        # The unit's own close row is in no file: its refusals name no row.
        parsed.append(
            (
                None if rows is not None else len(parsed) + 1,
                parse_row({**base, "amount": "0.00"}, None),
            )
        )

        def command(_session: Session, recording: Recording) -> int:
            for number, row in parsed:
                try:
                    recording.apply(row)
                except LedgerError as err:
                    raise RowError(err.message, err.column, number) from None
            return recording.recorded

        return self.write(command)

    def maintain(self, action: Callable[[Session], T]) -> T:
        """Run a read-model action (catch up, rebuild) in a write transaction."""
        with self.transaction() as session:
            result = action(session)
        checkpoint(self.engine)
        return result
