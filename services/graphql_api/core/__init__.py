"""Building blocks every domain of the schema uses: IDs, connections, errors, limits, context."""
