"""GraphQL schema: what the surveys feed back: satisfaction, trends, insights, health."""
