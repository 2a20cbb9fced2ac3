"""GraphQL schema: programs."""
