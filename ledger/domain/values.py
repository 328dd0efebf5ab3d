"""The closed vocabularies of the domain, spelled as the journal and the tables spell them."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    APPROPRIATION = "appropriation"
    CARRYOVER = "carryover"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"
    PAYMENT = "payment"
    REVERSAL = "reversal"
    INCOME = "income"
    CLOSE = "close"
    CARRY_PLAN = "carry_plan"  # a budget's 结转下年: money planned not to be spent this year
    PROCUREMENT_PLAN = "procurement_plan"  # a budget's 政府采购预算 on a line
    # Performance (绩效) facts: a project's targets, in-year progress and self-evaluation.
    TARGET = "target"
    TARGET_REVISION = "target_revision"
    PROGRESS = "progress"
    EVALUATION = "evaluation"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.APPROPRIATION: "年初批复",
    Kind.CARRYOVER: "上年结转",
    Kind.ADJUSTMENT: "调整",
    Kind.TRANSFER: "调剂",
    Kind.PAYMENT: "支付",
    Kind.REVERSAL: "冲销",
    Kind.INCOME: "收入",
    Kind.CLOSE: "年终结转",
    Kind.CARRY_PLAN: "结转下年计划",
    Kind.PROCUREMENT_PLAN: "政府采购预算",
    Kind.TARGET: "绩效目标",
    Kind.TARGET_REVISION: "调整绩效目标",
    Kind.PROGRESS: "绩效监控",
    Kind.EVALUATION: "绩效自评",
}
# The performance kinds: no amount, no line; they act on a project's performance.
PERFORMANCE_KINDS = frozenset({Kind.TARGET, Kind.TARGET_REVISION, Kind.PROGRESS, Kind.EVALUATION})


class Fund(StrEnum):
    GENERAL = "一般公共预算"
    GOVERNMENT_FUND = "政府性基金预算"
    STATE_CAPITAL = "国有资本经营预算"
    SPECIAL_ACCOUNT = "财政专户管理资金"
    UNIT = "单位资金"

    @property
    def is_fiscal(self) -> bool:
        """The three 财政拨款 funds: unspent current money not carried is recovered."""
        return self in FISCAL_FUNDS


FISCAL_FUNDS = frozenset({Fund.GENERAL, Fund.GOVERNMENT_FUND, Fund.STATE_CAPITAL})


class Category(StrEnum):
    PERSONNEL = "人员经费"
    OPERATING = "公用经费"
    PROJECT = "项目支出"

    @property
    def is_basic(self) -> bool:
        """人员经费 and 公用经费 together are 基本支出."""
        return self is not Category.PROJECT


class IncomeType(StrEnum):
    SUPERIOR_SUBSIDY = "上级补助收入"
    OPERATING_REVENUE = "事业收入"
    BUSINESS = "经营收入"
    AFFILIATE = "附属单位上缴收入"
    OTHER = "其他收入"


class SpendType(StrEnum):
    """支出性质 beyond the default 基本支出/项目支出 taken from the line's category."""

    TO_SUPERIOR = "上缴上级支出"
    BUSINESS = "经营支出"
    TO_AFFILIATES = "对附属单位补助支出"


class Procurement(StrEnum):
    GOODS = "货物"
    WORKS = "工程"
    SERVICES = "服务"


class UnitType(StrEnum):
    ADMINISTRATIVE = "行政单位"
    CIVIL_SERVICE_MANAGED = "参公事业单位"
    PUBLIC_INSTITUTION = "事业单位"


DEFAULT_UNIT_TYPE = UnitType.ADMINISTRATIVE

# Economic classes that are 人员经费; every other class is 公用经费 when spent as 基本支出.
PERSONNEL_ECONOMIC_CLASSES = frozenset({"301", "303"})
