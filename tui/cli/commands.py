"""The commands behind ``budget-ledger``: each parses nothing and prints for people."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import sqlalchemy.exc
from eventsourcing.persistence import PersistenceError

from ledger.application import Ledger
from ledger.atomic import refuse_overwriting, store_files
from ledger.domain.errors import LedgerError
from ledger.export import journal_rows
from ledger.importer import ImportRejected
from ledger.journal.columns import BY_HEADER, label
from ledger.journal.parse import RowError
from ledger.journal.read import JournalFileError, detect_format
from ledger.journal.write import write_journal
from ledger.redaction import redact
from ledger.seal import Busy
from ledger.store import database_url
from projections.maintain import rebuild as rebuild_model
from projections.queries import known
from projections.queries.balances import balances_report
from projections.queries.closing import close_report
from projections.queries.execution import execution_report
from projections.queries.history import COLUMNS as HISTORY_COLUMNS
from projections.queries.history import HistoryFilter, signed_amount
from projections.queries.history import history as history_rows
from projections.queries.performance import performance_report
from projections.queries.projects import projects_report
from projections.render import render, table_lines
from projections.report import Report
from tui.cli.carry import CarryFile, read_carry
from tui.cli.context import reading, service
from tui.cli.failure import ROLLED_BACK, database_error, unexpected_error
from tui.cli.progress import ProgressBar
from tui.cli.scope import check, check_as_of, scope_of
from tui.root import OpenLedger

OVERFLOW = "合计超过 92 万亿元，即 64 位整数的分"


def run(args: argparse.Namespace) -> int:
    try:
        code: int = args.run(args)
        return code
    except (RowError, LedgerError, JournalFileError, ValueError) as err:
        print(f"错误：{redact(str(err))}", file=sys.stderr)
        return 1
    except Busy as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except sqlalchemy.exc.OperationalError as err:
        reason = redact(str(err.orig).splitlines()[0]) if err.orig else type(err).__name__
        print(f"错误：无法访问数据库 {redact(database_url(args.db))}：{reason}", file=sys.stderr)
        return 2
    except (sqlalchemy.exc.SQLAlchemyError, PersistenceError) as err:
        print(database_error(err, redact(database_url(args.db))), file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as err:  # read straight from the driver
        print(database_error(err, redact(database_url(args.db))), file=sys.stderr)
        return 2
    except OverflowError:
        print(f"错误：金额或数值超出账本能记录的范围（{OVERFLOW}）。{ROLLED_BACK}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n已中断；未完成的命令没有记录任何内容。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped listening: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:
        print(unexpected_error(err), file=sys.stderr)
        return 3


def import_files(args: argparse.Namespace) -> int:
    ledger = service(args)
    failed = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"{name}：文件不存在", file=sys.stderr)
            failed += 1
            continue
        bar = ProgressBar(f"导入 {path.name}", enabled=False if args.no_progress else None)
        started = time.perf_counter()
        try:
            result = ledger.import_file(path, progress=bar)
        except ImportRejected as err:
            bar.done()
            print(err, file=sys.stderr)
            failed += 1
            continue
        except JournalFileError as err:
            bar.done()
            print(f"{path.name}：文件被拒绝，未记录任何内容。\n  {err}", file=sys.stderr)
            failed += 1
            continue
        bar.done()
        seconds = time.perf_counter() - started
        note = "" if result.encoding.startswith("utf-8") else f"（按 {result.encoding} 编码读取）"
        if result.recorded == 0:
            print(f"{path.name}：{result.already:,} 行均已记录过，本次未新增任何内容。{note}")
        else:
            skipped = f"，{result.already:,} 行此前已记录（跳过）" if result.already else ""
            print(
                f"{path.name}：新记录 {result.recorded:,} 行（{result.events:,} 个事件）{skipped}，"
                f"用时 {seconds:.1f} 秒。{note}"
            )
    return 1 if failed else 0


def export(args: argparse.Namespace) -> int:
    path = Path(args.output)
    fmt = args.format or detect_format(path)
    refuse_overwriting(path, store_files(database_url(args.db)))
    mapper = Ledger.at(args.db).mapper
    with reading(args) as session:
        count = write_journal(journal_rows(session, mapper), path, fmt)
    print(f"已导出 {count:,} 行到 {path}")
    return 0


def record(args: argparse.Namespace) -> int:
    cells: dict[str, str | None] = {}
    for item in args.cells:
        key, sep, value = item.partition("=")
        column = BY_HEADER.get(key.strip())
        if not sep or column is None:
            raise ValueError(f"应为 列名=值，且列名须为日记账的列：{item}")
        if column in cells:  # ``amount=1 amount=900`` or ``amount`` and ``金额``: say so
            raise ValueError(f"列 {label(column)} 给了两次：{item}")
        cells[column] = value
    result = service(args).record(cells)
    print("已记录。" if result.recorded else "此行此前已记录，未新增任何内容。")
    return 0


def _render(report: Report, args: argparse.Namespace) -> int:
    render(report, args.format, Path(args.output) if args.output else None)
    return 0


def report_execution(args: argparse.Namespace) -> int:
    with reading(args) as session:
        return _render(execution_report(session, scope_of(session, args), args.by), args)


def report_projects(args: argparse.Namespace) -> int:
    with reading(args) as session:
        report = projects_report(session, scope_of(session, args), lag=Decimal(str(args.lag)))
        return _render(report, args)


def report_performance(args: argparse.Namespace) -> int:
    if args.unit is None and args.department is None:
        raise ValueError("须指定 --unit 单位编码 或 --department 主管部门编码")
    with reading(args) as session:
        scope = scope_of(session, args)
        report = performance_report(session, scope, by_indicator=args.by == "indicator")
        return _render(report, args)


def report_balances(args: argparse.Namespace) -> int:
    with reading(args) as session:
        report = balances_report(session, scope_of(session, args))
        code = _render(report, args)
    return code if report.total and report.total["identity_holds"] else 1


def history(args: argparse.Namespace) -> int:
    flt = HistoryFilter(
        unit=args.unit,
        year=args.year,
        line=args.line,
        doc=args.doc,
        actor=args.by_actor,
        date_from=args.date_from,
        date_to=args.date_to,
        known_at=args.known_at,
    )
    limit = args.limit if args.limit is not None else (500 if args.format == "table" else None)
    with reading(args) as session:
        check(session, args.year, args.unit, known_at=args.known_at)
        rows = history_rows(session, flt, limit)
        # Streamed, not a list: the writers go through a report's rows once.
        streamed = cast("list[dict[str, Any]]", rows)
        report = Report("history", "审计轨迹", HISTORY_COLUMNS, streamed, meta={"year": args.year})
        # Amounts signed as they change the line; in a table, kinds by name.
        kind = "kind_name" if args.format == "table" else "kind"
        signed = ({**r, "kind": r[kind], "amount": signed_amount(r)} for r in rows)
        report.rows = cast("list[dict[str, Any]]", signed)
        return _render(report, args)


def close(args: argparse.Namespace) -> int:
    with reading(args) as session:
        check(session, args.year, args.unit)
    carry = CarryFile()
    if args.carry:
        carry = read_carry(Path(args.carry))
        if carry.refused:
            print(f"错误：{Path(args.carry).name}：结转文件有误，未结账。", file=sys.stderr)
            for err in carry.refused[:20]:
                print(f"  {err}", file=sys.stderr)
            return 1
    recorded = service(args).close_year(
        args.unit, args.year, carry.amounts, doc=args.doc, on=args.date, rows=carry.rows
    )
    if recorded == 0:
        print(f"单位 {args.unit} 的 {args.year} 年度此前已按同一文号结账，未新增任何内容。")
    else:
        print(f"单位 {args.unit} 的 {args.year} 年度已结账（{recorded} 行）。")
    with reading(args) as session:
        report = close_report(session, args.unit, args.year)
    if report.rows:
        print("\n".join(table_lines(report)))
    return 0


def rebuild(args: argparse.Namespace) -> int:
    ledger = service(args)
    started = time.perf_counter()
    count = ledger.maintain(rebuild_model)
    seconds = time.perf_counter() - started
    print(f"读模型已重建：重放 {count:,} 个事件，用时 {seconds:.1f} 秒。")
    return 0


def tui(args: argparse.Namespace) -> int:
    # Imported here: only this command needs the UI (and Textual).
    from tui.app import LedgerApp

    check_as_of(args.year, args.as_of)
    if args.year is not None or args.unit is not None:
        with OpenLedger(args.db).read() as session:
            if known.some_units(session):  # a new store: nothing to check against yet
                check(session, args.year, args.unit)
    LedgerApp(db=args.db, actor=args.actor, year=args.year, unit=args.unit, as_of=args.as_of).run()
    return 0


def follow(args: argparse.Namespace) -> int:
    from projections.follow import follow_forever

    follow_forever(database_url(args.db))
    return 0


def bench(args: argparse.Namespace) -> int:
    from tui.bench.run import Options
    from tui.bench.run import run as run_bench

    run_bench(
        Options(
            payments=args.payments,
            units=args.units,
            lines=args.lines,
            departments=args.departments,
            growth=args.growth or None,
            queries=args.queries,
            workdir=Path(args.workdir),
            output=Path(args.output),
            postgres=not args.no_postgres,
            peer=not args.no_peer,
            only=args.only,
        )
    )
    return 0
