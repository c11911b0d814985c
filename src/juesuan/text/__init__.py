"""Text primitives: normalisation, numbers, rounding intervals, name similarity, formatting."""
