"""Read-model tables. Money is integer fen; ``movement`` has one row per fact with its
business date, recorded time (µs since the epoch, UTC) and notification id, so that
"as of D, as known at T" is a plain WHERE clause.

What each kind of event writes into ``movement`` is declared here too (``Kind``), once:
the projector derives its rows and insert statements from it. Adding a field to a
movement is the event's field, its column and its kind's entry here, and a migration.

The Alembic migrations own the DDL; a test keeps these definitions equal to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

units = Table(
    "unit",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text),
    Column("unit_type", String(16)),
    Column("department", String(64)),
    # When each was registered (µs since the epoch, like movement.recorded_at): a report
    # "as known at T" counts a unit in its department only if it was registered by T.
    Column("name_at", BigInteger),
    Column("unit_type_at", BigInteger),
    Column("department_at", BigInteger),
)

# Every column but the first two is the field of the same name of the line's Opened event.
lines = Table(
    "line",
    metadata,
    # The notification id of the line's Opened event: known to the projector without a
    # round trip, and stable across rebuilds.
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("aggregate_id", String(32), nullable=False, unique=True),
    Column("unit", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("code", String(64), nullable=False),
    Column("fund", String(16), nullable=False),
    Column("function", String(7), nullable=False),
    Column("category", String(8), nullable=False),
    Column("economic", String(5)),
    Column("project", Text),
    Column("project_code", String(64)),
    Index("line_unit_year_idx", "unit", "year"),
    Index("line_year_idx", "year"),
)

# Names the journals gave for codes the shipped tables lack.
code_names = Table(
    "code_name",
    metadata,
    Column("scheme", String(8), primary_key=True),  # function | economic
    Column("code", String(7), primary_key=True),
    Column("name", Text, nullable=False),
)

MEASURES = (
    "initial",  # 年初预算 (appropriations)
    "carried_in",  # 上年结转
    "adjusted",  # adjustments, transfers in (+) and out (−)
    "spent",  # payments (+), reversals (−)
    "income",  # non-fiscal income
    "carried_out",  # carried into next year at close
    "carried_from_old",  # ... of which last year's carry-over
    "recovered_old",  # 收回的上年结转
    "recovered_current",  # unspent current money not carried
)

movements = Table(
    "movement",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),  # notification id
    Column("line_key", BigInteger),  # None for income and a unit-wide close
    Column("unit", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("recorded_at", BigInteger, nullable=False),
    Column("doc", String(64), nullable=False),
    Column("actor", Text, nullable=False),
    *(Column(name, BigInteger, nullable=False, server_default="0") for name in MEASURES),
    Column("fund", String(16)),  # income only; a line's fund is on the line
    Column("function", String(7)),  # income only
    Column("income_type", String(16)),
    Column("economic", String(5)),
    Column("spend_type", String(16)),
    Column("procurement", String(8)),
    Column("counterpart", String(64)),  # transfer's other line, reversal's voucher
    Column("origin_year", Integer),  # carry-over: year first appropriated
    Column("derived", Boolean, nullable=False, server_default="0"),
    # A budget's plans (carry_plan: 结转下年; procurement_plan: 政府采购预算): not money
    # that moves, so not a measure of the line's months.
    Column("planned", BigInteger, nullable=False, server_default="0"),
    Column("payee", Text),
    Column("memo", Text),
    # Few indexes, on keys that grow in order: at a million rows an index with random
    # keys costs more than the row itself.
    Index("movement_unit_year_date_idx", "unit", "year", "effective_date"),
    Index("movement_year_date_idx", "year", "effective_date"),
)

# The movements of each line summed per month of business date (as known now): an as-of
# report adds the months before the date's month to that month's movements up to the
# date, so its cost does not grow with the year's history.
line_months = Table(
    "line_month",
    metadata,
    Column("line_key", BigInteger, primary_key=True, autoincrement=False),
    Column("month", Integer, primary_key=True, autoincrement=False),
    Column("unit", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    *(Column(name, BigInteger, nullable=False, server_default="0") for name in MEASURES),
    Column("closes", Integer, nullable=False, server_default="0"),
    Index("line_month_unit_year_idx", "unit", "year"),
    Index("line_month_year_idx", "year"),
)


@dataclass(frozen=True, eq=False)
class Kind:
    """What one kind of event writes into ``movement`` besides the columns every movement
    has (its ids, unit, year, dates, doc, actor, memo): the amounts it fills from the
    event's amount fields (as fen, negated when ``negated``), the columns it copies from
    the event's fields and the ones it fixes. A line's movement adds those of its amounts
    that are monthly sums (the ``MEASURES``) to its month in ``line_month``, and one to
    each of ``counted``. The columns it does not name keep their defaults (0 or NULL)."""

    kind: str  # movement.kind
    money: Mapping[str, str] = field(default_factory=dict)  # amount column ← field
    copied: Mapping[str, str] = field(default_factory=dict)  # column ← field
    fixed: Mapping[str, Any] = field(default_factory=dict)  # column ← value
    negated: bool = False
    counted: tuple[str, ...] = ()  # line_month counts

    def __post_init__(self) -> None:
        # A misspelt column fails at import, not at the first row of its kind.
        for name in (*self.money, *self.copied, *self.fixed):
            if name not in movements.c:
                raise ValueError(f"movement has no column {name!r}")
        for name in self.counted:
            if name not in line_months.c:
                raise ValueError(f"line_month has no column {name!r}")


_CLOSE_FIGURES = {
    "carried_out": "amount",
    "carried_from_old": "carried_from_old",
    "recovered_old": "recovered_old",
    "recovered_current": "recovered_current",
}

APPROPRIATION = Kind("appropriation", money={"initial": "amount"})
CARRYOVER = Kind(
    "carryover",
    money={"carried_in": "amount"},
    copied={"origin_year": "origin_year", "derived": "from_close"},
)
ADJUSTMENT = Kind("adjustment", money={"adjusted": "amount"})
# A budget's plans: amounts, not money that moves (``planned`` is no monthly sum).
CARRY_PLAN = Kind("carry_plan", money={"planned": "amount"})
PROCUREMENT_PLAN = Kind(
    "procurement_plan", money={"planned": "amount"}, copied={"procurement": "procurement"}
)
TRANSFER = Kind(
    "transfer", money={"adjusted": "amount"}, copied={"counterpart": "to_line"}, negated=True
)
TRANSFER_IN = Kind(
    "transfer_in",
    money={"adjusted": "amount"},
    copied={"counterpart": "from_line"},
    fixed={"derived": True},
)
PAYMENT = Kind(
    "payment",
    money={"spent": "amount"},
    copied={n: n for n in ("economic", "spend_type", "procurement", "payee")},
)
REVERSAL = Kind(
    "reversal",
    money={"spent": "amount"},
    copied={
        "economic": "economic",
        "spend_type": "spend_type",
        "procurement": "procurement",
        "counterpart": "reverses",
    },
    negated=True,
)
CLOSE = Kind("close", money=_CLOSE_FIGURES, counted=("closes",))
# A line closed by its unit's close: derived from that close, not a row of its own.
CLOSE_BY_UNIT = Kind("close", money=_CLOSE_FIGURES, fixed={"derived": True}, counted=("closes",))
UNIT_CLOSE = Kind("close")  # a unit-wide close: no line, no amount
INCOME = Kind(
    "income",
    money={"income": "amount"},
    copied={n: n for n in ("fund", "function", "income_type")},
)
KINDS = (
    APPROPRIATION,
    CARRYOVER,
    ADJUSTMENT,
    CARRY_PLAN,
    PROCUREMENT_PLAN,
    TRANSFER,
    TRANSFER_IN,
    PAYMENT,
    REVERSAL,
    CLOSE,
    CLOSE_BY_UNIT,
    UNIT_CLOSE,
    INCOME,
)

# --- performance (绩效) ---------------------------------------------------------------

# One row per project's performance aggregate: the project its facts are about.
performance_projects = Table(
    "performance_project",
    metadata,
    Column("aggregate_id", String(32), primary_key=True),
    Column("unit", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("project", Text, nullable=False),  # the project code, or a code-less name
)

# One row per performance fact (target, target_revision, progress, evaluation), with its
# business date, recorded time and notification id like ``movement``: "as of D, known at
# T" is a plain WHERE. Texts as recorded; weight and score in hundredths of a point.
performance_facts = Table(
    "performance_fact",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),  # notification id
    Column("unit", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("project", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("recorded_at", BigInteger, nullable=False),
    Column("doc", String(64), nullable=False),
    Column("actor", Text, nullable=False),
    Column("memo", Text),
    Column("level1", Text, nullable=False),
    Column("level2", Text, nullable=False),
    Column("indicator", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("actual", Text, nullable=False),
    Column("weight", BigInteger),
    Column("score", BigInteger),
    Column("reason", Text, nullable=False),
    Index("performance_fact_unit_year_date_idx", "unit", "year", "effective_date"),
    Index("performance_fact_year_date_idx", "year", "effective_date"),
)
