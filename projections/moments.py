"""Recorded moments in the read model: integer µs since the epoch (UTC), exact and
comparable as numbers, so that "as known at T" is a plain WHERE clause.

Its own module so that the queries need not load the projector (and the aggregates)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """A recorded moment as integer µs since the epoch: exact, and compares as a number."""
    return (moment - _EPOCH) // _MICRO


def recorded_time(us: int) -> datetime:
    """The moment back from its µs (UTC)."""
    return _EPOCH + timedelta(microseconds=us)
