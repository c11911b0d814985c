"""Findings (GUIDE §4 shape): from fired rules and from ingest problems."""
