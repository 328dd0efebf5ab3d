"""One scope's final accounts as a whole: the tables, their checks, the carry-overs due
for recovery, and the forms they are written in (JSON, sheets, check lines)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ledger.money import from_fen, show, wan, yuan
from projections.final_accounts.checks import Rule, run_checks
from projections.final_accounts.facts import Facts, gather
from projections.final_accounts.grid import Row, Sheet, cells
from projections.final_accounts.layouts import TableMeta
from projections.final_accounts.performance import (
    evaluation_sheets,
    flag_lines,
    projects_with_facts,
)
from projections.final_accounts.sheets import final_sheets
from projections.final_accounts.tables import Tree, final_accounts
from projections.final_accounts.values import jsonable
from projections.queries.ages import AgedBalance, aged_balances
from projections.queries.performance import PerformanceProject
from projections.scope import Scope

FAILED_MARK = "本套报表未通过勾稽检查（见“勾稽检查”表），不得直接报送"
CHECKS = TableMeta(
    "checks", None, "勾稽检查", "注：各项检查以精确到分的金额（元）进行。", "勾稽检查"
)


class NoData(ValueError):
    """Nothing is recorded for the scope."""


@dataclass
class FinalAccounts:
    facts: Facts
    tables: Tree
    rules: list[Rule]
    due: list[AgedBalance]  # carry-overs two years or more old
    # 绩效自评 by project (code and name), and those projects; empty without performance facts
    performance: dict[str, dict[str, Any]] = field(default_factory=dict)
    performance_projects: list[PerformanceProject] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.ok for r in self.rules)

    @property
    def preview(self) -> bool:
        """Not every line is closed: 年末结转和结余 are projected."""
        return not self.facts.closed

    def marks(self) -> list[str]:
        scope = self.facts.scope
        marks = []
        if self.preview:
            marks.append(
                f"预览：截至 {scope.as_of_date} 尚未结账，本年收入与年末结转和结余按可用余额预计"
            )
        if not self.passed:
            marks.append(FAILED_MARK)
        return marks

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self.facts.header(), "preview": self.preview}
        if not self.passed:
            out["warning"] = FAILED_MARK
        out.update(jsonable(self.tables))
        out["checks"] = {
            "passed": self.passed,
            "rules": len(self.rules),
            "failed": [
                {
                    "rule": rule.name,
                    "left": yuan(c.left),
                    "op": c.op,
                    "right": yuan(c.right),
                    "left_from": c.left_from,
                    "right_from": c.right_from,
                }
                for rule in self.rules
                for c in rule.failures
            ],
        }
        out["carry_over_due"] = [{**asdict(a), "amount": f"{wan(a.amount):.2f}"} for a in self.due]
        if self.performance:
            out["绩效自评"] = self.performance
        return out

    def money_sheets(self) -> list[Sheet]:
        """The 公开 tables (公开01–10 and the projects' execution)."""
        f = self.facts
        sheets = final_sheets(self.tables, f.entity_name, f.scope.year, f.names)
        marks = self.marks()
        for sheet in sheets:
            sheet.marks = marks
        return sheets

    def sheets(self) -> list[Sheet]:
        evaluations = evaluation_sheets(self.facts, self.performance, self.performance_projects)
        return [*self.money_sheets(), *evaluations, self.checks_sheet()]

    def checks_sheet(self) -> Sheet:
        heading = [cells("序号", "检查规则", "结果", "左方（元）", "关系", "右方（元）", "来源")]
        body: list[Row] = []
        for number, rule in enumerate(self.rules, start=1):
            if rule.ok:
                body.append(cells(str(number), rule.name, "通过", None, None, None, None))
            for c in rule.failures:
                source = f"{c.left_from} {c.op} {c.right_from}"
                body.append(
                    cells(
                        str(number),
                        rule.name,
                        "未通过",
                        show_yuan(c.left),
                        "≠" if c.op == "=" else ">",
                        show_yuan(c.right),
                        source,
                    )
                )
        notes = [cells("提示", a.describe(), None, None, None, None, None) for a in self.due]
        return Sheet(
            CHECKS,
            self.facts.entity_name,
            self.facts.scope.year,
            7,
            heading,
            body,
            appendix=notes,
            widths=[6, 90, 8, 16, 6, 16, 70],
            unit_line="金额单位：元",
        )

    def check_lines(self) -> list[str]:
        scope = self.facts.scope
        who = f"单位 {scope.unit}" if scope.unit else f"主管部门 {scope.department}（汇总）"
        lines = [f"勾稽检查：{who} {scope.year} 年度，截至 {scope.as_of_date}"]
        if self.preview:
            lines.append("（尚未结账：年末结转和结余为预计数）")
        for rule in self.rules:
            lines.append(f"[{'通过' if rule.ok else '未通过'}] {rule.name}")
            for c in rule.failures:
                relation = "≠" if c.op == "=" else ">"
                lines.append(
                    f"    {c.left_from}：{show_yuan(c.left)} 元 {relation} "
                    f"{c.right_from}：{show_yuan(c.right)} 元（差 {show_yuan(c.left - c.right)} 元）"
                )
        failed = sum(not r.ok for r in self.rules)
        for a in self.due:
            lines.append(f"[提示] {a.describe()}")
        lines += flag_lines(self.performance)
        lines.append(f"共 {len(self.rules)} 条规则，{failed} 条未通过。")
        return lines


def show_yuan(fen: int) -> str:
    return show(from_fen(fen))


def build(session: Session, scope: Scope) -> FinalAccounts:
    facts = gather(session, scope)
    if facts.empty:
        who = f"单位 {scope.unit}" if scope.unit else f"主管部门 {scope.department}"
        raise NoData(f"{who} 的 {scope.year} 年度没有任何记录（截至所选日期和时刻）")
    tables = final_accounts(facts)
    due = aged_balances(facts.lines, facts.origins, scope.year)
    projects = projects_with_facts(session, facts)
    evaluations = {p.label: p.state.self_evaluation(p.money) for p in projects if p.state}
    return FinalAccounts(facts, tables, run_checks(facts, tables), due, evaluations, projects)


def previous_year(session: Session, scope: Scope) -> FinalAccounts | None:
    """Last year's final accounts for the same units (as known at the same moment), for
    the narrative's comparisons; None when the ledger holds nothing for it."""
    earlier = Scope(scope.year - 1, scope.unit, scope.department, known_at=scope.known_at)
    try:
        return build(session, earlier)
    except NoData:
        return None
