"""Observations from the narrative (情况说明) against the tables and against itself."""
