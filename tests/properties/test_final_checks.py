"""Random valid journals, closed with random carry-overs: every 勾稽 rule passes, on the
closed year and on the in-year preview as of any date."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from ledger.money import from_fen
from projections.final_accounts.document import FinalAccounts, NoData, build
from projections.queries.lines import line_totals
from projections.scope import Scope
from tests.properties.journals import LINES, YEAR, amounts, days, journal
from tests.properties.test_journals import SETTINGS, _record, template

__all__ = ["template"]  # the fixture, shared with the journal properties

ECONOMIC = {
    "人员经费": ["30101", "30113", "30399"],
    "公用经费": ["30201", "30217", "30231", "31002"],
    "项目支出": ["30227", "30212", "30215", "30216", "31013"],
}


@st.composite
def year_with_everything(draw: st.DrawFn) -> list[dict[str, str]]:
    """The journal properties' rows, with payments spread over economic codes, spending
    types and procurement tags, and non-fiscal income."""
    rows = draw(journal(close=False))
    for row in rows:
        if row["kind"] == "payment":
            category = LINES[row["line"]][2]
            row["economic"] = draw(st.sampled_from(ECONOMIC[category]))
            row["procurement"] = draw(st.sampled_from(["", "", "货物", "工程", "服务"]))
            row["spend_type"] = draw(st.sampled_from(["", "", "", "上缴上级支出", "经营支出"]))
    for n in range(draw(st.integers(0, 3))):
        rows.append(
            {
                "date": draw(days).isoformat(),
                "kind": "income",
                "year": str(YEAR),
                "unit": "1",
                "fund": draw(st.sampled_from(["单位资金", "财政专户管理资金"])),
                "function": draw(st.sampled_from(["2013701", "2080505"])),
                "income_type": draw(st.sampled_from(["事业收入", "其他收入", "上级补助收入"])),
                "amount": draw(amounts),
                "doc": f"SR{n}",
            }
        )
    return rows


@SETTINGS
@given(
    rows=year_with_everything(),
    shares=st.lists(st.integers(0, 4), min_size=5, max_size=5),
    day=days,
)
def test_every_rule_passes_on_a_closed_year(
    template: Path, tmp_path: Path, rows, shares, day
) -> None:  # type: ignore[no-untyped-def]
    svc, _ = _record(template, tmp_path, rows)
    scope = Scope(YEAR, unit="1")
    with Session(svc.engine) as s:
        open_lines = line_totals(s, scope)
    if not open_lines:
        return
    # Carry 0, ¼, ½, ¾ or all of each line's balance; the rest is recovered.
    carry = {
        t.code: from_fen(t.available * share // 4)
        for t, share in zip(open_lines, shares, strict=False)
        if t.available * share // 4 > 0
    }
    on_day = Scope(YEAR, unit="1", as_of=day)
    with Session(svc.engine) as s:
        preview = _build(s, on_day)
    assert preview is None or preview.passed, _failures(preview)
    svc.close_year("1", YEAR, {k: Decimal(v) for k, v in carry.items()})
    with Session(svc.engine) as s:
        closed = build(s, scope)
        again = _build(s, on_day)
    assert not closed.preview
    assert closed.passed, _failures(closed)
    assert again is None or again.passed, _failures(again)
    fiscal = {t.code for t in open_lines if t.is_fiscal}
    carried = sum(int(v * 100) for k, v in carry.items() if k in fiscal)
    assert closed.tables["t04_财政拨款收入支出决算总表"]["年末财政拨款结转和结余"] == carried


def _build(session: Session, scope: Scope) -> FinalAccounts | None:
    """The tables as of a date, or None when nothing was recorded by then."""
    try:
        return build(session, scope)
    except NoData:
        return None


def _failures(document: FinalAccounts | None) -> list[str]:
    return [f"{r.name}: {c}" for r in document.rules for c in r.failures] if document else []
