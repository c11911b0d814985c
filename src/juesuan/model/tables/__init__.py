"""Standard tables: find each table in the block stream, read its header into canonical columns and its rows."""
