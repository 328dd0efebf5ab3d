"""``final-accounts``, ``budget-tables`` and ``check``: the year's public tables, the
budget tables, and the 勾稽 checks, for one unit or a department consolidated."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ledger.atomic import replacing
from projections.final_accounts.budget import build_budget
from projections.final_accounts.budget_checks import budget_rules
from projections.final_accounts.budget_narrative import budget_narrative
from projections.final_accounts.document import NoData, build, previous_year, show_yuan
from projections.final_accounts.grid import TEXT_WIDTH, Sheet, text_lines
from projections.final_accounts.narrative import narrative
from tui.cli.context import reading
from tui.cli.scope import scope_of

FORMATS = ("json", "xlsx", "table", "md")


def register(sub: Any, scope_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the three commands to the ``budget-ledger`` parser."""
    p = sub.add_parser("final-accounts", help="部门决算公开表（公开01–10）与情况说明")
    scope_arguments(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="输出格式（默认 table）")
    p.add_argument("--output", "-o", help="输出文件（默认标准输出；xlsx 必须指定）")
    p.add_argument(
        "--allow-failed-checks",
        action="store_true",
        help="勾稽检查未通过时仍输出（文件中标注未通过）",
    )
    p.set_defaults(run=final_accounts)

    p = sub.add_parser("budget-tables", help="部门预算公开表（按年初批复和上年结转）")
    scope_arguments(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="输出格式（默认 table）")
    p.add_argument("--output", "-o", help="输出文件（默认标准输出；xlsx 必须指定）")
    p.set_defaults(run=budget_tables)

    p = sub.add_parser("check", help="勾稽检查：逐条列出决算表间关系是否成立")
    scope_arguments(p)
    p.set_defaults(run=check)


def _require_scope(args: argparse.Namespace) -> None:
    if args.unit is None and args.department is None:
        raise ValueError("须指定 --unit 单位编码 或 --department 主管部门编码")


def final_accounts(args: argparse.Namespace) -> int:
    _require_scope(args)
    with reading(args) as session:
        scope = scope_of(session, args)
        document = build(session, scope)
        prior = previous_year(session, scope) if args.format == "md" else None
    if not document.passed and not args.allow_failed_checks:
        print("\n".join(document.check_lines()), file=sys.stderr)
        print(
            "勾稽检查未通过，未输出任何内容。确需输出时加 --allow-failed-checks（输出中将标注未通过）。",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        _write_text(json.dumps(document.to_json(), ensure_ascii=False, indent=2) + "\n", args)
    elif args.format == "md":
        _write_text(narrative(document, prior), args)
    else:
        _write_sheets(document.sheets(), args)
    if not document.passed:
        print("注意：勾稽检查未通过，输出已标注。", file=sys.stderr)
    return 0


def budget_tables(args: argparse.Namespace) -> int:
    _require_scope(args)
    with reading(args) as session:
        budget = build_budget(session, scope_of(session, args))
    if args.format == "json":
        _write_text(json.dumps(budget.to_json(), ensure_ascii=False, indent=2) + "\n", args)
    elif args.format == "md":
        _write_text(budget_narrative(budget), args)
    else:
        _write_sheets(budget.sheets(), args)
    return 0


def check(args: argparse.Namespace) -> int:
    _require_scope(args)
    with reading(args) as session:
        scope = scope_of(session, args)
        document = build(session, scope)
        try:
            rules = budget_rules(build_budget(session, scope))
        except NoData:
            rules = []
    print("\n".join(document.check_lines()))
    if rules:
        print("预算表勾稽检查：")
        for rule in rules:
            print(f"[{'通过' if rule.ok else '未通过'}] {rule.name}")
            for c in rule.failures:
                print(
                    f"    {c.left_from}：{show_yuan(c.left)} 元 {c.op} {c.right_from}：{show_yuan(c.right)} 元 不成立"
                )
        print(f"共 {len(rules)} 条规则，{sum(not r.ok for r in rules)} 条未通过。")
    return 0 if document.passed and all(r.ok for r in rules) else 1


def _write_sheets(sheets: list[Sheet], args: argparse.Namespace) -> None:
    if args.format == "xlsx":
        if not args.output:
            raise ValueError("XLSX 格式须用 --output 指定文件")
        from projections.final_accounts.xlsx import write_workbook  # openpyxl: slow to load

        write_workbook(sheets, Path(args.output))
        print(f"已写出 {len(sheets)} 张表到 {args.output}")
        return
    _write_text("\n\n".join("\n".join(text_lines(s, TEXT_WIDTH)) for s in sheets) + "\n", args)


def _write_text(text: str, args: argparse.Namespace) -> None:
    if args.output:
        with replacing(Path(args.output)) as temporary:
            temporary.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
