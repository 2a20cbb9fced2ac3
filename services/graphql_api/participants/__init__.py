"""GraphQL schema: participants."""
