"""Scan pipeline: files -> parse -> rules -> store, then the corpus step (statistics, ranking)."""
