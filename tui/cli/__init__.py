"""The ``budget-ledger`` command line."""
