"""Tables of the write side: the event store (same shape as eventsourcing-sqlalchemy's
records) and the voucher index. The Alembic migrations own their DDL; these
definitions are what the code queries with, and a test keeps the two equal."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy_utils.types.uuid import UUIDType

EVENTS_TABLE = "ledger_events"
SNAPSHOTS_TABLE = "ledger_snapshots"
TRACKING_TABLE = "projection_tracking"

Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

events = Table(
    EVENTS_TABLE,
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("originator_id", UUIDType(), nullable=False),
    Column("originator_version", Id, nullable=False),
    Column("topic", Text(), nullable=False),
    Column("state", LargeBinary(), nullable=False),
    # Set by the database on PostgreSQL (a trigger: now(), session_user), whatever the
    # client sends; empty on SQLite and for events recorded before revision 0007.
    Column("recorded_at", DateTime(timezone=True)),
    Column("recorded_by", Text()),
    Index(f"{EVENTS_TABLE}_aggregate_idx", "originator_id", "originator_version", unique=True),
)

snapshots = Table(
    SNAPSHOTS_TABLE,
    metadata,
    Column("originator_id", UUIDType(), primary_key=True),
    Column("originator_version", Id, primary_key=True),
    Column("topic", Text(), nullable=False),
    Column("state", LargeBinary(), nullable=False),
)

tracking = Table(
    TRACKING_TABLE,
    metadata,
    Column("application_name", String(32), primary_key=True),
    Column("notification_id", Id),
)

# One row that writers of events lock FOR UPDATE until they commit (PostgreSQL; see
# ledger.seal.lock_writers): a lock only a role that may update it can take.
writers = Table("ledger_writers", metadata, Column("id", Integer, primary_key=True))

# The hash chain over the event store, one row per batch of events, written with them
# (see ledger.seal). Append-only, like the events.
seals = Table(
    "ledger_seal",
    metadata,
    Column("last_id", Id, primary_key=True, autoincrement=False),
    Column("first_id", Id, nullable=False),
    Column("events", Integer, nullable=False),
    Column("entries", LargeBinary(), nullable=False),  # 64 bytes an event: see ledger.seal
    Column("head", LargeBinary(), nullable=False),
)

# Payments by voucher number, written in the same transaction as their events: a voucher
# is unique within a unit and year across all its lines, which no single line can know.
vouchers = Table(
    "voucher",
    metadata,
    Column("unit", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("doc", String(64), primary_key=True),
    Column("line", String(64), nullable=False),
    Column("amount", BigInteger, nullable=False),  # fen
    Column("effective_date", Date, nullable=False),
    Column("economic", String(5), nullable=False),
    Column("spend_type", String(16)),
    Column("procurement", String(8)),
    Column("row_hash", String(16)),
)
