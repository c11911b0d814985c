"""Storage: documents, findings, triage decisions (SQLite, one file)."""
