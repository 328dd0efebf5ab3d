"""Importing a journal file: all of it in one transaction, or nothing.

The file is streamed: rows are parsed (for a large file in a process of its own, see
``ledger.journal.chunks``), applied and handed to the event store in chunks, so memory
stays flat however long the file. Any bad row rejects the whole file; up to
``MAX_ERRORS`` problems are collected so the user can fix them in one go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ledger.domain.errors import LedgerError
from ledger.journal.chunks import parsed_chunks
from ledger.journal.parse import RowError
from ledger.journal.read import JournalFileError, JournalReader
from ledger.recording import Recording

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
        # By row, as the user reads the file (a chunk's malformed rows are found before
        # the ledger refuses its well-formed ones).
        ordered = sorted(self.errors, key=lambda err: getattr(err, "row", None) or 0)
        lines += [f"  {err}" for err in ordered]
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
    chunks = parsed_chunks(reader)
    try:
        for chunk in chunks:
            errors += chunk.refused
            recording.prefetch(row for _, row in chunk.parsed)
            for number, row in chunk.parsed:
                try:
                    recording.apply(row)
                except LedgerError as err:
                    errors.append(RowError(err.message, err.column, number))
            result.rows += chunk.rows
            result.encoding = chunk.encoding
            if len(errors) >= MAX_ERRORS:
                raise ImportRejected(reader.path, errors[:MAX_ERRORS], truncated=True)
            if not errors and recording.pending >= FLUSH:
                result.events += recording.pending
                recording.flush()
            if progress is not None:
                progress(chunk.progress, result.rows)
    except (JournalFileError, RowError) as err:
        # A file that cannot be read past this point, or a bad header.
        raise ImportRejected(reader.path, [*errors, err]) from None
    finally:
        chunks.close()  # a worker reading ahead stops
    if errors:
        raise ImportRejected(reader.path, errors)
    if result.rows == 0:
        raise ImportRejected(reader.path, [JournalFileError("文件中没有任何数据行")])
    result.events += recording.pending
    recording.flush()
    result.recorded = recording.recorded
    result.already = recording.already
    return result
