"""The journal: how budget facts enter and leave the ledger in bulk (journal-format.md)."""
