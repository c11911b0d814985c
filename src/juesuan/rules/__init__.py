"""Rule engine: rule-file schema, compilation to durable-rules, evaluation, examples, catalog."""
