"""Read-model tables. Money is integer fen; ``movement`` has one row per fact with its
business date, recorded time (µs since the epoch, UTC) and notification id, so that
"as of D, as known at T" is a plain WHERE clause.

The Alembic migrations own the DDL; a test keeps these definitions equal to it.
"""

from __future__ import annotations

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
