"""GraphQL schema: enrollments."""
