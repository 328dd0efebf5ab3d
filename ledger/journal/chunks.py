"""A journal file's rows, read and parsed, in chunks: for a large file in a process of
its own, so that reading and parsing (a fifth of an import's work) run on another core
while the ledger applies the rows read before.

Either way the chunks are the same: the rows parsed and the rows refused, in file order,
and how far the reading has got. A file the reader cannot go on with (a bad header, an
encoding it refuses, a damaged sheet) raises its error where the reading stopped, after
the chunks read until then. The worker reads a chunk or two ahead (a pipe holds little)
and stops when the import does, however it stops.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

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


def parsed_chunks(reader: JournalReader) -> Generator[Chunk, None, None]:
    if reader.size < IN_PROCESS_BELOW:
        return _parse(reader)
    return _from_worker(reader.path)


def _parse(reader: JournalReader) -> Generator[Chunk, None, None]:
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


def _from_worker(path: Path) -> Generator[Chunk, None, None]:
    """Chunks read by ``python -m ledger.journal.chunks PATH``, pickled down its stdout
    (a plain subprocess: multiprocessing would start by re-running the caller's main
    module, the terminal UI's for one)."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "ledger.journal.chunks", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert worker.stdout is not None
    try:
        while True:
            try:
                message = pickle.load(worker.stdout)
            except EOFError:
                raise JournalFileError("读取文件的进程意外退出，未读完") from None
            if message is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    worker.wait(timeout=10)  # it is exiting (and is killed if it is not)
                return
            if isinstance(message, BaseException):
                raise message
            yield message
    finally:
        worker.stdout.close()
        if worker.poll() is None:  # the import ended first
            worker.kill()
        worker.wait()


def _work(path: str, out: BinaryIO) -> None:
    """In the worker: read and parse, send each chunk, then None (or the error)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the importer's to handle
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)  # as the command line: many short-lived objects
    try:
        for chunk in _parse(JournalReader(Path(path))):
            pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
        pickle.dump(None, out)
        out.flush()
    except BrokenPipeError:  # the import stopped
        return
    except BaseException as err:  # raised in the importer as if read there
        with contextlib.suppress(BrokenPipeError):
            pickle.dump(err, out)
            out.flush()


if __name__ == "__main__":
    # Through the module's own name, so that what is pickled names ledger.journal.chunks.
    from ledger.journal import chunks

    chunks._work(sys.argv[1], sys.stdout.buffer)
