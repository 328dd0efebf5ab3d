"""The 情况说明's 预算绩效情况: the self-evaluations' figures and each project's 等级, from the
final accounts' 绩效自评 block (the arithmetic is the ledger's; nothing is left blank)."""

from __future__ import annotations

from typing import Any

from ledger.domain.performance.evaluation import GRADES, LOWEST_GRADE
from ledger.money import ratio_percent, wan
from projections.queries.performance import PerformanceProject


def performance_lines(
    year: int, evaluations: dict[str, dict[str, Any]], projects: list[PerformanceProject]
) -> list[str]:
    """``projects``: the evaluated projects, whose exact money the totals add (in fen,
    rounded once)."""
    blocks = list(evaluations.values())
    budget = sum(p.money.budget for p in projects)
    spent = sum(p.money.spent for p in projects)
    rate = ratio_percent(spent, budget)
    grades = [name for _, name in GRADES] + [LOWEST_GRADE]
    counted = "、".join(f"{g}{n}个" for g in grades if (n := sum(b["等级"] == g for b in blocks)))
    flagged = sum(bool(b["提示"]) for b in blocks)
    lines = [
        f"{year}年度对{len(blocks)}个项目开展了绩效自评，涉及全年预算数{wan(budget):.2f}万元，"
        f"全年执行数{wan(spent):.2f}万元，执行率{'—' if rate is None else f'{rate:.2f}%'}。"
        f"自评结果：{counted}。"
        + (f"其中{flagged}个项目的自评表有提示（见下表）。" if flagged else ""),
        "",
        "| 项目 | 全年预算数 | 全年执行数 | 执行率 | 执行率得分 | 总分 | 等级 | 提示 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, b in evaluations.items():
        rate_text = "—" if b["执行率"] is None else f"{b['执行率']}%"
        flags = "；".join(f["类型"] for f in b["提示"]) or "—"
        cells = (name, b["全年预算数"], b["全年执行数"], rate_text, b["执行率得分"] or "—",
                 b["总分"], b["等级"], flags)  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def grade_summary(evaluations: dict[str, dict[str, Any]]) -> str:
    """How many projects got each 等级: ``优5个、良3个、中3个``."""
    grades = [name for _, name in GRADES] + [LOWEST_GRADE]
    blocks = list(evaluations.values())
    return "、".join(f"{g}{n}个" for g in grades if (n := sum(b["等级"] == g for b in blocks)))
