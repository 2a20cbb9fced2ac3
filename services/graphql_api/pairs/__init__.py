"""GraphQL schema: pairs."""
