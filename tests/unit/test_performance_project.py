"""The rules of a project's performance aggregate, and what it answers as of a date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from ledger.application import make_mapper
from ledger.domain.errors import ConflictingRow, LedgerError
from ledger.domain.performance.evaluation import ProjectMoney
from ledger.domain.performance.ids import performance_id
from ledger.domain.performance.project import ProjectPerformance

MOMENT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
OUTPUT = ("产出指标", "数量指标", "培训次数")
DEADLINE = ("产出指标", "时效指标", "完成时间")


def fact(on: date, doc: str = "批复-1", row_hash: str | None = None) -> dict[str, Any]:
    return {
        "timestamp": MOMENT,
        "effective_date": on,
        "doc": doc,
        "actor": "张三",
        "memo": None,
        "row_hash": row_hash,
    }


def project() -> ProjectPerformance:
    return ProjectPerformance.create(  # type: ignore[no-any-return]
        unit="105001", year=2024, project="105001-2024-02", effective_date=date(2024, 1, 5),
        doc="批复-1", actor="张三", timestamp=MOMENT,
    )  # fmt: skip


def targeted() -> ProjectPerformance:
    p = project()
    p.set_target("", "", "", "提高培训质量", **fact(date(2024, 1, 5)))
    p.set_target(*OUTPUT, "≥5次", **fact(date(2024, 1, 5)))
    p.set_target(*DEADLINE, "6月底前", **fact(date(2024, 1, 5)))
    return p


def evaluate(p: ProjectPerformance, *levels: str, **cells: Any) -> bool:
    row = {"target": "", "actual": "", "weight": None, "score": None, "reason": ""} | cells
    on = row.pop("on", date(2025, 3, 31))
    return p.evaluate(*levels, **row, **fact(on, "自评表"))


@contextmanager
def refused(column: str) -> Iterator[None]:
    """Expect a LedgerError, in Chinese, naming ``column``."""
    with pytest.raises(LedgerError) as info:
        yield
    assert info.value.column == column, str(info.value)
    assert any("\u4e00" <= c <= "\u9fff" for c in str(info.value))


# --- what needs a target first ------------------------------------------------------


def test_a_revision_or_progress_needs_the_indicator_set() -> None:
    p = targeted()
    with refused("indicator"):
        p.revise_target("产出指标", "数量指标", "未设指标", "≥3次", "", **fact(date(2024, 6, 1)))
    with refused("indicator"):
        p.observe("产出指标", "数量指标", "未设指标", "2次", **fact(date(2024, 6, 1)))
    with refused("level1"):
        p.observe("", "", "", "进展顺利", **fact(date(2024, 6, 1)))
    fresh = project()
    with refused("target"):
        fresh.revise_target("", "", "", "新目标", "", **fact(date(2024, 6, 1)))


def test_an_evaluation_needs_a_target_set_or_given() -> None:
    p = targeted()
    with refused("target"):
        evaluate(p, "效益指标", "社会效益", "未设指标", actual="达成", weight=Decimal(5))
    assert evaluate(p, "效益指标", "社会效益", "未设指标", target="提升", actual="达成预期",
                    weight=Decimal(5), score=Decimal(5))  # fmt: skip
    found = p.indicator("效益指标", "社会效益指标", "未设指标")
    assert found is not None
    assert (found.approved, found.target) == (None, "提升")  # never approved
    assert found not in p.approved()
    with refused("target"):  # a target on the row must be the one in force
        evaluate(p, *OUTPUT, target="≥6次", actual="6次", weight=Decimal(10))


def test_a_revision_is_dated_in_the_year_and_not_before_the_target() -> None:
    p = targeted()
    with refused("date"):
        p.revise_target(*OUTPUT, "≥6次", "", **fact(date(2023, 12, 31)))
    p.set_target("产出指标", "质量指标", "合格率", "≥90%", **fact(date(2024, 3, 1)))
    with refused("date"):
        p.revise_target("产出指标", "质量指标", "合格率", "≥95%", "", **fact(date(2024, 2, 1)))
    with refused("date"):
        evaluate(p, *OUTPUT, actual="5次", weight=Decimal(10), on=date(2026, 1, 1))
    assert evaluate(p, *OUTPUT, actual="5次", weight=Decimal(10), on=date(2024, 12, 31))


def test_a_second_target_of_a_set_indicator_is_a_revision_not_a_target() -> None:
    p = targeted()
    assert not p.set_target(*OUTPUT, "≥5次", **fact(date(2024, 1, 5), "另一文号"))
    with refused("target"):
        p.set_target(*OUTPUT, "≥6次", **fact(date(2024, 1, 5), "另一文号"))
    with refused("target"):
        p.set_target("", "", "", "另一个年度目标", **fact(date(2024, 1, 5)))


# --- evaluations ----------------------------------------------------------------------


def test_a_key_is_evaluated_once() -> None:
    p = targeted()
    cells = {"actual": "≥5次", "weight": Decimal(10), "score": Decimal(8), "reason": "略少"}
    assert evaluate(p, *OUTPUT, **cells)
    version = p.version
    assert not evaluate(p, *OUTPUT, **cells)  # already recorded
    assert not evaluate(p, *OUTPUT, **cells, target="≥5次")  # the target in force, restated
    assert p.version == version
    with pytest.raises(ConflictingRow) as info:
        evaluate(p, *OUTPUT, **{**cells, "score": Decimal(9)})
    assert info.value.column == "score"
    assert evaluate(p, "预算执行率", "", "", weight=Decimal(10))
    assert not evaluate(p, "预算执行率", "", "", weight=Decimal(10))
    with pytest.raises(ConflictingRow):
        evaluate(p, "预算执行率", "", "", weight=Decimal(8))
    assert evaluate(p, "", "", "", actual="完成培训 5 次")
    with pytest.raises(ConflictingRow):
        evaluate(p, "", "", "", actual="完成培训 6 次")


def test_scores_and_weights() -> None:
    p = targeted()
    with refused("score"):
        evaluate(p, *OUTPUT, actual="5次", weight=Decimal(5), score=Decimal("5.01"))
    with refused("weight"):
        evaluate(p, *OUTPUT, actual="5次", weight=Decimal(-1))
    with refused("weight"):
        evaluate(p, *OUTPUT, actual="5次", weight=Decimal("5.001"))
    with refused("weight"):
        evaluate(p, *OUTPUT, actual="5次", score=Decimal(1))
    with refused("score"):  # 预算执行率's score is computed
        evaluate(p, "预算执行率", "", "", weight=Decimal(10), score=Decimal(9))
    with refused("weight"):
        evaluate(p, "预算执行率", "", "")
    with refused("weight"):  # 实际完成情况 has no points
        evaluate(p, "", "", "", actual="完成", weight=Decimal(1))
    assert evaluate(p, *OUTPUT, actual="5次", weight=Decimal(5), score=None)  # not scored


# --- levels ---------------------------------------------------------------------------


def test_level1_is_one_of_the_list_and_execution_rate_only_on_an_evaluation() -> None:
    p = project()
    with refused("level1"):
        p.set_target("产出", "数量指标", "x", "1个", **fact(date(2024, 1, 5)))
    with refused("level1"):
        p.set_target("预算执行率", "", "", "100%", **fact(date(2024, 1, 5)))
    with refused("level1"):
        p.set_target("", "数量指标", "x", "1个", **fact(date(2024, 1, 5)))
    with refused("level2"):
        p.set_target("产出指标", "", "x", "1个", **fact(date(2024, 1, 5)))
    with refused("level2"):
        evaluate(p, "预算执行率", "执行率", "", weight=Decimal(10))
    assert p.set_target("成本指标", "经济成本指标", "", "≤5万元", **fact(date(2024, 1, 5)))


def test_level2_is_written_with_or_without_its_trailing_zhibiao() -> None:
    p = project()
    p.set_target("效益指标", "经济效益", "增收", "≥10万元", **fact(date(2024, 1, 5)))
    p.revise_target("效益指标", "经济效益指标", "增收", "≥12万元", "", **fact(date(2024, 6, 1)))
    (only,) = p.approved()
    assert (only.level2, only.approved, only.target) == ("经济效益", "≥10万元", "≥12万元")
    assert p.indicator("效益指标", "经济效益指标", "增收") is only


# --- as of a date ---------------------------------------------------------------------


def test_targets_as_approved_in_force_and_progress_as_of_a_date() -> None:
    p = targeted()
    p.revise_target(*OUTPUT, "≥7次", "扩大范围", **fact(date(2024, 6, 30), "调整-1"))
    p.observe(*OUTPUT, "2次", **fact(date(2024, 3, 31), "监控-1"))
    p.observe(*OUTPUT, "6次", **fact(date(2024, 9, 30), "监控-3"))
    p.observe(*OUTPUT, "4次", **fact(date(2024, 6, 30), "监控-2"))  # recorded late
    found = p.indicator(*OUTPUT)
    assert found is not None
    assert found.approved == "≥5次"
    assert found.target == "≥7次"
    assert found.target_at(date(2024, 1, 4)) is None
    assert found.target_at(date(2024, 6, 29)) == "≥5次"
    assert found.target_at(date(2024, 6, 30)) == "≥7次"
    assert found.progress_at(date(2024, 3, 30)) is None
    assert found.progress_at(date(2024, 8, 1)).text == "4次"  # type: ignore[union-attr]
    assert found.progress_at(date(2024, 12, 31)).text == "6次"  # type: ignore[union-attr]
    assert p.goal == p.approved_goal == "提高培训质量"
    p.revise_target("", "", "", "提高培训质量和覆盖面", "", **fact(date(2024, 6, 30)))
    assert (p.approved_goal, p.goal) == ("提高培训质量", "提高培训质量和覆盖面")
    assert p.goal_at(date(2024, 6, 29)) == "提高培训质量"
    assert p.goal_at(date(2024, 1, 4)) is None


def test_a_deadline_is_overdue_as_of_a_date_until_progress_meets_it() -> None:
    p = targeted()
    assert not p.is_overdue(*DEADLINE, date(2024, 6, 30))
    assert p.is_overdue(*DEADLINE, date(2024, 7, 1))
    p.observe(*DEADLINE, "7月完成", **fact(date(2024, 7, 20), "监控-1"))
    assert p.is_overdue(*DEADLINE, date(2024, 8, 1))  # done, but late
    p.revise_target(*DEADLINE, "8月底前", "延期", **fact(date(2024, 7, 15), "调整-1"))
    assert not p.is_overdue(*DEADLINE, date(2024, 8, 1))  # the revised deadline is met
    assert p.is_overdue(*DEADLINE, date(2024, 7, 14))  # before the revision: overdue
    assert not p.is_overdue(*OUTPUT, date(2025, 1, 1))  # not a date
    assert not p.is_overdue("产出指标", "时效指标", "未设", date(2025, 1, 1))


def test_the_self_evaluation_of_the_history() -> None:
    p = targeted()
    evaluate(p, *OUTPUT, actual="3次", weight=Decimal(50), score=Decimal(50))
    evaluate(p, "预算执行率", "", "", weight=Decimal(8))
    got = p.self_evaluation(ProjectMoney(initial=0, budget=0, spent=0))
    assert (got["执行率"], got["执行率分值"], got["执行率得分"], got["总分"], got["等级"]) == (
        None, "8.00", None, "50.00", "差",
    )  # fmt: skip
    assert [f["类型"] for f in got["提示"]] == [
        "全年预算为零", "执行率分值不为10", "权重合计不为100", "未达成但满分", "未评价",
    ]  # fmt: skip
    assert got["指标"][1]["三级指标"] == "完成时间"
    assert got["指标"][1]["实际完成值"] == "" and got["指标"][1]["分值"] is None


def test_a_met_indicator_scored_zero_is_flagged() -> None:
    p = targeted()
    evaluate(p, *OUTPUT, actual="6次", weight=Decimal(10), score=Decimal(0))
    evaluate(p, *DEADLINE, actual="5月完成", weight=Decimal(80), score=Decimal(80))
    got = p.self_evaluation(ProjectMoney(initial=100, budget=100, spent=100))
    assert got["提示"] == [
        {
            "类型": "已达成但零分",
            "说明": "培训次数：年度指标值 ≥5次，实际完成值 6次，已达成，得分 0.00",
        }
    ]
    assert (got["总分"], got["等级"]) == ("90.00", "优")


# --- idempotence, identity and replay ---------------------------------------------------


def test_the_same_row_again_is_already_recorded_and_its_identity_is_not_reused() -> None:
    p = project()
    assert p.set_target(*OUTPUT, "≥5次", **fact(date(2024, 1, 5), row_hash="a"))
    assert not p.set_target(*OUTPUT, "≥5次", **fact(date(2024, 1, 5), row_hash="a"))
    with refused("doc"):
        p.set_target(*OUTPUT, "≥6次", **fact(date(2024, 1, 5), row_hash="b"))
    # Progress is told apart by its date too.
    assert p.observe(*OUTPUT, "1次", **fact(date(2024, 3, 1), "监控", row_hash="c"))
    assert p.observe(*OUTPUT, "2次", **fact(date(2024, 4, 1), "监控", row_hash="d"))
    assert not p.observe(*OUTPUT, "2次", **fact(date(2024, 4, 1), "监控", row_hash="d"))


def test_ids_are_derived_so_that_no_two_keys_meet() -> None:
    assert performance_id("105001", 2024, "X") == performance_id("105001", 2024, "X")
    assert performance_id("105001/2024", 2024, "X") != performance_id("105001", 2024, "2024/X")
    assert performance_id("a", 2024, "b,c") != performance_id("a,2024", 2024, "b")
    assert ProjectPerformance.create_id("105001", 2024, "X") == performance_id("105001", 2024, "X")


def test_the_history_stores_and_replays_to_the_same_project() -> None:
    p = targeted()
    p.revise_target(*OUTPUT, "≥7次", "扩大范围", **fact(date(2024, 6, 30), "调整-1"))
    p.observe(*OUTPUT, "4次", **fact(date(2024, 6, 30), "监控-1"))
    evaluate(p, *OUTPUT, actual="7次", weight=Decimal("12.50"), score=Decimal("12.5"))
    evaluate(p, "预算执行率", "", "", weight=Decimal(10))
    evaluate(p, "", "", "", actual="完成")
    mapper = make_mapper()
    stored = [mapper.to_stored_event(e) for e in p.collect_events()]
    replayed = None
    for event in (mapper.to_domain_event(s) for s in stored):
        replayed = event.mutate(replayed)
    assert replayed is not None and replayed.version == p.version
    money = ProjectMoney(100, 100, 50)
    assert replayed.self_evaluation(money) == p.self_evaluation(money)
    assert replayed.self_evaluation(money)["指标"][0]["分值"] == "12.50"
