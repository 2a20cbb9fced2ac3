"""GraphQL schema: the talent reserve (admission objections, the pool, members' development
records, and the year-end evaluation and selection)."""
