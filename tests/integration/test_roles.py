"""Roles on a shared PostgreSQL, set up by ``budget-ledger roles --apply`` and used for real:
the recorder appends but cannot change a fact; the auditor reads, reports and verifies,
and the database refuses to let it record."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from ledger.roles import Roles, role_sql
from ledger.store import database_url, dispose_engines, engine_for
from tests.conftest import EXAMPLE, _create_database
from tests.tamper import downgrade
from tui.cli.main import main

REPORTS = [
    ["report", "execution", "--year", "2024", "--unit", "105001", "--by", "function,economic"],
    ["report", "projects", "--year", "2024", "--unit", "105001"],
    ["report", "balances", "--year", "2024", "--unit", "105001"],
    ["history", "--unit", "105001"],
]
APPROPRIATION = [
    "record",
    "kind=appropriation",
    "date=2024-01-05",
    "year=2024",
    "unit=900001",
    "line=A1",
    "fund=一般公共预算",
    "function=2013701",
    "category=公用经费",
    "amount=1000.00",
    "doc=批复-R",
]
PAYMENT = [
    "record",
    "kind=payment",
    "date=2024-03-01",
    "year=2024",
    "unit=900001",
    "line=A1",
    "economic=30201",
    "amount=10.00",
    "doc=ZF-ROLE-1",
]


@dataclass
class Cluster:
    admin: str  # superuser URL of the ledger's database
    roles: Roles

    def url(self, role: str) -> str:
        return self.admin.replace("postgresql://postgres@", f"postgresql://{role}@")


@pytest.fixture
def cluster(postgres: str) -> Iterator[Cluster]:
    admin = _create_database(postgres)
    tag = uuid.uuid4().hex[:6]
    roles = Roles(owner=f"own_{tag}", recorder=f"rec_{tag}", auditor=f"aud_{tag}")
    yield Cluster(admin, roles)
    dispose_engines()
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{admin.rsplit("/", 1)[1]}" WITH (FORCE)')
        for role in (roles.owner, roles.recorder, roles.auditor):
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def cli(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", url, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _apply(capsys: pytest.CaptureFixture[str], cluster: Cluster) -> None:
    r = cluster.roles
    code, out, err = cli(
        capsys,
        cluster.admin,
        "roles",
        "--apply",
        "--owner",
        r.owner,
        "--recorder",
        r.recorder,
        "--auditor",
        r.auditor,
    )
    assert code == 0, err
    assert f"记录员 {r.recorder}" in out


def _refused(url: str, statement: str) -> str:
    with psycopg.connect(url) as conn, pytest.raises(psycopg.Error) as info:
        conn.execute(statement)
    return str(info.value)


def test_recorder_appends_but_cannot_change_a_fact(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    _apply(capsys, cluster)
    recorder = cluster.url(cluster.roles.recorder)
    code, out, err = cli(capsys, recorder, "import", "--no-progress", str(EXAMPLE / "journal.csv"))
    assert code == 0, err
    assert cli(capsys, recorder, *APPROPRIATION)[0] == 0
    assert cli(capsys, recorder, *PAYMENT)[0] == 0
    for statement in (
        "UPDATE ledger_events SET topic = topic",
        "DELETE FROM ledger_events",
        "TRUNCATE ledger_events",
        "UPDATE voucher SET amount = 0",
        "DELETE FROM ledger_seal",
        "DROP TRIGGER ledger_events_append_only ON ledger_events",
        "CREATE TABLE sneaky (x int)",
    ):
        message = _refused(recorder, statement)
        assert "permission denied" in message or "must be owner" in message, statement
    code, out, err = cli(capsys, recorder, "rebuild")
    assert code == 0, err
    code, out, _ = cli(capsys, recorder, "verify")
    assert code == 0 and "核验通过：共 278 个事件" in out


def test_auditor_reads_reports_and_verifies_but_cannot_record(
    cluster: Cluster, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _apply(capsys, cluster)
    recorder, auditor = cluster.url(cluster.roles.recorder), cluster.url(cluster.roles.auditor)
    assert cli(capsys, recorder, "import", "--no-progress", str(EXAMPLE / "journal.csv"))[0] == 0
    for argv in REPORTS:
        code, as_recorder, _ = cli(capsys, recorder, *argv, "--format", "json")
        assert code == 0
        code, as_auditor, err = cli(capsys, auditor, *argv, "--format", "json")
        assert code == 0, err
        assert json.loads(as_auditor) == json.loads(as_recorder)
    code, out, _ = cli(capsys, auditor, "verify")
    assert code == 0 and "核验通过：共 273 个事件" in out
    exported = tmp_path / "journal.csv"
    code, out, err = cli(capsys, auditor, "export", "--output", str(exported))
    assert code == 0 and "已导出 197 行" in out, err

    code, out, err = cli(capsys, auditor, *APPROPRIATION)
    assert code == 2
    assert "拒绝了此操作：当前连接的角色没有这项权限" in err
    # Refused by the database at the first thing it may not do (the writers' lock, the id
    # sequence or the table).
    assert "permission denied for" in err and "没有写入任何内容" in err
    assert "ledger_writers" in err or "ledger_events" in err
    assert "Traceback" not in err
    code, out, err = cli(capsys, auditor, "import", "--no-progress", str(EXAMPLE / "journal.csv"))
    assert code == 2 and "没有这项权限" in err
    assert cli(capsys, auditor, "rebuild")[0] == 2
    for statement in (
        "DELETE FROM ledger_events",
        "DELETE FROM movement",
        "INSERT INTO voucher VALUES ('1', 2024, 'x', 'l', 1, '2024-01-01', '30201', null, null, null)",
    ):
        assert "permission denied" in _refused(auditor, statement)
    code, out, _ = cli(capsys, auditor, "verify")
    assert code == 0 and "共 273 个事件" in out  # nothing was recorded


def test_owner_owns_the_schema_and_runs_upgrades(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    _apply(capsys, cluster)
    with psycopg.connect(cluster.admin) as conn:
        owners = dict(
            conn.execute(
                "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        )
    assert set(owners.values()) == {cluster.roles.owner}
    assert {"ledger_events", "ledger_seal", "voucher", "movement", "alembic_version"} <= set(owners)
    # A schema behind the code: the recorder may not upgrade it, the owner may.
    # Alembic's own downgrade, as the owner: the schema an older release left.
    downgrade(engine_for(database_url(cluster.url(cluster.roles.owner))), "0003")
    dispose_engines()
    code, _, err = cli(capsys, cluster.url(cluster.roles.recorder), *APPROPRIATION)
    assert code == 2 and "结构需要升级到本版本，但当前连接的角色无权修改结构" in err, err
    code, _, err = cli(capsys, cluster.url(cluster.roles.owner), "verify")
    assert code == 0, err
    _apply(capsys, cluster)  # run again after the upgrade, as the README says
    recorder = cluster.url(cluster.roles.recorder)
    assert cli(capsys, recorder, "import", "--no-progress", str(EXAMPLE / "journal.csv"))[0] == 0


def test_role_sql_names_no_password_and_rejects_odd_names() -> None:
    sql = role_sql("ledger", ["movement", "line"])
    assert "PASSWORD" not in sql.upper()
    assert (
        'GRANT SELECT, INSERT ON ledger_events, ledger_seal, voucher, ledger_snapshots TO "ledger_recorder";'
        in sql
    )
    assert "UPDATE" not in next(
        line for line in sql.splitlines() if "ledger_events, ledger_seal" in line
    )
    for bad in ("a;drop", "x y", "1abc"):
        with pytest.raises(ValueError, match="角色名"):
            Roles(recorder=bad)


def test_roles_print_sql_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "postgresql://admin:s3cr3t@db.example/ledger", "roles")
    assert code == 0 and out.startswith('-- Budget Ledger roles on database "ledger"')
    assert "s3cr3t" not in out
    code, _, err = cli(capsys, "some.db", "roles")
    assert code == 1 and "仅适用于 PostgreSQL" in err
