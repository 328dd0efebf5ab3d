"""The database, not the client, stamps each event; seals and snapshots are checked on
the way in; writers queue on a row lock a read-only role cannot take.

- ``ledger_events.recorded_at`` / ``recorded_by``: on PostgreSQL a trigger sets them to
  the transaction's time (``now()``) and the login role (``session_user``) on every
  insert, whatever the client sent. The event's own ``timestamp`` and ``actor`` stay in
  its state (the library's serialised blob): the audit replay compares the timestamp with
  ``recorded_at``. SQLite has no roles and no trusted clock: the columns stay empty.
- ``ledger_seal``: a new seal must follow the last one (its first id after the last
  sealed id, its events stored) and, on PostgreSQL, its chain must start from the last
  seal's head (the first link is recomputed with ``sha256``).
- ``ledger_snapshots``: a snapshot must be of a version that is recorded, so that the
  audit replay can check it against the events (no snapshot "from the future").
- ``ledger_writers``: one row that writers lock ``FOR UPDATE`` (PostgreSQL) instead of an
  advisory lock: locking a row needs the UPDATE privilege, which the auditor lacks, so a
  read-only role can no longer make every writer wait.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from ledger.seal import GENESIS

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SEAL_REFUSED = (
    "封存记录须紧接上一批封存，且其哈希链须从上一批的链头开始（ledger_seal out of order）"
)
SNAPSHOT_REFUSED = "快照须对应一个已记录的事件版本（ledger_snapshots: no such event）"


def upgrade() -> None:
    op.add_column("ledger_events", sa.Column("recorded_at", sa.DateTime(timezone=True)))
    op.add_column("ledger_events", sa.Column("recorded_by", sa.Text()))
    op.create_table("ledger_writers", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO ledger_writers (id) VALUES (1)")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER ledger_events_stamped ON ledger_events")
        op.execute("DROP TRIGGER ledger_seal_in_order ON ledger_seal")
        op.execute("DROP TRIGGER ledger_snapshots_recorded ON ledger_snapshots")
        for name in ("ledger_stamp_event", "ledger_check_seal", "ledger_check_snapshot"):
            op.execute(f"DROP FUNCTION {name}()")
    else:
        op.execute("DROP TRIGGER ledger_seal_in_order")
        op.execute("DROP TRIGGER ledger_snapshots_recorded")
    op.drop_table("ledger_writers")
    # Not a batch (SQLite would copy the table and lose its triggers): SQLite ≥ 3.35
    # drops a column in place.
    op.execute("ALTER TABLE ledger_events DROP COLUMN recorded_by")
    op.execute("ALTER TABLE ledger_events DROP COLUMN recorded_at")


def _postgresql() -> None:
    op.execute("ALTER TABLE ledger_events ALTER COLUMN recorded_at SET DEFAULT now()")
    op.execute("ALTER TABLE ledger_events ALTER COLUMN recorded_by SET DEFAULT session_user")
    op.execute(
        """
        CREATE FUNCTION ledger_stamp_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.recorded_at := now();
            NEW.recorded_by := session_user;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER ledger_events_stamped BEFORE INSERT ON ledger_events "
        "FOR EACH ROW EXECUTE FUNCTION ledger_stamp_event()"
    )
    op.execute(
        f"""
        CREATE FUNCTION ledger_check_seal() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            previous_last bigint;
            previous_head bytea;
            e record;
            topic bytea;
        BEGIN
            SELECT last_id, head INTO previous_last, previous_head
                FROM ledger_seal ORDER BY last_id DESC LIMIT 1;
            IF previous_last IS NULL THEN
                previous_last := 0;
                previous_head := '\\x{GENESIS.hex()}'::bytea;
            END IF;
            IF NEW.first_id <= previous_last OR NEW.last_id < NEW.first_id
               OR octet_length(NEW.entries) < 64
               OR substring(NEW.entries FROM 1 FOR 8) <> int8send(NEW.first_id)
               OR NOT EXISTS (SELECT 1 FROM ledger_events WHERE id = NEW.last_id) THEN
                RAISE EXCEPTION '{SEAL_REFUSED}';
            END IF;
            SELECT id, originator_id, originator_version, ledger_events.topic, state INTO e
                FROM ledger_events WHERE id = NEW.first_id;
            IF NOT FOUND THEN
                RAISE EXCEPTION '{SEAL_REFUSED}';
            END IF;
            topic := convert_to(e.topic, 'UTF8');
            IF substring(NEW.entries FROM 33 FOR 32) <> sha256(
                previous_head || int8send(e.id) || uuid_send(e.originator_id)
                || int8send(e.originator_version) || int4send(octet_length(topic))
                || int4send(octet_length(e.state)) || topic || e.state
            ) THEN
                RAISE EXCEPTION '{SEAL_REFUSED}';
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER ledger_seal_in_order BEFORE INSERT ON ledger_seal "
        "FOR EACH ROW EXECUTE FUNCTION ledger_check_seal()"
    )
    op.execute(
        f"""
        CREATE FUNCTION ledger_check_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM ledger_events WHERE originator_id = NEW.originator_id
                AND originator_version = NEW.originator_version
            ) THEN
                RAISE EXCEPTION '{SNAPSHOT_REFUSED}';
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER ledger_snapshots_recorded BEFORE INSERT ON ledger_snapshots "
        "FOR EACH ROW EXECUTE FUNCTION ledger_check_snapshot()"
    )
    # Whoever may record now may take the writers' lock (``budget-ledger roles`` grants
    # the same when run again).
    op.execute(
        """
        DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                     WHERE table_name = 'ledger_events' AND privilege_type = 'INSERT'
                     AND grantee <> current_user LOOP
                EXECUTE format('GRANT SELECT, UPDATE ON ledger_writers TO %I', r.grantee);
            END LOOP;
        END $$
        """
    )


def _sqlite() -> None:
    # Whoever holds the file can drop these; the audit replay checks what they guard.
    op.execute(
        "CREATE TRIGGER ledger_seal_in_order BEFORE INSERT ON ledger_seal WHEN "
        "NEW.first_id <= (SELECT coalesce(max(last_id), 0) FROM ledger_seal) "
        "OR NEW.last_id < NEW.first_id "
        "OR NEW.last_id > (SELECT coalesce(max(id), 0) FROM ledger_events) "
        f"BEGIN SELECT RAISE(ABORT, '{SEAL_REFUSED}'); END"
    )
    op.execute(
        "CREATE TRIGGER ledger_snapshots_recorded BEFORE INSERT ON ledger_snapshots WHEN "
        "NOT EXISTS (SELECT 1 FROM ledger_events WHERE originator_id = NEW.originator_id "
        "AND originator_version = NEW.originator_version) "
        f"BEGIN SELECT RAISE(ABORT, '{SNAPSHOT_REFUSED}'); END"
    )
