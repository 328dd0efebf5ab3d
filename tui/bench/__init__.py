"""Benchmarking the ledger at city scale: a synthetic year and the measurements."""
