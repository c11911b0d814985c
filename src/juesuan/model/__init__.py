"""Document model: RawDocument (ingest) -> Document (meta, sections, tables, narrative claims, performance)."""
