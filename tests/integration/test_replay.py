"""The audit replay (``verify --replay``) against each forgery of issue 12 §4, made on
SQLite (raw rows, behind the triggers where they refuse) and on PostgreSQL (where the
database now refuses what it can, and the replay reports the rest)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import sqlalchemy.exc

from ledger import seal
from ledger.domain.ids import line_id
from ledger.replay import replay
from ledger.service import LedgerService
from ledger.verify import verify
from projections.audit import ReadModelAudit
from tests.conftest import EXAMPLE, kind_of, open_service
from tests.forgery import (
    append_event,
    append_seal,
    back_dated,
    insert_snapshot,
    last_event,
    snapshot_row,
)
from tests.integration.test_roles import APPROPRIATION, PAYMENT, Cluster, _apply, cli
from tests.integration.test_roles import cluster as cluster
from tests.journal_files import appropriation, payment, write
from tests.tamper import behind_the_triggers, events_of, mark
from tui.cli.main import main

PAYMENTS = 210  # past 200 events on line A1: the ledger stores a snapshot of it


def ledger_with_a_snapshot(db_url: str, tmp_path: Path) -> LedgerService:
    """The example year, and unit 900001's line A1 (501,000.00, then 210 payments of 1.00,
    which leave 500,790.00 and a snapshot)."""
    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    rows = [appropriation("A1", "501000.00")]
    rows += [payment("A1", "1.00", f"ZF-S-{i}", day="2024-02-01") for i in range(PAYMENTS)]
    svc.import_file(write(tmp_path / "a1.csv", rows))
    return svc


def audit(svc: LedgerService):  # type: ignore[no-untyped-def]
    return verify(svc.engine), replay(svc.engine, ReadModelAudit())


def problems(result) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(map(str, result.problems))


def test_an_untouched_store_replays_clean_from_its_events_alone(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svc = ledger_with_a_snapshot(db_url, tmp_path)
    sealed, replayed = audit(svc)
    assert sealed.intact and replayed.intact, problems(replayed)
    assert replayed.events == sealed.events == 273 + 4 + PAYMENTS
    assert replayed.snapshots == 1 and replayed.payments == 168 + PAYMENTS
    assert main(["--db", db_url, "verify", "--replay"]) == 0
    out = capsys.readouterr().out
    assert "审计重放通过：重放 487 个事件" in out and "每秒" in out


def test_a_voucher_row_slipped_in_then_a_reversal_of_a_payment_that_never_existed(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svc = ledger_with_a_snapshot(db_url, tmp_path)
    with svc.engine.begin() as c:  # the recorder may insert into the voucher index
        m = mark(c)
        c.exec_driver_sql(
            f"INSERT INTO voucher VALUES ({m}, {m}, {m}, {m}, {m}, {m}, {m}, NULL, NULL, NULL)",
            ("900001", 2024, "ZF-GHOST", "A1", 8_000_000, "2024-02-01", "30201"),
        )
    row = {**payment("A1", "80000.00", "CX-GHOST"), "kind": "reversal", "reverses": "ZF-GHOST"}
    svc.record(row)  # the ledger took the index's word for it
    _, replayed = audit(svc)
    [reversal] = events_of(svc.engine.connect(), "Line.Reversed")[-1:]
    text = problems(replayed)
    assert f"通知号 {reversal[0]}（指标 900001/2024/A1" in text
    assert (
        "冲销事件）：规则会拒绝此事件：单位 900001 的 2024 年度没有凭证号为 ZF-GHOST 的支付" in text
    )
    assert (
        "凭证 900001/2024/ZF-GHOST（指标 900001/2024/A1）：凭证索引中的这一行没有对应的支付事件"
        in text
    )
    assert main(["--db", db_url, "verify", "--replay"]) == 1
    assert "ZF-GHOST" in capsys.readouterr().out


def test_a_snapshot_from_the_future_then_a_payment_of_80_million(
    db_url: str, tmp_path: Path
) -> None:
    svc = ledger_with_a_snapshot(db_url, tmp_path)
    a1 = line_id("900001", 2024, "A1")
    line = svc.ledger.repository.get(a1)
    version = line.version
    forged = snapshot_row(line, version + 5, initial=line.initial + 100_000_000)
    if kind_of(db_url) == "postgresql":
        # The database refuses a snapshot of a version that was never recorded.
        refused = pytest.raises(
            sqlalchemy.exc.DatabaseError, match="快照须对应一个已记录的事件版本"
        )
        with refused, svc.engine.begin() as c:
            insert_snapshot(c, forged)
    with behind_the_triggers(svc.engine, ("ledger_snapshots",)) as c:
        insert_snapshot(c, forged)
    svc.record(payment("A1", "80000000.00", "ZF-HUGE"))  # the forged state let it through
    _, replayed = audit(svc)
    [paid] = events_of(svc.engine.connect(), "Line.Paid")[-1:]
    text = problems(replayed)
    assert (
        f"通知号 {paid[0]}（指标 900001/2024/A1，聚合 {a1}，版本 {version + 6}，支付事件）："
        "规则会拒绝此事件：可用余额不足：指标 A1 可用 500,790.00 元，支付 80,000,000.00 元将使其低于零"
    ) in text, text
    assert f"快照（版本 {version + 5}）无从核对：没有这一版本的事件" in text
    assert "版本不连续" in text  # the payment went on from the forged version


def test_an_event_appended_with_a_back_dated_time_and_an_actor_of_its_choosing(
    db_url: str, tmp_path: Path
) -> None:
    svc = ledger_with_a_snapshot(db_url, tmp_path)
    noted = verify(svc.engine).digest
    with svc.engine.begin() as c:  # what the recorder may do: append an event and its seal
        _, aggregate, _, topic, state = last_event(c, "Line.Paid")
        state = back_dated(
            state, datetime(2024, 1, 31, tzinfo=UTC), actor="局长", doc="ZF-BACK", row_hash=None
        )
        forged = append_event(c, aggregate, topic, state)
        append_seal(c, [forged])
    sealed, replayed = audit(svc)
    assert sealed.intact and verify(svc.engine, expect=noted).expected_at is not None
    text = problems(replayed)
    assert f"通知号 {forged}（指标 900001/2024/A1" in text
    if kind_of(db_url) == "postgresql":
        assert "事件自称记录于 2024-01-31 00:00:00 UTC，数据库记录的写入时间为" in text
        assert replayed.roles  # who wrote each event, as the database saw it
    else:
        assert "记录时间 2024-01-31 00:00:00 UTC 早于此前已记录的事件" in text
    # It did not go through the voucher index either.
    assert "凭证 900001/2024/ZF-BACK（指标 900001/2024/A1）：凭证索引缺少这笔支付" in text


def test_one_bogus_seal_row_is_one_problem_not_damage_to_every_later_event(
    db_url: str, tmp_path: Path
) -> None:
    svc = ledger_with_a_snapshot(db_url, tmp_path)
    # A seal row claiming event 5 again, with a link of its own making.
    bogus = (5, 5, 1, b"\x00" * 64, b"\x00" * 32)
    if kind_of(db_url) == "postgresql":
        refused = pytest.raises(sqlalchemy.exc.DatabaseError, match="封存记录须紧接上一批封存")
        with refused, svc.engine.begin() as c:
            _insert_seal(c, bogus)
    with behind_the_triggers(svc.engine, ("ledger_seal",)) as c:
        _insert_seal(c, bogus)
    for i in range(3):  # genuine commands after it
        svc.record(payment("A1", "1.00", f"ZF-AFTER-{i}", day="2024-02-02"))
    sealed, replayed = audit(svc)
    assert sealed.problem_count == 1, problems(sealed)
    assert str(sealed.problems[0]) == "封存记录（通知号 5–5）与其他封存记录重叠或次序错乱，已略过"
    assert replayed.intact, problems(replayed)


def test_an_edited_read_model_is_named_by_event_and_line(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svc = ledger_with_a_snapshot(db_url, tmp_path)
    with svc.engine.begin() as c:  # the recorder writes the read model
        paid = events_of(c, "Line.Paid")[0][0]
        c.exec_driver_sql(f"UPDATE movement SET spent = spent + 100 WHERE id = {paid}")
        c.exec_driver_sql("UPDATE line_month SET spent = spent - 100 WHERE month = 3")
    assert main(["--db", db_url, "verify"]) == 0  # the seal says nothing of the read model
    capsys.readouterr()
    _, replayed = audit(svc)
    text = problems(replayed)
    assert f"读模型发生额（通知号 {paid:,} 的事件，指标 105001/2024/" in text
    assert "spent 存为" in text and "指标月度合计（指标 " in text
    assert main(["--db", db_url, "verify", "--replay"]) == 1


def test_a_gap_in_an_aggregates_versions_is_named(db_url: str, tmp_path: Path) -> None:
    svc = ledger_with_a_snapshot(db_url, tmp_path)
    with behind_the_triggers(svc.engine) as c:
        nid = events_of(c, "Line.Paid")[-1][0]
        c.exec_driver_sql(
            f"UPDATE ledger_events SET originator_version = originator_version + 2 WHERE id = {nid}"
        )
    _, replayed = audit(svc)
    assert f"通知号 {nid}（指标 900001/2024/A1" in problems(replayed)
    assert "版本不连续" in problems(replayed)


def _insert_seal(c, row) -> None:  # type: ignore[no-untyped-def]
    m = mark(c)
    c.exec_driver_sql(
        f"INSERT INTO ledger_seal (last_id, first_id, events, entries, head) VALUES ({m}, {m}, {m}, {m}, {m})",
        row,
    )


# --- PostgreSQL with the documented roles -------------------------------------------


def test_the_auditor_cannot_hold_up_writers_and_a_writer_waits_only_so_long(
    cluster: Cluster, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _apply(capsys, cluster)
    recorder, auditor = cluster.url(cluster.roles.recorder), cluster.url(cluster.roles.auditor)
    assert cli(capsys, recorder, *APPROPRIATION)[0] == 0
    with psycopg.connect(auditor) as held:
        # The advisory lock the writers used to take is no longer theirs: holding it
        # changes nothing; the writers' row is out of the auditor's reach.
        held.execute("SELECT pg_advisory_lock(2024052302)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            held.execute("SELECT id FROM ledger_writers FOR UPDATE")
    started = time.monotonic()
    assert cli(capsys, recorder, *PAYMENT)[0] == 0
    assert time.monotonic() - started < 30
    # A writer that holds the lock (an import, say) keeps the next one waiting only so long.
    monkeypatch.setattr(seal, "LOCK_TIMEOUT_SECONDS", 1)
    with psycopg.connect(recorder) as other:
        other.execute("SELECT id FROM ledger_writers FOR UPDATE")
        code, _, err = cli(capsys, recorder, *PAYMENT[:-1], "doc=ZF-ROLE-2")
    assert code == 1 and "占用写入锁已超过 1 秒，本次未记录任何内容" in err, err


def test_the_recorder_may_not_write_unverifiable_snapshots_or_seals_out_of_order(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    _apply(capsys, cluster)
    recorder = cluster.url(cluster.roles.recorder)
    assert cli(capsys, recorder, "import", "--no-progress", str(EXAMPLE / "journal.csv"))[0] == 0
    with psycopg.connect(recorder) as conn:
        originator, version, topic, state = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM ledger_events "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        with pytest.raises(psycopg.errors.RaiseException, match="快照须对应一个已记录的事件版本"):
            conn.execute(
                "INSERT INTO ledger_snapshots VALUES (%s, %s, %s, %s)",
                (originator, version + 50, topic, state),
            )
    for row in ((5, 5), (300, 274), (10_000, 10_000)):
        with (
            psycopg.connect(recorder) as conn,
            pytest.raises(psycopg.errors.RaiseException, match="封存记录须紧接上一批封存"),
        ):
            conn.execute(
                "INSERT INTO ledger_seal VALUES (%s, %s, 1, %s, %s)",
                (*row, b"\0" * 64, b"\0" * 32),
            )
    with psycopg.connect(recorder) as conn:
        stamped = conn.execute(
            "SELECT DISTINCT recorded_by FROM ledger_events WHERE recorded_at IS NOT NULL"
        ).fetchall()
    assert stamped == [(cluster.roles.recorder,)]
    code, out, _ = cli(capsys, recorder, "verify", "--replay")
    assert code == 0 and f"数据库记录的写入角色：{cluster.roles.recorder} 273 个" in out
