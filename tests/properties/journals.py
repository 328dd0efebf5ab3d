"""Coherent random journals for the property tests, and whether the ledger should take each row.

A journal opens its lines first (appropriations and carry-overs, in four funds), then pays,
reverses, transfers, adjusts and records income, each row sized from a model of the
ledger's rules (the available amount of a line as of a date and every later one, what is
left of a payment to reverse), with some rows deliberately against the rules so that
refusals happen too, and may end with a close that carries part of some balances. Every
value is drawn, so a journal is a function of its hypothesis example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import strategies as st

from ledger.domain.values import IncomeType

YEAR = 2024
UNIT = "1"
CLOSE_DOC = f"年终结转-{YEAR}"  # what LedgerService.close_year records by default
# Line → (fund, function, category): two lines in each fund, so money can move within it.
LINES = {
    "P1": ("一般公共预算", "2013701", "人员经费"),
    "G1": ("一般公共预算", "2013702", "公用经费"),
    "X1": ("一般公共预算", "2080505", "项目支出"),
    "X2": ("一般公共预算", "2080506", "项目支出"),
    "F1": ("政府性基金预算", "2101101", "项目支出"),
    "F2": ("政府性基金预算", "2101102", "项目支出"),
    "S1": ("财政专户管理资金", "2050201", "项目支出"),
    "S2": ("财政专户管理资金", "2050299", "公用经费"),
    "U1": ("单位资金", "2013701", "公用经费"),
    "U2": ("单位资金", "2013702", "项目支出"),
}
# Every 项目支出 line's project; X1 and X2 are one project.
PROJECTS = {
    "X1": "养老保险缴费",
    "X2": "养老保险缴费",
    "F1": "医疗保障",
    "F2": "医疗补助",
    "S1": "学前教育专户",
    "U2": "自有资金项目",
}
ECONOMIC = {
    "人员经费": ("30101", "30102", "30301"),
    "公用经费": ("30201", "30211", "30216"),
    "项目支出": ("30227", "31002", "30215"),
}
# A code each category refuses (项目支出 takes any code).
FORBIDDEN_ECONOMIC = {"人员经费": "30201", "公用经费": "30101"}
INCOME_FUNDS = ("单位资金", "财政专户管理资金")
JAN_1 = date(YEAR, 1, 1)
DEC_31 = date(YEAR, 12, 31)

days = st.integers(min_value=0, max_value=364).map(lambda n: JAN_1 + timedelta(n))


def yuan(fen: int) -> str:
    """Fen as the journal writes 元 (no floats)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


amounts = st.integers(min_value=1, max_value=500_000).map(yuan)


class Journal(list[dict[str, str]]):
    """Journal rows, with ``expected[i]``: whether the ledger's rules take row ``i``."""

    def __init__(self) -> None:
        super().__init__()
        self.expected: list[bool] = []


@dataclass
class _Line:
    code: str
    flows: dict[date, int] = field(default_factory=dict)  # net change of 可用余额 per date

    def add(self, day: date, fen: int) -> None:
        self.flows[day] = self.flows.get(day, 0) + fen

    @property
    def available(self) -> int:
        return sum(self.flows.values())

    def lowest_from(self, day: date) -> int:
        """The lowest available amount as of ``day`` or any later date (the ledger's rule)."""
        balance = sum(f for d, f in self.flows.items() if d <= day)
        lowest = balance
        for d in sorted(d for d in self.flows if d > day):
            balance += self.flows[d]
            lowest = min(lowest, balance)
        return lowest


@dataclass
class _Payment:
    doc: str
    line: str
    day: date
    fen: int
    reversed: int = 0

    @property
    def left(self) -> int:
        return self.fen - self.reversed


class _Writer:
    """Draws rows one by one, keeping the model of what the ledger holds."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.rows = Journal()
        self.lines: dict[str, _Line] = {}
        self.payments: list[_Payment] = []
        self.today = date(YEAR, 3, 1)

    def row(self, ok: bool, kind: str, day: date, fen: int, doc: str, **cells: str) -> None:
        base = {"date": day.isoformat(), "kind": kind, "year": str(YEAR), "unit": UNIT}
        self.rows.append({**base, **cells, "amount": yuan(fen), "doc": doc})
        self.rows.expected.append(ok)

    def doc(self, prefix: str) -> str:
        return f"{prefix}-{len(self.rows)}"

    def pick(self, options: list[str] | tuple[str, ...]) -> str:
        return self.draw(st.sampled_from(sorted(options)))

    def next_day(self) -> date:
        """Mostly forward in time; now and then back-dated (which the rules must survive)."""
        self.today = min(self.today + timedelta(self.draw(st.integers(0, 12))), date(YEAR, 12, 30))
        if self.draw(st.integers(0, 7)) == 3:  # hypothesis favours the bounds
            return max(JAN_1, self.today - timedelta(self.draw(st.integers(1, 90))))
        return self.today

    # --- rows ----------------------------------------------------------------------

    def open(self, code: str) -> None:
        fund, function, category = LINES[code]
        dims = {"line": code, "fund": fund, "function": function, "category": category}
        if code in PROJECTS:
            dims["project"] = PROJECTS[code]
        line = self.lines[code] = _Line(code)
        how = self.draw(st.sampled_from(["appropriation", "carryover", "both"]))
        if how != "appropriation":
            fen = self.draw(st.integers(10_000, 20_000_000))
            self.row(True, "carryover", JAN_1, fen, self.doc("JZ"), **dims)
            line.add(JAN_1, fen)
        if how != "carryover":
            day = JAN_1 + timedelta(self.draw(st.integers(0, 59)))
            fen = self.draw(st.integers(100_000, 50_000_000))
            self.row(True, "appropriation", day, fen, self.doc("PF"), **dims)
            line.add(day, fen)

    def payment(self, day: date) -> None:
        code = self.pick(list(self.lines))
        line = self.lines[code]
        category = LINES[code][2]
        economic = self.pick(ECONOMIC[category])
        low = max(line.lowest_from(day), 0)
        how = self.draw(st.sampled_from(["small"] * 4 + ["any"] * 2 + ["all", "over", "over"]))
        if how == "over" or low == 0:
            fen, ok = low + self.draw(st.integers(1, max(100, low))), False
        elif how == "small":
            fen, ok = self.draw(st.integers(1, max(1, low // 5))), True
        elif how == "any":
            fen, ok = self.draw(st.integers(1, low)), True
        else:
            fen, ok = low, True
        if ok and category in FORBIDDEN_ECONOMIC and self.draw(st.integers(0, 19)) == 10:
            economic, ok = FORBIDDEN_ECONOMIC[category], False
        doc = self.doc("ZF")
        self.row(ok, "payment", day, fen, doc, line=code, economic=economic)
        if ok:
            line.add(day, -fen)
            self.payments.append(_Payment(doc, code, day, fen))

    def reversal(self, day: date) -> None:
        """Reverses part or all of a payment recorded before, on its line; or tries to
        reverse too much, on another line, or before the payment was made."""
        unreversed = [p for p in self.payments if p.left]
        if not unreversed:
            return self.payment(day)
        payment = self.draw(st.sampled_from(unreversed))
        day = max(day, payment.day)
        code = payment.line
        how = self.draw(st.sampled_from(["full"] * 2 + ["part"] * 4 + ["over", "line", "early"]))
        ok = how in ("full", "part")
        if how == "full" or (how == "part" and payment.left == 1):
            fen = payment.left
        elif how == "part":
            fen = self.draw(st.integers(1, payment.left - 1))
        elif how == "over":
            fen = payment.left + self.draw(st.integers(1, 10_000))
        else:
            fen = self.draw(st.integers(1, payment.left))
            if how == "line":
                code = self.pick([c for c in self.lines if c != payment.line])
            elif payment.day > JAN_1:
                day = payment.day - timedelta(self.draw(st.integers(1, (payment.day - JAN_1).days)))
            else:
                ok = True  # nothing is earlier than 1 January: a plain reversal
        self.row(ok, "reversal", day, fen, self.doc("CX"), line=code, reverses=payment.doc)
        if ok:
            payment.reversed += fen
            self.lines[code].add(day, fen)

    def transfer(self, day: date) -> None:
        """Moves money to another line of the same fund; or tries to move more than is
        available, or to another fund."""
        fund = {c: LINES[c][0] for c in self.lines}
        paired = [c for c in fund if any(o != c and fund[o] == fund[c] for o in fund)]
        how = self.draw(st.sampled_from(["within"] * 5 + ["over", "across"]))
        if (how == "across" and len(set(fund.values())) < 2) or (how == "within" and not paired):
            how = "over"
        if how == "across":
            source = self.pick(list(self.lines))
            target = self.pick([c for c in self.lines if fund[c] != fund[source]])
        else:
            source = self.pick(paired or list(self.lines))
            others = [c for c in self.lines if c != source and fund[c] == fund[source]]
            target = self.pick(others or [c for c in self.lines if c != source])
        low = max(self.lines[source].lowest_from(day), 0)
        ok = how == "within" and fund[target] == fund[source] and low > 0
        if ok:
            whole = self.draw(st.integers(0, 5)) == 5
            fen = low if whole else self.draw(st.integers(1, max(1, low // 3)))
        elif how == "across" and low > 0:
            fen = self.draw(st.integers(1, low))
        else:
            fen, ok = low + self.draw(st.integers(1, max(100, low))), False
        self.row(ok, "transfer", day, fen, self.doc("TJ"), line=source, to_line=target)
        if ok:
            self.lines[source].add(day, -fen)
            self.lines[target].add(day, fen)

    def adjustment(self, day: date) -> None:
        """追加 any amount, 追减 within what is available, or 追减 more than that."""
        code = self.pick(list(self.lines))
        line = self.lines[code]
        low = max(line.lowest_from(day), 0)
        how = self.draw(st.sampled_from(["up", "up", "down", "down", "over"]))
        if how == "up":
            fen, ok = self.draw(st.integers(1, 5_000_000)), True
        elif how == "down" and low > 0:
            fen, ok = -self.draw(st.integers(1, low)), True
        else:
            fen, ok = -(low + self.draw(st.integers(1, 10_000))), False
        self.row(ok, "adjustment", day, fen, self.doc("TZ"), line=code)
        if ok:
            line.add(day, fen)

    def income(self, day: date) -> None:
        fund = self.pick(INCOME_FUNDS)
        function = self.pick({function for _, function, _ in LINES.values()})
        income_type = self.pick([t.value for t in IncomeType])
        fen = self.draw(st.integers(100, 10_000_000))
        cells = {"fund": fund, "function": function, "income_type": income_type}
        self.row(True, "income", day, fen, self.doc("SR"), **cells)

    def close(self) -> None:
        """Closes some lines on their own, carrying nothing, part or all of their balance
        (or, refused, more than it), then the unit, which closes the rest carrying nothing;
        a row after the close is refused."""
        for code, line in self.lines.items():
            how = self.draw(
                st.sampled_from(["part", "all", "unit", "zero", "part", "over", "unit"])
            )
            if how == "unit":
                continue
            have = line.available
            if how == "part" and have > 1:
                fen = self.draw(st.integers(1, have - 1))
            elif how == "all" or how == "part":
                fen = have
            elif how == "over":
                fen = have + self.draw(st.integers(1, 10_000))
            else:
                fen = 0
            self.row(how != "over", "close", DEC_31, fen, CLOSE_DOC, line=code)
        self.row(True, "close", DEC_31, 0, CLOSE_DOC)
        if self.draw(st.booleans()):
            code = self.pick(list(self.lines))
            self.row(False, "adjustment", DEC_31, 100, self.doc("TZ"), line=code)


# The order matters: hypothesis draws the first of a list, and the lower bound of a
# range, far more often than the others.
KINDS = [
    "payment",
    "reversal",
    "transfer",
    "income",
    "payment",
    "adjustment",
    "reversal",
    "payment",
    "transfer",
    "payment",
    "adjustment",
    "reversal",
]


@st.composite
def journal(draw: st.DrawFn, reversals: bool = True, close: bool = True) -> Journal:
    """A year of one unit: one or two lines of each fund opened, 12–30 movements, and
    (when ``close``) most often a close. Without ``reversals`` no reversal is drawn."""
    writer = _Writer(draw)
    closing = close and draw(st.integers(0, 3)) != 3  # drawn first: hypothesis favours 0
    by_fund: dict[str, list[str]] = {}
    for code, (fund, *_) in LINES.items():
        by_fund.setdefault(fund, []).append(code)
    for first, *others in by_fund.values():
        writer.open(first)
        for code in others:
            if draw(st.integers(0, 3)) != 3:
                writer.open(code)
    kinds = [k for k in KINDS if reversals or k != "reversal"]
    for _ in range(draw(st.integers(12, 30))):
        getattr(writer, draw(st.sampled_from(kinds)))(writer.next_day())
    if closing:
        writer.close()
    return writer.rows
