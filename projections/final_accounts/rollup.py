"""Rows of a code hierarchy (功能分类 类 → 款 → 项, 经济分类 类 → 款) summed from their
leaves on exact fen, in the published order: 合计 first, then each class followed by its
children (a code sorts before the codes it prefixes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

TOTAL = "合计"
FUNCTION_LEVELS = (3, 5, 7)
ECONOMIC_LEVELS = (3, 5)


def code_rows(
    leaves: Iterable[tuple[str, Sequence[int]]],
    width: int,
    levels: Sequence[int] = FUNCTION_LEVELS,
) -> dict[str, list[int]]:
    """``{"合计": [...], "201": [...], "20137": [...], "2013701": [...], …}``.

    ``leaves`` are (code, values) pairs, several per code allowed; a code whose values
    are all zero is left out, as the published tables leave out rows without figures.
    """
    summed: dict[str, list[int]] = {}
    for code, values in leaves:
        row = summed.setdefault(code, [0] * width)
        for i, v in enumerate(values):
            row[i] += v
    rows: dict[str, list[int]] = {}
    total = [0] * width
    for code, values in summed.items():
        if not any(values):
            continue
        total = [a + b for a, b in zip(total, values, strict=True)]
        for n in levels:
            if len(code) < n:
                break
            row = rows.setdefault(code[:n], [0] * width)
            for i, v in enumerate(values):
                row[i] += v
    return {TOTAL: total, **{code: rows[code] for code in sorted(rows)}}


def level_of(code: str, levels: Sequence[int] = FUNCTION_LEVELS) -> int:
    """0 for a class (类), 1 for 款, 2 for 项; 0 for 合计."""
    return levels.index(len(code)) if len(code) in levels else 0


def is_empty(rows: dict[str, list[int]]) -> bool:
    return not any(rows[TOTAL])
