"""Errors as the UI says them: in Chinese, with the journal's columns by their Chinese
names (金额, not ``amount（金额）``) and the operating system's errors translated."""

from __future__ import annotations

import errno
import re

from ledger.journal.columns import ALIAS

# How the ledger names a column in its messages (for the command line and files):
# ``列 amount（金额）``. On screen, beside the form's own labels, the Chinese name is enough.
COLUMN_NAMED = re.compile(r"列 ([a-z_]+)（([^）]+)）")

OS_ERRORS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "文件已存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读，不能写入",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被占用",
}


def say(err: BaseException) -> str:
    """``err`` in the words the UI shows."""
    if isinstance(err, OSError) and not _is_ours(err):
        what = OS_ERRORS.get(err.errno or 0, err.strerror or "系统错误")
        where = err.filename if err.filename is not None else ""
        return f"{what}：{where}" if where else what
    return chinese_columns(str(err))


def chinese_columns(text: str) -> str:
    """``列 amount（金额）`` → ``金额``."""
    return COLUMN_NAMED.sub(lambda m: m.group(2) if ALIAS.get(m.group(1)) else m.group(0), text)


def _is_ours(err: OSError) -> bool:
    """An OSError raised with a message of our own (no errno) is shown as it is."""
    return err.errno is None
