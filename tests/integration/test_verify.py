"""``verify`` finds every event changed, removed or slipped in behind the triggers' back,
names it, and prints a digest that shows a rewrite of history even when done consistently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledger.seal import ENTRY, GENESIS, link
from ledger.store import migrate
from ledger.verify import ALTERED, REMOVED, UNSEALED, parse_digest, verify
from tests.conftest import EXAMPLE, open_service
from tests.journal_files import appropriation, payment, write
from tests.tamper import (
    behind_the_triggers,
    change_amount,
    delete_event,
    downgrade,
    events_of,
    mark,
)
from tui.cli.main import main


def _service(db_url: str):  # type: ignore[no-untyped-def]
    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    return svc


def test_an_untouched_store_verifies_and_its_digest_is_stable(db_url: str, tmp_path: Path) -> None:
    svc = _service(db_url)
    first = verify(svc.engine)
    assert first.intact and first.events == 273 and first.seals >= 1
    assert verify(svc.engine).digest == first.digest
    # Recording more moves the digest on; the old one is still on the chain.
    svc.import_file(write(tmp_path / "more.csv", [appropriation("A1", "100.00")]))
    svc.record(payment("A1", "10.00", "ZF-V-1"))
    later = verify(svc.engine, expect=first.digest)
    assert later.intact and later.digest != first.digest
    assert later.expected_at == (first.last_id, 273)


def test_altered_event_is_named(db_url: str) -> None:
    svc = _service(db_url)
    noted = verify(svc.engine).digest
    with behind_the_triggers(svc.engine) as c:
        nid, originator, version = events_of(c, "Line.Paid")[10]
        change_amount(c, nid, "1.00")
    result = verify(svc.engine, expect=noted)
    assert not result.intact and result.problem_count == 1
    [problem] = result.problems
    assert (problem.notification_id, problem.aggregate_id.bytes, problem.version) == (  # type: ignore[union-attr]
        nid,
        originator,
        version,
    )
    assert problem.what == ALTERED and problem.aggregate.startswith("指标 105001/2024/")
    assert "支付事件" in str(problem) and f"通知号 {nid}" in str(problem)
    assert result.expected_at is None  # the noted digest is no longer on the chain


def test_removed_events_are_named_in_the_middle_and_at_the_end(db_url: str) -> None:
    svc = _service(db_url)
    with behind_the_triggers(svc.engine) as c:
        paid = events_of(c, "Line.Paid")
        last = c.exec_driver_sql("SELECT max(id) FROM ledger_events").scalar()
        gone = [paid[3][0], paid[4][0], last]
        for nid in gone:
            delete_event(c, nid)
    result = verify(svc.engine)
    assert [(p.notification_id, p.what) for p in result.problems] == [(n, REMOVED) for n in gone]
    assert all(p.aggregate for p in result.problems)
    assert result.events == 273 - 3


def test_event_inserted_behind_the_ledgers_back_is_named(db_url: str) -> None:
    svc = _service(db_url)
    with behind_the_triggers(svc.engine) as c:
        c.exec_driver_sql(
            "INSERT INTO ledger_events (originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version + 1000, topic, state FROM ledger_events "
            f"WHERE id = {mark(c)}",
            (events_of(c, "Line.Paid")[0][0],),
        )
    result = verify(svc.engine)
    [problem] = result.problems
    assert problem.what == UNSEALED and problem.version > 1000


def test_only_the_noted_digest_shows_a_consistent_rewrite(db_url: str) -> None:
    """A forger who knows the algorithm alters an event and rewrites every seal to match:
    the store is consistent again, but its chain no longer passes through the digest an
    auditor wrote down."""
    svc = _service(db_url)
    noted = verify(svc.engine).digest
    with behind_the_triggers(svc.engine) as c:
        change_amount(c, events_of(c, "Line.Paid")[0][0], "0.01")
        _reseal(c)
    forged = verify(svc.engine, expect=noted)
    assert forged.intact and forged.digest != noted
    assert forged.expected_at is None


def _reseal(c) -> None:  # type: ignore[no-untyped-def]
    c.exec_driver_sql("DELETE FROM ledger_seal")
    rows = c.exec_driver_sql(
        "SELECT id, originator_id, originator_version, topic, state FROM ledger_events ORDER BY id"
    ).all()
    previous, entries = GENESIS, b""
    for nid, originator, version, topic, state in rows:
        raw = originator if isinstance(originator, bytes) else originator.bytes
        previous = link(previous, nid, raw, version, topic.encode(), bytes(state))
        entries += ENTRY.pack(nid, raw, version, previous)
    m = mark(c)
    c.exec_driver_sql(
        f"INSERT INTO ledger_seal (last_id, first_id, events, entries, head) VALUES ({m}, {m}, {m}, {m}, {m})",
        (rows[-1][0], rows[0][0], len(rows), entries, previous),
    )


def test_upgrading_a_store_recorded_before_the_seal_seals_it(db_url: str) -> None:
    svc = _service(db_url)
    digest = verify(svc.engine).digest
    downgrade(svc.engine, "0001")
    migrate(svc.engine)
    result = verify(svc.engine)
    assert result.intact and result.events == 273 and result.digest == digest


def test_digest_as_written_down() -> None:
    full = "ab" * 32
    assert parse_digest(f"sha256:{full.upper()}") == bytes.fromhex(full)
    assert parse_digest("abcd ef01 2345 6789") == bytes.fromhex("abcdef0123456789")
    for bad in ("abc", "zz" * 8, "a" * 15):
        with pytest.raises(ValueError, match="摘要"):
            parse_digest(bad)


def test_cli_verify_prints_digest_and_names_what_was_altered(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    svc = _service(db_url)
    assert main(["--db", db_url, "verify"]) == 0
    out = capsys.readouterr().out
    assert "核验通过：共 273 个事件" in out
    digest = next(line for line in out.splitlines() if line.startswith("摘要："))[3:]
    assert main(["--db", db_url, "verify", "--expect", digest[7:23]]) == 0
    assert "与记下的摘要一致：通知号 273 及以前的 273 个事件" in capsys.readouterr().out

    with behind_the_triggers(svc.engine) as c:
        nid = events_of(c, "Line.Paid")[5][0]
        change_amount(c, nid, "99999.00")
    assert main(["--db", db_url, "verify", "--expect", digest]) == 1
    captured = capsys.readouterr()
    assert f"通知号 {nid}（指标 105001/2024/" in captured.out and ALTERED in captured.out
    assert "不在现有的事件链上" in captured.err
    # A digest of a tampered chain is not one to write down.
    assert main(["--db", db_url, "verify"]) == 1
    captured = capsys.readouterr()
    assert "请记下此摘要" not in captured.out and "不能作为日后核对的依据" in captured.out
    assert main(["--db", db_url, "verify", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["problems"][0]["notification_id"] == nid and report["intact"] is False
