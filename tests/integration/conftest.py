"""Fixtures of the integration ring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from tests.conftest import EXAMPLE, open_service


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A read session on a store holding the example year (closed, as published)."""
    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    with Session(svc.engine) as session:
        yield session
