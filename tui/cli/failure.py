"""What the command line says when a command fails for a reason that is not the user's row.

Everything printed goes through ``redact``: a database URL or connection string in a
library's message never shows its password. A traceback is printed only on request
(``BUDGET_LEDGER_DEBUG=1``), and redacted too.
"""

from __future__ import annotations

import os
import traceback

from ledger.redaction import redact

ENV_DEBUG = "BUDGET_LEDGER_DEBUG"
INSUFFICIENT_PRIVILEGE = "42501"
RAISED_BY_TRIGGER = "P0001"

ROLLED_BACK = "出错的命令已整体回滚，没有写入任何内容。"


def root_cause(err: BaseException) -> BaseException:
    """The driver's own error under SQLAlchemy's and eventsourcing's wrappers."""
    seen = {id(err)}
    while True:
        inner = getattr(err, "orig", None) or err.__cause__
        if inner is None or id(inner) in seen:
            return err
        seen.add(id(inner))
        err = inner


def database_error(err: BaseException, where: str) -> str:
    """A database refused or failed a statement (``where``: the redacted database)."""
    cause = root_cause(err)
    reason = _first_line(cause)
    state = getattr(cause, "sqlstate", None)
    if state == INSUFFICIENT_PRIVILEGE and _is_schema_change(err):
        return (
            f"错误：数据库 {where} 的结构需要升级到本版本，但当前连接的角色无权修改结构（{reason}）。"
            "请以属主角色（如 ledger_owner）运行一次任一命令完成升级，然后再以本角色使用。"
        )
    if state == INSUFFICIENT_PRIVILEGE:
        return f"错误：数据库 {where} 拒绝了此操作：当前连接的角色没有这项权限（{reason}）。{ROLLED_BACK}"
    if "malformed" in reason or "not a database" in reason:
        return (
            f"错误：数据库 {where} 的文件已损坏（{reason}）：请从备份恢复"
            "（budget-ledger backup 做的备份，或导出的日记账）。"
        )
    if state == RAISED_BY_TRIGGER or "append-only" in reason:
        return f"错误：数据库 {where} 拒绝了此操作：{reason}。{ROLLED_BACK}"
    return f"错误：数据库 {where} 出错：{reason}。{ROLLED_BACK}"


def _is_schema_change(err: BaseException) -> bool:
    """The statement refused was part of a migration (DDL or Alembic's bookkeeping)."""
    statement = (getattr(err, "statement", None) or "").lstrip().upper()
    return statement.startswith(("CREATE", "ALTER", "DROP")) or "ALEMBIC_VERSION" in statement


def unexpected_error(err: BaseException) -> str:
    """An error we did not foresee: say so plainly, without a traceback unless asked."""
    text = f"错误：内部错误（{type(err).__name__}：{_first_line(err)}）。{ROLLED_BACK}"
    if os.environ.get(ENV_DEBUG):
        details = "".join(traceback.format_exception(err))
        return f"{redact(details)}\n{text}"
    return (
        f"{text}\n请将此信息和所用命令告知维护人员；设置环境变量 {ENV_DEBUG}=1 可显示详细调用栈。"
    )


def _first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return redact(lines[0][:300] if lines else type(err).__name__)
