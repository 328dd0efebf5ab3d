"""``budget-ledger``: record budget facts and ask how the budget stands, at any time."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from ledger.journal.columns import COLUMNS, REQUIRED
from projections.render import FORMATS
from tui.cli import backup, commands, final_accounts, safety
from tui.cli.args import business_date, dimensions, moment, whole_number
from tui.cli.chinese import ChineseParser

RECORD_HELP = "\n".join(
    [
        "记录一行日记账，规则与导入相同（docs/journal-format.md）。每个参数为 列名=值，",
        "列名可用英文或中文别名：",
        "",
        *(
            f"  {name:<15}{alias}{'（必填）' if name in REQUIRED else ''}"
            for name, alias in COLUMNS
        ),
        "",
        "例：",
        "  budget-ledger record kind=payment date=2025-03-01 year=2025 unit=105001 \\",
        "      line=L01 economic=30101 amount=100.00 doc=ZF-1",
        "  budget-ledger record 类型=payment 业务日期=2025-03-02 预算年度=2025 单位编码=105001 \\",
        "      指标编号=L01 经济科目=30101 金额=50.00 文号=ZF-2",
    ]
)
EPILOG = "数据库：--db 或环境变量 BUDGET_LEDGER_DB（SQLite 文件路径或 postgresql:// URL）；默认为当前目录下的 budget-ledger.db"


def _scope_arguments(p: argparse.ArgumentParser, year_required: bool = True) -> None:
    p.add_argument("--year", type=whole_number, required=year_required, help="预算年度，如 2024")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--unit", help="单位编码")
    who.add_argument("--department", help="主管部门编码（汇总其所属单位）")
    p.add_argument("--as-of", type=business_date, help="业务日期截至（默认为年末）")
    p.add_argument("--known-at", type=moment, help="只计入此刻及以前记录的事实（审计回放）")


def _output_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table", help="输出格式（默认 table）")
    p.add_argument("--output", "-o", help="输出文件（默认标准输出）")


def parser() -> argparse.ArgumentParser:
    root = ChineseParser(
        prog="budget-ledger",
        description="预算指标账：记录预算事实，随时查询执行情况。",
        epilog=EPILOG,
    )
    root.add_argument("--db", help="数据库（SQLite 文件或 postgresql:// URL）")
    root.add_argument("--actor", help="经办人（默认为当前系统用户）")
    sub = root.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("import", help="导入日记账文件（CSV、XLSX、JSON Lines）")
    p.add_argument("files", nargs="+", metavar="FILE", help="日记账文件，可列多个，逐个整体记录")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条")
    p.set_defaults(run=commands.import_files)

    p = sub.add_parser("export", help="导出日记账")
    p.add_argument("--output", "-o", required=True, help="写出的文件")
    p.add_argument(
        "--format", choices=("csv", "xlsx", "jsonl"), help="文件格式（默认按文件扩展名）"
    )
    p.set_defaults(run=commands.export)

    p = sub.add_parser(
        "record",
        help="记录一行（列名=值 …），规则同导入",
        description=RECORD_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("cells", nargs="+", metavar="列名=值", help="日记账的一列及其值，列名见上")
    p.set_defaults(run=commands.record)

    p = sub.add_parser(
        "report",
        help="报表：execution 预算执行 / projects 项目执行 / performance 双监控 / balances 结转结余",
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
    r = reports.add_parser("performance", help="双监控：项目预算执行与绩效目标实现")
    _scope_arguments(r)
    r.add_argument(
        "--by",
        choices=("project", "indicator"),
        default="project",
        help="project 按项目（默认）/ indicator 按指标",
    )
    _output_arguments(r)
    r.set_defaults(run=commands.report_performance)
    r = reports.add_parser("balances", help="结转结余情况（按资金性质）")
    _scope_arguments(r)
    _output_arguments(r)
    r.set_defaults(run=commands.report_balances)

    p = sub.add_parser("history", help="审计轨迹：逐条列出记录的事实")
    p.add_argument("--unit", help="单位编码")
    p.add_argument("--year", type=whole_number, help="预算年度")
    p.add_argument("--line", help="指标编号")
    p.add_argument("--doc", help="文号或凭证号（也匹配冲销的原凭证号）")
    p.add_argument("--actor", dest="by_actor", metavar="ACTOR", help="经办人")
    p.add_argument("--from", dest="date_from", type=business_date, help="业务日期起")
    p.add_argument("--to", dest="date_to", type=business_date, help="业务日期止")
    p.add_argument("--known-at", type=moment, help="只列此刻及以前记录的事实（审计回放）")
    p.add_argument("--limit", type=whole_number, help="最多列出条数（表格默认 500，json/csv 不限）")
    _output_arguments(p)
    p.set_defaults(run=commands.history)

    p = sub.add_parser("close", help="年终结转：结转所列指标余额，其余收回，并结账")
    p.add_argument("--year", type=whole_number, required=True, help="结账的预算年度")
    p.add_argument("--unit", required=True, help="单位编码")
    p.add_argument(
        "--carry",
        metavar="FILE",
        help="结转清单 CSV，首行为表头 line,amount 或 指标编号,金额；未列的指标余额收回",
    )
    p.add_argument("--doc", help="文号（默认 年终结转-年度）")
    p.add_argument("--date", type=business_date, help="业务日期（默认 12 月 31 日）")
    p.set_defaults(run=commands.close)

    p = sub.add_parser("rebuild", help="清空并重放读模型")
    p.set_defaults(run=commands.rebuild)

    p = sub.add_parser("follow", help="持续跟随新事件更新读模型（PostgreSQL）")
    p.set_defaults(run=commands.follow)

    p = sub.add_parser("bench", help="基准测试：生成模拟的全市年度数据并测量，写入 BENCHMARKS.md")
    p.add_argument(
        "--payments", type=whole_number, default=1_000_000, help="支付笔数（默认 1,000,000）"
    )
    p.add_argument("--units", type=whole_number, default=300, help="单位数（默认 300）")
    p.add_argument("--lines", type=whole_number, default=12_000, help="指标数（默认 12,000）")
    p.add_argument("--departments", type=whole_number, default=15, help="主管部门数（默认 15）")
    p.add_argument(
        "--growth", type=whole_number, default=100_000, help="用于比较增长的较小规模（0 不测）"
    )
    p.add_argument("--queries", type=whole_number, default=200, help="每种查询的次数（默认 200）")
    p.add_argument("--workdir", default="bench-data", help="生成数据的目录（默认 bench-data）")
    p.add_argument("--output", default="BENCHMARKS.md", help="写出的报告（默认 BENCHMARKS.md）")
    p.add_argument("--no-postgres", action="store_true", help="不测 PostgreSQL")
    p.add_argument("--no-peer", action="store_true", help="不运行 hledger 对照")
    p.add_argument(
        "--only",
        choices=["online", "performance"],
        help="只测一项：online 为多客户端在线记录，performance 为预算绩效（只替换 BENCHMARKS.md 中该节）",
    )
    p.add_argument(
        "--online-seconds",
        type=whole_number,
        default=20,
        help="在线记录每轮的时长（秒，默认 20）",
    )
    p.set_defaults(run=commands.bench)

    final_accounts.register(sub, _scope_arguments)

    p = sub.add_parser("tui", help="打开终端界面：浏览、下钻、时间旅行、记录、回放")
    # Also accepted after the command (``python -m tui --db F``); given before, kept.
    p.add_argument("--db", default=argparse.SUPPRESS, help="数据库（同全局 --db）")
    p.add_argument("--actor", default=argparse.SUPPRESS, help="经办人（同全局 --actor）")
    p.add_argument("--year", type=whole_number, help="打开时的预算年度（默认为库中最新年度）")
    p.add_argument("--unit", help="打开时的单位编码（默认：库中只有一个单位时即为该单位）")
    p.add_argument("--as-of", type=business_date, help="打开时的截至日期（默认为今天，限于年度内）")
    p.set_defaults(run=commands.tui)

    safety.add_parsers(sub)
    backup.add_parser(sub)
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
