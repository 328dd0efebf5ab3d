"""Fitting a table's columns to the width it has: names give way first (they shrink, ending
in …), then the columns a screen marks as optional are left out one by one, and figures
are never cut while anything else can give. Plain arithmetic on cell widths, so that it
can be tested without a terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

PADDING = 2  # a DataTable cell's padding: one cell either side


def fit_columns(
    natural: Mapping[str, int],
    available: int,
    least: Mapping[str, int],
    optional: Sequence[str] = (),
) -> tuple[list[str], dict[str, int]]:
    """The columns to show and their widths, within ``available`` cells if possible.

    ``natural``: each column's width for its widest cell, in display order; ``least``:
    how narrow a column that may shrink (a name) can get; ``optional``: columns that may
    be left out, the first to go first. Columns left in keep their natural widths as far
    as the room allows; when even the least will not fit, the table is as narrow as it
    can be (and scrolls sideways)."""
    keys = list(natural)
    for n in range(len(optional) + 1):
        gone = set(optional[:n])
        kept = [k for k in keys if k not in gone]
        widths = _shrunk(kept, natural, least, available)
        if widths is not None:
            return kept, widths
    kept = [k for k in keys if k not in set(optional)]
    return kept, {k: min(natural[k], least.get(k, natural[k])) for k in kept}


def _shrunk(
    kept: list[str], natural: Mapping[str, int], least: Mapping[str, int], available: int
) -> dict[str, int] | None:
    """Natural widths with the widest names cut until the columns fit (None if they
    cannot)."""
    widths = {k: natural[k] for k in kept}
    excess = sum(w + PADDING for w in widths.values()) - available
    while excess > 0:
        can = [k for k in kept if widths[k] > least.get(k, natural[k])]
        if not can:
            return None
        widest = max(can, key=lambda k: widths[k])
        floor = least.get(widest, natural[widest])
        # Cut the widest name down to the next widest (or as far as needed), at once.
        others = [widths[k] for k in can if k != widest]
        target = max(floor, widths[widest] - excess, max(others, default=floor))
        if target == widths[widest]:
            target -= 1
        excess -= widths[widest] - target
        widths[widest] = target
    return widths
