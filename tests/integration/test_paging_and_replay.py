"""Paging the audit trail by keyset, and replaying a line's facts with moving figures."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from ledger.money import two, wan
from projections.queries.execution import execution_report
from projections.queries.history import HistoryFilter, history
from projections.queries.paging import history_count, history_page
from projections.queries.replay import ReplayTarget, replay_page
from projections.scope import Scope
from tests.conftest import EXAMPLE

EXPECTED = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
EVERYTHING = HistoryFilter(year=2024, unit="105001")


def test_pages_forward_and_back_cover_the_trail_once(session: Session) -> None:
    whole = [r["id"] for r in history(session, EVERYTHING)]
    forward, page = [], history_page(session, EVERYTHING, limit=40)
    assert not page.has_before
    while True:
        forward += [r["id"] for r in page.rows]
        if not page.has_after:
            break
        page = history_page(session, EVERYTHING, after_id=page.rows[-1]["id"], limit=40)
    assert forward == whole
    backward, page = [], history_page(session, EVERYTHING, last=True, limit=40)
    assert not page.has_after
    while True:
        backward = [r["id"] for r in page.rows] + backward
        if not page.has_before:
            break
        page = history_page(session, EVERYTHING, before_id=page.rows[0]["id"], limit=40)
    assert backward == whole
    assert history_count(session, EVERYTHING) == len(whole)


def test_count_and_page_follow_the_filter(session: Session) -> None:
    june = HistoryFilter(year=2024, unit="105001", date_to=date(2024, 6, 30))
    rows = history_page(session, june, limit=1000).rows
    assert rows and all(r["effective_date"] <= "2024-06-30" for r in rows)
    assert history_count(session, june) == len(rows)
    reversals = history_page(session, HistoryFilter(doc="ZF2024-9002")).rows
    assert [r["kind"] for r in reversals] == ["payment", "reversal"]
    department = HistoryFilter(department="105", year=2024)
    assert history_count(session, department) == history_count(session, EVERYTHING)
    assert history_count(session, HistoryFilter(department="999")) == 0


def _replay_all(session: Session, target: ReplayTarget, scope: Scope, limit: int):  # type: ignore[no-untyped-def]
    steps, page = [], replay_page(session, target, scope, limit=limit)
    while True:
        steps += page.steps
        if not page.has_after:
            return steps
        page = replay_page(session, target, scope, after_id=page.steps[-1].event["id"], limit=limit)


def test_replay_of_a_project_line_ends_at_its_published_figures(session: Session) -> None:
    year_end = Scope(2024, unit="105001")
    steps = _replay_all(session, ReplayTarget("105001", 2024, "P01"), year_end, limit=3)
    budget, spent, _balance, rate, _score = EXPECTED["projects"]["rows"][
        "105001-2024-01 办公场所保洁经费"
    ]
    first, last = steps[0].figures, steps[-1].figures
    assert steps[0].event["kind"] == "appropriation"
    assert (f"{wan(first['budget']):.2f}", first["spent"]) == (budget, 0)
    assert f"{wan(last['spent']):.2f}" == spent
    assert two(last["rate"]) == rate
    spent_so_far = [s.figures["spent"] for s in steps]
    assert spent_so_far == sorted(spent_so_far)  # P01 has no reversals: spending only grows


def test_replay_backwards_gives_the_same_figures(session: Session) -> None:
    scope = Scope(2024, unit="105001")
    target = ReplayTarget("105001", 2024, "L02")  # a line with two reversals
    forward = _replay_all(session, target, scope, limit=7)
    backward, page = [], replay_page(session, target, scope, last=True, limit=7)
    while True:
        backward = page.steps + backward
        if not page.has_before:
            break
        page = replay_page(session, target, scope, before_id=page.steps[0].event["id"], limit=7)
    assert [s.figures for s in backward] == [s.figures for s in forward]
    kinds = [s.event["kind"] for s in forward]
    assert kinds.count("reversal") == 2
    r = kinds.index("reversal")
    assert forward[r].figures["spent"] < forward[r - 1].figures["spent"]
    report = execution_report(session, scope, ["line"])
    [l02] = [row for row in report.rows if row.get("line") == "L02"]
    assert forward[-1].figures["spent"] == l02["spent"]
    assert forward[-1].figures["budget"] == l02["budget"]


def test_replay_of_a_unit_respects_the_as_of_date(session: Session) -> None:
    scope = Scope(2024, unit="105001", as_of=date(2024, 3, 31))
    steps = _replay_all(session, ReplayTarget("105001", 2024), scope, limit=50)
    assert steps and all(s.event["effective_date"] <= "2024-03-31" for s in steps)
    report = execution_report(session, scope, ["fund"])
    assert steps[-1].figures["spent"] == report.total["spent"]
