"""``budget-ledger``: record budget facts and ask how the budget stands, at any time."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from projections.render import FORMATS
from tui.cli import commands, final_accounts, safety
from tui.cli.args import business_date, dimensions, moment

EPILOG = "数据库：--db 或环境变量 BUDGET_LEDGER_DB（SQLite 文件路径或 postgresql:// URL）；默认为当前目录下的 budget-ledger.db"


def _scope_arguments(p: argparse.ArgumentParser, year_required: bool = True) -> None:
    p.add_argument("--year", type=int, required=year_required, help="预算年度")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--unit", help="单位编码")
    who.add_argument("--department", help="主管部门编码（汇总其所属单位）")
    p.add_argument("--as-of", type=business_date, help="业务日期截至（默认为年末）")
    p.add_argument("--known-at", type=moment, help="只计入此刻及以前记录的事实（审计回放）")


def _output_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table", help="输出格式（默认 table）")
    p.add_argument("--output", "-o", help="输出文件（默认标准输出）")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="budget-ledger",
        description="预算指标账：记录预算事实，随时查询执行情况。",
        epilog=EPILOG,
    )
    root.add_argument("--db", help="数据库（SQLite 文件或 postgresql:// URL）")
    root.add_argument("--actor", help="经办人（默认为当前系统用户）")
    sub = root.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("import", help="导入日记账文件（CSV、XLSX、JSON Lines）")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条")
    p.set_defaults(run=commands.import_files)

    p = sub.add_parser("export", help="导出日记账")
    p.add_argument("--output", "-o", required=True)
    p.add_argument("--format", choices=("csv", "xlsx", "jsonl"), help="默认按文件扩展名")
    p.set_defaults(run=commands.export)

    p = sub.add_parser("record", help="记录一行（列名=值 …），规则同导入")
    p.add_argument("cells", nargs="+", metavar="列名=值")
    p.set_defaults(run=commands.record)

    p = sub.add_parser(
        "report", help="报表：execution 预算执行 / projects 项目执行 / balances 结转结余"
    )
    reports = p.add_subparsers(dest="report", required=True, metavar="报表")
    r = reports.add_parser("execution", help="预算执行情况")
    _scope_arguments(r)
    r.add_argument(
        "--by", type=dimensions, default=["function"], help="分组维度，逗号分隔（默认 function）"
    )
    _output_arguments(r)
    r.set_defaults(run=commands.report_execution)
    r = reports.add_parser("projects", help="项目支出执行情况与执行率得分")
    _scope_arguments(r)
    r.add_argument(
        "--lag", type=float, default=-10.0, help="进度差低于此百分点即标为滞后（默认 -10）"
    )
    _output_arguments(r)
    r.set_defaults(run=commands.report_projects)
    r = reports.add_parser("balances", help="结转结余情况（按资金性质）")
    _scope_arguments(r)
    _output_arguments(r)
    r.set_defaults(run=commands.report_balances)

    p = sub.add_parser("history", help="审计轨迹：逐条列出记录的事实")
    p.add_argument("--unit")
    p.add_argument("--year", type=int)
    p.add_argument("--line")
    p.add_argument("--doc", help="文号或凭证号（也匹配冲销的原凭证号）")
    p.add_argument("--actor", dest="by_actor", metavar="ACTOR", help="经办人")
    p.add_argument("--from", dest="date_from", type=business_date, help="业务日期起")
    p.add_argument("--to", dest="date_to", type=business_date, help="业务日期止")
    p.add_argument("--known-at", type=moment)
    p.add_argument("--limit", type=int, help="最多列出条数")
    _output_arguments(p)
    p.set_defaults(run=commands.history)

    p = sub.add_parser("close", help="年终结转：结转所列指标余额，其余收回，并结账")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--carry", help="结转清单 CSV：列 line（指标编号）与 amount（金额）")
    p.add_argument("--doc", help="文号（默认 年终结转-年度）")
    p.add_argument("--date", type=business_date, help="业务日期（默认 12 月 31 日）")
    p.set_defaults(run=commands.close)

    p = sub.add_parser("rebuild", help="清空并重放读模型")
    p.set_defaults(run=commands.rebuild)

    p = sub.add_parser("follow", help="持续跟随新事件更新读模型（PostgreSQL）")
    p.set_defaults(run=commands.follow)

    p = sub.add_parser("bench", help="基准测试：生成模拟的全市年度数据并测量，写入 BENCHMARKS.md")
    p.add_argument("--payments", type=int, default=1_000_000, help="支付笔数（默认 1,000,000）")
    p.add_argument("--units", type=int, default=300)
    p.add_argument("--lines", type=int, default=12_000)
    p.add_argument("--departments", type=int, default=15)
    p.add_argument("--growth", type=int, default=100_000, help="用于比较增长的较小规模（0 不测）")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--workdir", default="bench-data")
    p.add_argument("--output", default="BENCHMARKS.md")
    p.add_argument("--no-postgres", action="store_true")
    p.add_argument("--no-peer", action="store_true", help="不运行 hledger 对照")
    p.set_defaults(run=commands.bench)

    final_accounts.register(sub, _scope_arguments)

    p = sub.add_parser("tui", help="打开终端界面：浏览、下钻、时间旅行、记录、回放")
    # Also accepted after the command (``python -m tui --db F``); given before, kept.
    p.add_argument("--db", default=argparse.SUPPRESS, help="数据库（同全局 --db）")
    p.add_argument("--actor", default=argparse.SUPPRESS, help="经办人（同全局 --actor）")
    p.add_argument("--year", type=int, help="打开时的预算年度（默认为库中最新年度）")
    p.add_argument("--unit", help="打开时的单位编码（默认：库中只有一个单位时即为该单位）")
    p.add_argument("--as-of", type=business_date, help="打开时的截至日期（默认为今天，限于年度内）")
    p.set_defaults(run=commands.tui)

    safety.add_parsers(sub)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # A batch tool allocating millions of short-lived objects: collect garbage less often
    # (it otherwise costs a fifth of an import), and never scan what start-up loaded.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    return commands.run(args)


if __name__ == "__main__":
    sys.exit(main())
