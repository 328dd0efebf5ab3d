"""A synthetic city year, deterministic from its seed, written as a journal ``import`` accepts.

Shape: N units in M departments, lines across funds, categories, function and economic codes
of the shipped reference tables, projects; appropriations in January (some carry-overs on
1 January), monthly salaries, operating spending through the year, project payments bunched
toward year end, about 1% adjustments and transfers, about 0.5% reversals, non-fiscal
income, and a year-end close with some project balances carried over.

Every line's budget covers its planned spending with slack, and reductions (negative
adjustments, transfers out) never exceed what the plan leaves spare, so every row is valid
whatever order the rows of different lines are imported in. The plan of a million payments
is held in compact arrays (a few tens of MB), and the file is written in date order.
"""

from __future__ import annotations

import csv
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ledger.journal.columns import NAMES


@dataclass(frozen=True)
class City:
    units: int = 300
    lines: int = 12_000
    payments: int = 1_000_000
    departments: int = 20
    year: int = 2024
    seed: int = 2024


# (administration 项, general affairs 项) pairs a unit's main function can take.
SECTORS = (
    ("2013701", "2013702"),
    ("2111401", "2111402"),
    ("2150101", "2150199"),
    ("2010450", "2111408"),
)
PERSONNEL = (  # function, economic codes paid monthly
    (None, ("30101", "30102", "30103", "30107")),
    ("2080505", ("30108",)),
    ("2080506", ("30109",)),
    ("2101101", ("30110", "30112")),
    ("2210201", ("30113",)),
    ("2080501", ("30302",)),
)
OPERATING = (
    "30201",
    "30202",
    "30205",
    "30206",
    "30207",
    "30209",
    "30211",
    "30213",
    "30214",
    "30215",
    "30216",
    "30226",
    "30227",
    "30228",
    "30229",
    "30239",
    "30299",
    "31002",
)
PROJECT = ("30227", "30226", "30202", "30211", "30213", "30299", "31002", "31007", "30216")
RESTRICTED = ("30217", "30231")  # operating lines limited to one code (三公)
PROJECT_NAMES = (
    "信息化建设",
    "专项业务费",
    "宣传经费",
    "培训费",
    "办公场所维修",
    "监测服务",
    "应急演练",
    "课题研究",
    "系统运维",
    "设备购置",
)
MONTH_WEIGHTS = {
    "personnel": [1] * 12,
    "operating": [1] * 12,
    "project": [m * m for m in range(1, 13)],  # bunched toward year end
}


@dataclass
class Line:
    unit: str
    code: str
    fund: str
    function: str
    category: str
    economic: str | None = None
    project: str | None = None
    project_code: str | None = None
    codes: tuple[str, ...] = ()
    kind: str = "operating"
    planned: int = 0  # fen
    budget: int = 0
    carried: int = 0
    slack: int = 0  # what reductions may still take: spare budget, never later additions
    changes: int = 0  # net of adjustments and transfers
    spent: int = 0
    reversed: int = 0


@dataclass
class Stats:
    rows: int = 0
    payments: int = 0
    lines: int = 0
    units: int = 0


def _days(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def _plan_units(city: City, rnd: random.Random) -> list[tuple[str, str, str, str]]:
    units = []
    for u in range(city.units):
        department = f"{101 + u % city.departments}"
        code = f"{department}{u // city.departments + 1:03d}"
        unit_type = rnd.choices(["行政单位", "参公事业单位", "事业单位"], [70, 15, 15])[0]
        units.append((code, department, unit_type, f"示例单位{code}"))
    return units


def _plan_lines(city: City, unit: str, n: int, rnd: random.Random) -> list[Line]:
    admin, general = SECTORS[rnd.randrange(len(SECTORS))]
    lines: list[Line] = []
    n_personnel = max(2, n * 20 // 100)
    n_project = max(1, n * 45 // 100)
    n_nonfiscal = max(1, n * 5 // 100)
    n_operating = max(1, n - n_personnel - n_project - n_nonfiscal)
    for i in range(n_personnel):
        function, codes = PERSONNEL[i % len(PERSONNEL)]
        lines.append(
            Line(
                unit,
                f"RY{i + 1:02d}",
                "一般公共预算",
                function or admin,
                "人员经费",
                codes=codes,
                kind="personnel",
            )
        )
    for i in range(n_operating):
        restricted = RESTRICTED[i % 2] if i < 2 else None
        lines.append(
            Line(
                unit,
                f"GY{i + 1:02d}",
                "一般公共预算",
                admin,
                "公用经费",
                economic=restricted,
                codes=(restricted,) if restricted else OPERATING,
            )
        )
    projects = max(1, n_project * 2 // 3)
    for i in range(n_project):
        p = i % projects
        fund = rnd.choices(["一般公共预算", "政府性基金预算", "国有资本经营预算"], [90, 7, 3])[0]
        name = f"{PROJECT_NAMES[p % len(PROJECT_NAMES)]}（{p + 1}）"
        lines.append(
            Line(
                unit,
                f"XM{i + 1:02d}",
                fund,
                general,
                "项目支出",
                project=name,
                project_code=f"{unit}-{city.year}-{p + 1:02d}",
                codes=PROJECT,
                kind="project",
            )
        )
    for i in range(n_nonfiscal):
        fund = "单位资金" if i % 2 == 0 else "财政专户管理资金"
        lines.append(Line(unit, f"FC{i + 1:02d}", fund, admin, "公用经费", codes=OPERATING))
    return lines[:n] if len(lines) > n else lines


def _date(year: int, ordinal: int) -> str:
    return (date(year, 1, 1) + timedelta(ordinal)).isoformat()


class Plan:
    """Every payment of the year in parallel arrays: day of year, line, fen, economic code."""

    def __init__(self) -> None:
        self.day, self.line, self.amount, self.code = (
            array("H"),
            array("I"),
            array("q"),
            array("H"),
        )
        self.codes: list[str] = []
        self._code_ids: dict[str, int] = {}

    def add(self, day: int, line: int, amount: int, code: str) -> None:
        if code not in self._code_ids:
            self._code_ids[code] = len(self.codes)
            self.codes.append(code)
        self.day.append(day)
        self.line.append(line)
        self.amount.append(amount)
        self.code.append(self._code_ids[code])

    def __len__(self) -> int:
        return len(self.day)


def _plan_payments(city: City, lines: list[Line], rnd: random.Random) -> Plan:
    plan = Plan()
    first_of = [(date(city.year, m + 1, 1) - date(city.year, 1, 1)).days for m in range(12)]
    first_of.append(_days(city.year))
    salaries = sum(12 * len(line.codes) for line in lines if line.kind == "personnel")
    flexible = [i for i, line in enumerate(lines) if line.kind != "personnel"]
    weights = [
        rnd.uniform(0.5, 1.5) * (1.5 if lines[i].kind == "project" else 1.0) for i in flexible
    ]
    remaining = max(city.payments - salaries, 0)
    counts = [int(w * remaining / sum(weights)) for w in weights]
    for k in range(remaining - sum(counts)):
        counts[k % len(counts)] += 1
    for index, line in enumerate(lines):
        if line.kind != "personnel":
            continue
        for month in range(12):
            for code in line.codes:
                amount = rnd.randint(500_000, 5_000_000)
                plan.add(first_of[month] + 9, index, amount, code)
                line.planned += amount
    for index, count in zip(flexible, counts, strict=True):
        line = lines[index]
        months = rnd.choices(range(12), MONTH_WEIGHTS[line.kind], k=count)
        mu = 11.5 if line.kind == "project" else 9.5
        for month in months:
            day = max(rnd.randrange(first_of[month], first_of[month + 1]), 14)
            amount = max(100, min(int(rnd.lognormvariate(mu, 1.0)), 50_000_000))
            plan.add(min(day, first_of[12] - 3), index, amount, rnd.choice(line.codes))
            line.planned += amount
    return plan


def generate(city: City, path: Path) -> Stats:
    rnd = random.Random(city.seed)
    units = _plan_units(city, rnd)
    per_unit = [
        city.lines // city.units + (1 if u < city.lines % city.units else 0)
        for u in range(city.units)
    ]
    lines: list[Line] = []
    for (code, *_), n in zip(units, per_unit, strict=True):
        lines.extend(_plan_lines(city, code, n, rnd))
    plan = _plan_payments(city, lines, rnd)
    for line in lines:
        budget = int(line.planned * rnd.uniform(1.05, 1.35)) + 1_000_000
        line.budget = budget // 10_000 * 10_000
        if line.kind == "project" and rnd.random() < 0.2:
            line.carried = line.budget // 5 // 100 * 100
        line.slack = line.budget - line.planned

    # Voucher numbers run per unit in date order.
    order = sorted(range(len(plan)), key=plan.day.__getitem__)
    voucher = array("I", bytes(4 * len(plan)))
    issued: dict[str, int] = {}
    for position in order:
        unit = lines[plan.line[position]].unit
        issued[unit] = issued.get(unit, 0) + 1
        voucher[position] = issued[unit]
    extras = _plan_changes(city, lines, rnd, len(plan))
    extras += _plan_reversals(city, lines, plan, voucher, rnd)
    extras.sort(key=lambda item: item[0])

    stats = Stats(payments=len(plan), lines=len(lines), units=len(units))
    year = str(city.year)
    info = {code: (department, kind, name) for code, department, kind, name in units}
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(NAMES)
        registered: set[str] = set()

        def emit(row: dict[str, str]) -> None:
            if row["unit"] not in registered:
                registered.add(row["unit"])
                department, kind, name = info[row["unit"]]
                row = {**row, "unit_name": name, "unit_type": kind, "department": department}
            writer.writerow([row.get(k, "") for k in NAMES])
            stats.rows += 1

        for line in lines:  # carry-overs on 1 January
            if line.carried:
                doc = f"{line.unit}-结转-{city.year - 1}"
                emit(_opening(line, "carryover", _date(city.year, 0), line.carried, year, doc))
        for line in lines:  # appropriations in the first days of January
            opened = _date(city.year, 1 + rnd.randrange(8))
            doc = f"{line.unit}-批复-{city.year}-001"
            emit(_opening(line, "appropriation", opened, line.budget - line.carried, year, doc))
        e = 0
        for position in order:
            day = plan.day[position]
            while e < len(extras) and extras[e][0] < day:
                emit(extras[e][1])
                e += 1
            line = lines[plan.line[position]]
            amount = plan.amount[position]
            row = {
                "date": _date(city.year, day),
                "kind": "payment",
                "year": year,
                "unit": line.unit,
                "line": line.code,
                "economic": line.economic or plan.codes[plan.code[position]],
                "amount": _yuan(amount),
                "doc": _voucher(line.unit, voucher[position]),
            }
            if line.kind == "project" and amount > 1_000_000 and position % 3 == 0:
                row["procurement"] = ("货物", "服务", "工程")[position % 9 // 3]
            emit(row)
        for _, row in extras[e:]:
            emit(row)
        _emit_close(city, lines, emit, rnd)
    return stats


def _voucher(unit: str, number: int) -> str:
    return f"ZF{unit}-{number:06d}"


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def _opening(line: Line, kind: str, day: str, amount: int, year: str, doc: str) -> dict[str, str]:
    row = {
        "date": day,
        "kind": kind,
        "year": year,
        "unit": line.unit,
        "line": line.code,
        "fund": line.fund,
        "function": line.function,
        "category": line.category,
        "amount": _yuan(amount),
        "doc": doc,
    }
    for key in ("economic", "project", "project_code"):
        if getattr(line, key):
            row[key] = getattr(line, key)
    return row


def _plan_changes(
    city: City, lines: list[Line], rnd: random.Random, payments: int
) -> list[tuple[int, dict[str, str]]]:
    """About 1% adjustments and transfers, each within what the plan leaves spare, and
    income of the non-fiscal funds."""
    year = str(city.year)
    by_unit_fund: dict[tuple[str, str], list[Line]] = {}
    for line in lines:
        if line.fund in ("一般公共预算", "政府性基金预算", "国有资本经营预算"):
            by_unit_fund.setdefault((line.unit, line.fund), []).append(line)
    rows: list[tuple[int, dict[str, str]]] = []
    for n in range(payments // 100):
        line = lines[rnd.randrange(len(lines))]
        day = rnd.randrange(30, _days(city.year) - 2)
        base = {
            "date": _date(city.year, day),
            "year": year,
            "unit": line.unit,
            "doc": f"TZ{line.unit}-{n:05d}",
        }
        peers = [p for p in by_unit_fund.get((line.unit, line.fund), []) if p is not line]
        if line.fund in ("单位资金", "财政专户管理资金"):
            amount = rnd.randrange(1, 100) * 100_000
            rows.append(
                (
                    day,
                    {
                        **base,
                        "kind": "income",
                        "fund": line.fund,
                        "function": line.function,
                        "income_type": "其他收入",
                        "amount": _yuan(amount),
                        "doc": f"SR{line.unit}-{n:05d}",
                    },
                )
            )
        elif n % 2 == 0 and peers and line.slack > 200_000:
            amount = max(rnd.randrange(100, line.slack // 2) // 100 * 100, 100)
            target = rnd.choice(peers)
            line.slack -= amount
            line.changes -= amount
            target.changes += amount
            rows.append(
                (
                    day,
                    {
                        **base,
                        "kind": "transfer",
                        "line": line.code,
                        "to_line": target.code,
                        "amount": _yuan(amount),
                    },
                )
            )
        elif rnd.random() < 0.3 and line.slack > 200_000:
            amount = max(rnd.randrange(100, line.slack // 2) // 100 * 100, 100)
            line.slack -= amount
            line.changes -= amount
            rows.append(
                (day, {**base, "kind": "adjustment", "line": line.code, "amount": _yuan(-amount)})
            )
        else:
            amount = rnd.randrange(1, 500) * 10_000
            line.changes += amount
            rows.append(
                (day, {**base, "kind": "adjustment", "line": line.code, "amount": _yuan(amount)})
            )
    return rows


def _plan_reversals(
    city: City, lines: list[Line], plan: Plan, voucher: array[int], rnd: random.Random
) -> list[tuple[int, dict[str, str]]]:
    """About 0.5% of payments partly or wholly reversed, 1 to 20 days later."""
    last_day = _days(city.year) - 2
    chosen: set[int] = set()
    rows: list[tuple[int, dict[str, str]]] = []
    while len(chosen) < len(plan) // 200:
        i = rnd.randrange(len(plan))
        if i in chosen or plan.day[i] >= last_day:
            continue
        chosen.add(i)
        line = lines[plan.line[i]]
        day = min(plan.day[i] + rnd.randint(1, 20), last_day)
        full = plan.amount[i]
        amount = full if rnd.random() < 0.5 else max(1, full * rnd.randint(1, 9) // 10)
        line.reversed += amount
        rows.append(
            (
                day,
                {
                    "date": _date(city.year, day),
                    "kind": "reversal",
                    "year": str(city.year),
                    "unit": line.unit,
                    "line": line.code,
                    "amount": _yuan(amount),
                    "doc": f"CX{line.unit}-{len(rows):06d}",
                    "reverses": _voucher(line.unit, voucher[i]),
                },
            )
        )
    return rows


def _emit_close(
    city: City, lines: list[Line], emit: Callable[[dict[str, str]], None], rnd: random.Random
) -> None:
    """Carry half the balance of some project lines, then close every unit's year."""
    end = f"{city.year}-12-31"
    year = str(city.year)
    units: dict[str, None] = {}
    for line in lines:
        units[line.unit] = None
        if line.kind == "project" and line.fund == "一般公共预算" and rnd.random() < 0.3:
            balance = line.budget - line.planned + line.changes + line.reversed
            carry = balance // 2 // 100 * 100
            if carry > 0:
                emit(
                    {
                        "date": end,
                        "kind": "close",
                        "year": year,
                        "unit": line.unit,
                        "line": line.code,
                        "amount": _yuan(carry),
                        "doc": f"{line.unit}-年终结转",
                    }
                )
    for unit in units:
        emit(
            {
                "date": end,
                "kind": "close",
                "year": year,
                "unit": unit,
                "amount": "0.00",
                "doc": f"{unit}-年终结转",
            }
        )


# --- performance (绩效): a separate journal, imported after the money one ---------------

# (level1, level2, target form): the indicators of a project, cycled. A form's ``{n}`` is a
# number drawn per indicator; monthly progress moves toward it.
INDICATORS = (
    ("产出指标", "数量指标", "≥{n}个"),
    ("产出指标", "质量指标", "≥{p}%"),
    ("产出指标", "时效指标", "{m}月前"),
    ("成本指标", "经济成本指标", "≤{n}万元"),
    ("效益指标", "社会效益指标", "≥{n}人次"),
    ("效益指标", "可持续影响指标", "提高"),
    ("满意度指标", "服务对象满意度指标", "≥{p}%"),
)


@dataclass(frozen=True)
class Performance:
    projects: int = 3_000
    indicators: int = 15  # per project
    revised: float = 0.1  # share of indicators revised on 30 June


def city_projects(city: City) -> list[tuple[str, str, str]]:
    """The city's projects (unit, code, name) in the order their first lines are opened:
    planned as ``generate`` plans them, from the same seed."""
    rnd = random.Random(city.seed)
    units = _plan_units(city, rnd)
    per_unit = [
        city.lines // city.units + (1 if u < city.lines % city.units else 0)
        for u in range(city.units)
    ]
    found: dict[tuple[str, str], tuple[str, str, str]] = {}
    for (code, *_), n in zip(units, per_unit, strict=True):
        for line in _plan_lines(city, code, n, rnd):
            if line.project_code and line.project:
                found.setdefault(
                    (line.unit, line.project_code), (line.unit, line.project_code, line.project)
                )
    return list(found.values())


def generate_performance(city: City, performance: Performance, path: Path) -> Stats:
    """The performance facts of ``performance.projects`` of the city's projects: a 年度目标
    and ``indicators`` targets each in January, some revised on 30 June, and each
    indicator's progress observed at every month's end; written in date order."""
    rnd = random.Random(city.seed + 1)
    projects = city_projects(city)[: performance.projects]
    year = str(city.year)
    plans = []  # per project and indicator: (level1, level2, name, target, goal, kind)
    for unit, code, name in projects:
        indicators = []
        for i in range(performance.indicators):
            level1, level2, form = INDICATORS[i % len(INDICATORS)]
            n, p, m = rnd.randrange(10, 500), rnd.choice((85, 90, 95, 100)), rnd.randrange(6, 13)
            indicators.append(
                (level1, level2, f"指标{i + 1:02d}", form.format(n=n, p=p, m=m), n, p, m)
            )
        plans.append((unit, code, name, indicators))
    stats = Stats(units=len({p[0] for p in plans}))
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(NAMES)

        def emit(row: dict[str, str]) -> None:
            writer.writerow([row.get(k, "") for k in NAMES])
            stats.rows += 1

        for unit, code, name, indicators in plans:
            base = {"year": year, "unit": unit, "project": name, "project_code": code}
            on = f"{year}-01-10"
            doc = f"{unit}-绩效目标-{year}"
            emit(
                {**base, "date": on, "kind": "target", "target": f"完成{name}年度任务", "doc": doc}
            )
            for level1, level2, indicator, target, *_ in indicators:
                levels = {"level1": level1, "level2": level2, "indicator": indicator}
                emit({**base, **levels, "date": on, "kind": "target", "target": target, "doc": doc})
        for month in range(1, 13):
            on = month_end(city.year, month)
            for unit, code, name, indicators in plans:
                base = {"year": year, "unit": unit, "project": name, "project_code": code}
                for level1, level2, indicator, target, n, p, m in indicators:
                    levels = {"level1": level1, "level2": level2, "indicator": indicator}
                    if month == 6 and rnd.random() < performance.revised:
                        target = _revised(target, n)
                        emit(
                            {
                                **base, **levels, "date": on, "kind": "target_revision",
                                "target": target, "reason": "年中调整",
                                "doc": f"{unit}-绩效调整-{year}",
                            }
                        )  # fmt: skip
                    actual = _progress(target, n, p, m, month, rnd)
                    emit(
                        {
                            **base, **levels, "date": on, "kind": "progress", "actual": actual,
                            "doc": f"{unit}-绩效监控-{year}-{month:02d}",
                        }
                    )  # fmt: skip
    return stats


def month_end(year: int, month: int) -> str:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).isoformat()


def _revised(target: str, n: int) -> str:
    """A target lowered by a tenth (one without the drawn number is kept as it was)."""
    return target.replace(str(n), str(max(1, n * 9 // 10)), 1)


def _progress(target: str, n: int, p: int, m: int, month: int, rnd: random.Random) -> str:
    """An indicator's value observed at the end of ``month``: most keep pace, some lag."""
    share = min(month / 12 * rnd.uniform(0.6, 1.15), 1.0)
    if target.endswith("%"):
        return f"{min(p, int(p * rnd.uniform(0.85, 1.02)))}%"
    if target.endswith("月前"):
        return f"{month}月完成" if month >= m - 1 and rnd.random() < 0.8 else "进行中"
    if target.startswith("≤"):
        return f"{max(1, int(n * share))}万元"
    if target == "提高":
        return "有所提高"
    return f"{int(n * share)}{target.lstrip('≥').lstrip('0123456789')}"
