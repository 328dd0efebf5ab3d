"""Output files written whole or not at all, and never over what a command reads.

Every file a command writes (an export, a report, a workbook) is first written to a
temporary file in the same folder, flushed to disk (fsync) and only then renamed onto
its name: a full disk, a crash or Ctrl+C leaves the previous file as it was, never a
file cut mid-row in its place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputRefused(ValueError):
    """The output named a file the command reads (the store, an input)."""


def store_files(url: str) -> list[Path]:
    """The files of a SQLite store (the database, its WAL, shared memory and rollback
    journal); none for a server database."""
    if not url.startswith("sqlite:///"):
        return []
    main = Path(url.removeprefix("sqlite:///"))
    return [main, *(main.with_name(main.name + s) for s in ("-wal", "-shm", "-journal"))]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return a.resolve() == b.resolve()


def refuse_overwriting(output: Path, protected: Iterable[Path], what: str = "数据库") -> None:
    """Refuse ``output`` if it names one of the ``protected`` files."""
    for path in protected:
        if _same(output, path):
            raise OutputRefused(
                f"输出文件 {output} 就是{what}文件 {path}：写出会毁掉它，未写入任何内容；请另选文件名"
            )


def _mode_for(path: Path) -> int:
    """The mode a new file would get (that of the file replaced, if there is one)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; when the block ends without error
    the file is synced and renamed onto ``path``, otherwise removed."""
    path = Path(path)
    if path.is_dir():
        raise OutputRefused(f"输出 {path} 是一个文件夹，未写入任何内容；请给出文件名")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise OutputRefused(f"输出文件夹 {folder} 不存在，未写入任何内容")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):  # the rename itself, on disk (POSIX)
        with contextlib.suppress(OSError):
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
