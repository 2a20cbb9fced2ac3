"""GraphQL schema: viewer."""
