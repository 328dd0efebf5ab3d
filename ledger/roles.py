"""Roles on a shared PostgreSQL: who may change the schema, who may record, who may only read.

- **owner** (``ledger_owner``) owns every table and runs the migrations. It is the only
  role that could drop the append-only triggers; ``budget-ledger verify`` would then
  still show any event changed behind them.
- **recorder** (``ledger_recorder``) is what the application runs as day to day: it may
  read everything and append to the event store, its seal, the voucher index and the
  snapshots, and write the read model (which ``rebuild`` empties and refills). It has no
  UPDATE, DELETE or TRUNCATE on any append-only table, so the database refuses to let it
  change a recorded fact even before the triggers would.
- **auditor** (``ledger_auditor``) may only read: reports, history, export, verify. Any
  attempt to record is refused by the database.

The script is idempotent: run it again after an upgrade has added tables. It does not set
passwords (``ALTER ROLE … PASSWORD`` or psql's ``\\password``), so none is ever printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ledger.tables import EVENTS_TABLE, SNAPSHOTS_TABLE, TRACKING_TABLE, seals, vouchers, writers

# Facts: the database refuses UPDATE and DELETE on them to everyone (triggers, migration 0003).
APPEND_ONLY = (EVENTS_TABLE, seals.name, vouchers.name)
# Caches of aggregate state: appended by the recorder; the owner may purge them.
INSERT_ONLY = (SNAPSHOTS_TABLE,)
# The writers' lock: a row the recorder locks FOR UPDATE (which needs UPDATE), the auditor
# may only read.
LOCKS = (writers.name,)
# Functions of the triggers (migrations 0003 and 0007).
FUNCTIONS = (
    "ledger_refuse_change",
    "ledger_stamp_event",
    "ledger_check_seal",
    "ledger_check_snapshot",
)
ALEMBIC = "alembic_version"


@dataclass(frozen=True)
class Roles:
    owner: str = "ledger_owner"
    recorder: str = "ledger_recorder"
    auditor: str = "ledger_auditor"

    def __post_init__(self) -> None:
        for name in (self.owner, self.recorder, self.auditor):
            if not name.replace("_", "").isalnum() or not name.isascii() or name[0].isdigit():
                raise ValueError(f"角色名只能由英文字母、数字和下划线组成：「{name}」")
        if len({self.owner, self.recorder, self.auditor}) != 3:
            raise ValueError("属主、记录员和审计员须为三个不同的角色")


def role_sql(database: str, read_model: Iterable[str], roles: Roles = Roles()) -> str:
    """The SQL that sets the roles up on ``database``, whose schema is already migrated.

    ``read_model``: the tables the projections write (given by the caller: the write side
    does not know the read side's tables).
    """
    o, r, a = (_ident(x) for x in (roles.owner, roles.recorder, roles.auditor))
    db = _ident(database)
    read_model = [TRACKING_TABLE, *sorted(read_model)]
    tables = [*APPEND_ONLY, *INSERT_ONLY, *LOCKS, *read_model, ALEMBIC]
    out = [
        f"-- Budget Ledger roles on database {db}: owner {o}, recorder {r}, auditor {a}.",
        "-- Run as a superuser connected to that database, after its schema was created",
        "-- (`budget-ledger roles --apply` does both). Safe to run again after an upgrade.",
        "BEGIN;",
    ]
    for role in (roles.owner, roles.recorder, roles.auditor):
        out.append(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {_ident(role)} LOGIN; END IF; END $$;"
        )
    out += [
        "-- Only the ledger's roles may connect; only the owner may create objects.",
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC;",
        f"GRANT CONNECT, TEMPORARY, CREATE ON DATABASE {db} TO {o};",
        f"GRANT CONNECT ON DATABASE {db} TO {r}, {a};",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {o};",
        f"GRANT USAGE ON SCHEMA public TO {r}, {a};",
        "-- The owner owns the schema's objects and runs later migrations.",
    ]
    out += [f"ALTER TABLE {t} OWNER TO {o};" for t in tables]
    out += [
        *(f"ALTER FUNCTION {f}() OWNER TO {o};" for f in FUNCTIONS),
        "-- Start every table from nothing, then grant exactly what each role needs.",
        f"REVOKE ALL ON {', '.join(tables)} FROM PUBLIC, {r}, {a};",
        f"GRANT SELECT, INSERT ON {', '.join((*APPEND_ONLY, *INSERT_ONLY))} TO {r};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(read_model)} TO {r};",
        f"GRANT SELECT, UPDATE ON {', '.join(LOCKS)} TO {r};",
        f"GRANT SELECT ON {ALEMBIC} TO {r};",
        f"GRANT USAGE ON SEQUENCE {EVENTS_TABLE}_id_seq TO {r};",
        f"GRANT SELECT ON {', '.join(tables)} TO {a};",
        "-- Tables a later migration adds: appendable by the recorder, readable by both, until",
        "-- this script is run again and grants what each table needs.",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO {r};",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT USAGE ON SEQUENCES TO {r};",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT SELECT ON TABLES TO {a};",
        "COMMIT;",
    ]
    return "\n".join(out) + "\n"


def _ident(name: str) -> str:
    """A role, database or table name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
