"""The benchmark runs end to end at a small size (a smoke test: it asserts nothing about
time, only that every measure was taken and written down)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.bench.run import Options, run

pytestmark = [pytest.mark.slow, pytest.mark.postgresql]  # the benchmark starts its own server


def test_bench_at_twenty_thousand_payments(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    options = Options(
        payments=20_000,
        units=30,
        lines=1_200,
        departments=3,
        growth=5_000,
        workdir=tmp_path / "work",
        output=output,
        queries=20,
        city_queries=3,
    )
    [small, full] = run(options, log=lambda _: None)
    assert full.events > 20_000 and small.events > 5_000
    text = output.read_text(encoding="utf-8")
    for measure in (
        "import, end to end through the CLI",
        "rebuild",
        "one unit's execution report",
        "city-wide report by function class",
        "final accounts, one unit",
        "import peak RSS",
        "terminal UI on this store: first frame",
        "floor: read the CSV",
        "PostgreSQL import",
        "4 importers on different units, SQLite",
        "4 importers on different units, PostgreSQL",
        "`report performance` for the city",
        "import of their performance journal",
        "## Performance (预算绩效)",
    ):
        assert measure in text, measure
    assert len(full.paints) == 7 and all(0 < p.first_frame <= p.figures for p in full.paints)
    assert full.reader_run is not None and full.reader_run.peak_rss_mb > 0
    assert full.concurrent["sqlite"]["events"] == full.events
    assert not full.concurrent["sqlite"]["failures"]
    assert full.performance is not None and full.performance.events > 0
