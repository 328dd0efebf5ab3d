"""The domain model: aggregates and the rules of the budget. No SQL, no UI."""
