"""Observations: Document -> facts asserted into the rule engine (cells, claims, rows, sections, spans)."""
