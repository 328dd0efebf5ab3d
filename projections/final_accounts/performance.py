"""The performance blocks of the published documents, from the read model: the final
accounts' 绩效自评 (项目支出绩效自评表 per project) and the budget's 绩效目标
(项目支出绩效目标表 per project, the targets as approved). The money of both is the
ledger's (the scope's line totals), never the performance rows'."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ledger.money import wan
from projections.final_accounts.facts import Facts
from projections.final_accounts.grid import Cell, Row, Sheet, cells
from projections.final_accounts.layouts import TableMeta
from projections.queries.performance import PerformanceProject, performance_projects

EVALUATION_NOTE = (
    "备注：1.“全年预算数”含上年结转和年度调整；2.“全年执行数”是指预算执行指标确认数；"
    "3.“执行率”是全年执行数与全年预算数相比数；执行率得分 = 分值 × 执行率（最高为分值）；"
    "4.总分 = 执行率得分 + 各指标得分；等级：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60。"
)
TARGET_NOTE = "注：指标值为批复时的绩效目标（调整前）；资金为年初批复数。"


def projects_with_facts(session: Session, facts: Facts) -> list[PerformanceProject]:
    """The scope's projects with performance facts, with their money from its lines."""
    found = performance_projects(session, facts.scope, totals=facts.lines)
    return [p for p in found if p.state is not None]


def targets(projects: list[PerformanceProject]) -> dict[str, dict[str, Any]]:
    """``绩效目标``: each targeted project's money as appropriated and targets as approved."""
    out: dict[str, dict[str, Any]] = {}
    for p in projects:
        state = p.state
        assert state is not None
        approved = state.approved()
        if not approved and not state.goals:
            continue
        fiscal, other = p.initial_by_fiscal()
        out[p.label] = {
            "年度资金总额": _wan(fiscal + other),
            "财政拨款": _wan(fiscal),
            "其他资金": _wan(other),
            "年度目标": state.approved_goal,
            "指标": [
                {
                    "一级指标": i.level1,
                    "二级指标": i.level2,
                    "三级指标": i.indicator,
                    "指标值": i.approved or "",
                }
                for i in approved
            ],
        }
    return out


def flag_lines(evaluations: dict[str, dict[str, Any]]) -> list[str]:
    """The 提示 of every self-evaluation, for ``check`` (never a failed rule)."""
    return [
        f"[提示] 绩效自评 {name}：{flag['类型']}：{flag['说明']}"
        for name, block in evaluations.items()
        for flag in block["提示"]
    ]


def _wan(fen: int) -> str:
    return f"{wan(fen):.2f}"


def _unit_label(facts: Facts, unit: str) -> str:
    info = facts.units.get(unit)
    return f"{unit}-{info.name}" if info and info.name else unit


def _department(facts: Facts, unit: str) -> str:
    info = facts.units.get(unit)
    return (info.department if info else None) or facts.scope.department or ""


# --- sheets -------------------------------------------------------------------------------


def evaluation_sheets(
    facts: Facts, evaluations: dict[str, dict[str, Any]], projects: list[PerformanceProject]
) -> list[Sheet]:
    """One 项目支出绩效自评表 per project, laid out as the final accounts print it."""
    by_label = {p.label: p for p in projects}
    sheets = []
    for n, (label, b) in enumerate(evaluations.items(), start=1):
        p = by_label[label]
        meta = TableMeta(f"绩效自评_{label}", None, f"{p.name}项目支出绩效自评表", EVALUATION_NOTE,
                         f"绩效自评{n:02d}")  # fmt: skip
        money = p.money
        header = [
            cells("项目名称", Cell(p.name, span=9)),
            cells(
                "主管部门及代码",
                Cell(_department(facts, p.unit), span=4),
                "预算单位",
                Cell(_unit_label(facts, p.unit), span=4),
            ),
            cells(
                "项目资金（万元）",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "资金结（转）余",
                "分值",
                "执行率",
                "得分",
                Cell(None, span=2),
            ),
        ]
        body: list[Row] = [
            cells(
                "资金总额",
                b["年初预算数"],
                b["全年预算数"],
                b["全年执行数"],
                _wan(money.budget - money.spent),
                b["执行率分值"],
                _pct(b["执行率"]),
                b["执行率得分"],
                Cell(None, span=2),
            ),
            cells("年度总体目标", Cell("预期目标", span=4), Cell("实际完成情况", span=5)),
            cells(None, Cell(b["年度目标"], span=4), Cell(b["实际完成情况"], span=5)),
            cells(
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年初指标值",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因",
            ),
        ]
        for i in b["指标"]:
            body.append(
                cells(None, i["一级指标"], i["二级指标"], i["三级指标"], i["年初指标值"],
                      i["年度指标值"], i["实际完成值"], i["分值"], i["得分"], i["偏差原因"])
            )  # fmt: skip
        body.append(cells("总分", Cell(None, span=6), b["总分"], "等级", b["等级"]))
        remarks = [f"提示：{f['类型']}：{f['说明']}" for f in b["提示"]]
        sheets.append(
            Sheet(meta, facts.entity_name, facts.scope.year, 10, header, body,
                  widths=[16, 12, 14, 24, 14, 14, 14, 8, 8, 30], remarks=remarks)
        )  # fmt: skip
    return sheets


def target_sheets(
    facts: Facts, blocks: dict[str, dict[str, Any]], projects: list[PerformanceProject]
) -> list[Sheet]:
    """One 项目支出绩效目标表 per project, laid out as the budget prints it."""
    by_label = {p.label: p for p in projects}
    sheets = []
    for n, (label, b) in enumerate(blocks.items(), start=1):
        p = by_label[label]
        meta = TableMeta(f"绩效目标_{label}", None, f"{p.name}项目支出绩效目标表", TARGET_NOTE,
                         f"绩效目标{n:02d}")  # fmt: skip
        header = [
            cells("项目名称", Cell(p.name, span=4)),
            cells(
                "主管部门及代码",
                _department(facts, p.unit),
                "实施单位",
                Cell(_unit_label(facts, p.unit), span=2),
            ),
        ]
        body: list[Row] = [
            cells("项目资金（万元）", "年度资金总额", "其中：财政拨款", "其他资金", None),
            cells(None, b["年度资金总额"], b["财政拨款"], b["其他资金"], None),
            cells("年度目标", Cell(b["年度目标"], span=4)),
            cells("绩效指标", "一级指标", "二级指标", "三级指标", "指标值"),
        ]
        body += [
            cells(None, i["一级指标"], i["二级指标"], i["三级指标"], i["指标值"]) for i in b["指标"]
        ]
        sheets.append(
            Sheet(meta, facts.entity_name, facts.scope.year, 5, header, body,
                  widths=[16, 14, 18, 40, 20])
        )  # fmt: skip
    return sheets


def _pct(value: str | None) -> str | None:
    return None if value is None else f"{value}%"
