"""The online recording benchmark runs end to end at a tiny size (a smoke test: it asserts
nothing about time, only that the runs were made, checked, written down and drawn)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.bench.run import Options, run

pytestmark = [pytest.mark.slow, pytest.mark.postgresql]  # the benchmark starts its own server


def test_online_recording_at_a_tiny_size(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    output.write_text("# Benchmarks\n\nAn earlier run's figures.\n\n## Online recording\n\nold\n")
    chart = tmp_path / "docs" / "online.png"
    options = Options(
        payments=3_000,
        units=6,
        lines=120,
        departments=2,
        workdir=tmp_path / "work",
        output=output,
        chart=chart,
        only="online",
        online_seconds=2,
        online_postgres=(1, 4),
        online_sqlite=(1, 2),
    )
    [result] = run(options, log=lambda _: None)
    online = result.online
    assert online is not None
    assert [(r.database, r.clients) for r in online.runs] == [
        ("SQLite", 1),
        ("SQLite", 2),
        ("PostgreSQL", 1),
        ("PostgreSQL", 4),
    ]
    for r in online.runs:
        # Every command answered, and the store agrees with what the clients were told.
        assert r.commands > 0 and r.accepted + r.overspend + r.busy == r.commands, r
        assert r.other_refusals == 0 and r.problems == [], r.problems
    assert online.verified == {"SQLite": True, "PostgreSQL": True}

    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nAn earlier run's figures.")  # the rest is kept
    assert text.count("## Online recording") == 1 and "\nold\n" not in text
    assert "| PostgreSQL | 4 |" in text and "| SQLite | 2 |" in text
    assert "](docs/online.png)" in text
    assert chart.read_bytes().startswith(b"\x89PNG")
