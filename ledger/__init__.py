"""Budget Ledger: an event-sourced ledger of public-sector budgets and their execution."""
