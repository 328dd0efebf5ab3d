"""A large, valid journal: 20 units × 10 lines, then payments, reversals, adjustments and
transfers among them, 200,000 rows in all (deterministic for a given seed)."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

HEADER = ["date", "kind", "year", "unit", "line", "fund", "function", "category", "economic",
          "amount", "doc", "to_line", "reverses", "memo"]  # fmt: skip
UNITS = [f"9{n:05d}" for n in range(1, 21)]
LINES = [f"L{n:02d}" for n in range(10)]


def write_big_journal(path: Path, rows: int = 200_000, seed: int = 2024) -> Path:
    rng = random.Random(seed)
    payments: dict[str, list[tuple[str, str, int, str]]] = {u: [] for u in UNITS}
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(HEADER)
        written = 0
        for unit in UNITS:
            for line in LINES:
                out.writerow(["2024-01-01", "appropriation", "2024", unit, line, "一般公共预算",
                              "2013701", "公用经费", "", "50000000.00", f"批复-{unit}", "", "",
                              "年初预算"])  # fmt: skip
                written += 1
        n = 0
        while written < rows:
            n += 1
            unit, line = rng.choice(UNITS), rng.choice(LINES)
            day = (date(2024, 1, 2) + timedelta(days=rng.randrange(364))).isoformat()
            r = rng.random()
            if r < 0.005 and payments[unit]:
                doc, paid_line, fen, paid_on = rng.choice(payments[unit])
                day = max(day, paid_on)  # a reversal is never dated before its payment
                out.writerow([day, "reversal", "2024", unit, paid_line, "", "", "", "",
                              _yuan(max(1, fen // 10)), f"CX-{n:06d}", "", doc, "冲销"])  # fmt: skip
                payments[unit].remove((doc, paid_line, fen, paid_on))
            elif r < 0.0075:
                out.writerow([day, "adjustment", "2024", unit, line, "", "", "", "",
                              _yuan(rng.randint(-50_000, 100_000) or 1), f"TZ-{n:06d}", "", "",
                              "追加追减"])  # fmt: skip
            elif r < 0.01:
                to_line = rng.choice([x for x in LINES if x != line])
                out.writerow([day, "transfer", "2024", unit, line, "", "", "", "",
                              _yuan(rng.randint(100, 100_000)), f"TJ-{n:06d}", to_line, "",
                              "调剂"])  # fmt: skip
            else:
                fen = rng.randint(100, 2_000_000)
                doc = f"ZF-{n:06d}"
                out.writerow([day, "payment", "2024", unit, line, "", "", "", "30201",
                              _yuan(fen), doc, "", "", "办公用品"])  # fmt: skip
                payments[unit].append((doc, line, fen, day))
            written += 1
    return path


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"
