"""Statistical layer: per-document features, peer groups, robust z, multivariate outliers, risk ranking."""
