"""Performance self-evaluation tables (绩效自评表): rows, labels, column alignment, parsed Performance."""
