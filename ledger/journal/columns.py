"""The journal's columns, in the order of journal-format.md, with their Chinese aliases."""

from __future__ import annotations

COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "业务日期"),
    ("kind", "类型"),
    ("year", "预算年度"),
    ("unit", "单位编码"),
    ("unit_name", "单位名称"),
    ("unit_type", "单位类型"),
    ("department", "主管部门"),
    ("line", "指标编号"),
    ("fund", "资金性质"),
    ("function", "功能科目"),
    ("function_name", "功能科目名称"),
    ("category", "支出类型"),
    ("economic", "经济科目"),
    ("economic_name", "经济科目名称"),
    ("project", "项目名称"),
    ("project_code", "项目编码"),
    ("amount", "金额"),
    ("doc", "文号"),
    ("to_line", "调入指标"),
    ("reverses", "原凭证号"),
    ("income_type", "收入类型"),
    ("spend_type", "支出性质"),
    ("procurement", "采购类型"),
    ("payee", "收款人"),
    ("actor", "经办人"),
    ("memo", "摘要"),
    # Performance facts (journal-format.md, version 2)
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("indicator", "三级指标"),
    ("target", "指标值"),
    ("actual", "实际完成值"),
    ("weight", "分值"),
    ("score", "得分"),
    ("reason", "偏差原因"),
)
PERFORMANCE_COLUMNS: tuple[str, ...] = (
    "level1", "level2", "indicator", "target", "actual", "weight", "score", "reason",
)  # fmt: skip

NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
ALIAS: dict[str, str] = dict(COLUMNS)
BY_HEADER: dict[str, str] = {**{n: n for n in NAMES}, **{a: n for n, a in COLUMNS}}
REQUIRED: tuple[str, ...] = ("date", "kind", "year", "unit", "amount", "doc")
# A file with performance columns may leave ``amount`` out: its rows need none (a money row
# in it is refused at its row for the empty amount).
REQUIRED_WITH_PERFORMANCE: tuple[str, ...] = ("date", "kind", "year", "unit", "doc")


def label(column: str) -> str:
    """How an error names a column: ``amount（金额）``."""
    alias = ALIAS.get(column)
    return f"{column}（{alias}）" if alias else column
