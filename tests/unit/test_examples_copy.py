"""The examples and specs the repository ships are the team's originals, unchanged.

The only place that reads ``../shared``: a user's clone has no such folder, and then
this test is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"

COPIES = {
    "examples/changzhi-cac-2024": "examples/changzhi-cac-2024",
    "examples/jincheng-energy-2025": "examples/jincheng-energy-2025",
    "examples/seeds": "seeds",
    "docs/domain.md": "domain.md",
}


def _files(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside this clone")
@pytest.mark.parametrize("ours", sorted(COPIES))
def test_the_shipped_copy_equals_the_original(ours: str) -> None:
    assert _files(REPO / ours) == _files(SHARED / COPIES[ours])
