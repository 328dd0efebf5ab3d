"""Where the ledger lives: one database, a SQLite file by default or PostgreSQL by URL,
the same code on both. One module per job:

- ``engine``: which database, its engine (SQLite pragmas, writers locking at BEGIN), and
  which errors mean another writer got there first;
- ``recorder``: eventsourcing-sqlalchemy on that engine, our subclasses of its datastore,
  recorder and factory (bulk inserts, sealed batches, no tables of its own);
- ``migrations``: Alembic's script directory and the upgrade to its head;
- ``reading``: stored events read for replay straight from the driver.

The names the rest of the code uses are importable from here.
"""

from ledger.store.engine import (
    MissingStore,
    checkpoint,
    database_url,
    dispose_engines,
    engine_for,
    existing,
    is_collision,
    writing,
)
from ledger.store.migrations import migrate, migrations_dir
from ledger.store.reading import StoredRow, event_rows, stored_events
from ledger.store.recorder import LedgerFactory

__all__ = [
    "LedgerFactory",
    "MissingStore",
    "StoredRow",
    "checkpoint",
    "database_url",
    "dispose_engines",
    "engine_for",
    "event_rows",
    "existing",
    "is_collision",
    "migrate",
    "migrations_dir",
    "stored_events",
    "writing",
]
