"""Vocabulary: the standard tables (T1–T9), section names, labels (severity, category). No logic beyond lookups."""
