"""GraphQL schema: goals."""
