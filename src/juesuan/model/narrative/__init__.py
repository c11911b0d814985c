"""Narrative: claims (every number the running text states, with its subject) and paragraphs for the checks."""
