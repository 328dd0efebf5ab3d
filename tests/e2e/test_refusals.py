"""A refusal for want of money says why, and names only dates it explains: the payment's
own, a later date whose balance the payment would take below zero, or the date the
line's money first came (a payment dated 2024-12-01 used to be refused with
``指标 L01 于 2024-12-20 可用 …``, one before its appropriation with ``可用 0.00 元``)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from tui.cli.main import main


def pay(db: str, day: str, amount: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["--db", db, "record", "kind=payment", f"date={day}", "year=2024",
                 "unit=105001", "line=L01", "economic=30101", f"amount={amount}",
                 f"doc=T-{day}"])  # fmt: skip
    assert code == 1
    return capsys.readouterr().err


def left_on_l01(journal: Path) -> str:
    """L01's balance after all its facts, from the journal (as the CLI prints amounts)."""
    with open(journal, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if "L01" in (r["line"], r["to_line"])]
    sign = {"appropriation": 1, "adjustment": 1, "payment": -1, "reversal": 1}
    left = sum(
        (
            (1 if r["to_line"] == "L01" else -1) * Decimal(r["amount"])
            if r["kind"] == "transfer"
            else sign[r["kind"]] * Decimal(r["amount"])
            for r in rows
        ),
        Decimal(0),
    )
    return f"{left:,.2f}"


def test_overspending_refusals_say_why(
    sqlite_url: str, open_year_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(open_year_journal)]) == 0
    capsys.readouterr()
    # L01: approved on 2024-01-05; its last payments are dated 2024-12-20.
    left = left_on_l01(open_year_journal)
    assert (
        "可用余额不足：指标 L01 于 2024-01-02 尚无资金（可用 0.00 元，最早的资金于 2024-01-05 到位），"
        "支付 100.00 元将使其低于零" in pay(sqlite_url, "2024-01-02", "100.00", capsys)
    )
    assert (
        f"可用余额不足：指标 L01 于 2024-12-20 可用 {left} 元（2024-06-01 之后的支出或追减），"
        "2024-06-01 的支付 100,000.00 元将使 2024-12-20 的可用余额为负"
        in pay(sqlite_url, "2024-06-01", "100000.00", capsys)
    )
    assert f"可用余额不足：指标 L01 可用 {left} 元，支付 100,000.00 元将使其低于零" in pay(
        sqlite_url, "2024-12-31", "100000.00", capsys
    )
