"""Importing a journal file: all of it in one transaction, or nothing.

The file is streamed: rows are parsed, applied and handed to the event store in chunks,
so memory stays flat however long the file. Any bad row rejects the whole file; up to
``MAX_ERRORS`` problems are collected so the user can fix them in one go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ledger.domain.errors import LedgerError
from ledger.journal.parse import RowError, parse_row
from ledger.journal.read import JournalFileError, JournalReader
from ledger.journal.row import JournalRow
from ledger.recording import Recording

CHUNK = 1000  # rows parsed and prefetched together
FLUSH = 5000  # events handed to the store at once
MAX_ERRORS = 20

Progress = Callable[[float, int], None]


@dataclass
class ImportResult:
    path: Path
    rows: int = 0
    recorded: int = 0
    already: int = 0
    events: int = 0
    encoding: str = "utf-8"


@dataclass
class ImportRejected(Exception):
    """The file was refused; nothing of it was recorded."""

    path: Path
    errors: list[Exception] = field(default_factory=list)
    truncated: bool = False

    def __str__(self) -> str:
        lines = [f"{self.path.name}：文件被拒绝，未记录任何内容。"]
        lines += [f"  {err}" for err in self.errors]
        if self.truncated:
            lines.append(f"  ……错误超过 {MAX_ERRORS} 处，其余未列出")
        return "\n".join(lines)


def import_rows(
    reader: JournalReader, recording: Recording, progress: Progress | None = None
) -> ImportResult:
    """Apply every row of ``reader`` to ``recording``; raise ImportRejected on any error.

    Events are flushed into the caller's transaction as they accumulate; the caller
    commits only if this returns.
    """
    result = ImportResult(path=reader.path)
    errors: list[Exception] = []
    try:
        for chunk in _chunks(reader.rows()):
            parsed: list[tuple[int, JournalRow]] = []
            for number, cells in chunk:
                try:
                    parsed.append((number, parse_row(cells, number)))
                except RowError as err:
                    errors.append(err)
            recording.prefetch(row for _, row in parsed)
            for number, row in parsed:
                try:
                    recording.apply(row)
                except LedgerError as err:
                    errors.append(RowError(err.message, err.column, number))
            result.rows += len(chunk)
            if len(errors) >= MAX_ERRORS:
                raise ImportRejected(reader.path, errors[:MAX_ERRORS], truncated=True)
            if not errors and recording.pending >= FLUSH:
                result.events += recording.pending
                recording.flush()
            if progress is not None:
                progress(reader.progress(), result.rows)
    except (JournalFileError, RowError) as err:
        # A file that cannot be read past this point, or a bad header.
        raise ImportRejected(reader.path, [*errors, err]) from None
    if errors:
        raise ImportRejected(reader.path, errors)
    if result.rows == 0:
        raise ImportRejected(reader.path, [JournalFileError("文件中没有任何数据行")])
    result.events += recording.pending
    recording.flush()
    result.recorded = recording.recorded
    result.already = recording.already
    result.encoding = reader.encoding
    return result


def _chunks(
    rows: Iterator[tuple[int, dict[str, str | None]]],
) -> Iterator[list[tuple[int, dict[str, str | None]]]]:
    chunk: list[tuple[int, dict[str, str | None]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
