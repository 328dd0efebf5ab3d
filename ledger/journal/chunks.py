"""A journal file's rows, read and parsed, in chunks: for a large file in a process of
its own, so that reading and parsing (a fifth of an import's work) run on another core
while the ledger applies the rows read before.

Either way the chunks are the same: the rows parsed and the rows refused, in file order,
and how far the reading has got. A file the reader cannot go on with (a bad header, an
encoding it refuses, a damaged sheet) raises its error where the reading stopped, after
the chunks read until then. The worker sends at most two chunks ahead; it stops when the
import stops, however it stops.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from ledger.journal.parse import RowError, parse_row
from ledger.journal.read import JournalFileError, JournalReader
from ledger.journal.row import JournalRow

CHUNK = 1000  # rows parsed together (and prefetched together by the importer)
# Below this size a file is read here: starting a process costs about 0.2 s.
IN_PROCESS_BELOW = 4 << 20


@dataclass
class Chunk:
    rows: int = 0  # rows read (blank ones are not rows)
    parsed: list[tuple[int, JournalRow]] = field(default_factory=list)  # with their numbers
    refused: list[RowError] = field(default_factory=list)
    progress: float = 0.0  # how far the reading has got, 0–1
    encoding: str = "utf-8"  # the file's, as read


def parsed_chunks(
    reader: JournalReader, in_process_below: int = IN_PROCESS_BELOW
) -> Iterator[Chunk]:
    if reader.size < in_process_below:
        return _parse(reader)
    return _from_worker(reader.path)


def _parse(reader: JournalReader) -> Iterator[Chunk]:
    chunk = Chunk()
    for number, cells in reader.rows():
        try:
            chunk.parsed.append((number, parse_row(cells, number)))
        except RowError as err:
            chunk.refused.append(err)
        chunk.rows += 1
        if chunk.rows == CHUNK:
            chunk.progress, chunk.encoding = reader.progress(), reader.encoding
            yield chunk
            chunk = Chunk()
    if chunk.rows:
        chunk.progress, chunk.encoding = reader.progress(), reader.encoding
        yield chunk


def _from_worker(path: Path) -> Iterator[Chunk]:
    context = multiprocessing.get_context("spawn")  # fork is unsafe beside the UI's threads
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(str(path), sending), daemon=True)
    worker.start()
    sending.close()  # the worker's end: when it exits, receiving sees the end
    try:
        while True:
            try:
                message = receiving.recv()
            except EOFError:
                raise JournalFileError("读取文件的进程意外退出，未读完") from None
            if message is None:
                return
            if isinstance(message, BaseException):
                raise message
            yield message
    finally:
        receiving.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()


def _work(path: str, sending: Connection) -> None:
    """In the worker: read and parse, send each chunk, then None (or the error)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the importer's to handle
    try:
        for chunk in _parse(JournalReader(Path(path))):
            sending.send(chunk)
        sending.send(None)
    except BrokenPipeError:  # the import stopped
        return
    except BaseException as err:  # raised in the importer as if read there
        try:
            sending.send(err)
        except BrokenPipeError:
            return
