"""``verify`` (tamper evidence) and ``roles`` (PostgreSQL role setup)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from sqlalchemy import make_url

from ledger.replay import Replay, replay
from ledger.roles import Roles, role_sql
from ledger.store import database_url
from ledger.verify import Problem, Verification, parse_digest, verify
from projections.audit import ReadModelAudit
from projections.schema import metadata as read_model
from tui.root import OpenLedger


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("verify", help="核验事件是否被改动、删除或插入（哈希链），打印摘要")
    p.add_argument("--expect", metavar="DIGEST", help="此前记下的摘要：核对其后事件链是否仍经过它")
    p.add_argument(
        "--replay",
        action="store_true",
        help="审计重放：只凭事件重建每个聚合，按规则逐一复核，并重算凭证索引、快照和读模型与存储的比对",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式（默认 text）"
    )
    p.set_defaults(run=verify_command)

    p = sub.add_parser("roles", help="PostgreSQL：属主、记录员、审计员三个角色的设置 SQL")
    p.add_argument("--owner", default=Roles.owner, help=f"属主角色（默认 {Roles.owner}）")
    p.add_argument(
        "--recorder", default=Roles.recorder, help=f"记录员角色（默认 {Roles.recorder}）"
    )
    p.add_argument("--auditor", default=Roles.auditor, help=f"审计员角色（默认 {Roles.auditor}）")
    p.add_argument(
        "--apply",
        action="store_true",
        help="以超级用户身份建立结构并在 --db 上执行（默认只打印 SQL）",
    )
    p.set_defaults(run=roles_command)


def verify_command(args: argparse.Namespace) -> int:
    expect = parse_digest(args.expect) if args.expect else None
    engine = OpenLedger(args.db, create=False).engine
    started = time.perf_counter()
    result = verify(engine, expect)
    seconds = time.perf_counter() - started
    matched = expect is None or result.expected_at is not None
    replayed = replay(engine, ReadModelAudit()) if args.replay else None
    if args.format == "json":
        report = _as_json(result, args.expect, seconds)
        if replayed is not None:
            report["replay"] = _replay_json(replayed)
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_text(result, args.expect, seconds)
        if replayed is not None:
            _print_replay(replayed)
    intact = result.intact and (replayed is None or replayed.intact)
    return 0 if intact and matched else 1


def _print_replay(result: Replay) -> None:
    speed = f"用时 {result.seconds:.1f} 秒（每秒 {result.rate:,.0f} 个事件）"
    counted = (
        f"重放 {result.events:,} 个事件、{result.aggregates:,} 个聚合，核对支付 "
        f"{result.payments:,} 笔、快照 {result.snapshots:,} 个"
    )
    if result.intact:
        print(
            f"审计重放通过：{counted}；每个事件都符合规则，版本连续，凭证索引、快照和读模型"
            f"与事件重算的一致。{speed}。"
        )
    else:
        print(f"审计重放发现 {result.problem_count:,} 处问题（{counted}）：")
        for problem in result.problems:
            print(f"  {problem}")
        if result.problem_count > len(result.problems):
            print(f"  ……其余 {result.problem_count - len(result.problems):,} 处未列出")
        print(speed)
    if result.roles:
        roles = "，".join(f"{role} {n:,} 个" for role, n in sorted(result.roles.items()))
        print(f"数据库记录的写入角色：{roles}")


def _replay_json(result: Replay) -> dict[str, object]:
    return {
        "intact": result.intact,
        "events": result.events,
        "aggregates": result.aggregates,
        "payments": result.payments,
        "snapshots": result.snapshots,
        "roles": result.roles,
        "problem_count": result.problem_count,
        "problems": [_problem_json(p) for p in result.problems],
        "seconds": round(result.seconds, 3),
        "events_per_second": round(result.rate),
    }


def _problem_json(p: Problem) -> dict[str, object]:
    return {
        "notification_id": p.notification_id,
        "aggregate_id": str(p.aggregate_id) if p.aggregate_id else None,
        "version": p.version,
        "aggregate": p.aggregate,
        "topic": p.topic,
        "problem": p.what,
    }


def _print_text(result: Verification, expect: str | None, seconds: float) -> None:
    span = f"通知号 {result.first_id:,}–{result.last_id:,}，" if result.events else ""
    counted = f"共 {result.events:,} 个事件（{span}封存 {result.seals:,} 批）"
    if result.intact:
        print(
            f"核验通过：{counted}均与封存记录一致，未发现改动、删除或插入。用时 {seconds:.1f} 秒。"
        )
    else:
        print(f"核验失败：{counted}，发现 {result.problem_count:,} 处问题：")
        for problem in result.problems:
            print(f"  {problem}")
        if result.problem_count > len(result.problems):
            print(f"  ……其余 {result.problem_count - len(result.problems):,} 处未列出")
    print(f"摘要：sha256:{result.digest.hex()}")
    if expect is None and result.intact:
        upto = f"截至通知号 {result.last_id:,} 的" if result.events else "目前的"
        print(
            f"（请记下此摘要；日后运行 budget-ledger verify --expect 摘要，可核对{upto}事件未被改动。）"
        )
    elif expect is None:
        print("（事件链已被改动，此摘要不能作为日后核对的依据。）")
    elif result.expected_at is not None:
        nid, count = result.expected_at
        print(f"与记下的摘要一致：通知号 {nid:,} 及以前的 {count:,} 个事件与记下摘要时相同。")
    else:
        print(
            f"错误：记下的摘要 {expect} 不在现有的事件链上：记下摘要时已有的事件被改动或删除"
            "（或摘要抄写有误）。",
            file=sys.stderr,
        )


def _as_json(result: Verification, expect: str | None, seconds: float) -> dict[str, object]:
    return {
        "intact": result.intact,
        "events": result.events,
        "first_id": result.first_id,
        "last_id": result.last_id,
        "seals": result.seals,
        "digest": f"sha256:{result.digest.hex()}",
        "problem_count": result.problem_count,
        "problems": [_problem_json(p) for p in result.problems],
        "expect": expect,
        "expected_at": (
            {"notification_id": result.expected_at[0], "events": result.expected_at[1]}
            if result.expected_at
            else None
        ),
        "seconds": round(seconds, 3),
    }


def roles_command(args: argparse.Namespace) -> int:
    url = database_url(args.db)
    if not url.startswith("postgresql"):
        raise ValueError("角色设置仅适用于 PostgreSQL；请用 --db postgresql://… 指定数据库")
    roles = Roles(owner=args.owner, recorder=args.recorder, auditor=args.auditor)
    database = make_url(url).database
    if not database:
        raise ValueError("--db 的 URL 中没有数据库名")
    sql = role_sql(database, read_model.tables, roles)
    if not args.apply:
        print(sql, end="")
        return 0
    engine = OpenLedger(args.db).engine
    statements = [
        line
        for line in sql.splitlines()
        if line and not line.startswith("--") and line not in ("BEGIN;", "COMMIT;")
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    print(
        f"已在数据库 {database} 上设置角色：属主 {roles.owner}、记录员 {roles.recorder}、"
        f"审计员 {roles.auditor}。\n"
        "这些角色尚无密码：请由管理员在 psql 中用 \\password 角色名 设置；"
        "日常记录请以记录员连接，审计以审计员连接，升级结构时以属主连接。"
    )
    return 0
